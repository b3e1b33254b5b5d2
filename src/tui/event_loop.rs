//! The event loop (docs/architecture.md, "Data flow"): one task owns `AppState`; a biased
//! `select!` over signals, terminal input, the timers and worker messages;
//! each message goes to `update`, the effects it returns to the
//! [`EffectRunner`]; render only when something changed, at most every frame.
//! Generic over the terminal's backend and its input stream, so that
//! `kon bench` drives the same loop (a `TestBackend`, synthetic keys) as
//! the console (`tui::console`). The loop never blocks on the pane models
//! (they are recomputed on their own thread, scheduled by `tui::recompute`) nor on a
//! flood of cluster reports (drained for a bounded time per turn).

use std::time::Duration;

use anyhow::{Context as _, Result};
use crossterm::event::Event;
use futures::{Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio::signal::unix::{Signal, SignalKind, signal};
use tokio::sync::mpsc;
use tokio::time::{Instant, sleep_until};

use super::effects::{EffectRunner, apply};
use super::input;
use super::probe::{Probe, Work};
use super::recompute::Schedule;
use crate::app::recompute::{RecomputeJob, Recomputed};
use crate::app::{AppState, Msg};
use crate::config::theme::Theme;
use crate::ctxns::switcher::Switcher;
use crate::ui;

/// The shortest time between two frames.
const FRAME: Duration = Duration::from_millis(30);

/// How long one turn of the loop applies queued cluster reports before it
/// looks at input again (during the initial sync of 100000 pods the queue
/// holds seconds of work).
const REPORTS_PER_TURN: Duration = Duration::from_millis(5);

/// How often the loop asks for a recompute with nothing else changed: the
/// control plane shows renewal ages in seconds (`panes::memo::cadence`).
const RECOMPUTE_TICK: Duration = Duration::from_secs(1);

/// Why the console ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Quit,
    Signal(&'static str),
    /// The terminal went away (input closed or failed).
    TerminalGone,
}

/// Why [`Loop::drive`] returned.
pub enum Stop {
    Exit(Exit),
    /// Suspend the console and run this read-only shell (then `quit`, if
    /// the same keys also asked for it), then drive again.
    Shell(crate::shell::Session, bool),
}

/// The signals that end the console (none for `kon bench`'s loop, which
/// leaves Ctrl-C to end the process).
#[derive(Default)]
pub struct Signals {
    term: Option<Signal>,
    hup: Option<Signal>,
    /// Installed again after a shell (a Ctrl-C meant for the shell is not the console's).
    pub int: Option<Signal>,
}

impl Signals {
    pub fn install() -> Result<Self> {
        let one = |kind, name| signal(kind).with_context(|| format!("installing {name} handler"));
        Ok(Self {
            term: Some(one(SignalKind::terminate(), "SIGTERM")?),
            hup: Some(one(SignalKind::hangup(), "SIGHUP")?),
            int: Some(one(SignalKind::interrupt(), "SIGINT")?),
        })
    }
}

/// The next delivery of `s`; never, without a handler.
async fn delivered(s: &mut Option<Signal>) {
    match s {
        Some(s) => {
            s.recv().await;
        }
        None => std::future::pending().await,
    }
}

/// The loop's state between turns (and across a shell).
pub struct Loop<B: Backend> {
    pub app: AppState,
    theme: Theme,
    runner: EffectRunner,
    rx: mpsc::Receiver<Msg>,
    pub term: Terminal<B>,
    /// The screen must be drawn again.
    pub dirty: bool,
    recompute: Schedule,
    /// The recompute thread's jobs ([`recompute_thread`]).
    jobs: std::sync::mpsc::Sender<RecomputeJob>,
    recomputed_rx: mpsc::Receiver<Recomputed>,
    /// Every [`RECOMPUTE_TICK`]: asks for a recompute when time alone
    /// makes a model due (ages, expiry, RPO on an idle cluster), else
    /// draws again (the ages the screens draw from the frame's time).
    tick: tokio::time::Interval,
    last_frame: Instant,
    /// The input events read so far.
    inputs: u64,
    /// An input changed the screen since the last frame: it is drawn at
    /// once, not after the frame interval (which paces the cluster's changes).
    input_waits: bool,
    probe: Option<Probe>,
}

impl<B: Backend> Loop<B>
where
    B::Error: Send + Sync + 'static,
{
    /// Starts the workers of `kube`'s context and the local sources, and
    /// sizes the app to the terminal.
    pub fn start(
        mut app: AppState,
        theme: Theme,
        kube: Option<kube::Config>,
        switcher: Option<Switcher>,
        term: Terminal<B>,
        probe: Option<Probe>,
    ) -> Result<Self> {
        let mut dirty = true;
        let (runner, rx) = EffectRunner::start(&mut app, kube, switcher, &mut dirty);
        let size = term.size().context("reading the terminal size")?;
        app.update(Msg::Resize {
            width: size.width,
            height: size.height,
        });
        let (recomputed_tx, recomputed_rx) = mpsc::channel(1);
        let jobs = recompute_thread(recomputed_tx).context("starting the recompute thread")?;
        let mut tick = tokio::time::interval_at(Instant::now() + RECOMPUTE_TICK, RECOMPUTE_TICK);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        Ok(Self {
            app,
            theme,
            runner,
            rx,
            term,
            dirty,
            recompute: Schedule::default(),
            jobs,
            recomputed_rx,
            tick,
            last_frame: Instant::now() - FRAME,
            inputs: 0,
            input_waits: false,
            probe,
        })
    }

    /// Runs until the console ends or a shell must have the terminal.
    pub async fn drive<S>(&mut self, events: &mut S, signals: &mut Signals) -> Result<Stop>
    where
        S: Stream<Item = std::io::Result<Event>> + Unpin,
    {
        loop {
            let deadline = match self.input_waits {
                true => self.last_frame,
                false => self.last_frame + FRAME,
            };
            let due = self.recompute.due();
            // What the turn did besides an input or a frame, for the probe.
            let mut work = None;
            let effects = tokio::select! {
                biased;
                () = delivered(&mut signals.term) => return Ok(Stop::Exit(Exit::Signal("SIGTERM"))),
                () = delivered(&mut signals.hup) => return Ok(Stop::Exit(Exit::Signal("SIGHUP"))),
                () = delivered(&mut signals.int) => return Ok(Stop::Exit(Exit::Signal("SIGINT"))),
                ev = events.next() => match ev {
                    Some(Ok(ev)) => self.input(ev),
                    Some(Err(e)) => {
                        tracing::warn!(error = %e, "terminal input failed");
                        return Ok(Stop::Exit(Exit::TerminalGone));
                    }
                    None => return Ok(Stop::Exit(Exit::TerminalGone)),
                },
                () = sleep_until(due.unwrap_or(deadline)), if due.is_some() => {
                    work = Some((Work::StartRecompute, Instant::now()));
                    self.start_recompute();
                    vec![]
                }
                _ = self.tick.tick() => {
                    work = Some((Work::Tick, Instant::now()));
                    // A recompute only when time alone makes a model due
                    // (`panes::memo`: a deadline or cadence came); else no
                    // snapshot, and the frame's time moves on. Drawn again
                    // when a screen draws ages from it (an empty console
                    // writes nothing while idle).
                    if self.app.time_passes(crate::clock::unix_now()) {
                        self.recompute.request(Instant::now());
                    }
                    self.dirty |= self.app.draws_ages();
                    vec![]
                }
                Some(r) = self.recomputed_rx.recv() => {
                    work = Some((Work::Recomputed, Instant::now()));
                    self.recompute.finished(Instant::now());
                    // The models replaced are freed off the loop: the last
                    // pods model's 150000 rows (shared with the new one
                    // but for those that changed) are as many scattered
                    // reference counts to touch.
                    let replaced = self.app.live.panes.clone();
                    let effects = apply(&mut self.app, Msg::Recomputed(Box::new(r)), &mut self.dirty);
                    tokio::task::spawn_blocking(move || drop(replaced));
                    effects
                }
                () = sleep_until(deadline), if self.dirty => {
                    self.draw()?;
                    vec![]
                }
                Some(report) = self.runner.cluster.rx.recv() => {
                    work = Some((Work::Cluster, Instant::now()));
                    let mut effects = apply(&mut self.app, Msg::Cluster(report), &mut self.dirty);
                    // What is already queued, for a bounded time: input is read between batches.
                    let until = std::time::Instant::now() + REPORTS_PER_TURN;
                    while std::time::Instant::now() < until
                        && let Ok(report) = self.runner.cluster.rx.try_recv()
                    {
                        effects.extend(apply(&mut self.app, Msg::Cluster(report), &mut self.dirty));
                    }
                    effects
                }
                Some(msg) = self.rx.recv() => {
                    work = Some((Work::Messages, Instant::now()));
                    apply(&mut self.app, msg, &mut self.dirty)
                }
                msg = self.runner.logs.recv() => {
                    work = Some((Work::Messages, Instant::now()));
                    let mut effects = apply(&mut self.app, msg, &mut self.dirty);
                    // The batches already waiting, before the next frame.
                    while let Some(msg) = self.runner.logs.try_recv() {
                        effects.extend(apply(&mut self.app, msg, &mut self.dirty));
                    }
                    effects
                }
            };
            let todo = self.runner.run(&mut self.app, effects, &mut self.dirty).await;
            if let (Some(p), Some((work, started))) = (&self.probe, work) {
                p.busy(work, started);
            }
            if todo.clear_screen {
                self.term.clear().context("clearing the screen")?;
                self.dirty = true;
            }
            if todo.schedule_recompute {
                self.recompute.request(Instant::now());
            }
            if let Some(session) = todo.shell {
                return Ok(Stop::Shell(session, todo.quit));
            }
            if todo.quit {
                return Ok(Stop::Exit(Exit::Quit));
            }
        }
    }

    /// Applies one input event (and tells the probe).
    fn input(&mut self, ev: Event) -> Vec<crate::app::Effect> {
        let read = Instant::now();
        self.inputs += 1;
        let Some(msg) = input::to_msg(ev) else {
            if let Some(p) = &self.probe {
                p.input(self.inputs, false, &self.app, read);
            }
            return vec![];
        };
        let outcome = self.app.update(msg);
        self.dirty |= outcome.changed;
        self.input_waits |= outcome.changed;
        if let Some(p) = &self.probe {
            p.input(self.inputs, outcome.changed, &self.app, read);
        }
        outcome.effects
    }

    /// Snapshots what the models read and recomputes them on the
    /// recompute thread; the result comes back on `recomputed_rx`.
    fn start_recompute(&mut self) {
        self.recompute.started(Instant::now());
        if let Some(p) = &self.probe {
            p.recompute();
        }
        let job = self.app.recompute_job(crate::clock::unix_now());
        if self.jobs.send(job).is_err() {
            // The thread is gone (a job panicked): no models come back,
            // and none are asked for again (the schedule keeps this one in
            // flight), as when a job panicked on a blocking thread before.
            tracing::error!("the recompute thread is gone; the models are no longer recomputed");
        }
    }

    fn draw(&mut self) -> Result<()> {
        let started = Instant::now();
        let (app, theme) = (&self.app, &self.theme);
        self.term.draw(|f| ui::render(app, theme, f)).context("drawing")?;
        self.dirty = false;
        self.input_waits = false;
        self.last_frame = Instant::now();
        if let Some(p) = &self.probe {
            p.frame(self.inputs, started);
        }
        Ok(())
    }

    /// After a shell: tell what happened, and draw everything again.
    pub async fn after_shell(&mut self, ok: bool, text: String) {
        let effects = apply(&mut self.app, Msg::ActionDone { ok, text }, &mut self.dirty);
        self.runner.run(&mut self.app, effects, &mut self.dirty).await;
        self.dirty = true;
    }
}

/// The thread the loop's recomputes run on, one after another, at a lower
/// priority than the loop's (`thread_priority::lower`): at 150000 pods
/// under churn a recompute takes a second of CPU, which on 2 cores shared
/// with other processes must not keep a key's update or frame waiting.
/// It ends when the loop drops its sender or stops listening.
fn recompute_thread(tx: mpsc::Sender<Recomputed>) -> std::io::Result<std::sync::mpsc::Sender<RecomputeJob>> {
    let (jobs, rx) = std::sync::mpsc::channel::<RecomputeJob>();
    std::thread::Builder::new()
        .name("kon-recompute".into())
        .spawn(move || {
            if !crate::thread_priority::lower() {
                tracing::debug!("the recompute thread runs at the loop's priority");
            }
            while let Ok(job) = rx.recv() {
                if tx.blocking_send(job.run()).is_err() {
                    break;
                }
            }
        })?;
    Ok(jobs)
}

#[cfg(test)]
#[path = "event_loop_tests.rs"]
mod tests;
