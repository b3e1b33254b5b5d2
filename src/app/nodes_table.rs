//! The nodes table's view state: sort column and order, the `/` filter
//! (fuzzy, nucleo), the cursor kept on the same node across updates, and
//! the first visible row. Pure; the rows come from `signals::nodes`.

use std::cmp::Ordering;
use std::sync::Arc;

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::signals::nodes::NodeRow;

/// The columns, in the order the table shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Name,
    Status,
    Roles,
    Zone,
    Version,
    Age,
    Pods,
    Cordoned,
    Pressure,
}

impl Column {
    pub const ALL: [Column; 9] = [
        Column::Name,
        Column::Status,
        Column::Roles,
        Column::Zone,
        Column::Version,
        Column::Age,
        Column::Pods,
        Column::Cordoned,
        Column::Pressure,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Column::Name => "NAME",
            Column::Status => "STATUS",
            Column::Roles => "ROLES",
            Column::Zone => "ZONE",
            Column::Version => "VERSION",
            Column::Age => "AGE",
            Column::Pods => "PODS",
            Column::Cordoned => "CORDONED",
            Column::Pressure => "PRESSURE",
        }
    }

    /// What "sorted by this column" means, most useful first: problems,
    /// the fullest, the newest on top; names and versions alphabetical.
    /// Ties are broken by name so that the order is stable.
    fn compare(self, a: &NodeRow, b: &NodeRow) -> Ordering {
        let by = match self {
            Column::Name => Ordering::Equal,
            Column::Status => (a.status, !a.cordoned, a.pressure.is_empty()).cmp(&(
                b.status,
                !b.cordoned,
                b.pressure.is_empty(),
            )),
            Column::Roles => a.roles.cmp(&b.roles),
            Column::Zone => a.zone.cmp(&b.zone),
            Column::Version => a.version.cmp(&b.version),
            Column::Age => b.created.cmp(&a.created),
            Column::Pods => fill(b).cmp(&fill(a)).then(b.pods.cmp(&a.pods)),
            Column::Cordoned => b.cordoned.cmp(&a.cordoned),
            Column::Pressure => b.pressure.len().cmp(&a.pressure.len()),
        };
        by.then_with(|| a.name.cmp(&b.name))
    }
}

/// Pods per thousand of capacity, for comparing fullness without floats.
fn fill(r: &NodeRow) -> u64 {
    u64::from(r.pods) * 1000 / u64::from(r.pods_capacity.max(1))
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
    /// Position of the cursor in `shown`.
    pub cursor: usize,
    /// First row of `shown` on screen.
    pub offset: usize,
    /// The node under the cursor, kept across updates.
    selected: Option<Arc<str>>,
    /// Nodes marked for an action (by name, kept across updates and filters).
    pub marked: std::collections::BTreeSet<Arc<str>>,
}

impl Default for NodesTable {
    fn default() -> Self {
        Self {
            sort: Column::Status,
            reversed: false,
            filter: String::new(),
            shown: Vec::new(),
            cursor: 0,
            offset: 0,
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
        self.cursor = found.unwrap_or(self.cursor);
        self.clamp(rows, page);
    }

    /// Moves the cursor by `delta` rows (negative: up).
    pub fn move_by(&mut self, delta: isize, rows: &[NodeRow], page: usize) {
        self.cursor = self.cursor.saturating_add_signed(delta);
        self.clamp(rows, page);
    }

    pub fn to_top(&mut self, rows: &[NodeRow], page: usize) {
        self.cursor = 0;
        self.clamp(rows, page);
    }

    pub fn to_bottom(&mut self, rows: &[NodeRow], page: usize) {
        self.cursor = usize::MAX;
        self.clamp(rows, page);
    }

    /// Puts the cursor on the node `name`, if it is shown.
    pub fn select(&mut self, name: &str, rows: &[NodeRow], page: usize) {
        if let Some(pos) = self.shown.iter().position(|&i| &*rows[i].name == name) {
            self.cursor = pos;
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

    /// The nodes an action applies to: the marked ones (that still exist),
    /// else the one under the cursor.
    pub fn targets(&self, rows: &[NodeRow]) -> Vec<String> {
        let marked: Vec<String> = rows
            .iter()
            .filter(|r| self.marked.contains(&r.name))
            .map(|r| r.name.to_string())
            .collect();
        if marked.is_empty() {
            self.current(rows)
                .map(|r| r.name.to_string())
                .into_iter()
                .collect()
        } else {
            marked
        }
    }

    /// The row under the cursor.
    pub fn current<'a>(&self, rows: &'a [NodeRow]) -> Option<&'a NodeRow> {
        self.shown.get(self.cursor).and_then(|&i| rows.get(i))
    }

    /// Keeps the cursor inside the shown rows and on screen (`page` rows tall).
    fn clamp(&mut self, rows: &[NodeRow], page: usize) {
        let page = page.max(1);
        self.cursor = self.cursor.min(self.shown.len().saturating_sub(1));
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + page {
            self.offset = self.cursor + 1 - page;
        }
        self.offset = self.offset.min(self.shown.len().saturating_sub(page));
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
