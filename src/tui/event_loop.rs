//! The event loop of DESIGN.md: one task owns `AppState`; a biased
//! `select!` over signals, terminal input, the frame deadline and worker
//! messages; render only when something changed, at most every frame.

use std::time::Duration;

use anyhow::{Context as _, Result};
use crossterm::event::EventStream;
use futures::StreamExt;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio::time::{Instant, sleep_until};

use super::{input, terminal};
use crate::app::{AppState, Effect, Msg};
use crate::cluster::{Connection, Report, health, probe, sources, watch};
use crate::config::theme::Theme;
use crate::ctxns::switcher::Switcher;
use crate::ui;

/// The shortest time between two frames.
const FRAME: Duration = Duration::from_millis(30);

/// How long store changes are gathered before the pane models are recomputed.
const RECOMPUTE_DELAY: Duration = Duration::from_millis(200);

/// Why the console ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Quit,
    Signal(&'static str),
    /// The terminal went away (input closed or failed).
    TerminalGone,
}

/// The workers of one context: watchers, probe, health and the serving
/// chain. A context switch aborts them and drops their channel, so nothing
/// of the old cluster reaches the new one's screen.
struct ClusterWorkers {
    tasks: JoinSet<()>,
    rx: mpsc::Receiver<Report>,
    client: Option<kube::Client>,
}

impl ClusterWorkers {
    fn start(app: &mut AppState, kube: Option<kube::Config>) -> Self {
        let (tx, rx) = mpsc::channel::<Report>(4096);
        let mut tasks = JoinSet::new();
        let mut client_out = None;
        if let Some(config) = kube {
            match crate::cluster::client(config.clone()) {
                Ok(client) => {
                    app.live.local.expected.insert(crate::certs::Origin::Serving);
                    let url = config.cluster_url.to_string();
                    tasks.spawn(sources::serving(url, app.live.generation, tx.clone()));
                    tasks.spawn(probe::run(client.clone(), tx.clone()));
                    client_out = Some(client.clone());
                    watch::spawn_all(&mut tasks, &client, app.live.generation, &tx);
                    tasks.spawn(health::run(client, app.live.generation, tx.clone()));
                }
                Err(e) => {
                    app.update(Msg::Cluster(Report::Connection(Connection::Unreachable(
                        crate::errors::chain(&e),
                    ))));
                }
            }
        } else {
            app.live.local.expected.remove(&crate::certs::Origin::Serving);
        }
        Self {
            tasks,
            rx,
            client: client_out,
        }
    }
}

impl ClusterWorkers {
    /// No workers (between two contexts).
    fn idle() -> Self {
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

pub async fn run(
    mut app: AppState,
    theme: Theme,
    kube: Option<kube::Config>,
    switcher: Option<Switcher>,
) -> Result<Exit> {
    let (tx, mut rx) = mpsc::channel::<Msg>(4096);
    let mut workers = JoinSet::new();
    // Actions the user starts (cordon, ...) report back through this.
    let actions_tx = tx.clone();
    // Stops the running drain.
    let mut drain_abort: Option<tokio::sync::watch::Sender<bool>> = None;
    if let Some(dir) = app.live.local.pki_dir.clone() {
        app.live.local.expected.insert(crate::certs::Origin::Kubeadm);
        workers.spawn(sources::kubeadm(dir, app.live.generation, tx.clone()));
    }
    if let Some(dir) = app.live.local.backup_dir_path.clone() {
        app.live.local.backup_dir_expected = true;
        workers.spawn(sources::backup_dir(dir, tx.clone()));
    }
    let mut cluster = ClusterWorkers::start(&mut app, kube);
    drop(tx);

    let mut sigterm = signal(SignalKind::terminate()).context("installing SIGTERM handler")?;
    let mut sighup = signal(SignalKind::hangup()).context("installing SIGHUP handler")?;
    let mut sigint = signal(SignalKind::interrupt()).context("installing SIGINT handler")?;

    let (mut term, _guard) = terminal::setup().context("setting up the terminal")?;
    let size = term.size().context("reading the terminal size")?;
    app.update(Msg::Resize {
        width: size.width,
        height: size.height,
    });
    let mut events = EventStream::new();
    let mut dirty = true;
    // When the pane models are due (debounced after store changes).
    let mut recompute_at: Option<Instant> = None;
    // How long the last recompute took: at scale (150000 pods) it takes a
    // few hundred ms, and the store changes all the time (node leases), so
    // the gap before the next one grows with it and input stays responsive.
    let mut recompute_cost = Duration::ZERO;
    let mut last_frame = Instant::now() - FRAME;

    let exit = loop {
        let deadline = last_frame + FRAME;
        let effects = tokio::select! {
            biased;
            _ = sigterm.recv() => break Exit::Signal("SIGTERM"),
            _ = sighup.recv() => break Exit::Signal("SIGHUP"),
            _ = sigint.recv() => break Exit::Signal("SIGINT"),
            ev = events.next() => match ev {
                Some(Ok(ev)) => match input::to_msg(ev) {
                    Some(msg) => apply(&mut app, msg, &mut dirty),
                    None => vec![],
                },
                Some(Err(e)) => {
                    tracing::warn!(error = %e, "terminal input failed");
                    break Exit::TerminalGone;
                }
                None => break Exit::TerminalGone,
            },
            () = sleep_until(recompute_at.unwrap_or(deadline)), if recompute_at.is_some() => {
                recompute_at = None;
                let started = Instant::now();
                let effects = apply(&mut app, Msg::Recompute { now: crate::clock::unix_now() }, &mut dirty);
                recompute_cost = started.elapsed();
                effects
            }
            () = sleep_until(deadline), if dirty => {
                term.draw(|f| ui::render(&app, &theme, f)).context("drawing")?;
                dirty = false;
                last_frame = Instant::now();
                vec![]
            }
            Some(report) = cluster.rx.recv() => {
                let mut effects = apply(&mut app, Msg::Cluster(report), &mut dirty);
                // Drain what is already queued before the next frame.
                while let Ok(report) = cluster.rx.try_recv() {
                    effects.extend(apply(&mut app, Msg::Cluster(report), &mut dirty));
                }
                effects
            }
            Some(msg) = rx.recv() => apply(&mut app, msg, &mut dirty),
        };
        let mut quit = false;
        // Effects can answer with more effects (a switch schedules a recompute).
        let mut queue = std::collections::VecDeque::from(effects);
        while let Some(effect) = queue.pop_front() {
            match effect {
                Effect::Quit => quit = true,
                Effect::ClearScreen => {
                    term.clear().context("clearing the screen")?;
                    dirty = true;
                }
                Effect::ScheduleRecompute => {
                    let delay = RECOMPUTE_DELAY.max(recompute_cost * 3);
                    recompute_at.get_or_insert_with(|| Instant::now() + delay);
                }
                Effect::Audit {
                    action,
                    targets,
                    outcome,
                } => {
                    let log = audit_log(&app);
                    for t in targets {
                        // A failure is logged by the audit log itself.
                        let _ = log.record(&action, &format!("node/{t}"), &outcome);
                    }
                }
                Effect::AuditKubeconfig { action, target } => {
                    // A failure is logged by the audit log itself.
                    let _ = audit_log(&app).record(&action, &target, "refused: read-only");
                }
                Effect::AbortDrain => {
                    if let Some(a) = &drain_abort {
                        let _ = a.send(true);
                    }
                }
                Effect::Drain { plans, settings } => {
                    let Some(client) = cluster.client.clone() else {
                        // Each node ends, so the view does not wait for a drain that never ran.
                        for p in plans {
                            let text = "no cluster to act on: nothing changed".to_string();
                            let msg = Msg::DrainDone {
                                node: p.node.clone(),
                                ok: false,
                                text,
                            };
                            apply(&mut app, msg, &mut dirty);
                        }
                        continue;
                    };
                    let (abort_tx, abort) = tokio::sync::watch::channel(false);
                    drain_abort = Some(abort_tx);
                    let (events, rx) = mpsc::unbounded_channel();
                    workers.spawn(forward_drain_events(rx, actions_tx.clone()));
                    workers.spawn(drain(client, plans, settings, abort, audit_log(&app), events));
                }
                Effect::LoadContexts => {
                    let contexts = match &switcher {
                        Some(sw) => sw.contexts(),
                        None => Err("no kubeconfig to read contexts from".into()),
                    };
                    queue.extend(apply(&mut app, Msg::Contexts(contexts), &mut dirty));
                }
                Effect::SwitchContext { name, persist } => {
                    let result = match &switcher {
                        Some(sw) => sw.switch(&name, persist).await,
                        None => Err("no kubeconfig to switch in".into()),
                    };
                    match result {
                        Ok((switched, config)) => {
                            tracing::info!(context = %name, persist, "switching context");
                            // The old context's workers stop before the new ones start.
                            drop(std::mem::replace(&mut cluster, ClusterWorkers::idle()));
                            queue.extend(apply(&mut app, Msg::Switched(Box::new(switched)), &mut dirty));
                            cluster = ClusterWorkers::start(&mut app, config);
                        }
                        Err(text) => {
                            apply(&mut app, Msg::ActionDone { ok: false, text }, &mut dirty);
                        }
                    }
                }
                Effect::PersistContext { name } => {
                    let saved = switcher.as_ref().map(|sw| sw.save_current_context(&name));
                    let (ok, text) = saved_notice(saved);
                    apply(&mut app, Msg::ActionDone { ok, text }, &mut dirty);
                }
                Effect::PersistNamespace { context, namespace } => {
                    let saved = switcher
                        .as_ref()
                        .map(|sw| sw.save_namespace(&context, &namespace));
                    let (ok, text) = saved_notice(saved);
                    apply(&mut app, Msg::ActionDone { ok, text }, &mut dirty);
                }
                Effect::SetUnschedulable { nodes, on } => {
                    let Some(client) = cluster.client.clone() else {
                        let text = "no cluster to act on".to_string();
                        apply(&mut app, Msg::ActionDone { ok: false, text }, &mut dirty);
                        continue;
                    };
                    let tx = actions_tx.clone();
                    workers.spawn(set_unschedulable(client, nodes, on, audit_log(&app), tx));
                }
            }
        }
        if quit {
            break Exit::Quit;
        }
    };
    workers.abort_all();
    tracing::info!(?exit, "console ended");
    Ok(exit)
}

/// The audit log of the context shown.
fn audit_log(app: &AppState) -> crate::audit::AuditLog {
    crate::audit::AuditLog::new(app.session.audit_path.clone(), app.session.who.clone())
}

/// Drains each plan's node in turn through the one runner (cordon, evict,
/// read back, audit); its events go out through `events`.
async fn drain(
    client: kube::Client,
    plans: Vec<crate::drain::plan::Plan>,
    settings: crate::drain::run::RunSettings,
    abort: tokio::sync::watch::Receiver<bool>,
    audit: crate::audit::AuditLog,
    events: mpsc::UnboundedSender<crate::drain::run::Event>,
) {
    let api = crate::drain::api::KubeApi(client);
    let report = move |e| {
        let _ = events.send(e);
    };
    let runner = crate::drain::runner::Runner::new(
        &api,
        &audit,
        &report,
        abort,
        settings.per_request,
        settings.timeout,
    );
    runner
        .drain(&plans, settings, Instant::now() + settings.timeout)
        .await;
}

/// The runner's events as the console's messages (none dropped: each is awaited).
async fn forward_drain_events(
    mut rx: mpsc::UnboundedReceiver<crate::drain::run::Event>,
    tx: mpsc::Sender<Msg>,
) {
    use crate::drain::run::Event;
    while let Some(e) = rx.recv().await {
        let msg = match e {
            Event::Pod { pod, state } => Msg::DrainProgress { pod, state },
            Event::Done(r) => Msg::DrainDone {
                node: r.node,
                ok: r.ok,
                text: r.text,
            },
            Event::Note(text) => Msg::ActionDone { ok: true, text },
            Event::AuditFailed(text) => Msg::ActionDone { ok: false, text },
        };
        if tx.send(msg).await.is_err() {
            return;
        }
    }
}

/// Cordons or uncordons `nodes` through the one runner (bounded, retried,
/// audited) and reports the whole as one notice.
async fn set_unschedulable(
    client: kube::Client,
    nodes: Vec<String>,
    on: bool,
    audit: crate::audit::AuditLog,
    tx: mpsc::Sender<Msg>,
) {
    use crate::drain::run::Event;
    let api = crate::drain::api::KubeApi(client);
    let audit_failed = std::sync::Mutex::new(None);
    let report = |e| {
        if let Event::AuditFailed(t) = e
            && let Ok(mut slot) = audit_failed.lock()
        {
            *slot = Some(t);
        }
    };
    // Nothing aborts a cordon but its timeout (the sender stays while it runs).
    let (_keep, abort) = tokio::sync::watch::channel(false);
    let timeout = crate::drain::run::CORDON_TIMEOUT;
    let per_request = crate::drain::run::PER_REQUEST;
    let runner = crate::drain::runner::Runner::new(&api, &audit, &report, abort, per_request, timeout);
    let results = runner
        .set_unschedulable(&nodes, on, Instant::now() + timeout)
        .await;
    let ok = results.iter().all(|r| r.ok);
    let mut text = results
        .iter()
        .map(|r| format!("node/{} {}", r.node, r.text))
        .collect::<Vec<_>>()
        .join("; ");
    if let Some(t) = audit_failed.lock().ok().and_then(|mut s| s.take()) {
        text.push_str(&format!("; {t}"));
    }
    let _ = tx.send(Msg::ActionDone { ok, text }).await;
}

/// What a kubeconfig write (or its absence) tells the user.
fn saved_notice(result: Option<Result<String, String>>) -> (bool, String) {
    match result {
        Some(Ok(text)) => (true, text),
        Some(Err(e)) => (false, format!("the kubeconfig is unchanged: {e}")),
        None => (false, "no kubeconfig to write to".into()),
    }
}

fn apply(app: &mut AppState, msg: Msg, dirty: &mut bool) -> Vec<Effect> {
    let outcome = app.update(msg);
    *dirty |= outcome.changed;
    outcome.effects
}
