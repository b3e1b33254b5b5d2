//! The pods table's view state: sort, the `/` filter (fuzzy, as in the
//! nodes table), the node it is narrowed to (Enter on a node), the cursor
//! kept on the same pod across updates. Pure; the rows come from
//! `signals::pods`.

use std::sync::Arc;

use nucleo_matcher::Utf32Str;

pub use super::pods_columns::Column;
use crate::signals::pods::PodRow;
use crate::viewport::Viewport;

/// A pod's identity: namespace and name.
pub type PodKey = (Arc<str>, Box<str>);

/// A workload whose pods the table lists: its namespace, kind (as the
/// pods' owner names it: `Deployment`, `StatefulSet`, `DaemonSet`, `Job`,
/// `CronJob`) and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    pub namespace: Arc<str>,
    pub kind: Arc<str>,
    pub name: Arc<str>,
}

impl Owner {
    /// Whether `r` is one of its pods.
    pub fn owns(&self, r: &PodRow) -> bool {
        r.namespace == self.namespace
            && r.owner
                .as_ref()
                .is_some_and(|(k, n)| *k == self.kind && *n == self.name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodsTable {
    pub sort: Column,
    pub reversed: bool,
    pub filter: String,
    /// Only the pods bound to this node (Enter on a node in the nodes table).
    pub node: Option<Arc<str>>,
    /// Only the pods of this workload (Enter in the workloads view).
    pub owner: Option<Owner>,
    /// Indices into the rows, sorted and filtered.
    pub shown: Vec<usize>,
    pub view: Viewport,
    /// The pod under the cursor, kept across updates.
    selected: Option<PodKey>,
}

impl Default for PodsTable {
    fn default() -> Self {
        Self {
            sort: Column::Status,
            reversed: false,
            filter: String::new(),
            node: None,
            owner: None,
            shown: Vec::new(),
            view: Viewport::default(),
            selected: None,
        }
    }
}

impl PodsTable {
    /// Re-sorts and re-filters `rows`, keeping the cursor on the same pod
    /// when it is still shown (else at the same position, clamped). The
    /// filter matches each row's text written into one reused buffer: no
    /// text is kept per row (150000 of them were ~60 MiB, rebuilt whenever
    /// the rows changed).
    pub fn refresh(&mut self, rows: &[PodRow], page: usize) {
        let node = self.node.as_deref();
        let owner = self.owner.as_ref();
        let on_node =
            |r: &PodRow| node.is_none_or(|n| r.node.as_deref() == Some(n)) && owner.is_none_or(|o| o.owns(r));
        let mut shown: Vec<usize> = match super::nodes_table::matcher(&self.filter) {
            None => (0..rows.len()).filter(|&i| on_node(&rows[i])).collect(),
            Some((pattern, mut m)) => {
                let (mut text, mut buf) = (String::new(), Vec::new());
                (0..rows.len())
                    .filter(|&i| on_node(&rows[i]))
                    .filter(|&i| {
                        rows[i].write_haystack(&mut text);
                        let hay = Utf32Str::new(&text, &mut buf);
                        pattern.score(hay, &mut m).is_some()
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
        let found = self.selected.as_ref().and_then(|(ns, name)| {
            self.shown
                .iter()
                .position(|&i| rows[i].namespace == *ns && rows[i].name == *name)
        });
        self.view.cursor = found.unwrap_or(self.view.cursor);
        self.clamp(rows, page);
    }

    pub fn move_by(&mut self, delta: isize, rows: &[PodRow], page: usize) {
        self.view.cursor = self.view.cursor.saturating_add_signed(delta);
        self.clamp(rows, page);
    }

    pub fn to(&mut self, pos: usize, rows: &[PodRow], page: usize) {
        self.view.cursor = pos;
        self.clamp(rows, page);
    }

    /// Puts the cursor on pod `ns/name`; false when it is not shown.
    pub fn select(&mut self, ns: &str, name: &str, rows: &[PodRow], page: usize) -> bool {
        let at = self
            .shown
            .iter()
            .position(|&i| &*rows[i].namespace == ns && &*rows[i].name == name);
        if let Some(pos) = at {
            self.view.cursor = pos;
            self.clamp(rows, page);
        }
        at.is_some()
    }

    /// The row under the cursor.
    pub fn current<'a>(&self, rows: &'a [PodRow]) -> Option<&'a PodRow> {
        self.shown.get(self.view.cursor).and_then(|&i| rows.get(i))
    }

    fn clamp(&mut self, rows: &[PodRow], page: usize) {
        self.view.clamp(self.shown.len(), page);
        if let Some(r) = self.current(rows) {
            self.selected = Some((r.namespace.clone(), r.name.clone()));
        }
    }
}

#[cfg(test)]
#[path = "pods_table_tests.rs"]
mod tests;
