//! `kon bench`'s figures through the console's own event loop
//! (`tui::event_loop::Loop`, a 160x48 `TestBackend`, its real workers
//! against the cluster): keys typed at a steady rate from another thread
//! during the initial sync and after it, on the dashboard and in the pods
//! table, each timed from its arrival to the frame that shows it
//! (p50/p99/max); then the synced console left idle for `--idle-seconds`,
//! its CPU seconds per minute and RSS from /proc, and the same of a peer
//! console (`--peer`) over the same window. It measures; it asserts nothing.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use crossterm::event::Event;
use futures::channel::mpsc as fmpsc;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc;

use super::bench_keys::{self, What};
use super::bench_peer::Peer;
use super::bench_proc;
use crate::app::keys::KeyChord;
use crate::app::{AppState, Settings};
use crate::config::theme::Theme;
use crate::kubeconfig::target::Target;
use crate::tui::event_loop::{Loop, Signals, Stop};
use crate::tui::probe::{Probe, Seen};

/// How the loop is exercised.
pub struct Plan {
    pub key_every: Duration,
    /// Rounds of the key script once synced.
    pub rounds_after_sync: usize,
    /// Give up waiting for the sync (keys stop) after this long.
    pub timeout: Duration,
    pub idle: Duration,
    pub peer: Option<String>,
    /// How long the peer runs before its idle window (its own sync).
    pub peer_warmup: Duration,
    pub kubeconfig: Option<std::path::PathBuf>,
}

type Input = std::io::Result<Event>;

/// What the typing thread sent: when, and what each key exercised.
struct Typed {
    sent: Vec<Instant>,
    what: Vec<What>,
}

/// Types the script's rounds every `key_every` until `settled` has been
/// seen, then `rounds_after` more (or until the timeout).
fn type_keys(
    tx: fmpsc::UnboundedSender<Input>,
    settled: Arc<AtomicBool>,
    plan: (Duration, usize, Duration),
) -> Typed {
    let (every, rounds_after, timeout) = plan;
    let started = Instant::now();
    let mut typed = Typed {
        sent: Vec::new(),
        what: Vec::new(),
    };
    let mut after = 0;
    while after < rounds_after && started.elapsed() < timeout {
        let synced_before = settled.load(Ordering::Relaxed);
        for (what, key) in bench_keys::round() {
            let Ok(chord) = KeyChord::parse(key) else {
                continue;
            };
            let ev = Event::Key(crate::app::key_events::to_key_event(chord));
            typed.sent.push(Instant::now());
            typed.what.push(what);
            if tx.unbounded_send(Ok(ev)).is_err() {
                return typed;
            }
            std::thread::sleep(every);
        }
        if synced_before {
            after += 1;
        }
    }
    typed
}

/// Runs the console's loop against `config`'s cluster and prints its figures.
pub async fn run(target: Target, config: kube::Config, theme: Theme, plan: Plan) -> Result<()> {
    let build = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    let app = AppState::new(Settings::for_target(target));
    let term = Terminal::new(TestBackend::new(160, 48)).context("test terminal")?;
    let (probe_tx, mut probe_rx) = mpsc::unbounded_channel();
    let mut lp = Loop::start(app, theme, Some(config), None, term, Some(Probe(probe_tx)))?;
    let (keys_tx, mut keys_rx) = fmpsc::unbounded::<Input>();
    let settled = Arc::new(AtomicBool::new(false));
    let typist = {
        let (tx, settled) = (keys_tx.clone(), settled.clone());
        let p = (plan.key_every, plan.rounds_after_sync, plan.timeout);
        std::thread::spawn(move || type_keys(tx, settled, p))
    };
    let started = Instant::now();
    let mut signals = Signals::default();
    let driving = lp.drive(&mut keys_rx, &mut signals);
    let watching = async {
        let mut seen: Vec<Seen> = Vec::new();
        let mut synced_after = None;
        let mut tick = tokio::time::interval(Duration::from_millis(100));
        while !typist.is_finished() {
            tokio::select! {
                Some(s) = probe_rx.recv() => {
                    if let Seen::Input { settled: true, .. } = s && synced_after.is_none() {
                        synced_after = Some(started.elapsed());
                        settled.store(true, Ordering::Relaxed);
                    }
                    seen.push(s);
                }
                _ = tick.tick() => {}
            }
        }
        // The last keys' frames.
        tokio::time::sleep(Duration::from_millis(500)).await;
        while let Ok(s) = probe_rx.try_recv() {
            seen.push(s);
        }
        let typed = typist.join().ok();
        let idle = idle(&plan, &mut probe_rx).await;
        drop(keys_tx);
        (seen, typed, synced_after, idle)
    };
    let (stop, (seen, typed, synced_after, idle)) = tokio::join!(driving, watching);
    if let Err(e) = stop {
        println!("loop: ended with an error: {e:#}");
    } else if let Ok(Stop::Shell(..)) = stop {
        println!("loop: asked for a shell (not run by the bench)");
    }
    let Some(typed) = typed else {
        println!("loop: the typing thread panicked; no key figures");
        return Ok(());
    };
    let store = &lp.app.live.store;
    println!(
        "loop ({build} build, 160x48, a key every {:?}): {} keys; synced {} ({} nodes, {} pods)",
        plan.key_every,
        typed.sent.len(),
        match synced_after {
            Some(d) => format!("after {d:.2?}"),
            None => "never (keys stopped at the timeout)".to_string(),
        },
        store.nodes.len(),
        store.pods.len(),
    );
    println!("key to frame through the console's loop:");
    for ((settled, what), g) in bench_keys::latencies(&typed.sent, &typed.what, &seen) {
        println!("{}", bench_keys::line(settled, what, &g));
        if !g.times.is_empty() {
            println!("{}", bench_keys::parts_line(&g));
        }
    }
    println!("the loop's other work after the sync (what a key waited for):");
    for (work, times) in bench_keys::work_after_sync(&seen) {
        println!("{}", bench_keys::work_line(work, &times));
    }
    for line in idle {
        println!("{line}");
    }
    Ok(())
}

/// The synced console idle for the plan's window (the peer, if any, started
/// before it and measured over the same window): the printed lines.
async fn idle(plan: &Plan, probe_rx: &mut mpsc::UnboundedReceiver<Seen>) -> Vec<String> {
    let peer = match &plan.peer {
        Some(cmd) => match Peer::start(cmd, plan.kubeconfig.as_deref()) {
            Ok(p) => {
                tokio::time::sleep(plan.peer_warmup).await;
                Ok(Some(p))
            }
            Err(e) => Err(format!("peer `{cmd}`: not measured: {e:#}")),
        },
        None => Ok(None),
    };
    while probe_rx.try_recv().is_ok() {}
    let (kon_a, peer_a) = (
        bench_proc::sample(None),
        peer.as_ref().ok().and_then(|p| p.as_ref()?.sample()),
    );
    let mut frames = 0u64;
    let until = tokio::time::Instant::now() + plan.idle;
    loop {
        tokio::select! {
            () = tokio::time::sleep_until(until) => break,
            Some(s) = probe_rx.recv() => frames += u64::from(matches!(s, Seen::Frame { .. })),
        }
    }
    let kon_b = bench_proc::sample(None);
    let mut lines = Vec::new();
    match (kon_a, kon_b) {
        (Some(a), Some(b)) => lines.push(format!(
            "idle synced console: {}, {frames} frames drawn",
            bench_proc::describe(&a, &b)
        )),
        _ => lines.push("idle synced console: unavailable (no /proc)".into()),
    }
    match peer {
        Err(text) => lines.push(text),
        Ok(None) => {}
        Ok(Some(p)) => match (peer_a, p.sample()) {
            (Some(a), Some(b)) => lines.push(format!(
                "peer `{}` (pid {}, started {:.0} s before the window): {}",
                p.command,
                p.pid,
                plan.peer_warmup.as_secs_f64(),
                bench_proc::describe(&a, &b)
            )),
            _ => lines.push(format!(
                "peer `{}`: ended before the window closed; not measured",
                p.command
            )),
        },
    }
    lines
}
