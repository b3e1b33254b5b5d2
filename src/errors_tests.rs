use super::*;
use std::io;

fn api(code: u16, reason: &str, message: &str) -> kube::Error {
    kube::Error::Api(Status::failure(message, reason).with_code(code).boxed())
}

#[test]
fn api_errors_read_as_kubectl_prints_them() {
    let not_found = api(404, "NotFound", "nodes \"nosuch-node\" not found");
    assert_eq!(
        describe(&not_found),
        "Error from server (NotFound): nodes \"nosuch-node\" not found"
    );
    assert_eq!(
        describe(&api(
            429,
            "TooManyRequests",
            "the server has received too many requests and has asked us to try again later"
        )),
        "Error from server (TooManyRequests): the server has received too many requests and has \
         asked us to try again later"
    );
    assert_eq!(
        describe(&api(
            403,
            "Forbidden",
            "nodes is forbidden: User \"u\" cannot list resource \"nodes\""
        )),
        "Error from server (Forbidden): nodes is forbidden: User \"u\" cannot list resource \"nodes\""
    );
    // No reason: no parentheses.
    assert_eq!(
        describe(&api(500, "", "etcd is down")),
        "Error from server: etcd is down"
    );
    assert_eq!(
        describe(&api(401, "Unauthorized", "Unauthorized")),
        "You must be logged in to the server (Unauthorized)"
    );
    for e in [not_found, api(500, "", "x")] {
        let text = describe(&e);
        assert!(!text.contains("Status {") && !text.contains("ApiError"), "{text}");
    }
}

#[test]
fn a_body_that_was_not_a_status_gives_its_text_or_the_http_code() {
    assert_eq!(
        describe(&api(503, NOT_A_STATUS, "upstream connect error\n")),
        "Error from server (ServiceUnavailable): upstream connect error"
    );
    assert_eq!(
        describe(&api(429, NOT_A_STATUS, "slow down")),
        "Error from server (TooManyRequests): slow down"
    );
    assert_eq!(
        describe(&api(502, NOT_A_STATUS, "")),
        "Error from server: HTTP 502 Bad Gateway"
    );
    assert_eq!(
        describe(&api(599, NOT_A_STATUS, "  ")),
        "Error from server: HTTP 599"
    );
    // A proxy's HTML page: one line, cut.
    let page = format!("<html>\n<body>\n{}\n</body></html>", "x".repeat(1000));
    let text = describe(&api(502, NOT_A_STATUS, &page));
    assert!(text.starts_with("Error from server: <html> <body> xxx"), "{text}");
    assert!(text.ends_with('…') && text.chars().count() < 340, "{text}");
}

#[test]
fn an_api_error_inside_a_chain_reads_the_same() {
    let e = anyhow::Error::new(api(404, "NotFound", "nodes \"n1\" not found")).context("cordoning node/n1");
    assert_eq!(
        describe_anyhow(&e),
        "cordoning node/n1: Error from server (NotFound): nodes \"n1\" not found"
    );
    let w = kube::runtime::watcher::Error::InitialListFailed(api(500, "InternalError", "boom"));
    assert_eq!(
        chain(&w),
        "failed to perform initial object list: Error from server (InternalError): boom"
    );
    let w = kube::runtime::watcher::Error::WatchError(
        Status::failure("too old", "Expired").with_code(410).boxed(),
    );
    assert_eq!(
        chain(&w),
        "error returned by apiserver during watch: Error from server (Expired): too old"
    );
}

/// `reading <path>: <cause>`, its Display repeating its cause's.
#[derive(Debug)]
struct Reading(io::Error);

impl std::fmt::Display for Reading {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "reading /k/config: {}", self.0)
    }
}

impl StdError for Reading {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&self.0)
    }
}

#[test]
fn other_errors_say_each_cause_once() {
    let missing = || io::Error::from_raw_os_error(2);
    let once = "reading /k/config: No such file or directory (os error 2)";
    assert_eq!(chain(&Reading(missing())), once);
    // anyhow's `{:#}` would say the cause twice here.
    let e = anyhow::Error::new(Reading(missing())).context("loading the kubeconfig");
    assert_eq!(format!("{e:#}").matches("os error 2").count(), 2);
    assert_eq!(describe_anyhow(&e), format!("loading the kubeconfig: {once}"));
    // kube-rs's variant names say nothing: left out.
    let refused = io::Error::new(
        io::ErrorKind::ConnectionRefused,
        "tcp connect error: Connection refused",
    );
    let e = kube::Error::Service(Box::new(refused));
    assert_eq!(describe(&e), "tcp connect error: Connection refused");
    // A plain error is itself.
    assert_eq!(chain(&missing()), "No such file or directory (os error 2)");
}

#[test]
fn the_probes_chain_delegates_here() {
    // The probe (and every worker) reports errors with `chain` itself.
    let e = api(404, "NotFound", "nodes \"x\" not found");
    assert_eq!(chain(&e), describe(&e));
}
