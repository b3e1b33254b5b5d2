//! What the panes read outside the watched API objects: certificates found
//! by a TLS handshake, in the kubeconfig and in kubeadm's files; the scan
//! of a local backup directory; and those panes' settings.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::certs::{FoundCert, Origin};
use crate::local::backup_dir::DirScan;
use crate::signals::backups::BackupSettings;
use crate::signals::certs::Thresholds;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Local {
    /// The latest report of each origin.
    pub found: BTreeMap<Origin, Vec<FoundCert>>,
    /// Origins that will report (a worker runs for them).
    pub expected: BTreeSet<Origin>,
    /// The latest scan of the backup directory, when one is configured.
    pub backup_dir: Option<Result<DirScan, String>>,
    pub backup_dir_expected: bool,
    pub thresholds: Thresholds,
    pub backups: BackupSettings,
    /// kubeadm's PKI directory to read, if any.
    pub pki_dir: Option<PathBuf>,
    /// The local backup directory to scan, if any.
    pub backup_dir_path: Option<PathBuf>,
    /// Where snapshot now writes when no backup directory is configured
    /// (`kon --demo`'s own, never config.toml's): its scan shows once a
    /// snapshot is saved there.
    pub snapshot_dir: Option<PathBuf>,
    /// Where etcd is (or why it is not watched); `None`: not resolved.
    pub etcd: Option<crate::etcd::resolve::Resolution>,
    /// The latest poll of etcd's members.
    pub etcd_seen: Option<crate::etcd::Observation>,
    /// Seconds between two polls of etcd.
    pub etcd_every_secs: u64,
    /// Seconds between two members of the guided defrag.
    pub etcd_defrag_pause_secs: u64,
    /// Which rules run, and how system namespaces are judged.
    pub findings: crate::findings::Config,
}

impl Local {
    /// Every found certificate, by origin.
    pub fn found_all(&self) -> Vec<FoundCert> {
        self.found.values().flatten().cloned().collect()
    }

    /// The expected origins that have not reported yet, as the pane names them.
    pub fn pending(&self) -> Vec<&'static str> {
        self.expected
            .iter()
            .filter(|o| !self.found.contains_key(o))
            .map(|o| match o {
                Origin::Serving => "serving chain",
                Origin::Kubeconfig => "kubeconfig",
                Origin::Kubeadm => "kubeadm files",
            })
            .collect()
    }

    /// Records an origin's report; false when it says what the last one did.
    pub fn report(&mut self, origin: Origin, certs: Vec<FoundCert>) -> bool {
        if self.found.get(&origin) == Some(&certs) {
            return false;
        }
        self.found.insert(origin, certs);
        true
    }
}
