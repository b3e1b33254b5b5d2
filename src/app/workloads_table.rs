//! The workloads view's state: sort column and order, the `/` filter
//! (fuzzy, as the nodes table's), the cursor kept on the same workload
//! across updates. Pure; the rows come from `signals::workloads_rows`.

use std::sync::Arc;

use nucleo_matcher::Utf32Str;

pub use super::workloads_columns::Column;
use crate::signals::workloads_rows::WorkloadRow;
use crate::viewport::Viewport;

/// The lines under the table: the selected workload's rollout status,
/// whole (wrapped), and its recent Warning events.
pub const DETAIL_ROWS: usize = 6;

/// A workload, by kind, namespace and name.
pub type WorkloadKey = (Arc<str>, Arc<str>, Arc<str>);

/// "The pods of this workload": what Enter on a row asks the pods table
/// for. Deployments, StatefulSets and DaemonSets select their pods by
/// label; Jobs and CronJobs by owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodsOf {
    pub kind: Arc<str>,
    pub namespace: Arc<str>,
    pub name: Arc<str>,
    /// The workload's `matchLabels` (empty for Jobs and CronJobs).
    pub selector: Box<[(Arc<str>, Arc<str>)]>,
}

impl PodsOf {
    pub fn of(r: &WorkloadRow) -> Self {
        Self {
            kind: r.kind.clone(),
            namespace: r.namespace.clone(),
            name: r.name.clone(),
            selector: r.selector.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkloadsTable {
    pub sort: Column,
    pub reversed: bool,
    /// The applied filter ("" shows every row).
    pub filter: String,
    /// Indices into the rows, sorted and filtered.
    pub shown: Vec<usize>,
    pub view: Viewport,
    /// The workload under the cursor, kept across updates.
    selected: Option<WorkloadKey>,
}

impl Default for WorkloadsTable {
    fn default() -> Self {
        Self {
            sort: Column::State,
            reversed: false,
            filter: String::new(),
            shown: Vec::new(),
            view: Viewport::default(),
            selected: None,
        }
    }
}

fn key(r: &WorkloadRow) -> WorkloadKey {
    (r.kind.clone(), r.namespace.clone(), r.name.clone())
}

/// What the filter matches a row on: kind, namespace/name and state (not
/// the long rollout message, which a fuzzy term would match almost always).
fn haystack(r: &WorkloadRow) -> String {
    format!("{} {}/{} {}", r.kind, r.namespace, r.name, r.state)
}

impl WorkloadsTable {
    /// Re-sorts and re-filters `rows`, keeping the cursor on the same
    /// workload when it is still shown (else at the same position).
    pub fn refresh(&mut self, rows: &[WorkloadRow], page: usize) {
        let mut shown: Vec<usize> = match super::nodes_table::matcher(&self.filter) {
            None => (0..rows.len()).collect(),
            Some((pattern, mut m)) => {
                let mut buf = Vec::new();
                (0..rows.len())
                    .filter(|&i| {
                        let hay = haystack(&rows[i]);
                        pattern.score(Utf32Str::new(&hay, &mut buf), &mut m).is_some()
                    })
                    .collect()
            }
        };
        let (sort, reversed) = (self.sort, self.reversed);
        shown.sort_by(|&a, &b| {
            let o = sort.compare(&rows[a], &rows[b]);
            if reversed { o.reverse() } else { o }
        });
        self.shown = shown;
        let found = self
            .selected
            .as_ref()
            .and_then(|k| self.shown.iter().position(|&i| key(&rows[i]) == *k));
        self.view.cursor = found.unwrap_or(self.view.cursor);
        self.clamp(rows, page);
    }

    pub fn move_by(&mut self, delta: isize, rows: &[WorkloadRow], page: usize) {
        self.view.cursor = self.view.cursor.saturating_add_signed(delta);
        self.clamp(rows, page);
    }

    pub fn to_top(&mut self, rows: &[WorkloadRow], page: usize) {
        self.view.cursor = 0;
        self.clamp(rows, page);
    }

    pub fn to_bottom(&mut self, rows: &[WorkloadRow], page: usize) {
        self.view.cursor = usize::MAX;
        self.clamp(rows, page);
    }

    /// Puts the cursor on workload `key`, if it is shown.
    pub fn select(&mut self, key: WorkloadKey, rows: &[WorkloadRow], page: usize) {
        if let Some(pos) = self.shown.iter().position(|&i| self::key(&rows[i]) == key) {
            self.view.cursor = pos;
            self.clamp(rows, page);
        }
    }

    /// The row under the cursor.
    pub fn current<'a>(&self, rows: &'a [WorkloadRow]) -> Option<&'a WorkloadRow> {
        self.shown.get(self.view.cursor).and_then(|&i| rows.get(i))
    }

    fn clamp(&mut self, rows: &[WorkloadRow], page: usize) {
        self.view.clamp(self.shown.len(), page);
        if let Some(r) = self.current(rows) {
            self.selected = Some(key(r));
        }
    }
}

#[cfg(test)]
#[path = "workloads_table_tests.rs"]
mod tests;
