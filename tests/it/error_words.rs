//! Errors in kubectl's words: an API error as kubectl prints it (never a
//! Rust debug dump), on stderr and in the audit log; and what kon can tell
//! about a context's credentials before it connects (a missing exec plugin,
//! CA data that is not PEM, an expired client certificate), said by every
//! command that connects.

use crate::test_support;

use std::path::Path;
use std::process::{Command, Output};

use base64::Engine as _;
use kon::sim::kubeconfig::{Auth, render};
use kon::sim::tls::{Pki, Windows};
use test_support::process::sim;
use test_support::tmux::kon_bin;

fn kon(kubeconfig: &Path, state: &Path, args: &[&str]) -> Output {
    Command::new(kon_bin())
        .args(args)
        .arg("--kubeconfig")
        .arg(kubeconfig)
        .env("KON_CONFIG_DIR", state.join("config"))
        .env("KON_STATE_DIR", state)
        .env_remove("KUBECONFIG")
        .output()
        .expect("kon runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// No trace of kube-rs's debug dump of a `Status`.
fn no_dump(text: &str) {
    for dump in ["Status {", "ApiError", "Some(", "ListMeta"] {
        assert!(!text.contains(dump), "{dump:?} in {text}");
    }
}

#[test]
fn an_unknown_node_is_not_found_in_kubectls_words() {
    let s = sim(&["--scenario", "healthy"]);
    let state = tempfile::tempdir().unwrap();
    let want = "Error from server (NotFound): nodes \"nosuch-node\" not found";
    // kubectl says the same.
    let (ok, _, err) = test_support::process::kubectl(&s.kubeconfig, &["cordon", "nosuch-node"]);
    assert!(!ok);
    assert!(err.contains(want), "{err}");
    for action in ["cordon", "uncordon"] {
        let o = kon(&s.kubeconfig, state.path(), &[action, "nosuch-node"]);
        assert!(!o.status.success());
        let err = stderr(&o);
        assert!(err.contains(want), "{action}: {err}");
        assert_eq!(err.matches("not found").count(), 1, "said once: {err}");
        no_dump(&err);
    }
    let audit = std::fs::read_to_string(state.path().join("audit.log")).unwrap();
    assert_eq!(audit.lines().count(), 2, "{audit}");
    for line in audit.lines() {
        let entry: serde_json::Value = serde_json::from_str(line).unwrap();
        let outcome = entry["outcome"].as_str().unwrap();
        // "cordon failed, nothing changed: Error from server (NotFound): …"
        assert!(
            outcome.contains("failed") && outcome.ends_with(&format!(": {want}")),
            "{outcome}"
        );
        no_dump(outcome);
    }
}

/// Every command that connects, and the start of what it must say.
const COMMANDS: &[&[&str]] = &[
    &["check"],
    &["cordon", "node-1"],
    &["drain", "node-1", "--yes"],
    &["ns"],
];

fn refused_everywhere(kubeconfig: &Path, want: &str) {
    let state = tempfile::tempdir().unwrap();
    for args in COMMANDS {
        let o = kon(kubeconfig, state.path(), args);
        assert!(!o.status.success(), "{args:?}");
        let err = stderr(&o);
        assert!(err.contains(want), "{args:?}: {err}");
        no_dump(&err);
    }
}

fn write(dir: &Path, yaml: &str) -> std::path::PathBuf {
    let p = dir.join("kubeconfig");
    std::fs::write(&p, yaml).unwrap();
    p
}

#[test]
fn a_missing_exec_plugin_is_named_with_its_install_hint() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = r#"apiVersion: v1
kind: Config
current-context: eks
clusters:
- name: c
  cluster: { server: "https://127.0.0.1:1", insecure-skip-tls-verify: true }
contexts:
- name: eks
  context: { cluster: c, user: aws }
users:
- name: aws
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: kon-test-no-such-aws
      args: [eks, get-token]
      installHint: "Install the AWS CLI: https://docs.aws.amazon.com/cli/"
"#;
    refused_everywhere(
        &write(dir.path(), yaml),
        "exec: executable kon-test-no-such-aws not found. Install the AWS CLI: \
         https://docs.aws.amazon.com/cli/",
    );
}

#[test]
fn garbage_ca_data_is_said_to_be_no_pem() {
    let s = sim(&["--scenario", "healthy"]);
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(&s.kubeconfig).unwrap();
    let garbage = base64::engine::general_purpose::STANDARD.encode("not a certificate at all\n");
    let yaml: String = text
        .lines()
        .map(|l| match l.split_once("certificate-authority-data: ") {
            Some((indent, _)) => format!("{indent}certificate-authority-data: {garbage}\n"),
            None => format!("{l}\n"),
        })
        .collect();
    assert_ne!(yaml, text);
    refused_everywhere(
        &write(dir.path(), &yaml),
        "unable to load root certificates: unable to parse bytes as PEM block",
    );
}

#[test]
fn an_expired_client_certificate_is_said_before_trying() {
    let now = kon::clock::unix_now();
    let mut windows = Windows::kubeadm(now);
    windows.client = (now - 400 * 86_400, now - 35 * 86_400);
    let pki = Pki::generate(&windows).unwrap();
    let dir = tempfile::tempdir().unwrap();
    // Nothing listens there: the error must come before any connection.
    let yaml = render("https://127.0.0.1:1", &pki, "", Auth::ClientCert);
    let date = k8s_openapi::jiff::Timestamp::from_second(windows.client.1).unwrap();
    refused_everywhere(
        &write(dir.path(), &yaml),
        &format!("the client certificate for user kon-sim-admin expired on {date}"),
    );
}
