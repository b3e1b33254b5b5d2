//! The console on the real terminal: raw mode and the alternate screen,
//! crossterm's input stream, the event loop, and the read-only shell that
//! borrows the terminal for a while.

use anyhow::{Context as _, Result};
use crossterm::event::EventStream;
use tokio::signal::unix::{SignalKind, signal};

use super::event_loop::{Exit, Loop, Signals, Stop};
use super::terminal;
use crate::app::AppState;
use crate::config::theme::Theme;
use crate::ctxns::switcher::Switcher;

pub async fn run(
    app: AppState,
    theme: Theme,
    kube: Option<kube::Config>,
    switcher: Option<Switcher>,
) -> Result<Exit> {
    let mut signals = Signals::install()?;
    let (term, _guard) = terminal::setup().context("setting up the terminal")?;
    let mut lp = Loop::start(app, theme, kube, switcher, term, None)?;
    let mut events = EventStream::new();
    let exit = loop {
        let (session, quit) = match lp.drive(&mut events, &mut signals).await? {
            Stop::Exit(exit) => break exit,
            Stop::Shell(session, quit) => (session, quit),
        };
        // The shell gets the terminal: no reader of ours, cooked mode, the main screen.
        drop(events);
        terminal::restore();
        let ended = crate::shell::run(&session, &mut std::io::stderr()).await;
        lp.term = terminal::resume().context("restoring the terminal after the shell")?;
        events = EventStream::new();
        // A Ctrl-C meant for the shell is not the console's.
        signals.int = Some(signal(SignalKind::interrupt()).context("installing SIGINT handler")?);
        let (ok, text) = match ended {
            Ok(crate::shell::Ended::Signal(name)) => break Exit::Signal(name),
            Ok(crate::shell::Ended::Exited) => {
                (true, format!("read-only shell in {} ended", session.context))
            }
            Err(e) => (false, format!("read-only shell in {}: {e}", session.context)),
        };
        lp.after_shell(ok, text).await;
        if quit {
            break Exit::Quit;
        }
    };
    // The workers stop before the terminal is given back.
    drop(lp);
    tracing::info!(?exit, "console ended");
    Ok(exit)
}
