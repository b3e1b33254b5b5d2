use super::*;
use crate::certs::test_support::{DAY, TempDir, b64, intermediate, leaf, now, root};

fn kubeconfig(users: &str, clusters: &str) -> Kubeconfig {
    let yaml = format!(
        "apiVersion: v1\nkind: Config\ncurrent-context: prod\n\
         contexts:\n\
         - name: prod\n  context: {{cluster: prod, user: admin}}\n\
         - name: dev\n  context: {{cluster: dev, user: dev-user}}\n\
         - name: token\n  context: {{cluster: plain, user: token-user}}\n\
         - name: dangling\n  context: {{cluster: nowhere, user: nobody}}\n\
         users:\n{users}\n- name: token-user\n  user: {{token: abc}}\n\
         clusters:\n{clusters}\n- name: plain\n  cluster: {{server: 'https://plain:6443', insecure-skip-tls-verify: true}}\n"
    );
    Kubeconfig::from_yaml(&yaml).unwrap()
}

fn user_data(name: &str, pem: &str) -> String {
    format!(
        "- name: {name}\n  user:\n    client-certificate-data: {}\n    client-key-data: c2VjcmV0",
        b64(pem)
    )
}

fn cluster_data(name: &str, pem: &str) -> String {
    format!(
        "- name: {name}\n  cluster:\n    server: https://{name}:6443\n    certificate-authority-data: {}",
        b64(pem)
    )
}

#[test]
fn embedded_client_certificate_and_ca() {
    let t = now();
    let ca = root("kubernetes", (t - 100 * DAY, t + 3550 * DAY));
    let client = leaf(
        &ca,
        "kubernetes-admin",
        Some("kubeadm:cluster-admins"),
        vec![],
        (t - DAY, t + 30 * DAY),
        5,
    );
    let kc = kubeconfig(
        &user_data("admin", &client.pem),
        &cluster_data("prod", &ca.cert.pem),
    );
    let found = from_kubeconfig(&kc, "prod", None);
    assert_eq!(found.len(), 2);
    let (c, a) = (&found[0], &found[1]);
    assert_eq!(
        (c.origin, c.name.as_str(), c.location.as_str(), c.ca),
        (
            Origin::Kubeconfig,
            "client certificate (user admin)",
            EMBEDDED,
            false
        )
    );
    let ci = c.cert.as_ref().unwrap();
    assert_eq!(ci.subject, "CN=kubernetes-admin, O=kubeadm:cluster-admins");
    assert_eq!(ci.not_after, t + 30 * DAY);
    assert_eq!(
        (a.name.as_str(), a.location.as_str(), a.ca),
        ("cluster CA (cluster prod)", EMBEDDED, true)
    );
    assert_eq!(a.cert.as_ref().unwrap().not_after, t + 3550 * DAY);
}

#[test]
fn chains_and_bundles_give_one_entry_each() {
    let t = now();
    let r = root("root", (t - DAY, t + 900 * DAY));
    let other = root("old-root", (t - 900 * DAY, t - DAY));
    let mid = intermediate(&r, "clients", (t - DAY, t + 400 * DAY));
    let client = leaf(&mid, "alice", None, vec![], (t - DAY, t + 5 * DAY), 9);
    let users = user_data("admin", &format!("{}{}", client.pem, mid.cert.pem));
    let kc = kubeconfig(
        &users,
        &cluster_data("prod", &format!("{}{}", r.cert.pem, other.cert.pem)),
    );
    let found = from_kubeconfig(&kc, "prod", None);
    let names: Vec<_> = found.iter().map(|f| (f.name.as_str(), f.ca)).collect();
    assert_eq!(
        names,
        [
            ("client certificate (user admin) 1/2", false),
            ("client certificate (user admin) 2/2", true),
            ("cluster CA (cluster prod) 1/2", true),
            ("cluster CA (cluster prod) 2/2", true),
        ]
    );
    // The expired CA of the bundle is read, not dropped.
    assert_eq!(found[3].cert.as_ref().unwrap().not_after, t - DAY);
}

#[test]
fn files_relative_to_base_dir() {
    let t = now();
    let ca = root("kubernetes", (t - DAY, t + 10 * DAY));
    let client = leaf(&ca, "dev", None, vec![], (t - 400 * DAY, t - 35 * DAY), 2);
    let dir = TempDir::new("kc-files");
    dir.write("certs/dev.crt", &format!("{}{}", client.key_pem, client.pem));
    let ca_path = dir.write("ca.crt", &ca.cert.pem);
    let users = "- name: dev-user\n  user: {client-certificate: certs/dev.crt, client-key: certs/dev.key}";
    let clusters = format!(
        "- name: dev\n  cluster: {{server: 'https://dev', certificate-authority: '{}'}}",
        ca_path.display()
    );
    let kc = kubeconfig(users, &clusters);
    let found = from_kubeconfig(&kc, "dev", Some(dir.path()));
    assert_eq!(found.len(), 2);
    assert_eq!(
        found[0].location,
        dir.path().join("certs/dev.crt").display().to_string()
    );
    assert_eq!(found[0].name, "client certificate (user dev-user)");
    assert_eq!(found[0].cert.as_ref().unwrap().not_after, t - 35 * DAY);
    assert_eq!(found[1].location, ca_path.display().to_string());
    assert!(found[1].cert.as_ref().unwrap().is_ca);
}

#[test]
fn unreadable_files_are_entries_with_the_error() {
    let dir = TempDir::new("kc-unreadable");
    std::fs::create_dir_all(dir.path().join("ca.crt")).unwrap();
    let users = "- name: dev-user\n  user: {client-certificate: missing.crt}";
    let clusters = "- name: dev\n  cluster: {server: 'https://dev', certificate-authority: ca.crt}";
    let found = from_kubeconfig(&kubeconfig(users, clusters), "dev", Some(dir.path()));
    let missing = dir.path().join("missing.crt");
    assert_eq!(
        found[0].cert,
        Err(format!(
            "cannot read {}: No such file or directory",
            missing.display()
        ))
    );
    let ca = dir.path().join("ca.crt");
    assert_eq!(
        found[1].cert,
        Err(format!("cannot read {}: Is a directory", ca.display()))
    );
    assert_eq!(found[1].name, "cluster CA (cluster dev)");
}

#[cfg(unix)]
#[test]
fn permission_denied() {
    use std::os::unix::fs::PermissionsExt as _;
    let t = now();
    let ca = root("kubernetes", (t - DAY, t + 10 * DAY));
    let dir = TempDir::new("kc-perm");
    let p = dir.write("ca.crt", &ca.cert.pem);
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&p).is_ok() {
        eprintln!("running as root: permission bits do not stop reads; skipped");
        return;
    }
    let clusters = "- name: dev\n  cluster: {server: 'https://dev', certificate-authority: ca.crt}";
    let found = from_kubeconfig(
        &kubeconfig("- name: x\n  user: {}", clusters),
        "dev",
        Some(dir.path()),
    );
    assert_eq!(
        found[0].cert,
        Err(format!("cannot read {}: Permission denied", p.display()))
    );
}

#[test]
fn bad_data_is_reported() {
    let users = "- name: admin\n  user: {client-certificate-data: '%%%'}";
    let clusters = format!(
        "- name: prod\n  cluster: {{server: 'https://p', certificate-authority-data: {}}}",
        b64("hello")
    );
    let found = from_kubeconfig(&kubeconfig(users, &clusters), "prod", None);
    assert_eq!(found.len(), 2);
    let e = found[0].cert.as_ref().unwrap_err();
    assert!(
        e.starts_with("client-certificate-data is not valid base64"),
        "{e}"
    );
    assert_eq!(
        found[1].cert,
        Err("no certificate found: no -----BEGIN CERTIFICATE----- line".into())
    );
}

#[test]
fn nothing_for_unknown_context_or_no_certificates() {
    let t = now();
    let ca = root("kubernetes", (t - DAY, t + 10 * DAY));
    let kc = kubeconfig(
        &user_data("admin", &ca.cert.pem),
        &cluster_data("prod", &ca.cert.pem),
    );
    assert!(from_kubeconfig(&kc, "nope", None).is_empty());
    assert!(from_kubeconfig(&kc, "token", None).is_empty());
    assert!(from_kubeconfig(&kc, "dangling", None).is_empty());
    assert_eq!(from_kubeconfig(&kc, "prod", None).len(), 2);
}
