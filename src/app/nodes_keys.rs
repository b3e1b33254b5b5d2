//! Keys in the nodes table.

use ratatui_textarea::TextArea;

use super::action::{Action, Mode};
use super::nodes_columns::{Column, shown_columns};
use super::{AppState, Updated};

impl AppState {
    pub(super) fn on_nodes(&mut self, action: Option<Action>) -> Updated {
        let page = self.table_page();
        let before = self.features.nodes_table.clone();
        let shown_cols = shown_columns(self.nav.size.0);
        let rows = self.live.panes.nodes.as_deref().unwrap_or(&[]);
        let t = &mut self.features.nodes_table;
        let step = isize::try_from(page).unwrap_or(isize::MAX);
        match action {
            // Esc clears an applied filter first, then leaves (as in k9s).
            Some(Action::Close) if !t.filter.is_empty() => {
                t.filter.clear();
                self.nav.filter_line = TextArea::default();
                self.refresh_table();
            }
            Some(Action::Filter) => return self.open_filter(Mode::Nodes),
            // Only the columns on screen: a sort on a hidden column cannot be read.
            Some(a @ (Action::Sort | Action::SortBack)) => {
                let n = shown_cols.len().max(1);
                let i = shown_cols.iter().position(|c| *c == t.sort).unwrap_or(0);
                let step = if a == Action::Sort { 1 } else { n - 1 };
                t.sort = shown_cols.get((i + step) % n).copied().unwrap_or(Column::Name);
                t.reversed = false;
                self.refresh_table();
            }
            Some(Action::Mark) => {
                t.toggle_mark(rows);
                t.move_by(1, rows, page);
            }
            Some(Action::ClearMarks) => t.marked.clear(),
            Some(Action::Drain) => {
                let targets = t.targets(rows, page);
                return self.open_drain(targets);
            }
            Some(a @ (Action::Cordon | Action::Uncordon)) => {
                let targets = t.targets(rows, page);
                return self.cordon_keys(targets, a == Action::Cordon);
            }
            Some(Action::Open) => {
                if let Some(name) = t.current(rows).map(|r| r.name.clone()) {
                    return self.open_pods_on(name);
                }
            }
            Some(Action::Reverse) => {
                t.reversed = !t.reversed;
                self.refresh_table();
            }
            Some(Action::Describe) => return self.describe_selected(super::describe_view::Format::Describe),
            Some(Action::Yaml) => return self.describe_selected(super::describe_view::Format::Yaml),
            Some(Action::Up) => t.move_by(-1, rows, page),
            Some(Action::Down) => t.move_by(1, rows, page),
            Some(Action::PageUp) => t.move_by(-step, rows, page),
            Some(Action::PageDown) => t.move_by(step, rows, page),
            Some(Action::Top) => t.to_top(rows, page),
            Some(Action::Bottom) => t.to_bottom(rows, page),
            other => {
                // Leaving the table drops the marks: nothing marked out of sight.
                if other == Some(Action::Close) {
                    t.marked.clear();
                }
                if let Some(o) = self.on_view_common(other) {
                    return o;
                }
            }
        }
        Updated {
            effects: vec![],
            changed: before != self.features.nodes_table,
        }
    }

    /// After a resize: a sort on a column no longer shown goes back to the
    /// default (status, or the name on a very narrow screen).
    pub(super) fn keep_sort_on_screen(&mut self) {
        let shown = shown_columns(self.nav.size.0);
        let t = &mut self.features.nodes_table;
        if !shown.contains(&t.sort) {
            t.sort = if shown.contains(&Column::Status) {
                Column::Status
            } else {
                Column::Name
            };
            t.reversed = false;
        }
    }
}
