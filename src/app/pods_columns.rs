//! The pods table's columns: titles, sort order and direction, and which
//! fit in a width. At 80 columns the ones that matter in an incident stay
//! (name, status, restarts, last termination); node, age and owner drop
//! first. Pure.

use std::cmp::Ordering;

use crate::signals::pods::PodRow;

/// The columns, in the order the table shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Name,
    Ready,
    Status,
    Restarts,
    LastTermination,
    Node,
    Age,
    Owner,
}

impl Column {
    pub const ALL: [Column; 8] = [
        Column::Name,
        Column::Ready,
        Column::Status,
        Column::Restarts,
        Column::LastTermination,
        Column::Node,
        Column::Age,
        Column::Owner,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Column::Name => "NAME",
            Column::Ready => "READY",
            Column::Status => "STATUS",
            Column::Restarts => "RESTARTS",
            Column::LastTermination => "LAST TERM",
            Column::Node => "NODE",
            Column::Age => "AGE",
            Column::Owner => "OWNER",
        }
    }

    /// Whether the column's own order shows the largest or worst first:
    /// status worst first (the tiers), the most restarts, the least ready.
    pub fn descending(self) -> bool {
        matches!(
            self,
            Column::Status | Column::Restarts | Column::Ready | Column::LastTermination
        )
    }

    pub fn arrow(self, reversed: bool) -> &'static str {
        if self.descending() != reversed {
            "▼"
        } else {
            "▲"
        }
    }

    pub fn direction(self, reversed: bool) -> &'static str {
        if self.descending() != reversed {
            "desc"
        } else {
            "asc"
        }
    }

    /// What "sorted by this column" means; ties by the tier order, then name.
    pub(super) fn compare(self, a: &PodRow, b: &PodRow) -> Ordering {
        let ratio = |r: &PodRow| u64::from(r.ready.0) * 1000 / u64::from(r.ready.1.max(1));
        let by = match self {
            Column::Name => (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)),
            Column::Status => Ordering::Equal,
            Column::Ready => ratio(a).cmp(&ratio(b)),
            Column::Restarts => b
                .restarts
                .cmp(&a.restarts)
                .then(b.last_restart.cmp(&a.last_restart)),
            Column::LastTermination => {
                let at = |r: &PodRow| r.last_termination.as_ref().and_then(|t| t.finished);
                at(b).cmp(&at(a))
            }
            Column::Node => a.node.cmp(&b.node),
            Column::Age => b.created.cmp(&a.created),
            Column::Owner => a.owner.cmp(&b.owner),
        };
        by.then_with(|| PodRow::worst_first(a, b))
    }
}

/// Columns in the order they are given room.
const PRIORITY: [Column; 8] = [
    Column::Name,
    Column::Status,
    Column::Restarts,
    Column::LastTermination,
    Column::Ready,
    Column::Age,
    Column::Node,
    Column::Owner,
];

/// The width a column is given (the name grows with the names on screen).
pub fn min_width(c: Column) -> u16 {
    match c {
        Column::Name => 24,
        Column::Ready => 5,
        Column::Status => 16,
        Column::Restarts => 14,
        Column::LastTermination => 13,
        Column::Node => 14,
        Column::Age => 5,
        Column::Owner => 24,
    }
}

/// The columns that fit in `width`, in table order.
pub fn columns(width: u16) -> Vec<Column> {
    super::table_columns::fit(&Column::ALL, &PRIORITY, min_width, width)
}

/// The columns the table shows on a terminal `cols` wide (borders and the
/// cursor column taken off).
pub fn shown_columns(cols: u16) -> Vec<Column> {
    columns(cols.saturating_sub(4))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_80_columns_the_incident_columns_stay() {
        let at_80 = shown_columns(80);
        for c in [
            Column::Name,
            Column::Status,
            Column::Restarts,
            Column::LastTermination,
        ] {
            assert!(at_80.contains(&c), "{c:?} at 80 columns: {at_80:?}");
        }
        assert!(!at_80.contains(&Column::Owner) && !at_80.contains(&Column::Node));
        // RESTARTS whole as kubectl prints it: `17 (3m10s ago)`.
        assert!(min_width(Column::Restarts) as usize >= "17 (3m10s ago)".len());
        assert_eq!(shown_columns(160), Column::ALL);
        assert_eq!(columns(10), [Column::Name]);
    }

    #[test]
    fn arrows_match_the_words() {
        for c in Column::ALL {
            assert_ne!(c.arrow(false), c.arrow(true));
            assert_eq!(c.arrow(false) == "▲", c.direction(false) == "asc", "{c:?}");
        }
        assert_eq!(Column::Status.arrow(false), "▼", "the worst on top");
    }
}
