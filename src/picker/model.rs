//! The picker's state: a one-line query, the items, the matches of the query
//! (fzf syntax, best first) and a cursor among them. No I/O, no drawing.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::cell::Cell;

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use ratatui::style::Style;
use ratatui_textarea::{CursorMove, Input, TextArea};

use super::PickItem;

/// What a key did to the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickerOutcome {
    /// Still picking (the query or the cursor may have changed).
    Continue,
    /// Enter on an item: its name.
    Chosen(String),
    /// Esc, ctrl-c, ctrl-g or ctrl-q.
    Cancelled,
}

/// One item that matches the query.
#[derive(Debug, Clone)]
pub(super) struct Match {
    /// Index into the items.
    pub(super) index: usize,
    pub(super) score: u32,
    /// Matched character positions in the name (char indices, sorted, unique).
    pub(super) positions: Vec<u32>,
}

/// A fuzzy picker over named items.
#[derive(Debug)]
pub struct Picker {
    title: String,
    items: Vec<PickItem>,
    input: TextArea<'static>,
    /// The query the matches were computed for.
    query: String,
    matches: Vec<Match>,
    /// Index into `matches`.
    cursor: usize,
    /// First match shown; kept by the renderer so the cursor stays visible
    /// (a `Cell`: drawing reads the picker, it does not own it).
    offset: Cell<usize>,
    /// Rows of the list at the last render: the PageUp/PageDown step.
    page: Cell<usize>,
}

impl Picker {
    /// A picker with an empty query; the cursor starts on the current item.
    pub fn new(title: impl Into<String>, items: Vec<PickItem>) -> Self {
        let mut picker = Picker {
            title: title.into(),
            items,
            input: new_input(""),
            query: String::new(),
            matches: Vec::new(),
            cursor: 0,
            offset: Cell::new(0),
            page: Cell::new(1),
        };
        picker.recompute();
        picker.cursor = picker.start_cursor();
        picker
    }

    /// Applies a key: edits the query, moves the cursor, chooses or cancels.
    pub fn handle_key(&mut self, key: KeyEvent) -> PickerOutcome {
        if key.kind == KeyEventKind::Release {
            return PickerOutcome::Continue;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        match key.code {
            KeyCode::Esc => return PickerOutcome::Cancelled,
            KeyCode::Char('c' | 'g' | 'q') if ctrl => return PickerOutcome::Cancelled,
            KeyCode::Enter => return self.choose(),
            KeyCode::Char('m') if ctrl => return self.choose(),
            KeyCode::Up => self.move_by(-1),
            KeyCode::Down => self.move_by(1),
            KeyCode::Char('p' | 'k') if ctrl && !alt => self.move_by(-1),
            KeyCode::Char('n' | 'j') if ctrl && !alt => self.move_by(1),
            KeyCode::PageUp => self.move_by(-page_step(self.page.get())),
            KeyCode::PageDown => self.move_by(page_step(self.page.get())),
            // Not for a one-line query: tab, the textarea's own scrolling.
            KeyCode::Tab | KeyCode::BackTab => {}
            KeyCode::Char('v') if ctrl || alt => {}
            KeyCode::Char(c) if c.is_control() => {}
            // Like a shell (the textarea would undo).
            KeyCode::Char('u') if ctrl && !alt => {
                self.input.delete_line_by_head();
                self.query_edited();
            }
            _ => {
                if self.input.input(Input::from(key)) {
                    self.query_edited();
                }
            }
        }
        PickerOutcome::Continue
    }

    /// Inserts pasted text into the query at the cursor (newlines dropped,
    /// other control characters too; tabs become spaces).
    pub fn handle_paste(&mut self, text: &str) {
        let clean: String = text
            .chars()
            .filter(|c| *c != '\n' && *c != '\r')
            .map(|c| if c == '\t' { ' ' } else { c })
            .filter(|c| !c.is_control())
            .collect();
        if !clean.is_empty() && self.input.insert_str(clean) {
            self.query_edited();
        }
    }

    /// The item under the cursor among the matches.
    pub fn selected(&self) -> Option<&PickItem> {
        self.matches
            .get(self.cursor)
            .and_then(|m| self.items.get(m.index))
    }

    /// The query as typed.
    pub fn query(&self) -> String {
        self.input.lines().concat()
    }

    pub fn title(&self) -> &str {
        &self.title
    }

    /// How many items match the query.
    pub fn matched(&self) -> usize {
        self.matches.len()
    }

    /// How many items there are.
    pub fn total(&self) -> usize {
        self.items.len()
    }

    /// Replaces the items (e.g. namespaces that arrived later). The query
    /// stays; the cursor stays on the same name if it is still matched.
    pub fn set_items(&mut self, items: Vec<PickItem>) {
        let keep = self.selected().map(|i| i.name.clone());
        self.items = items;
        self.recompute();
        let same = keep.and_then(|name| {
            let is_it = |m: &Match| self.items.get(m.index).is_some_and(|i| i.name == name);
            self.matches.iter().position(is_it)
        });
        self.cursor = same.unwrap_or_else(|| self.start_cursor());
        self.offset.set(0);
    }

    // ---- for the renderer ----

    pub(super) fn input(&self) -> &TextArea<'static> {
        &self.input
    }

    pub(super) fn matches(&self) -> &[Match] {
        &self.matches
    }

    pub(super) fn item(&self, index: usize) -> Option<&PickItem> {
        self.items.get(index)
    }

    pub(super) fn cursor(&self) -> usize {
        self.cursor
    }

    /// Records the list height and scrolls so that the cursor is visible;
    /// returns the first match to show.
    pub(super) fn scroll_to_cursor(&self, height: usize) -> usize {
        let height = height.max(1);
        self.page.set(height);
        let mut view = crate::viewport::Viewport {
            cursor: self.cursor,
            offset: self.offset.get(),
        };
        // No blank rows below the last match while there are more above.
        view.clamp(self.matches.len(), height);
        self.offset.set(view.offset);
        view.offset
    }

    // ---- internals ----

    fn choose(&self) -> PickerOutcome {
        match self.selected() {
            Some(item) => PickerOutcome::Chosen(item.name.clone()),
            None => PickerOutcome::Continue,
        }
    }

    fn move_by(&mut self, delta: isize) {
        let last = self.matches.len().saturating_sub(1);
        self.cursor = self.cursor.saturating_add_signed(delta).min(last);
    }

    /// The cursor for a fresh list: the current item with no query, else
    /// the best match.
    fn start_cursor(&self) -> usize {
        if !self.query.trim().is_empty() {
            return 0;
        }
        self.matches
            .iter()
            .position(|m| self.items.get(m.index).is_some_and(|i| i.current))
            .unwrap_or(0)
    }

    /// After an edit: keeps the query on one line, and if it changed,
    /// matches again and puts the cursor on the best match.
    fn query_edited(&mut self) {
        if self.input.lines().len() > 1 {
            let text = self.input.lines().concat();
            self.input = new_input(&text);
        }
        let text = self.query();
        if text != self.query {
            self.query = text;
            self.recompute();
            self.cursor = 0;
            self.offset.set(0);
        }
    }

    fn recompute(&mut self) {
        self.matches = match_items(&self.items, &self.query);
        self.cursor = self.cursor.min(self.matches.len().saturating_sub(1));
    }
}

fn page_step(page: usize) -> isize {
    isize::try_from(page.max(1)).unwrap_or(isize::MAX)
}

fn new_input(text: &str) -> TextArea<'static> {
    let mut input = TextArea::from([text.to_string()]);
    input.set_cursor_line_style(Style::default());
    input.move_cursor(CursorMove::End);
    input
}

/// The items matching `query` (fzf syntax, smart case): with an empty query
/// all of them in order, else best score first, ties in the given order.
pub(super) fn match_items(items: &[PickItem], query: &str) -> Vec<Match> {
    if query.trim().is_empty() {
        let all = items.iter().enumerate();
        return all
            .map(|(index, _)| Match {
                index,
                score: 0,
                positions: Vec::new(),
            })
            .collect();
    }
    let pattern = Pattern::parse(query, CaseMatching::Smart, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut positions = Vec::new();
    let mut out = Vec::new();
    for (index, item) in items.iter().enumerate() {
        positions.clear();
        let hay = utf32(&item.name, &mut buf);
        if let Some(score) = pattern.indices(hay, &mut matcher, &mut positions) {
            positions.sort_unstable();
            positions.dedup();
            out.push(Match {
                index,
                score,
                positions: positions.clone(),
            });
        }
    }
    // Stable: equal scores keep the given order.
    out.sort_by_key(|m| std::cmp::Reverse(m.score));
    out
}

/// The name as the matcher sees it: one entry per `char`, so that match
/// positions are char indices of the name.
fn utf32<'a>(s: &'a str, buf: &'a mut Vec<char>) -> Utf32Str<'a> {
    if s.is_ascii() {
        return Utf32Str::Ascii(s.as_bytes());
    }
    buf.clear();
    buf.extend(s.chars());
    Utf32Str::Unicode(buf)
}

#[cfg(test)]
#[path = "model_tests.rs"]
mod tests;
