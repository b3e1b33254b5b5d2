//! The cases of upstream's readonly_test.go and readonly_security_test.go,
//! and kon's own (subresources, dry runs, ambiguous paths, --deny secrets).

use super::*;

const NO: Deny = Deny { secrets: false };
const SECRETS: Deny = Deny { secrets: true };

fn verdict(method: &str, target: &str, deny: &Deny) -> Verdict {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    decide(method, path, query, false, deny)
}

fn allowed(method: &str, target: &str) -> bool {
    verdict(method, target, &NO) == Verdict::Forward
}

#[test]
fn reads_pass_and_writes_are_refused_with_upstreams_reason() {
    for m in ["GET", "HEAD", "OPTIONS"] {
        assert!(allowed(m, "/api/v1/pods"), "{m}");
    }
    for m in ["POST", "PUT", "PATCH", "DELETE"] {
        assert_eq!(
            verdict(m, "/api/v1/namespaces/default/pods/web", &NO),
            Verdict::Refuse(format!("{m} requests are not allowed")),
        );
    }
    for m in [
        "CONNECT",
        "TRACE",
        "PROPFIND",
        "MKCOL",
        "COPY",
        "MOVE",
        "LOCK",
        "UNLOCK",
        "PURGE",
        "LINK",
        "UNLINK",
        "VIEW",
        "CUSTOMDELETE",
        "get",
        "Get",
    ] {
        assert!(!allowed(m, "/api/v1/pods"), "{m}");
    }
}

#[test]
fn watches_lists_logs_discovery_and_the_root_pass() {
    for t in [
        "/api/v1/pods?watch=true",
        "/api/v1/namespaces/default/pods?watch=1&resourceVersion=5",
        "/api/v1/watch/namespaces/default/pods",
        "/api/v1/namespaces/default/pods/my-pod/log?follow=true",
        "/apis/apps/v1/namespaces/x/deployments/web/scale",
        "/api/v1/namespaces/proxy",
        "/api/v1/namespaces/exec/pods/attach",
        "/api/v1/nodes/n1/status",
        "/version",
        "/openapi/v3/apis/apps/v1",
        "/apis",
        "/",
    ] {
        assert!(allowed("GET", t), "{t}");
    }
}

#[test]
fn upstreams_six_review_posts_pass_and_nothing_like_them() {
    for t in [
        "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
        "/apis/authorization.k8s.io/v1/subjectaccessreviews",
        "/apis/authorization.k8s.io/v1/namespaces/default/localsubjectaccessreviews",
        "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews",
        "/apis/authentication.k8s.io/v1/tokenreviews",
        "/apis/authentication.k8s.io/v1/selfsubjectreviews",
        "/apis/authorization.k8s.io/v1beta1/selfsubjectaccessreviews",
        "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews?foo=bar",
    ] {
        assert!(allowed("POST", t), "{t}");
    }
    for t in [
        "/api/v1/namespaces",
        "/apis/evil.io/v1/selfsubjectaccessreviews",
        "/apis/custom.example.com/v1/namespaces/default/selfsubjectaccessreviews",
        "/api/v1/namespaces/default/pods/selfsubjectaccessreviews",
        "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews/",
        "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews/status",
        "/apis/authorization.evil.io/v1/selfsubjectaccessreviews",
        "/apis/authorization..k8s..io/v1/selfsubjectaccessreviews",
        "/apis/authorization.k8s.іo/v1/selfsubjectaccessreviews",
        "/apis/authorization.k8s.io/v1/namespaces/default/selfsubjectaccessreviews",
        "/apis/Authorization.k8s.io/v1/selfsubjectaccessreviews",
        "/apis/authorization.k8s.io/v1/SelfSubjectAccessReviews",
        "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews/../../../api/v1/namespaces",
        "/apis/authorization.k8s.io/v1/%73elfsubjectaccessreviews/x",
    ] {
        assert!(!allowed("POST", t), "{t}");
    }
    for m in ["GET", "DELETE", "PUT", "PATCH"] {
        let t = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
        assert_eq!(allowed(m, t), m == "GET", "{m}");
    }
}

#[test]
fn dry_runs_are_refused_like_the_writes_they_rehearse() {
    // Upstream forwards ?dryRun=All; kon does not (admission still runs).
    for t in [
        "/api/v1/namespaces?dryRun=All",
        "/api/v1/namespaces?fieldManager=kubectl&dryRun=All",
        "/api/v1/namespaces?dryRun=All&dryRun=None",
        "/api/v1/namespaces?dryRun=all",
        "/api/v1/namespaces?dry%52un=All",
    ] {
        assert_eq!(
            verdict("POST", t, &NO),
            Verdict::Refuse("POST requests are not allowed, dry runs included".into()),
            "{t}"
        );
    }
    assert!(!allowed("DELETE", "/api/v1/namespaces/foo?dryRun=All"));
}

#[test]
fn streaming_subresources_are_refused_whatever_the_method_or_spelling() {
    for (m, t) in [
        ("GET", "/api/v1/namespaces/default/pods/my-pod/exec?command=sh"),
        ("POST", "/api/v1/namespaces/default/pods/my-pod/exec?command=tar"),
        ("GET", "/api/v1/namespaces/default/pods/my-pod/attach"),
        ("POST", "/api/v1/namespaces/default/pods/my-pod/portforward"),
        ("GET", "/api/v1/namespaces/default/services/web:80/proxy/admin"),
        ("GET", "/api/v1/nodes/n1/proxy/metrics"),
        ("GET", "/api/v1/proxy/namespaces/default/pods/x"),
        ("GET", "/api/v1/namespaces/default/pods/my-pod/EXEC"),
        ("GET", "/api/v1/namespaces/default/pods/my-pod/%65xec"),
        ("HEAD", "/api/v1/watch/namespaces/default/pods/x/exec"),
    ] {
        assert_eq!(verdict(m, t, &NO), Verdict::Refuse(STREAMS.into()), "{m} {t}");
    }
}

#[test]
fn upgrades_are_refused_before_anything_else() {
    let review = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
    for (m, p) in [
        ("GET", "/api/v1/pods"),
        ("POST", review),
        ("GET", "/api/v1/pods/x/exec"),
    ] {
        assert_eq!(decide(m, p, "", true, &NO), Verdict::Refuse(STREAMS.into()));
    }
    let none: [&[u8]; 0] = [];
    assert!(is_upgrade([b"SPDY/3.1".as_slice()], none));
    assert!(is_upgrade([b"websocket".as_slice()], none));
    assert!(
        is_upgrade([b"".as_slice()], none),
        "an Upgrade header, even empty"
    );
    assert!(is_upgrade(none, [b"Upgrade".as_slice()]));
    assert!(is_upgrade(none, [b"upgrade".as_slice()]));
    assert!(is_upgrade(none, [b"keep-alive, Upgrade".as_slice()]));
    assert!(is_upgrade(none, [b"close".as_slice(), b"UPGRADE".as_slice()]));
    assert!(!is_upgrade(none, [b"keep-alive".as_slice()]));
    assert!(!is_upgrade(none, none));
}

#[test]
fn paths_that_read_two_ways_are_refused() {
    for t in [
        "/api/v1/namespaces/default/pods/x%2Fexec",
        "/api/v1/namespaces/default/pods/x%2fexec",
        "/api/v1/namespaces/default/pods/x/%2565xec",
        "/api/v1/namespaces/default/pods/../pods/x/exec",
        "/api/v1/namespaces/default/./pods",
        "/api/v1//pods",
        "/api/v1/pods/",
        "/api/v1/pods\\x",
        "/api/v1/pods/%00",
        "/api/v1/pods/%zz",
        "/api/v1/pods/%ff",
        "api/v1/pods",
    ] {
        assert!(
            matches!(verdict("GET", t, &NO), Verdict::Refuse(r) if r.contains("ambiguous")),
            "{t}"
        );
    }
    // Encoded ordinary characters are read as the server reads them.
    assert!(allowed("GET", "/api/v1/%6eamespaces"));
    assert!(!allowed("POST", "/api/v1/%6eamespaces"));
}

#[test]
fn deny_secrets_refuses_every_read_of_secrets_and_nothing_else() {
    let why = Verdict::Refuse("reading secrets is denied (--deny secrets)".into());
    for t in [
        "/api/v1/secrets",
        "/api/v1/namespaces/default/secrets",
        "/api/v1/namespaces/default/secrets/db?watch=true",
        "/api/v1/watch/namespaces/default/secrets",
        "/api/v1/namespaces/default/Secrets/db",
        "/api/v1/namespaces/default/%73ecrets",
        "/apis/example.com/v1/namespaces/x/secrets",
    ] {
        assert_eq!(verdict("GET", t, &SECRETS), why, "{t}");
        assert!(allowed("GET", t), "without --deny: {t}");
    }
    for t in [
        "/api/v1/namespaces/secrets",
        "/api/v1/namespaces/secrets/pods",
        "/api/v1/namespaces/default/configmaps/secrets",
    ] {
        assert_eq!(verdict("GET", t, &SECRETS), Verdict::Forward, "{t}");
    }
}

#[test]
fn deny_values_parse() {
    assert_eq!(Deny::parse(&[]), Ok(NO));
    assert_eq!(Deny::parse(&["secrets".into()]), Ok(SECRETS));
    assert_eq!(Deny::parse(&["secrets,secret".into()]), Ok(SECRETS));
    assert_eq!(
        Deny::parse(&["configmaps".into()]),
        Err("unknown --deny value \"configmaps\" (known: secrets)".into())
    );
}

#[test]
fn watches_and_follows_are_streams() {
    assert!(is_stream("/api/v1/pods", "watch=true"));
    assert!(is_stream("/api/v1/pods", "labelSelector=a&watch=1"));
    assert!(is_stream("/api/v1/pods", "watch"));
    assert!(is_stream("/api/v1/watch/pods", ""));
    assert!(is_stream(
        "/api/v1/namespaces/d/pods/p/log",
        "follow=true&container=c"
    ));
    assert!(!is_stream("/api/v1/pods", "watch=false"));
    assert!(!is_stream("/api/v1/pods", "limit=500"));
    assert!(!is_stream("/api/v1/namespaces/d/pods/p/log", "follow=false"));
}
