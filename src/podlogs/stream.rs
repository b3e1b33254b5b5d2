//! The log stream client: `pods/log` through kube-rs (`Api::<Pod>::log_stream`),
//! with a timeout on connecting, the API's error text as the API gives it,
//! lines in batches, and, when following, a reconnect (with a backoff)
//! when the stream ends or is cut. A reconnect asks for the lines since
//! the last one seen (`sinceTime`, from the timestamps kon always asks
//! for) and skips those already shown, so after a restart the new
//! container is followed and the old one is not read again.

use std::pin::Pin;
use std::time::Duration;

use futures::future::BoxFuture;
use futures::{AsyncBufRead, AsyncBufReadExt};
use k8s_openapi::jiff::Timestamp;
use kube::api::LogParams;
use tokio::sync::mpsc;
use tokio::time::{Instant, timeout, timeout_at};

use super::batch::{BATCH_DELAY, Batch};
use super::text::split_timestamp;

/// A log being read.
pub type Reader = Pin<Box<dyn AsyncBufRead + Send>>;

/// Where logs come from: the API (`KubeSource`), or a fake in tests.
pub trait LogSource: Send + Sync {
    /// Opens `pod`'s log; an error reads as kubectl prints it.
    fn open(&self, pod: &str, lp: LogParams) -> BoxFuture<'_, Result<Reader, String>>;
}

/// The API's `pods/log` in one namespace.
pub struct KubeSource(pub kube::Api<k8s_openapi::api::core::v1::Pod>);

impl KubeSource {
    pub fn new(client: kube::Client, namespace: &str) -> Self {
        Self(kube::Api::namespaced(client, namespace))
    }
}

impl LogSource for KubeSource {
    fn open(&self, pod: &str, lp: LogParams) -> BoxFuture<'_, Result<Reader, String>> {
        let pod = pod.to_string();
        Box::pin(async move {
            match self.0.log_stream(&pod, &lp).await {
                Ok(r) => Ok(Box::pin(r) as Reader),
                Err(e) => Err(crate::errors::describe(&e)),
            }
        })
    }
}

/// What to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    pub pod: String,
    /// None: the API's default (the pod's only container).
    pub container: Option<String>,
    pub previous: bool,
    pub follow: bool,
    /// The last N lines (the first connection only).
    pub tail: Option<i64>,
    /// The lines of the last N seconds (the first connection only).
    pub since_seconds: Option<i64>,
}

/// How long to wait, and how long between reconnects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    pub connect: Duration,
    pub first_retry: Duration,
    pub max_retry: Duration,
}

impl Default for Timing {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(10),
            first_retry: Duration::from_secs(1),
            max_retry: Duration::from_secs(30),
        }
    }
}

/// What the stream client reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The stream is open (`again`: after a reconnect).
    Connected { again: bool },
    /// Lines, each with the timestamp the API put in front of it.
    Lines(Batch),
    /// The stream ended or could not be opened: why, in the API's or
    /// kubectl's words, and when kon tries again (None: it does not).
    Stopped {
        text: String,
        retry_in: Option<Duration>,
    },
}

/// The parameters of one connection: the user's on the first, the lines
/// since the last one seen after that.
pub fn log_params(p: &Params, since: Option<Timestamp>) -> LogParams {
    LogParams {
        container: p.container.clone(),
        follow: p.follow,
        previous: p.previous,
        timestamps: true,
        tail_lines: if since.is_some() { None } else { p.tail },
        since_seconds: if since.is_some() { None } else { p.since_seconds },
        since_time: since,
        ..LogParams::default()
    }
}

/// Reads `p`'s log into `tx` until the log ends (not following), the
/// receiver goes away, or the task is aborted.
pub async fn run(source: &dyn LogSource, p: Params, timing: Timing, tx: mpsc::Sender<Event>) {
    let mut last: Option<Timestamp> = None;
    let mut again = false;
    let mut wait = timing.first_retry;
    loop {
        let opened = timeout(timing.connect, source.open(&p.pod, log_params(&p, last))).await;
        let text = match opened {
            Err(_) => format!(
                "no answer from the API server within {}s",
                timing.connect.as_secs()
            ),
            Ok(Err(text)) => text,
            Ok(Ok(reader)) => {
                if tx.send(Event::Connected { again }).await.is_err() {
                    return;
                }
                let (read, why) = read(reader, &mut last, again, &tx).await;
                match why {
                    Ended::ReceiverGone => return,
                    Ended::Eof if !p.follow => {
                        let text = if p.previous {
                            "end of the previous container's log"
                        } else {
                            "end of the log"
                        };
                        let _ = tx.send(stopped(text.into(), None)).await;
                        return;
                    }
                    Ended::Eof => {
                        if read > 0 {
                            wait = timing.first_retry;
                        }
                        "the log stream ended (the container stopped or the API server closed it)".into()
                    }
                    Ended::Cut(e) => {
                        if read > 0 {
                            wait = timing.first_retry;
                        }
                        format!("the log stream was cut: {e}")
                    }
                }
            }
        };
        if !p.follow {
            let _ = tx.send(stopped(text, None)).await;
            return;
        }
        if tx.send(stopped(text, Some(wait))).await.is_err() {
            return;
        }
        tokio::time::sleep(wait).await;
        wait = (wait * 2).min(timing.max_retry);
        again = true;
    }
}

fn stopped(text: String, retry_in: Option<Duration>) -> Event {
    Event::Stopped { text, retry_in }
}

enum Ended {
    Eof,
    Cut(String),
    ReceiverGone,
}

fn timestamp(line: &[u8]) -> Option<Timestamp> {
    let head = &line[..line.len().min(40)];
    let head = std::str::from_utf8(head)
        .unwrap_or_else(|e| std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default());
    split_timestamp(head).0?.parse().ok()
}

/// Reads lines into batches until the end; returns how many were read.
/// After a reconnect, lines not newer than `last` were shown already.
async fn read(
    mut reader: Reader,
    last: &mut Option<Timestamp>,
    again: bool,
    tx: &mpsc::Sender<Event>,
) -> (usize, Ended) {
    let mut batch = Batch::default();
    let mut line = Vec::new();
    let mut deadline = Instant::now() + BATCH_DELAY;
    let mut skipping = again && last.is_some();
    let mut read = 0;
    loop {
        let got = if batch.is_empty() {
            Ok(reader.read_until(b'\n', &mut line).await)
        } else {
            timeout_at(deadline, reader.read_until(b'\n', &mut line)).await
        };
        // A partial line stays in `line` across a flush.
        let end = match got {
            Err(_) => None,
            Ok(Ok(0)) => Some(Ended::Eof),
            Ok(Ok(_)) if !line.ends_with(b"\n") => Some(Ended::Eof),
            Ok(Ok(_)) => None,
            Ok(Err(e)) => Some(Ended::Cut(e.to_string())),
        };
        if !line.is_empty() && (line.ends_with(b"\n") || end.is_some()) {
            let ts = timestamp(&line);
            let seen = skipping && ts.zip(*last).is_some_and(|(t, l)| t <= l);
            if !seen {
                skipping = false;
                if ts.is_some() {
                    *last = ts;
                }
                if batch.is_empty() {
                    deadline = Instant::now() + BATCH_DELAY;
                }
                batch.push(&line);
                read += 1;
            }
            line.clear();
        }
        let due = Instant::now() >= deadline || batch.is_full() || end.is_some();
        if !batch.is_empty() && due && tx.send(Event::Lines(std::mem::take(&mut batch))).await.is_err() {
            return (read, Ended::ReceiverGone);
        }
        if let Some(end) = end {
            return (read, end);
        }
    }
}
