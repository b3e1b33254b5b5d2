use super::*;
use crate::certs::test_support::{Ca, DAY, TempDir, b64, dns, leaf, now, root};

fn conf(client_pem: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Config\nclusters:\n- name: kubernetes\n  cluster: {{server: 'https://10.0.0.1:6443'}}\n\
         contexts:\n- name: admin@kubernetes\n  context: {{cluster: kubernetes, user: admin}}\n\
         current-context: admin@kubernetes\nusers:\n- name: admin\n  user:\n    client-certificate-data: {}\n    client-key-data: c2VjcmV0\n",
        b64(client_pem)
    )
}

struct Node {
    dir: TempDir,
    t: i64,
}

impl Node {
    fn pki(&self) -> std::path::PathBuf {
        self.dir.path().join("pki")
    }
}

/// A control-plane node's /etc/kubernetes with every file kubeadm makes;
/// `days` of life left per certificate differ so entries can be told apart.
fn full_node(label: &str) -> Node {
    let t = now();
    let dir = TempDir::new(label);
    let ca = root("kubernetes", (t - 400 * DAY, t + 3250 * DAY));
    let etcd_ca = root("etcd-ca", (t - 400 * DAY, t + 3251 * DAY));
    let fp_ca = root("front-proxy-ca", (t - 400 * DAY, t + 3252 * DAY));
    let mk = |ca: &Ca, cn: &str, days: i64| {
        leaf(
            ca,
            cn,
            None,
            vec![dns(cn)],
            (t - 30 * DAY, t + days * DAY),
            days as u64,
        )
        .pem
    };
    dir.write("pki/ca.crt", &ca.cert.pem);
    dir.write("pki/ca.key", &ca.cert.key_pem);
    dir.write("pki/etcd/ca.crt", &etcd_ca.cert.pem);
    dir.write("pki/front-proxy-ca.crt", &fp_ca.cert.pem);
    dir.write("pki/apiserver.crt", &mk(&ca, "kube-apiserver", 301));
    dir.write(
        "pki/apiserver-etcd-client.crt",
        &mk(&etcd_ca, "kube-apiserver-etcd-client", 302),
    );
    dir.write(
        "pki/apiserver-kubelet-client.crt",
        &mk(&ca, "kube-apiserver-kubelet-client", 303),
    );
    dir.write(
        "pki/etcd/healthcheck-client.crt",
        &mk(&etcd_ca, "kube-etcd-healthcheck-client", 304),
    );
    dir.write("pki/etcd/peer.crt", &mk(&etcd_ca, "peer", 305));
    dir.write("pki/etcd/server.crt", &mk(&etcd_ca, "server", 306));
    dir.write(
        "pki/front-proxy-client.crt",
        &mk(&fp_ca, "front-proxy-client", 307),
    );
    dir.write("admin.conf", &conf(&mk(&ca, "kubernetes-admin", 308)));
    dir.write(
        "controller-manager.conf",
        &conf(&mk(&ca, "system:kube-controller-manager", 309)),
    );
    dir.write("scheduler.conf", &conf(&mk(&ca, "system:kube-scheduler", 310)));
    dir.write("super-admin.conf", &conf(&mk(&ca, "kubernetes-super-admin", 311)));
    dir.write("kubelet.conf", &conf(&mk(&ca, "system:node:cp-1", 312)));
    Node { dir, t }
}

fn names(found: &[FoundCert]) -> Vec<&str> {
    found.iter().map(|f| f.name.as_str()).collect()
}

#[test]
fn the_kubeadm_list_in_order() {
    let node = full_node("kubeadm-full");
    let found = scan(&node.pki());
    assert_eq!(
        names(&found),
        [
            "admin.conf",
            "apiserver",
            "apiserver-etcd-client",
            "apiserver-kubelet-client",
            "controller-manager.conf",
            "etcd-healthcheck-client",
            "etcd-peer",
            "etcd-server",
            "front-proxy-client",
            "scheduler.conf",
            "super-admin.conf",
            "ca",
            "etcd-ca",
            "front-proxy-ca",
        ]
    );
    let days: Vec<i64> = found
        .iter()
        .map(|f| (f.cert.as_ref().unwrap().not_after - node.t) / DAY)
        .collect();
    assert_eq!(
        days,
        [
            308, 301, 302, 303, 309, 304, 305, 306, 307, 310, 311, 3250, 3251, 3252
        ]
    );
    let cas: Vec<bool> = found.iter().map(|f| f.ca).collect();
    assert_eq!(cas, [[false; 11].as_slice(), &[true; 3]].concat());
    assert!(found.iter().all(|f| f.origin == Origin::Kubeadm));
    let loc = |n: &str| found.iter().find(|f| f.name == n).unwrap().location.clone();
    assert_eq!(
        loc("etcd-server"),
        node.pki().join("etcd/server.crt").display().to_string()
    );
    assert_eq!(
        loc("admin.conf"),
        node.dir.path().join("admin.conf").display().to_string()
    );
    let admin = found[0].cert.as_ref().unwrap();
    assert_eq!(admin.common_name.as_deref(), Some("kubernetes-admin"));
}

#[test]
fn missing_files_are_left_out() {
    let node = full_node("kubeadm-external-etcd");
    std::fs::remove_dir_all(node.pki().join("etcd")).unwrap();
    std::fs::remove_file(node.dir.path().join("super-admin.conf")).unwrap();
    std::fs::remove_file(node.pki().join("apiserver-etcd-client.crt")).unwrap();
    let found = scan(&node.pki());
    assert_eq!(
        names(&found),
        [
            "admin.conf",
            "apiserver",
            "apiserver-kubelet-client",
            "controller-manager.conf",
            "front-proxy-client",
            "scheduler.conf",
            "ca",
            "front-proxy-ca",
        ]
    );
    assert!(found.iter().all(|f| f.cert.is_ok()));
}

#[test]
fn an_empty_pki_dir_gives_nothing() {
    let dir = TempDir::new("kubeadm-empty");
    std::fs::create_dir(dir.path().join("pki")).unwrap();
    assert!(scan(&dir.path().join("pki")).is_empty());
}

#[test]
fn an_unreadable_pki_dir_is_one_entry() {
    let dir = TempDir::new("kubeadm-nodir");
    let missing = dir.path().join("pki");
    let found = scan(&missing);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].name, "pki directory");
    assert_eq!(found[0].location, missing.display().to_string());
    assert_eq!(
        found[0].cert,
        Err(format!(
            "cannot read {}: No such file or directory",
            missing.display()
        ))
    );
    let file = dir.write("pki", "not a directory");
    let found = scan(&file);
    assert_eq!(
        found[0].cert,
        Err(format!("cannot read {}: Not a directory", file.display()))
    );
}

#[test]
fn bad_files_are_entries_with_the_error() {
    let node = full_node("kubeadm-bad");
    let pki = node.pki();
    std::fs::write(pki.join("apiserver.crt"), "-----BEGIN CERTIFICATE-----\nMIIB\n").unwrap();
    std::fs::remove_file(pki.join("front-proxy-client.crt")).unwrap();
    std::fs::create_dir(pki.join("front-proxy-client.crt")).unwrap();
    std::fs::write(node.dir.path().join("scheduler.conf"), "users: [oops").unwrap();
    std::fs::write(
        node.dir.path().join("controller-manager.conf"),
        "apiVersion: v1\nkind: Config\n",
    )
    .unwrap();
    std::fs::write(
        node.dir.path().join("super-admin.conf"),
        "users:\n- name: x\n  user: {token: abc}\n",
    )
    .unwrap();
    let found = scan(&pki);
    assert_eq!(found.len(), 14);
    let err = |n: &str| {
        found
            .iter()
            .find(|f| f.name == n)
            .unwrap()
            .cert
            .clone()
            .unwrap_err()
    };
    assert_eq!(
        err("apiserver"),
        "certificate 1 of 1: no -----END CERTIFICATE----- line: the PEM is cut short"
    );
    let fp = pki.join("front-proxy-client.crt");
    assert_eq!(
        err("front-proxy-client"),
        format!("cannot read {}: Is a directory", fp.display())
    );
    assert!(
        err("scheduler.conf").starts_with("not a kubeconfig: "),
        "{}",
        err("scheduler.conf")
    );
    assert_eq!(err("controller-manager.conf"), "the kubeconfig has no users");
    assert_eq!(err("super-admin.conf"), "user x has no client certificate");
}

#[test]
fn a_conf_pointing_at_a_file() {
    let node = full_node("kubeadm-conf-file");
    let t = node.t;
    let ca = root("kubernetes", (t - DAY, t + 10 * DAY));
    let cert = leaf(&ca, "kubernetes-admin", None, vec![], (t - DAY, t + 3 * DAY), 1);
    let cert_path = node.dir.write("pki/admin-client.crt", &cert.pem);
    let text =
        "users:\n- name: admin\n  user: {client-certificate: pki/admin-client.crt, client-key: pki/x.key}\n";
    std::fs::write(node.dir.path().join("admin.conf"), text).unwrap();
    let found = scan(&node.pki());
    assert_eq!(found[0].name, "admin.conf");
    assert_eq!(found[0].location, cert_path.display().to_string());
    assert_eq!(found[0].cert.as_ref().unwrap().not_after, t + 3 * DAY);
}

#[cfg(unix)]
#[test]
fn permission_denied_is_an_entry() {
    use std::os::unix::fs::PermissionsExt as _;
    let node = full_node("kubeadm-perm");
    let p = node.pki().join("apiserver.crt");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&p).is_ok() {
        eprintln!("running as root: permission bits do not stop reads; skipped");
        return;
    }
    let found = scan(&node.pki());
    let e = found.iter().find(|f| f.name == "apiserver").unwrap();
    assert_eq!(
        e.cert,
        Err(format!("cannot read {}: Permission denied", p.display()))
    );
}
