//! The fleet view's worker: every context of the kubeconfig (or of
//! `[fleet] contexts`) probed through `fleet::stream` (rows one by one, at
//! most `[fleet] concurrency` at once, each within `[fleet] timeout`),
//! then again every `[fleet] refresh`, each event sent as `Msg::Fleet` of
//! its session. A tick each second while probes run moves "probing… Ns"
//! on. The kubeconfig is read again at each round (as at a switch), so
//! exec plugins run once per context and round. Closing the view, or a
//! new session (`r`), aborts the worker. It never touches the console's
//! own context's watchers.

use std::time::Duration;

use kube::config::Kubeconfig;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::app::Msg;
use crate::app::fleet_view::FleetUpdate;
use crate::ctxns::switcher::{KubeconfigSource, Switcher};
use crate::fleet::probe::Limits;
use crate::fleet::row::Thresholds;
use crate::fleet::stream::{self, Event};

/// The fleet probes running (none: the view is closed).
#[derive(Default)]
pub struct FleetWorker {
    task: Option<JoinHandle<()>>,
}

impl FleetWorker {
    /// Probes the fleet as session `session` (stopping the one before);
    /// without a kubeconfig (`switcher` none) it says so once.
    pub fn start(&mut self, switcher: Option<Switcher>, session: u64, tx: mpsc::Sender<Msg>) {
        self.stop();
        self.task = Some(tokio::spawn(run(switcher, session, tx)));
    }

    /// Stops probing (the task is aborted; probes in flight are dropped).
    pub fn stop(&mut self) {
        if let Some(t) = self.task.take() {
            t.abort();
        }
    }
}

impl Drop for FleetWorker {
    fn drop(&mut self) {
        self.stop();
    }
}

fn now_ms() -> i64 {
    i64::try_from(crate::clock::unix_now_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

/// Sends `update` of `session`; false when the console is gone.
async fn send(tx: &mpsc::Sender<Msg>, session: u64, update: FleetUpdate) -> bool {
    let msg = Msg::Fleet {
        session,
        at_ms: now_ms(),
        update,
    };
    tx.send(msg).await.is_ok()
}

async fn run(switcher: Option<Switcher>, session: u64, tx: mpsc::Sender<Msg>) {
    let Some(sw) = switcher else {
        let why = "no kubeconfig to read contexts from".to_string();
        send(&tx, session, FleetUpdate::Failed(why)).await;
        return;
    };
    let refresh = Duration::from_secs(sw.settings.fleet.refresh.unsigned_abs().max(1));
    loop {
        if !round(&sw, session, &tx).await {
            return;
        }
        tokio::time::sleep(refresh).await;
    }
}

/// The merged kubeconfig, read now (kubectl's words when it cannot be).
fn kubeconfig(sw: &Switcher) -> Result<Kubeconfig, String> {
    match &sw.source {
        KubeconfigSource::Files(_) => match crate::kubeconfig::target::load_selected(&sw.selection).1 {
            Ok(Some(kc)) => Ok(kc),
            Ok(None) => Err("no kubeconfig found (set KUBECONFIG or --kubeconfig)".into()),
            Err(e) => Err(crate::errors::describe_anyhow(&e)),
        },
        KubeconfigSource::InMemory(yaml) => Kubeconfig::from_yaml(yaml).map_err(|e| e.to_string()),
    }
}

/// One round: every context probed, each row sent as it comes. False
/// when the console is gone.
async fn round(sw: &Switcher, session: u64, tx: &mpsc::Sender<Msg>) -> bool {
    let fleet = &sw.settings.fleet;
    let selected = kubeconfig(sw).and_then(|kc| {
        let all: Vec<String> = kc.contexts.iter().map(|c| c.name.clone()).collect();
        crate::fleet::select::select(&all, &fleet.contexts).map(|c| (kc, c))
    });
    let (kc, contexts) = match selected {
        Ok(x) => x,
        Err(why) => return send(tx, session, FleetUpdate::Failed(why)).await,
    };
    let started = FleetUpdate::Started {
        contexts: (contexts.iter())
            .map(|c| (c.clone(), stream::server_of(&kc, c)))
            .collect(),
        thresholds: Thresholds::of(&sw.settings),
        refresh_secs: fleet.refresh,
    };
    if !send(tx, session, started).await {
        return false;
    }
    let limits = Limits {
        timeout: Duration::from_secs(fleet.timeout.unsigned_abs().max(1)),
        concurrency: fleet.concurrency,
    };
    let (events_tx, mut events) = mpsc::channel::<Event>(16);
    let probes = stream::run(&kc, &contexts, limits, &sw.settings, events_tx);
    tokio::pin!(probes);
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut probed = false;
    loop {
        let update = tokio::select! {
            () = &mut probes, if !probed => {
                probed = true;
                continue;
            }
            event = events.recv() => match event {
                Some(Event::Probing { context }) => FleetUpdate::Probing(context),
                Some(Event::Probed(mut row)) => {
                    let readonly = crate::config::readonly::effective(sw.readonly_flag, &sw.settings, Some(&row.context));
                    row.readonly = readonly.is_on();
                    FleetUpdate::Probed(row)
                }
                // Every probe ended and its events were read.
                None => break,
            },
            _ = tick.tick() => FleetUpdate::Tick,
        };
        if !send(tx, session, update).await {
            return false;
        }
    }
    send(tx, session, FleetUpdate::Done).await
}

#[cfg(test)]
#[path = "fleet_worker_tests.rs"]
mod tests;
