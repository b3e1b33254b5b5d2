//! The certificates `kubeadm certs check-expiration` lists, read from a
//! control-plane node's PKI directory (`/etc/kubernetes/pki`) and the
//! kubeconfig files beside it (`/etc/kubernetes/admin.conf`, ...).

use std::io::ErrorKind;
use std::path::Path;

use kube::config::Kubeconfig;

use super::source::{Slot, data_or_file, read_error, read_file};
use super::{FoundCert, Origin};

/// The conventional PKI directory of a kubeadm control-plane node.
pub const DEFAULT_PKI_DIR: &str = "/etc/kubernetes/pki";

/// Where one listed certificate lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// A PEM file under the PKI directory.
    Pki(&'static str),
    /// A kubeconfig file in the PKI directory's parent; its first user's
    /// client certificate.
    Conf(&'static str),
}

/// kubeadm's list, in its order: (name, place, is a CA).
const LIST: &[(&str, Place, bool)] = &[
    ("admin.conf", Place::Conf("admin.conf"), false),
    ("apiserver", Place::Pki("apiserver.crt"), false),
    (
        "apiserver-etcd-client",
        Place::Pki("apiserver-etcd-client.crt"),
        false,
    ),
    (
        "apiserver-kubelet-client",
        Place::Pki("apiserver-kubelet-client.crt"),
        false,
    ),
    (
        "controller-manager.conf",
        Place::Conf("controller-manager.conf"),
        false,
    ),
    (
        "etcd-healthcheck-client",
        Place::Pki("etcd/healthcheck-client.crt"),
        false,
    ),
    ("etcd-peer", Place::Pki("etcd/peer.crt"), false),
    ("etcd-server", Place::Pki("etcd/server.crt"), false),
    ("front-proxy-client", Place::Pki("front-proxy-client.crt"), false),
    ("scheduler.conf", Place::Conf("scheduler.conf"), false),
    ("super-admin.conf", Place::Conf("super-admin.conf"), false),
    ("ca", Place::Pki("ca.crt"), true),
    ("etcd-ca", Place::Pki("etcd/ca.crt"), true),
    ("front-proxy-ca", Place::Pki("front-proxy-ca.crt"), true),
];

/// Every certificate of kubeadm's list that exists: the leaf certificates
/// and `.conf` client certificates first, then the CAs (`ca: true`), each
/// in kubeadm's order. Files that do not exist are left out (external etcd,
/// no `super-admin.conf` before v1.29); a file that cannot be read or parsed
/// is an entry with the error. When `pki_dir` itself cannot be read, the
/// result is one entry named `pki directory` with the error.
pub fn scan(pki_dir: &Path) -> Vec<FoundCert> {
    if let Err(e) = std::fs::read_dir(pki_dir) {
        let location = pki_dir.display().to_string();
        let slot = Slot {
            origin: Origin::Kubeadm,
            name: "pki directory",
            location: &location,
            ca: false,
        };
        return vec![slot.failed(read_error(pki_dir, &e))];
    }
    let conf_dir = pki_dir.parent().unwrap_or(pki_dir);
    let mut out = Vec::new();
    for (name, place, ca) in LIST {
        let path = match place {
            Place::Pki(rel) => pki_dir.join(rel),
            Place::Conf(file) => conf_dir.join(file),
        };
        let data = match read_file(&path) {
            Err(e) if e.kind() == ErrorKind::NotFound => continue,
            r => r.map_err(|e| read_error(&path, &e)),
        };
        let (location, data) = match place {
            Place::Pki(_) => (path.display().to_string(), data),
            Place::Conf(_) => client_cert_of_conf(&path, data),
        };
        let slot = Slot {
            origin: Origin::Kubeadm,
            name,
            location: &location,
            ca: *ca,
        };
        out.extend(slot.expand(data));
    }
    out
}

/// The first user's client certificate of the kubeconfig at `path` (read
/// as `data`): where it is (the `.conf` file when embedded) and its bytes.
fn client_cert_of_conf(path: &Path, data: Result<Vec<u8>, String>) -> (String, Result<Vec<u8>, String>) {
    let conf = path.display().to_string();
    let kc = data.and_then(|bytes| {
        let text = String::from_utf8(bytes).map_err(|_| "not a kubeconfig: not UTF-8 text".to_string())?;
        Kubeconfig::from_yaml(&text).map_err(|e| format!("not a kubeconfig: {e}"))
    });
    let kc = match kc {
        Ok(kc) => kc,
        Err(e) => return (conf, Err(e)),
    };
    let Some(user) = kc.auth_infos.first() else {
        return (conf, Err("the kubeconfig has no users".into()));
    };
    let auth = user.auth_info.as_ref();
    let found = data_or_file(
        "client-certificate",
        auth.and_then(|a| a.client_certificate_data.as_deref()),
        auth.and_then(|a| a.client_certificate.as_deref()),
        path.parent(),
        &conf,
    );
    found.unwrap_or_else(|| {
        (
            conf.clone(),
            Err(format!("user {} has no client certificate", user.name)),
        )
    })
}

#[cfg(test)]
#[path = "kubeadm_tests.rs"]
mod tests;
