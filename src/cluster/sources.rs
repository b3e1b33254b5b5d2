//! Workers for what kon reads outside the watched API objects: the API
//! server's serving chain (a TLS handshake), kubeadm's certificate files,
//! and a local backup directory. Each reports its whole finding as one
//! message, now and then again; the app ignores a report that says nothing new.
//! They send to any channel whose message wraps a [`Report`] (the console's
//! per-context channel carries reports, its session channel its own messages).

use std::path::PathBuf;
use std::time::Duration;

use tokio::sync::mpsc::Sender;

use super::Report;
use crate::certs::{FoundCert, Origin};

/// Certificates change rarely; a renewal shows within this.
const CERTS_EVERY: Duration = Duration::from_secs(600);
/// After a failed handshake, try again sooner.
const RETRY: Duration = Duration::from_secs(30);
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
const BACKUP_DIR_EVERY: Duration = Duration::from_secs(60);

/// The default kubeadm PKI directory, read when it exists.
pub const KUBEADM_PKI: &str = "/etc/kubernetes/pki";

async fn found<M: From<Report>>(
    tx: &Sender<M>,
    generation: u64,
    origin: Origin,
    certs: Vec<FoundCert>,
) -> bool {
    let report = Report::Found {
        generation,
        origin,
        certs,
    };
    tx.send(report.into()).await.is_ok()
}

/// The serving chain of `server_url`, every ten minutes (30 s after a failure).
pub async fn serving<M: From<Report>>(server_url: String, generation: u64, tx: Sender<M>) {
    loop {
        let certs = crate::certs::serving::fetch_chain(&server_url, HANDSHAKE_TIMEOUT).await;
        let failed = certs.iter().any(|c| c.cert.is_err());
        if !found(&tx, generation, Origin::Serving, certs).await {
            return;
        }
        tokio::time::sleep(if failed { RETRY } else { CERTS_EVERY }).await;
    }
}

/// kubeadm's files under `pki_dir`, every ten minutes.
pub async fn kubeadm<M: From<Report>>(pki_dir: PathBuf, generation: u64, tx: Sender<M>) {
    loop {
        let dir = pki_dir.clone();
        let certs = tokio::task::spawn_blocking(move || crate::certs::kubeadm::scan(&dir))
            .await
            .unwrap_or_default();
        if !found(&tx, generation, Origin::Kubeadm, certs).await {
            return;
        }
        tokio::time::sleep(CERTS_EVERY).await;
    }
}

/// The backup directory, every minute.
pub async fn backup_dir<M: From<Report>>(dir: PathBuf, tx: Sender<M>) {
    let mut last: crate::local::backup_dir::Checked = None;
    loop {
        let d = dir.clone();
        let mut checked = last.take();
        let scanned = tokio::task::spawn_blocking(move || {
            let scan = crate::local::backup_dir::scan_checked(&d, &mut checked);
            (scan, checked)
        })
        .await;
        let scan = match scanned {
            Ok((scan, checked)) => {
                last = checked;
                scan
            }
            Err(e) => Err(format!("scanning {}: {e}", dir.display())),
        };
        if tx.send(Report::BackupDir(scan).into()).await.is_err() {
            return;
        }
        tokio::time::sleep(BACKUP_DIR_EVERY).await;
    }
}

/// etcd's members, every `every` (each request under its own timeout).
pub async fn etcd<M: From<Report>>(target: crate::etcd::resolve::Target, every: Duration, tx: Sender<M>) {
    use crate::etcd::client;
    let timeout = client::REQUEST_TIMEOUT.min(every);
    loop {
        let seen = client::poll_cluster(&target.endpoints, &target.tls, timeout).await;
        if tx.send(Report::Etcd(seen).into()).await.is_err() {
            return;
        }
        tokio::time::sleep(every).await;
    }
}
