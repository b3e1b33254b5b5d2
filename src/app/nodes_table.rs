//! The nodes table's view state: sort column and order, the `/` filter
//! (fuzzy, nucleo), the cursor kept on the same node across updates, and
//! the first visible row. Pure; the rows come from `signals::nodes`.

use std::sync::Arc;

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

pub use super::nodes_columns::Column;
use crate::signals::nodes::NodeRow;
use crate::viewport::Viewport;

/// The nodes an action acts on, and the marks it leaves out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Targets {
    /// The marked nodes the table shows, else the one under the cursor.
    pub nodes: Vec<String>,
    /// Marked nodes the filter hides: never acted on, named in the confirmation.
    pub hidden: Vec<String>,
    /// Some of `nodes` are scrolled off the screen.
    pub off_screen: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodesTable {
    pub sort: Column,
    /// Reverses the column's natural order.
    pub reversed: bool,
    /// The applied filter ("" shows every node).
    pub filter: String,
    /// Indices into the rows, sorted and filtered.
    pub shown: Vec<usize>,
    /// The cursor (a position in `shown`) and the first row on screen.
    pub view: Viewport,
    /// The node under the cursor, kept across updates.
    selected: Option<Arc<str>>,
    /// Nodes marked for an action (by name, kept across updates and filters;
    /// cleared on leaving the table; only the shown ones are acted on).
    pub marked: std::collections::BTreeSet<Arc<str>>,
}

impl Default for NodesTable {
    fn default() -> Self {
        Self {
            sort: Column::Status,
            reversed: false,
            filter: String::new(),
            shown: Vec::new(),
            view: Viewport::default(),
            selected: None,
            marked: Default::default(),
        }
    }
}

impl NodesTable {
    /// Re-sorts and re-filters `rows`, keeping the cursor on the same node
    /// when it is still shown (else at the same position, clamped).
    pub fn refresh(&mut self, rows: &[NodeRow], page: usize) {
        let mut shown: Vec<usize> = match matcher(&self.filter) {
            None => (0..rows.len()).collect(),
            Some((pattern, mut m)) => {
                let mut buf = Vec::new();
                (0..rows.len())
                    .filter(|&i| {
                        let hay = rows[i].haystack();
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
            .and_then(|name| self.shown.iter().position(|&i| rows[i].name == *name));
        self.view.cursor = found.unwrap_or(self.view.cursor);
        self.clamp(rows, page);
    }

    /// Moves the cursor by `delta` rows (negative: up).
    pub fn move_by(&mut self, delta: isize, rows: &[NodeRow], page: usize) {
        self.view.cursor = self.view.cursor.saturating_add_signed(delta);
        self.clamp(rows, page);
    }

    pub fn to_top(&mut self, rows: &[NodeRow], page: usize) {
        self.view.cursor = 0;
        self.clamp(rows, page);
    }

    pub fn to_bottom(&mut self, rows: &[NodeRow], page: usize) {
        self.view.cursor = usize::MAX;
        self.clamp(rows, page);
    }

    /// Puts the cursor on the node `name`, if it is shown.
    pub fn select(&mut self, name: &str, rows: &[NodeRow], page: usize) {
        if let Some(pos) = self.shown.iter().position(|&i| &*rows[i].name == name) {
            self.view.cursor = pos;
            self.clamp(rows, page);
        }
    }

    /// Marks the node under the cursor, or unmarks it.
    pub fn toggle_mark(&mut self, rows: &[NodeRow]) {
        if let Some(name) = self.current(rows).map(|r| r.name.clone())
            && !self.marked.remove(&name)
        {
            self.marked.insert(name);
        }
    }

    /// Whom an action acts on: only what the user can see. The marked nodes
    /// the table shows (in its order), else the one under the cursor; marked
    /// nodes the filter hides are never targets, only reported.
    pub fn targets(&self, rows: &[NodeRow], page: usize) -> Targets {
        let shown_marked: Vec<(usize, &NodeRow)> = self
            .shown
            .iter()
            .enumerate()
            .filter_map(|(pos, &i)| rows.get(i).map(|r| (pos, r)))
            .filter(|(_, r)| self.marked.contains(&r.name))
            .collect();
        let hidden = self.hidden_marks(rows);
        if shown_marked.is_empty() {
            let nodes = self.current(rows).map(|r| r.name.to_string());
            return Targets {
                nodes: nodes.into_iter().collect(),
                hidden,
                off_screen: false,
            };
        }
        let end = self.view.offset + page.max(1);
        Targets {
            off_screen: shown_marked
                .iter()
                .any(|(pos, _)| *pos < self.view.offset || *pos >= end),
            nodes: shown_marked.iter().map(|(_, r)| r.name.to_string()).collect(),
            hidden,
        }
    }

    /// The marked nodes (that still exist) the filter hides, by name.
    pub fn hidden_marks(&self, rows: &[NodeRow]) -> Vec<String> {
        if self.marked.is_empty() {
            return Vec::new();
        }
        let mut shown = vec![false; rows.len()];
        for &i in &self.shown {
            if let Some(s) = shown.get_mut(i) {
                *s = true;
            }
        }
        let mut out: Vec<String> = rows
            .iter()
            .zip(shown)
            .filter(|(r, shown)| !shown && self.marked.contains(&r.name))
            .map(|(r, _)| r.name.to_string())
            .collect();
        out.sort();
        out
    }

    /// The marked nodes that still exist, by name.
    pub fn marked_names(&self, rows: &[NodeRow]) -> Vec<String> {
        let mut out: Vec<String> = rows
            .iter()
            .filter(|r| self.marked.contains(&r.name))
            .map(|r| r.name.to_string())
            .collect();
        out.sort();
        out
    }

    /// Takes the marks off `nodes` (they were acted on).
    pub fn unmark(&mut self, nodes: &[String]) {
        self.marked.retain(|m| !nodes.iter().any(|n| **n == **m));
    }

    /// The row under the cursor.
    pub fn current<'a>(&self, rows: &'a [NodeRow]) -> Option<&'a NodeRow> {
        self.shown.get(self.view.cursor).and_then(|&i| rows.get(i))
    }

    /// Keeps the cursor inside the shown rows and on screen (`page` rows tall).
    fn clamp(&mut self, rows: &[NodeRow], page: usize) {
        self.view.clamp(self.shown.len(), page);
        // With nothing shown (a filter matching nothing) the node is
        // remembered, so that clearing the filter returns to it.
        if let Some(r) = self.current(rows) {
            self.selected = Some(r.name.clone());
        }
    }
}

/// The fuzzy matcher for a filter: fzf syntax (space-separated terms all
/// matching, `!term` excludes, `^prefix`, `suffix$`, `'exact`), case-insensitive.
pub(super) fn matcher(filter: &str) -> Option<(Pattern, Matcher)> {
    if filter.trim().is_empty() {
        return None;
    }
    let pattern = Pattern::parse(filter, CaseMatching::Ignore, Normalization::Smart);
    Some((pattern, Matcher::new(Config::DEFAULT)))
}

#[cfg(test)]
#[path = "nodes_table_tests.rs"]
mod tests;
