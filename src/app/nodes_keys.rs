//! Keys in the nodes table and in its `/` filter line.

use ratatui_textarea::TextArea;

use super::action::{Action, Mode};
use super::keys::{Key, KeyChord};
use super::nodes_table::Column;
use super::{AppState, Outcome, to_textarea_input};

impl AppState {
    pub(super) fn on_nodes(&mut self, action: Option<Action>) -> Outcome {
        let page = self.table_page();
        let before = self.nodes_table.clone();
        let rows = self.panes.nodes.as_deref().unwrap_or(&[]);
        let t = &mut self.nodes_table;
        let step = isize::try_from(page).unwrap_or(isize::MAX);
        match action {
            // Esc clears an applied filter first, then leaves (as in k9s).
            Some(Action::Close) if !t.filter.is_empty() => {
                t.filter.clear();
                self.filter_line = TextArea::default();
                self.refresh_table();
            }
            Some(Action::Filter) => {
                self.mode = Mode::Filter;
                let mut line = TextArea::from([t.filter.clone()]);
                line.move_cursor(ratatui_textarea::CursorMove::End);
                self.filter_line = line;
                return Outcome::changed();
            }
            Some(a @ (Action::Sort | Action::SortBack)) => {
                let n = Column::ALL.len();
                let i = Column::ALL.iter().position(|c| *c == t.sort).unwrap_or(0);
                let step = if a == Action::Sort { 1 } else { n - 1 };
                t.sort = Column::ALL[(i + step) % n];
                t.reversed = false;
                self.refresh_table();
            }
            Some(Action::Reverse) => {
                t.reversed = !t.reversed;
                self.refresh_table();
            }
            Some(Action::Up) => t.move_by(-1, rows, page),
            Some(Action::Down) => t.move_by(1, rows, page),
            Some(Action::PageUp) => t.move_by(-step, rows, page),
            Some(Action::PageDown) => t.move_by(step, rows, page),
            Some(Action::Top) => t.to_top(rows, page),
            Some(Action::Bottom) => t.to_bottom(rows, page),
            other => {
                if let Some(o) = self.on_view_common(other) {
                    return o;
                }
            }
        }
        Outcome {
            effects: vec![],
            changed: before != self.nodes_table,
        }
    }

    /// Typing the filter: every edit filters the table at once; Enter keeps
    /// it, Esc clears it.
    pub(super) fn on_filter(&mut self, action: Option<Action>, chord: KeyChord) -> Outcome {
        match action {
            Some(Action::Submit) => {
                self.mode = Mode::Nodes;
                return Outcome::changed();
            }
            Some(Action::Cancel) => {
                self.mode = Mode::Nodes;
                self.filter_line = TextArea::default();
            }
            _ => {
                if chord.key == Key::Enter {
                    return Outcome::default();
                }
                // Backspace on an empty filter leaves the line.
                if chord == KeyChord::plain(Key::Backspace) && self.nodes_table.filter.is_empty() {
                    self.mode = Mode::Nodes;
                    return Outcome::changed();
                }
                if !self.filter_line.input(to_textarea_input(chord)) {
                    return Outcome::default();
                }
            }
        }
        let text = self.filter_line.lines().join(" ");
        if text != self.nodes_table.filter {
            self.nodes_table.filter = text;
            self.nodes_table.cursor = 0;
            self.refresh_table();
        }
        Outcome::changed()
    }

    /// Pasting into the filter line (newlines become spaces).
    pub(super) fn paste_filter(&mut self, text: &str) -> Outcome {
        if !self.filter_line.insert_str(text.replace(['\r', '\n'], " ")) {
            return Outcome::default();
        }
        self.nodes_table.filter = self.filter_line.lines().join(" ");
        self.refresh_table();
        Outcome::changed()
    }
}
