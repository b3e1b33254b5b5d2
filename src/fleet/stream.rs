//! The fleet probed as a stream: each context's row is sent as soon as it
//! answers (or fails, or runs out of time), at most `concurrency` probes at
//! once, each within `timeout`; a context says when its probe starts, so a
//! view can show how long it has been waiting. The console's fleet view
//! reads this stream; `kon fleet` waits for every row (`probe::probe_all`).

use std::time::Duration;

use futures::StreamExt;
use kube::config::Kubeconfig;
use tokio::sync::mpsc;

use super::probe::{self, Limits};
use super::row::Row;
use crate::config::settings::Settings;

/// What the stream says, in the order it happens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The probe of this context started (it had waited for a free slot).
    Probing { context: String },
    /// This context's row: its figures, or its error in kubectl's words.
    Probed(Box<Row>),
}

/// Probes every context of `contexts`, at most `limits.concurrency` at
/// once, each within `limits.timeout`, sending each row as it comes. Ends
/// when every context has its row, or early when the receiver is gone.
pub async fn run(
    kc: &Kubeconfig,
    contexts: &[String],
    limits: Limits,
    settings: &Settings,
    tx: mpsc::Sender<Event>,
) {
    // Owned names: a closure over borrowed ones is not general enough for
    // a spawned task.
    let probes = contexts.iter().cloned().map(|context| {
        let tx = tx.clone();
        async move {
            let probing = Event::Probing {
                context: context.clone(),
            };
            if tx.send(probing).await.is_err() {
                return;
            }
            let row = probe::probe_within(kc, &context, limits.timeout, settings).await;
            let _ = tx.send(Event::Probed(Box::new(row))).await;
        }
    });
    futures::stream::iter(probes)
        .buffer_unordered(limits.concurrency.max(1))
        .collect::<()>()
        .await;
}

/// kubectl's words for a server that did not answer within `timeout`.
pub fn timed_out(timeout: Duration) -> String {
    format!(
        "Unable to connect to the server: context deadline exceeded (no answer within {}s)",
        timeout.as_secs_f64()
    )
}

/// The server of `context`'s cluster, as the kubeconfig names it.
pub fn server_of(kc: &Kubeconfig, context: &str) -> Option<String> {
    let ctx = kc.contexts.iter().find(|c| c.name == context)?.context.as_ref()?;
    let cluster = kc.clusters.iter().find(|c| c.name == ctx.cluster)?;
    cluster.cluster.as_ref()?.server.clone()
}

#[cfg(test)]
#[path = "stream_tests.rs"]
mod tests;
