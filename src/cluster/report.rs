//! What the cluster layer's workers report: the one message type that the
//! watchers, the readers, the connection probe, the health poll and the
//! certificate and backup-directory scans send. The application wraps it in
//! one variant of its own message (`app::Msg::Cluster`), as gitui's asyncgit
//! owns its notifications; nothing here knows about the application.
//!
//! Every report about a context's cluster carries the generation of that
//! context, so that one from a context switched away from is dropped.

use super::Connection;
use super::store::kinds::Event;
use crate::certs::{FoundCert, Origin};
use crate::local::backup_dir::DirScan;

/// A worker's report.
#[derive(Debug, Clone, PartialEq)]
pub enum Report {
    /// The connection probe's answer (its channel is dropped on a switch).
    Connection(Connection),
    /// An answer of `/readyz?verbose` or `/livez?verbose` (body), or why none came.
    Health {
        generation: u64,
        endpoint: &'static str,
        result: Result<String, String>,
    },
    /// Certificates found outside the API (one origin's whole report).
    Found {
        generation: u64,
        origin: Origin,
        certs: Vec<FoundCert>,
    },
    /// A poll of etcd's members (this machine's view, whatever the context).
    Etcd(crate::etcd::Observation),
    /// A scan of the local backup directory.
    BackupDir(Result<DirScan, String>),
    /// The API groups the server serves (`apps`, `config.openshift.io`),
    /// when they differ from the last report: platform detection reads them.
    ApiGroups { generation: u64, groups: Vec<String> },
    /// Where Events are read: every namespace (`None`), or only this one
    /// because listing them cluster-wide is forbidden.
    EventsScope {
        generation: u64,
        namespace: Option<String>,
    },
    /// A watcher's report, from the context of that generation.
    Store { generation: u64, event: Box<Event> },
}
