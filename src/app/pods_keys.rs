//! Keys in the pods table, and the ways into it: `p` (all pods in scope),
//! Enter on a node (its pods), Enter on a finding about a pod (its row).

use std::sync::Arc;

use ratatui_textarea::TextArea;

use super::action::{Action, Mode};
use super::pods_columns::{Column, shown_columns};
use super::{AppState, Updated};
use crate::signals::pods::PodRow;

/// Rows the detail under the table takes (a rule and three lines), on a
/// screen tall enough to keep a dozen rows of table.
pub const DETAIL_ROWS: usize = 4;
/// Rows the node's summary takes over the table when it lists a node's pods.
pub const NODE_ROWS: usize = 5;

impl AppState {
    /// The pod rows (empty until the pods are known).
    pub fn pod_rows(&self) -> &[Arc<PodRow>] {
        self.live.panes.pods.as_ref().map_or(&[], |m| m.rows.as_slice())
    }

    /// The pod under the pods table's cursor.
    pub fn selected_pod(&self) -> Option<&PodRow> {
        self.features.pods_table.current(self.pod_rows())
    }

    /// The rows the pods table's parts take: (node summary, detail).
    pub fn pods_layout(&self) -> (usize, usize) {
        let room = self.table_page();
        let node = if self.features.pods_table.node.is_some() && room >= 12 {
            NODE_ROWS
        } else {
            0
        };
        let detail = if room >= 12 { DETAIL_ROWS } else { 0 };
        (node, detail)
    }

    /// How many pod rows fit on screen.
    pub fn pods_page(&self) -> usize {
        let (node, detail) = self.pods_layout();
        self.table_page().saturating_sub(node + detail).max(1)
    }

    pub(super) fn refresh_pods(&mut self) {
        let page = self.pods_page();
        self.features
            .pods_table
            .refresh_model(self.live.panes.pods.as_ref(), page);
    }

    /// Opens the pods table over every pod in scope.
    pub(super) fn open_pods(&mut self) -> Updated {
        self.features.pods_table.node = None;
        self.features.pods_table.owner = None;
        self.nav.mode = Mode::Pods;
        self.refresh_pods();
        Updated::changed()
    }

    /// Opens the pods table on the pods of `node` (worst first).
    pub(super) fn open_pods_on(&mut self, node: Arc<str>) -> Updated {
        let t = &mut self.features.pods_table;
        t.node = Some(node);
        t.owner = None;
        t.filter.clear();
        t.sort = Column::Status;
        t.reversed = false;
        t.view = Default::default();
        self.nav.jumped_from = Some(self.nav.mode);
        self.nav.mode = Mode::Pods;
        self.refresh_pods();
        Updated::changed()
    }

    /// Opens the pods table on the pods of workload `owner` (worst first).
    pub(super) fn open_pods_of(&mut self, owner: super::pods_table::Owner) -> Updated {
        let t = &mut self.features.pods_table;
        t.node = None;
        t.owner = Some(owner);
        t.filter.clear();
        t.sort = Column::Status;
        t.reversed = false;
        t.view = Default::default();
        self.nav.jumped_from = Some(self.nav.mode);
        self.nav.mode = Mode::Pods;
        self.refresh_pods();
        Updated::changed()
    }

    /// Opens the pods table on pod `ns/name`; false when it does not list it.
    pub(super) fn open_pod(&mut self, ns: &str, name: &str) -> bool {
        let t = &mut self.features.pods_table;
        t.node = None;
        t.owner = None;
        t.filter.clear();
        self.refresh_pods();
        let page = self.pods_page();
        let rows = self
            .live
            .panes
            .pods
            .as_ref()
            .map_or(&[][..], |m| m.rows.as_slice());
        if !self.features.pods_table.select(ns, name, rows, page) {
            return false;
        }
        self.nav.mode = Mode::Pods;
        true
    }

    pub(super) fn on_pods(&mut self, action: Option<Action>) -> Updated {
        let page = self.pods_page();
        let before = self.features.pods_table.seen();
        let shown_cols = shown_columns(self.nav.size.0);
        let rows = self
            .live
            .panes
            .pods
            .as_ref()
            .map_or(&[][..], |m| m.rows.as_slice());
        let t = &mut self.features.pods_table;
        let step = isize::try_from(page).unwrap_or(isize::MAX);
        match action {
            // Esc clears an applied filter first, then leaves.
            Some(Action::Close) if !t.filter.is_empty() => {
                t.filter.clear();
                self.nav.filter_line = TextArea::default();
                self.refresh_pods();
            }
            Some(Action::Filter) => return self.open_filter(Mode::Pods),
            Some(Action::Logs) => return self.logs_of_selected_pod(),
            Some(a @ (Action::Sort | Action::SortBack)) => {
                let n = shown_cols.len().max(1);
                let i = shown_cols.iter().position(|c| *c == t.sort).unwrap_or(0);
                let step = if a == Action::Sort { 1 } else { n - 1 };
                t.sort = shown_cols.get((i + step) % n).copied().unwrap_or(Column::Name);
                t.reversed = false;
                self.refresh_pods();
            }
            Some(Action::Reverse) => {
                t.reversed = !t.reversed;
                self.refresh_pods();
            }
            Some(Action::Describe) => return self.describe_selected(super::describe_view::Format::Describe),
            Some(Action::Yaml) => return self.describe_selected(super::describe_view::Format::Yaml),
            Some(Action::Up) => t.move_by(-1, rows, page),
            Some(Action::Down) => t.move_by(1, rows, page),
            Some(Action::PageUp) => t.move_by(-step, rows, page),
            Some(Action::PageDown) => t.move_by(step, rows, page),
            Some(Action::Top) => t.to(0, rows, page),
            Some(Action::Bottom) => t.to(usize::MAX, rows, page),
            Some(Action::DeletePod) => return self.ask_delete_pod(),
            Some(Action::EvictPod) => return self.ask_evict_pod(),
            other => {
                if let Some(o) = self.on_view_common(other) {
                    return o;
                }
            }
        }
        Updated {
            effects: vec![],
            changed: before != self.features.pods_table.seen(),
        }
    }

    /// After a resize: a sort on a column no longer shown goes back to status.
    pub(super) fn keep_pods_sort_on_screen(&mut self) {
        let t = &mut self.features.pods_table;
        if !shown_columns(self.nav.size.0).contains(&t.sort) {
            t.sort = Column::Status;
            t.reversed = false;
        }
    }
}
