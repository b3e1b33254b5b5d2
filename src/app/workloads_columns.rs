//! The workloads view's columns: titles, sort order and direction, and
//! which fit in a width (the least useful in an incident dropped first).
//! Pure; the view sorts only on the columns it shows.

use std::cmp::Ordering;

use crate::signals::workloads_rows::WorkloadRow;

/// The columns, in the order the view shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Kind,
    Name,
    Ready,
    UpToDate,
    Available,
    State,
    Revision,
    Rollout,
    Message,
}

impl Column {
    pub const ALL: [Column; 9] = [
        Column::Kind,
        Column::Name,
        Column::Ready,
        Column::UpToDate,
        Column::Available,
        Column::State,
        Column::Revision,
        Column::Rollout,
        Column::Message,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Column::Kind => "KIND",
            Column::Name => "NAMESPACE/NAME",
            Column::Ready => "READY",
            Column::UpToDate => "UP-TO-DATE",
            Column::Available => "AVAILABLE",
            Column::State => "STATE",
            Column::Revision => "REV",
            Column::Rollout => "ROLLOUT",
            Column::Message => "ROLLOUT STATUS",
        }
    }

    /// The column's own order shows the worst (or largest) first: state,
    /// the biggest shortfall of ready, up-to-date and available replicas.
    pub fn descending(self) -> bool {
        matches!(
            self,
            Column::State | Column::Ready | Column::UpToDate | Column::Available
        )
    }

    /// ▲ ascending, ▼ descending, the same meaning on every column.
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

    /// "Sorted by this column": the worst state, the largest shortfall, the
    /// newest rollout on top; kinds, names and messages alphabetical. Ties
    /// by state, then name, so that the order is stable.
    pub(super) fn compare(self, a: &WorkloadRow, b: &WorkloadRow) -> Ordering {
        let short = |r: &WorkloadRow, n: Option<i32>| n.map(|n| r.desired - n);
        let by = match self {
            Column::Kind => a.kind.cmp(&b.kind),
            Column::Name => Ordering::Equal,
            Column::Ready => (b.desired - b.ready).cmp(&(a.desired - a.ready)),
            Column::UpToDate => short(b, b.updated).cmp(&short(a, a.updated)),
            Column::Available => short(b, b.available).cmp(&short(a, a.available)),
            Column::State => Ordering::Equal,
            Column::Revision => a.revision.cmp(&b.revision),
            Column::Rollout => b.since.cmp(&a.since),
            Column::Message => a.message.cmp(&b.message),
        };
        by.then_with(|| a.rank.cmp(&b.rank))
            .then_with(|| (&a.namespace, &a.name, &a.kind).cmp(&(&b.namespace, &b.name, &b.kind)))
    }
}

/// Short kind names, as kubectl's (`deploy`, `sts`, `ds`, `cj`, `job`).
pub fn short_kind(kind: &str) -> &str {
    match kind {
        "Deployment" => "deploy",
        "StatefulSet" => "sts",
        "DaemonSet" => "ds",
        "CronJob" => "cj",
        "Job" => "job",
        other => other,
    }
}

/// Columns in the order they are given room.
const PRIORITY: [Column; 9] = [
    Column::Name,
    Column::State,
    Column::Ready,
    Column::Kind,
    Column::Rollout,
    Column::Revision,
    Column::UpToDate,
    Column::Available,
    Column::Message,
];

/// The width a column is given (the message takes what is left).
pub fn min_width(c: Column) -> u16 {
    match c {
        Column::Kind => 6,
        Column::Name => 22,
        Column::Ready => 7,
        Column::UpToDate => 10,
        Column::Available => 9,
        Column::State => 24,
        Column::Revision => 5,
        Column::Rollout => 7,
        Column::Message => 30,
    }
}

/// The columns that fit in `width`, in view order.
pub fn columns(width: u16) -> Vec<Column> {
    super::table_columns::fit(&Column::ALL, &PRIORITY, min_width, width)
}

/// The columns shown on a terminal `cols` wide (borders and the cursor
/// column taken off).
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
            Column::State,
            Column::Ready,
            Column::Kind,
            Column::Rollout,
        ] {
            assert!(at_80.contains(&c), "{c:?} at 80: {at_80:?}");
        }
        assert!(
            !at_80.contains(&Column::Message),
            "the message is in the detail line"
        );
        assert_eq!(shown_columns(160), Column::ALL);
        assert_eq!(columns(10), [Column::Name]);
    }

    #[test]
    fn arrows_agree_with_words() {
        for c in Column::ALL {
            assert_ne!(c.arrow(false), c.arrow(true));
            assert_eq!(c.arrow(false) == "▲", c.direction(false) == "asc", "{c:?}");
        }
        assert_eq!(Column::State.arrow(false), "▼", "worst first");
    }
}
