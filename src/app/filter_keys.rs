//! The `/` filter line of the nodes table, the pods table and the findings list: every
//! edit filters at once; Enter keeps the filter, Esc clears it.

use ratatui_textarea::TextArea;

use super::action::{Action, Mode};
use super::key_events::to_textarea_input;
use super::keys::{Key, KeyChord};
use super::{AppState, Updated};

impl AppState {
    /// The filter of the list on screen (`target`: Nodes or Findings).
    fn filter_mut(&mut self) -> &mut String {
        match self.nav.filter_target {
            Mode::Findings => &mut self.features.findings_list.filter,
            Mode::Workloads => &mut self.features.workloads.filter,
            Mode::Events => &mut self.features.events.filter,
            Mode::Pods => &mut self.features.pods_table.filter,
            Mode::Fleet => &mut self.features.fleet.filter,
            Mode::Logs if self.features.logs.view.is_some() => match self.features.logs.view.as_mut() {
                Some(v) => &mut v.query,
                None => &mut self.features.nodes_table.filter,
            },
            Mode::Describe => &mut self.features.describe.search,
            _ => &mut self.features.nodes_table.filter,
        }
    }

    fn refilter(&mut self) {
        match self.nav.filter_target {
            Mode::Findings => self.refresh_findings(),
            Mode::Workloads => self.refresh_workloads(),
            Mode::Events => self.refresh_events(),
            Mode::Pods => self.refresh_pods(),
            Mode::Fleet => self.refresh_fleet(),
            Mode::Logs => self.logs_requery(),
            Mode::Describe => self.search_describe(),
            _ => self.refresh_table(),
        }
    }

    /// Opens the filter line over `target`, with its current filter.
    pub(super) fn open_filter(&mut self, target: Mode) -> Updated {
        self.nav.filter_target = target;
        self.nav.mode = Mode::Filter;
        let mut line = TextArea::from([self.filter_mut().clone()]);
        line.move_cursor(ratatui_textarea::CursorMove::End);
        self.nav.filter_line = line;
        Updated::changed()
    }

    pub(super) fn on_filter(&mut self, action: Option<Action>, chord: KeyChord) -> Updated {
        let back = self.nav.filter_target;
        match action {
            Some(Action::Submit) => {
                self.nav.mode = back;
                if back == Mode::Logs {
                    self.logs_search_submitted();
                }
                return Updated::changed();
            }
            // Esc on the log view's search line drops the search.
            Some(Action::Cancel) if back == Mode::Logs => {
                self.nav.mode = back;
                self.nav.filter_line = TextArea::default();
                self.filter_mut().clear();
                self.logs_requery();
                return Updated::changed();
            }
            Some(Action::Cancel) => {
                self.nav.mode = back;
                self.nav.filter_line = TextArea::default();
            }
            _ => {
                if chord.key == Key::Enter {
                    return Updated::default();
                }
                // Backspace on an empty filter leaves the line.
                if chord == KeyChord::plain(Key::Backspace) && self.filter_mut().is_empty() {
                    self.nav.mode = back;
                    return Updated::changed();
                }
                if !self.nav.filter_line.input(to_textarea_input(chord)) {
                    return Updated::default();
                }
            }
        }
        let text = self.nav.filter_line.lines().join(" ");
        if text != *self.filter_mut() {
            *self.filter_mut() = text;
            match back {
                Mode::Findings => self.features.findings_list.view.cursor = 0,
                Mode::Workloads => self.features.workloads.view.cursor = 0,
                Mode::Events => self.features.events.view.cursor = 0,
                Mode::Pods => self.features.pods_table.view.cursor = 0,
                Mode::Fleet => self.features.fleet.view.cursor = 0,
                Mode::Logs => {}
                Mode::Describe => {}
                _ => self.features.nodes_table.view.cursor = 0,
            }
            self.refilter();
        }
        Updated::changed()
    }

    /// Pasting into the filter line (newlines become spaces).
    pub(super) fn paste_filter(&mut self, text: &str) -> Updated {
        if !self.nav.filter_line.insert_str(text.replace(['\r', '\n'], " ")) {
            return Updated::default();
        }
        *self.filter_mut() = self.nav.filter_line.lines().join(" ");
        self.refilter();
        Updated::changed()
    }
}
