//! Terminal lifecycle: raw mode and the alternate screen, restored on every
//! way out (normal exit, error, panic, signal) by a drop guard and a panic
//! hook that chains to the previous one.

use std::io::{self, BufWriter, Stdout, Write};

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::term::sgr16::Sgr16;

/// Colours 0–15 go out as the classic SGR codes ([`crate::term::sgr16`]).
pub type Term = Terminal<CrosstermBackend<Sgr16<BufWriter<Stdout>>>>;

/// Restores the terminal when dropped. Errors are ignored: on a dropped SSH
/// session the terminal is gone and there is nothing left to restore.
pub struct TerminalGuard {
    _private: (),
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Puts the terminal back: leave the alternate screen, show the cursor,
/// cooked mode. Only the first call acts (the panic hook runs before the
/// guard drops): leaving the alternate screen twice would move the cursor
/// back up and overwrite the panic message.
pub fn restore() {
    if !crossterm::terminal::is_raw_mode_enabled().unwrap_or(true) {
        return;
    }
    let mut out = io::stdout();
    let _ = execute!(out, DisableBracketedPaste, LeaveAlternateScreen, cursor::Show);
    let _ = out.flush();
    let _ = disable_raw_mode();
}

/// Takes the terminal back after something else had it (the read-only
/// shell): raw mode, the alternate screen cleared, bracketed paste, no
/// cursor; a new [`Term`] whose first draw paints everything (clearing
/// through ratatui would ask the terminal where its cursor is).
pub fn resume() -> io::Result<Term> {
    enable_raw_mode()?;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        Clear(ClearType::All),
        EnableBracketedPaste,
        cursor::Hide
    )?;
    let out = BufWriter::with_capacity(64 * 1024, io::stdout());
    Terminal::new(CrosstermBackend::new(Sgr16::new(out)))
}

/// Enters raw mode and the alternate screen, and installs the panic hook.
pub fn setup() -> io::Result<(Term, TerminalGuard)> {
    install_panic_hook();
    enable_raw_mode()?;
    let guard = TerminalGuard { _private: () };
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste,
        cursor::Hide
    )?;
    // One write per frame, not one per cell run: fewer packets over SSH.
    let out = BufWriter::with_capacity(64 * 1024, io::stdout());
    let backend = CrosstermBackend::new(Sgr16::new(out));
    let terminal = Terminal::new(backend)?;
    Ok((terminal, guard))
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}
