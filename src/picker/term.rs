//! Runs a picker inline in the terminal (below the shell prompt, drawn on
//! stderr so that stdout can be redirected): `kon ctx`, `kon ns`, `kubectx`
//! and `kubens` with no argument.

use std::io::{self, IsTerminal, Stderr, Write};

use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind};
use crossterm::terminal::{disable_raw_mode, enable_raw_mode};
use crossterm::{cursor, execute};
use ratatui::backend::{Backend, ClearType, CrosstermBackend};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

use super::PickItem;
use super::model::{Picker, PickerOutcome};
use super::render::render;
use crate::config::theme::Theme;
use crate::term::sgr16::Sgr16;

/// Lets the user pick one of `items`; `Ok(None)` when cancelled. Needs a
/// terminal on stdin and stderr (an error otherwise). The terminal is put
/// back (cooked mode, the picker's area cleared) on every way out.
pub fn pick_in_terminal(title: &str, items: Vec<PickItem>, theme: &Theme) -> io::Result<Option<String>> {
    if !io::stdin().is_terminal() || !io::stderr().is_terminal() {
        return Err(io::Error::other("the picker needs a terminal (stdin and stderr)"));
    }
    let (cols, rows) = crossterm::terminal::size()?;
    let height = viewport_height(items.len(), rows);
    let mut picker = Picker::new(title, items);

    enable_raw_mode()?;
    let mut guard = Guard { terminal: None };
    execute!(io::stderr(), EnableBracketedPaste)?;
    let PickerTerm { terminal, fixed } = guard.terminal.insert(open(height, cols, rows)?);

    loop {
        terminal.draw(|frame| render(frame, frame.area(), &picker, theme))?;
        match event::read()? {
            Event::Key(key) if key.kind != KeyEventKind::Release => match picker.handle_key(key) {
                PickerOutcome::Continue => {}
                PickerOutcome::Chosen(name) => return Ok(Some(name)),
                PickerOutcome::Cancelled => return Ok(None),
            },
            Event::Paste(text) => picker.handle_paste(&text),
            // An inline viewport follows the new size on the next draw; a
            // fixed one is moved to the new bottom.
            Event::Resize(cols, rows) if *fixed => {
                terminal.resize(bottom(cols, rows, height))?;
            }
            _ => {}
        }
    }
}

/// The terminal with the picker's area: inline below the cursor. Finding
/// the cursor asks the terminal over stdout (crossterm), so with stdout
/// redirected, or a terminal that does not answer, the area is the bottom
/// of the screen instead, scrolled up to make room.
fn open(height: u16, cols: u16, rows: u16) -> io::Result<PickerTerm> {
    if io::stdout().is_terminal() {
        let options = TerminalOptions {
            viewport: Viewport::Inline(height),
        };
        if let Ok(t) = Terminal::with_options(CrosstermBackend::new(Sgr16::new(io::stderr())), options) {
            return Ok(PickerTerm {
                terminal: t,
                fixed: false,
            });
        }
    }
    let mut err = io::stderr();
    err.write_all("\r\n".repeat(usize::from(height)).as_bytes())?;
    err.flush()?;
    let options = TerminalOptions {
        viewport: Viewport::Fixed(bottom(cols, rows, height)),
    };
    let terminal = Terminal::with_options(CrosstermBackend::new(Sgr16::new(io::stderr())), options)?;
    Ok(PickerTerm {
        terminal,
        fixed: true,
    })
}

/// The last `height` rows of a `cols` x `rows` screen.
fn bottom(cols: u16, rows: u16, height: u16) -> Rect {
    let height = height.min(rows);
    Rect::new(0, rows.saturating_sub(height), cols, height)
}

/// Rows of the picker's area: the items plus border and query line, at
/// least 5 and at most 20, never more than the terminal has.
fn viewport_height(items: usize, terminal_rows: u16) -> u16 {
    let wanted = u16::try_from(items.saturating_add(3))
        .unwrap_or(u16::MAX)
        .clamp(5, 20);
    wanted.min(terminal_rows.max(1))
}

struct PickerTerm {
    terminal: Terminal<CrosstermBackend<Sgr16<Stderr>>>,
    /// At the bottom of the screen rather than inline.
    fixed: bool,
}

/// Restores the terminal when dropped, whichever way the picker ends.
/// Errors are ignored: a terminal that has gone away needs no restoring.
struct Guard {
    terminal: Option<PickerTerm>,
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(PickerTerm { terminal, .. }) = self.terminal.as_mut() {
            // Clears the picker's area and leaves the cursor at its top, where
            // the shell goes on. (`Terminal::clear` would ask the terminal for
            // the cursor over stdout and put it back where it was.)
            let top = terminal.get_frame().area().as_position();
            let backend = terminal.backend_mut();
            let _ = backend.set_cursor_position(top);
            let _ = backend.clear_region(ClearType::AfterCursor);
        }
        let mut err = io::stderr();
        let _ = execute!(err, DisableBracketedPaste, cursor::Show);
        let _ = err.flush();
        let _ = disable_raw_mode();
    }
}

#[cfg(test)]
mod tests {
    use super::{bottom, viewport_height};
    use ratatui::layout::Rect;

    #[test]
    fn viewport_fits_items_within_bounds() {
        assert_eq!(viewport_height(0, 50), 5);
        assert_eq!(viewport_height(4, 50), 7);
        assert_eq!(viewport_height(500, 50), 20);
        assert_eq!(viewport_height(usize::MAX, 50), 20);
        assert_eq!(viewport_height(500, 8), 8);
        assert_eq!(viewport_height(3, 0), 1);
    }

    #[test]
    fn fixed_viewport_is_the_bottom_of_the_screen() {
        assert_eq!(bottom(80, 24, 7), Rect::new(0, 17, 80, 7));
        assert_eq!(bottom(80, 3, 7), Rect::new(0, 0, 80, 3));
    }
}
