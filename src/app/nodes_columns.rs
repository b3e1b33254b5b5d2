//! The nodes table's columns: their titles, their sort order and its
//! direction, and which of them fit in a width (the least useful are
//! dropped first). Pure; the table sorts only on the columns it shows.

use std::cmp::Ordering;

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

    /// Whether the column's own order (unreversed) shows the largest (or
    /// worst) value first: status worst first, the fullest, cordoned and
    /// pressured nodes on top. Names, roles, zones, versions and ages
    /// (the youngest first) read ascending.
    pub fn descending(self) -> bool {
        matches!(
            self,
            Column::Status | Column::Pods | Column::Cordoned | Column::Pressure
        )
    }

    /// The arrow of the sort direction as shown: ▲ ascending, ▼ descending,
    /// the same meaning on every column.
    pub fn arrow(self, reversed: bool) -> &'static str {
        if self.descending() != reversed {
            "▼"
        } else {
            "▲"
        }
    }

    /// The direction in words, for the table's title.
    pub fn direction(self, reversed: bool) -> &'static str {
        if self.descending() != reversed {
            "desc"
        } else {
            "asc"
        }
    }

    /// What "sorted by this column" means, most useful first: problems,
    /// the fullest, the newest on top; names and versions alphabetical.
    /// Ties are broken by name so that the order is stable.
    pub(super) fn compare(self, a: &NodeRow, b: &NodeRow) -> Ordering {
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

/// Columns in the order they are given room; the rest are dropped when narrow.
const PRIORITY: [Column; 9] = [
    Column::Name,
    Column::Status,
    Column::Pods,
    Column::Cordoned,
    Column::Pressure,
    Column::Zone,
    Column::Age,
    Column::Roles,
    Column::Version,
];

/// The width a column is given.
pub fn min_width(c: Column) -> u16 {
    match c {
        Column::Name => 16,
        Column::Status => 8,
        Column::Roles => 13,
        Column::Zone => 10,
        Column::Version => 9,
        Column::Age => 6,
        Column::Pods => 7,
        Column::Cordoned => 8,
        Column::Pressure => 15,
    }
}

/// The columns that fit in `width`, in table order.
pub fn columns(width: u16) -> Vec<Column> {
    super::table_columns::fit(&Column::ALL, &PRIORITY, min_width, width)
}

/// The columns the table shows on a terminal `cols` wide (its borders and
/// the mark column taken off).
pub fn shown_columns(cols: u16) -> Vec<Column> {
    columns(cols.saturating_sub(4))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_screens_drop_the_least_useful_columns() {
        assert_eq!(columns(200), Column::ALL);
        let at_80 = shown_columns(80);
        assert!(at_80.starts_with(&[Column::Name, Column::Status]));
        assert!(at_80.contains(&Column::Pods) && at_80.contains(&Column::Pressure));
        assert!(!at_80.contains(&Column::Version) && !at_80.contains(&Column::Roles));
        assert_eq!(columns(10), [Column::Name], "the name always shows");
    }

    #[test]
    fn the_arrow_means_ascending_or_descending_on_every_column() {
        // Ascending: the smallest value on top (a before b, the youngest age,
        // the emptiest node); descending: the largest or worst on top.
        for c in Column::ALL {
            assert_ne!(c.arrow(false), c.arrow(true), "{c:?}: reversing flips the arrow");
            let (arrow, words) = (c.arrow(false), c.direction(false));
            assert_eq!(arrow == "▲", words == "asc", "{c:?}");
        }
        assert_eq!(Column::Name.arrow(false), "▲");
        assert_eq!(
            Column::Age.arrow(false),
            "▲",
            "youngest first: the smallest age on top"
        );
        assert_eq!(Column::Pods.arrow(false), "▼", "the fullest on top");
        assert_eq!(Column::Status.arrow(false), "▼", "the worst on top");
    }
}
