//! Workers for what kon reads outside the watched API objects: the API
//! server's serving chain (a TLS handshake), kubeadm's certificate files,
//! and a local backup directory. Each reports its whole finding as one
//! message, now and then again; the app ignores a report that says nothing new.

use std::path::PathBuf;
use std::time::Duration;

use tokio::sync::mpsc::Sender;

use crate::app::Msg;
use crate::certs::{FoundCert, Origin};

/// Certificates change rarely; a renewal shows within this.
const CERTS_EVERY: Duration = Duration::from_secs(600);
/// After a failed handshake, try again sooner.
const RETRY: Duration = Duration::from_secs(30);
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
const BACKUP_DIR_EVERY: Duration = Duration::from_secs(60);

/// The default kubeadm PKI directory, read when it exists.
pub const KUBEADM_PKI: &str = "/etc/kubernetes/pki";

async fn found(tx: &Sender<Msg>, generation: u64, origin: Origin, certs: Vec<FoundCert>) -> bool {
    tx.send(Msg::Found {
        generation,
        origin,
        certs,
    })
    .await
    .is_ok()
}

/// The serving chain of `server_url`, every ten minutes (30 s after a failure).
pub async fn serving(server_url: String, generation: u64, tx: Sender<Msg>) {
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
pub async fn kubeadm(pki_dir: PathBuf, generation: u64, tx: Sender<Msg>) {
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
pub async fn backup_dir(dir: PathBuf, tx: Sender<Msg>) {
    loop {
        let d = dir.clone();
        let scan = tokio::task::spawn_blocking(move || crate::local::backup_dir::scan(&d))
            .await
            .unwrap_or_else(|e| Err(format!("scanning {}: {e}", dir.display())));
        if tx.send(Msg::BackupDir(scan)).await.is_err() {
            return;
        }
        tokio::time::sleep(BACKUP_DIR_EVERY).await;
    }
}
