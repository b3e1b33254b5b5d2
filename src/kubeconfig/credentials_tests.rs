use super::*;
use crate::sim::kubeconfig::{Auth, render};
use crate::sim::tls::{Pki, Windows};

const DAY: i64 = 86_400;
const NOW: i64 = 1_800_000_000;

fn kubeconfig(yaml: &str) -> Kubeconfig {
    Kubeconfig::from_yaml(yaml).unwrap()
}

/// The sim's kubeconfig, its client certificate valid over `client`.
fn with_client_cert(client: (i64, i64)) -> Kubeconfig {
    let mut w = Windows::kubeadm(NOW);
    w.client = client;
    let pki = Pki::generate(&w).unwrap();
    kubeconfig(&render("https://127.0.0.1:1", &pki, "", Auth::ClientCert))
}

#[test]
fn a_valid_client_certificate_passes_and_an_expired_one_is_named() {
    let ok = with_client_cert((NOW - DAY, NOW + DAY));
    assert_eq!(problem(&ok, "kon-sim", NOW), None);
    let expired = with_client_cert((NOW - 30 * DAY, NOW - 2 * DAY));
    let date = k8s_openapi::jiff::Timestamp::from_second(NOW - 2 * DAY).unwrap();
    assert_eq!(
        problem(&expired, "kon-sim", NOW).as_deref(),
        Some(format!("the client certificate for user kon-sim-admin expired on {date}").as_str())
    );
    // The day before it expired it was fine.
    assert_eq!(problem(&expired, "kon-sim", NOW - 3 * DAY), None);
}

const EXEC: &str = r#"
apiVersion: v1
kind: Config
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
      command: COMMAND
      args: [eks, get-token]
      installHint: |
        Install the AWS CLI:
          https://docs.aws.amazon.com/cli/
"#;

#[test]
fn a_missing_exec_plugin_is_named_with_its_install_hint() {
    let kc = kubeconfig(&EXEC.replace("COMMAND", "kon-no-such-plugin"));
    assert_eq!(
        problem(&kc, "eks", NOW).as_deref(),
        Some(
            "getting credentials: exec: executable kon-no-such-plugin not found. \
             Install the AWS CLI: https://docs.aws.amazon.com/cli/"
        )
    );
    let kc = kubeconfig(&EXEC.replace("COMMAND", "/nonexistent/bin/aws"));
    assert!(
        problem(&kc, "eks", NOW)
            .unwrap()
            .starts_with("getting credentials: exec: executable /nonexistent/bin/aws not found")
    );
    // Found on PATH, or by its path: nothing to say.
    let kc = kubeconfig(&EXEC.replace("COMMAND", "sh"));
    assert_eq!(problem(&kc, "eks", NOW), None);
    let kc = kubeconfig(&EXEC.replace("COMMAND", "/bin/sh"));
    assert_eq!(problem(&kc, "eks", NOW), None);
}

#[test]
fn path_lookup_needs_an_executable_file() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain");
    std::fs::write(&plain, "#!/bin/sh\n").unwrap();
    std::fs::create_dir(dir.path().join("adir")).unwrap();
    let dirs = vec![dir.path().to_path_buf()];
    assert!(!find_executable("plain", &dirs), "not executable");
    assert!(!find_executable("adir", &dirs), "a directory");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&plain, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert!(find_executable("plain", &dirs));
        assert!(find_executable(plain.to_str().unwrap(), &[]));
    }
}

const CA: &str = r#"
apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: { server: "https://127.0.0.1:1", certificate-authority-data: DATA }
contexts:
- name: x
  context: { cluster: c, user: u }
users:
- name: u
  user: { token: t }
"#;

#[test]
fn ca_data_that_holds_no_certificate_says_it_is_not_pem() {
    use base64::Engine as _;
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let garbage = kubeconfig(&CA.replace("DATA", &b64("this is not a certificate\n")));
    assert_eq!(
        problem(&garbage, "x", NOW).as_deref(),
        Some("unable to load root certificates: unable to parse bytes as PEM block")
    );
    let not_base64 = kubeconfig(&CA.replace("DATA", "\"%%%\""));
    let p = problem(&not_base64, "x", NOW).unwrap();
    assert!(
        p.starts_with("unable to load root certificates: certificate-authority-data is not valid base64"),
        "{p}"
    );
    let pki = Pki::generate(&Windows::kubeadm(NOW)).unwrap();
    let good = kubeconfig(&CA.replace("DATA", &b64(&pki.ca_pem)));
    assert_eq!(problem(&good, "x", NOW), None);
    // A CA file that is missing.
    let missing = kubeconfig(&CA.replace(
        "certificate-authority-data: DATA",
        "certificate-authority: /nonexistent/ca.crt",
    ));
    let p = problem(&missing, "x", NOW).unwrap();
    assert!(
        p.starts_with("unable to load root certificates: cannot read /nonexistent/ca.crt"),
        "{p}"
    );
    // Not verified at all: nothing to load.
    let skip = kubeconfig(&CA.replace(
        "certificate-authority-data: DATA",
        "certificate-authority-data: Zm9v, insecure-skip-tls-verify: true",
    ));
    assert_eq!(problem(&skip, "x", NOW), None);
}
