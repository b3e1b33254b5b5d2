//! The event loop (docs/architecture.md, "Data flow"): one task owns `AppState`; a biased
//! `select!` over signals, terminal input, the timers and worker messages;
//! each message goes to `update`, the effects it returns to the
//! [`EffectRunner`]; render only when something changed, at most every frame.

use std::time::Duration;

use anyhow::{Context as _, Result};
use crossterm::event::EventStream;
use futures::StreamExt;
use tokio::signal::unix::{SignalKind, signal};
use tokio::time::{Instant, sleep_until};

use super::effects::{EffectRunner, apply};
use super::{input, terminal};
use crate::app::{AppState, Msg};
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

pub async fn run(
    mut app: AppState,
    theme: Theme,
    kube: Option<kube::Config>,
    switcher: Option<Switcher>,
) -> Result<Exit> {
    let mut dirty = true;
    let (mut effects_runner, mut rx) = EffectRunner::start(&mut app, kube, switcher, &mut dirty);

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
            Some(report) = effects_runner.cluster.rx.recv() => {
                let mut effects = apply(&mut app, Msg::Cluster(report), &mut dirty);
                // Drain what is already queued before the next frame.
                while let Ok(report) = effects_runner.cluster.rx.try_recv() {
                    effects.extend(apply(&mut app, Msg::Cluster(report), &mut dirty));
                }
                effects
            }
            Some(msg) = rx.recv() => apply(&mut app, msg, &mut dirty),
            msg = effects_runner.logs.recv() => {
                let mut effects = apply(&mut app, msg, &mut dirty);
                // The batches already waiting, before the next frame.
                while let Some(msg) = effects_runner.logs.try_recv() {
                    effects.extend(apply(&mut app, msg, &mut dirty));
                }
                effects
            }
        };
        let todo = effects_runner.run(&mut app, effects, &mut dirty).await;
        if todo.clear_screen {
            term.clear().context("clearing the screen")?;
            dirty = true;
        }
        if todo.schedule_recompute {
            let delay = RECOMPUTE_DELAY.max(recompute_cost * 3);
            recompute_at.get_or_insert_with(|| Instant::now() + delay);
        }
        if let Some(session) = todo.shell {
            // The shell gets the terminal: no reader of ours, cooked mode, the main screen.
            drop(events);
            terminal::restore();
            let ended = crate::shell::run(&session, &mut std::io::stderr()).await;
            term = terminal::resume().context("restoring the terminal after the shell")?;
            events = EventStream::new();
            // A Ctrl-C meant for the shell is not the console's.
            sigint = signal(SignalKind::interrupt()).context("installing SIGINT handler")?;
            let (ok, text) = match ended {
                Ok(crate::shell::Ended::Signal(name)) => break Exit::Signal(name),
                Ok(crate::shell::Ended::Exited) => {
                    (true, format!("read-only shell in {} ended", session.context))
                }
                Err(e) => (false, format!("read-only shell in {}: {e}", session.context)),
            };
            let effects = apply(&mut app, Msg::ActionDone { ok, text }, &mut dirty);
            effects_runner.run(&mut app, effects, &mut dirty).await;
            dirty = true;
        }
        if todo.quit {
            break Exit::Quit;
        }
    };
    drop(effects_runner);
    tracing::info!(?exit, "console ended");
    Ok(exit)
}
