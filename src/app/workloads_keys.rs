//! Keys in the workloads view.

use ratatui_textarea::TextArea;

use super::action::{Action, Mode};
use super::workloads_columns::{Column, shown_columns};
use super::workloads_table::PodsOf;
use super::{AppState, Updated};

impl AppState {
    /// The workload rows (empty until the workload kinds are known).
    pub fn workload_rows(&self) -> &[crate::signals::workloads_rows::WorkloadRow] {
        self.live.panes.workloads.as_deref().unwrap_or(&[])
    }

    /// How many rows of the workloads view fit: the table page less the
    /// detail lines under it.
    pub fn workloads_page(&self) -> usize {
        self.table_page()
            .saturating_sub(super::workloads_table::DETAIL_ROWS)
            .max(1)
    }

    pub(super) fn open_workloads(&mut self) -> Updated {
        self.nav.mode = Mode::Workloads;
        self.refresh_workloads();
        Updated::changed()
    }

    /// Sorts and filters the workloads view again.
    pub(super) fn refresh_workloads(&mut self) {
        let page = self.workloads_page();
        let rows = self.live.panes.workloads.as_deref().unwrap_or(&[]);
        self.features.workloads.refresh(rows, page);
    }

    /// After a resize: a sort on a column no longer shown goes back to the
    /// state (worst first).
    pub(super) fn keep_workloads_sort_on_screen(&mut self) {
        let t = &mut self.features.workloads;
        if !shown_columns(self.nav.size.0).contains(&t.sort) {
            t.sort = Column::State;
            t.reversed = false;
        }
    }

    pub(super) fn on_workloads(&mut self, action: Option<Action>) -> Updated {
        let page = self.workloads_page();
        let before = self.features.workloads.clone();
        let shown_cols = shown_columns(self.nav.size.0);
        let rows = self.live.panes.workloads.as_deref().unwrap_or(&[]);
        let t = &mut self.features.workloads;
        let step = isize::try_from(page).unwrap_or(isize::MAX);
        match action {
            Some(Action::Close) if !t.filter.is_empty() => {
                t.filter.clear();
                self.nav.filter_line = TextArea::default();
                self.refresh_workloads();
            }
            Some(Action::Filter) => return self.open_filter(Mode::Workloads),
            Some(Action::Logs) => return self.logs_of_workload(),
            Some(a @ (Action::Sort | Action::SortBack)) => {
                let n = shown_cols.len().max(1);
                let i = shown_cols.iter().position(|c| *c == t.sort).unwrap_or(0);
                let step = if a == Action::Sort { 1 } else { n - 1 };
                t.sort = shown_cols.get((i + step) % n).copied().unwrap_or(Column::State);
                t.reversed = false;
                self.refresh_workloads();
            }
            Some(Action::Reverse) => {
                t.reversed = !t.reversed;
                self.refresh_workloads();
            }
            Some(Action::Open) => {
                if let Some(r) = t.current(rows) {
                    let of = PodsOf::of(r);
                    return self.show_pods_of(of);
                }
            }
            Some(Action::Describe) => return self.describe_selected(super::describe_view::Format::Describe),
            Some(Action::Yaml) => return self.describe_selected(super::describe_view::Format::Yaml),
            Some(Action::Up) => t.move_by(-1, rows, page),
            Some(Action::Down) => t.move_by(1, rows, page),
            Some(Action::PageUp) => t.move_by(-step, rows, page),
            Some(Action::PageDown) => t.move_by(step, rows, page),
            Some(Action::Top) => t.to_top(rows, page),
            Some(Action::Bottom) => t.to_bottom(rows, page),
            Some(Action::RolloutRestart) => return self.ask_restart(),
            Some(Action::Scale) => return self.ask_scale(),
            Some(Action::RolloutUndo) => return self.ask_undo(),
            other => {
                if let Some(o) = self.on_view_common(other) {
                    return o;
                }
            }
        }
        Updated {
            effects: vec![],
            changed: before != self.features.workloads,
        }
    }
}
