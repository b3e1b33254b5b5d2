//! The console's long-running workers: the local sources (kubeadm's
//! certificate files, the backup directory) and the workers of one
//! context (watchers, probe, health, the serving chain). Starting them
//! returns the messages telling the app what to expect; the event loop
//! applies them (only `update` writes the app's state).

use std::path::PathBuf;

use tokio::sync::mpsc;
use tokio::task::JoinSet;

use crate::app::{Expected, Msg};
use crate::certs::Origin;
use crate::cluster::{Connection, Report, health, probe, sources, watch};

/// Starts the workers of the local sources into `tasks`, reporting on `tx`.
pub fn start_local(
    pki_dir: Option<PathBuf>,
    backup_dir: Option<PathBuf>,
    etcd: Option<(crate::etcd::resolve::Target, std::time::Duration)>,
    generation: u64,
    tasks: &mut JoinSet<()>,
    tx: &mpsc::Sender<Msg>,
) -> Vec<Msg> {
    let mut started = Vec::new();
    if let Some(dir) = pki_dir {
        started.push(Msg::Expecting {
            source: Expected::Certs(Origin::Kubeadm),
            on: true,
        });
        tasks.spawn(sources::kubeadm(dir, generation, tx.clone()));
    }
    if let Some(dir) = backup_dir {
        started.push(Msg::Expecting {
            source: Expected::BackupDir,
            on: true,
        });
        tasks.spawn(sources::backup_dir(dir, tx.clone()));
    }
    if let Some((target, every)) = etcd {
        tasks.spawn(sources::etcd(target, every, tx.clone()));
    }
    started
}

/// The workers of one context: watchers, probe, health and the serving
/// chain. A context switch aborts them and drops their channel, so nothing
/// of the old cluster reaches the new one's screen.
pub struct ClusterWorkers {
    tasks: JoinSet<()>,
    pub rx: mpsc::Receiver<Report>,
    /// The client the context's actions go through (none: no cluster).
    pub client: Option<kube::Client>,
}

impl ClusterWorkers {
    /// Starts the workers of the context `kube` describes (none: no
    /// cluster); the messages say what the app must now expect, or why
    /// the cluster cannot be reached.
    pub fn start(kube: Option<kube::Config>, generation: u64) -> (Self, Vec<Msg>) {
        let (tx, rx) = mpsc::channel::<Report>(4096);
        let mut tasks = JoinSet::new();
        let mut client_out = None;
        let mut started = Vec::new();
        let serving = |on| Msg::Expecting {
            source: Expected::Certs(Origin::Serving),
            on,
        };
        if let Some(config) = kube {
            match crate::cluster::client(config.clone()) {
                Ok(client) => {
                    started.push(serving(true));
                    let url = config.cluster_url.to_string();
                    tasks.spawn(sources::serving(url, generation, tx.clone()));
                    tasks.spawn(probe::run(client.clone(), tx.clone()));
                    client_out = Some(client.clone());
                    watch::spawn_all(&mut tasks, &client, generation, &tx, &config.default_namespace);
                    tasks.spawn(health::run(client, generation, tx.clone()));
                }
                Err(e) => {
                    started.push(Msg::Cluster(Report::Connection(Connection::Unreachable(
                        crate::errors::chain(&e),
                    ))));
                }
            }
        } else {
            started.push(serving(false));
        }
        let workers = Self {
            tasks,
            rx,
            client: client_out,
        };
        (workers, started)
    }

    /// No workers (between two contexts).
    pub fn idle() -> Self {
        let (_, rx) = mpsc::channel(1);
        Self {
            tasks: JoinSet::new(),
            rx,
            client: None,
        }
    }
}

impl Drop for ClusterWorkers {
    fn drop(&mut self) {
        self.tasks.abort_all();
    }
}
