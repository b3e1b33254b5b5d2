//! The log view's worker: reads one pod's log (`podlogs::stream`) and
//! hands its events to the event loop through a small bounded channel of
//! its own. Lines travel in batches (a few per frame, whatever the pod's
//! rate) and a full channel holds the reader back (the API's stream
//! waits), so a pod writing 20000 lines/s neither floods the event loop
//! nor grows memory: the view keeps its ring, the rest waits upstream.
//! Stopping the view, or starting another log, aborts the worker.

use std::future::pending;

use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::app::Msg;
use crate::podlogs::stream::{self, Event, KubeSource, Params, Timing};

/// Batches in flight between the worker and the event loop.
const CHANNEL: usize = 4;

/// The one log stream being read (none: the view is closed).
#[derive(Default)]
pub struct LogsWorker {
    task: Option<JoinHandle<()>>,
    rx: Option<mpsc::Receiver<Msg>>,
}

impl LogsWorker {
    /// Reads `params`'s log in `namespace` through `client` as stream `session`.
    pub fn start(&mut self, client: kube::Client, session: u64, namespace: &str, params: Params) {
        self.stop();
        let (tx, rx) = mpsc::channel::<Msg>(CHANNEL);
        let source = KubeSource::new(client, namespace);
        self.task = Some(tokio::spawn(async move {
            let (events_tx, mut events) = mpsc::channel::<Event>(CHANNEL);
            let reader = stream::run(&source, params, Timing::default(), events_tx);
            let forward = async {
                while let Some(event) = events.recv().await {
                    if tx.send(Msg::Log { session, event }).await.is_err() {
                        return;
                    }
                }
            };
            tokio::join!(reader, forward);
        }));
        self.rx = Some(rx);
    }

    /// Stops reading (the task is aborted, the channel dropped).
    pub fn stop(&mut self) {
        if let Some(t) = self.task.take() {
            t.abort();
        }
        self.rx = None;
    }

    /// The next message of the stream; pending forever when none is read.
    pub async fn recv(&mut self) -> Msg {
        match self.rx.as_mut() {
            Some(rx) => match rx.recv().await {
                Some(msg) => msg,
                None => {
                    self.rx = None;
                    pending().await
                }
            },
            None => pending().await,
        }
    }

    /// A message already waiting, if any.
    pub fn try_recv(&mut self) -> Option<Msg> {
        self.rx.as_mut()?.try_recv().ok()
    }
}

impl Drop for LogsWorker {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Writes a saved log; an existing file is replaced only with `overwrite`.
pub fn save(path: &std::path::Path, lines: &[String], overwrite: bool) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true);
    if overwrite {
        opts.create(true).truncate(true);
    } else {
        opts.create_new(true);
    }
    let mut f = std::io::BufWriter::new(opts.open(path)?);
    for l in lines {
        f.write_all(l.as_bytes())?;
        f.write_all(b"\n")?;
    }
    f.flush()
}
