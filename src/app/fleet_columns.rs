//! The fleet view's columns: titles, sort order and direction, and which
//! fit in a width (the server, version and error dropped first: the
//! selected row's are whole under the table). Pure.

use std::cmp::Ordering;

use super::fleet_view::Entry;
use crate::fleet::row::{Backup, Thresholds};

/// The columns, in the order the view shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// The worst verdict, as a symbol.
    Verdict,
    Context,
    Server,
    /// Reachability and round trip (or "probing… Ns").
    Reach,
    Version,
    Nodes,
    Pods,
    Findings,
    Certs,
    Backup,
    Error,
}

impl Column {
    pub const ALL: [Column; 11] = [
        Column::Verdict,
        Column::Context,
        Column::Server,
        Column::Reach,
        Column::Version,
        Column::Nodes,
        Column::Pods,
        Column::Findings,
        Column::Certs,
        Column::Backup,
        Column::Error,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Column::Verdict => "!",
            Column::Context => "CONTEXT",
            Column::Server => "SERVER",
            Column::Reach => "REACH",
            Column::Version => "VERSION",
            Column::Nodes => "NODES",
            Column::Pods => "PODS",
            Column::Findings => "CRIT/WARN",
            Column::Certs => "CERTS",
            Column::Backup => "BACKUP",
            Column::Error => "ERROR",
        }
    }

    /// The name the title line says the view is sorted by.
    pub fn sort_name(self) -> &'static str {
        match self {
            Column::Verdict => "verdict",
            Column::Context => "context",
            Column::Server => "server",
            Column::Reach => "round trip",
            Column::Version => "version",
            Column::Nodes => "nodes not ready",
            Column::Pods => "problem pods",
            Column::Findings => "findings",
            Column::Certs => "certificates",
            Column::Backup => "backup age",
            Column::Error => "error",
        }
    }

    /// The column's own order shows the worst (or largest) first.
    pub fn descending(self) -> bool {
        matches!(
            self,
            Column::Verdict
                | Column::Reach
                | Column::Nodes
                | Column::Pods
                | Column::Findings
                | Column::Backup
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

    /// "Sorted by this column": the worst verdict, the slowest or
    /// unreachable, the most nodes not ready, the most problem pods and
    /// findings, the soonest certificate, the oldest backup on top; names
    /// alphabetical. Ties by verdict, then context, so the order is stable.
    pub(super) fn compare(self, a: &Entry, b: &Entry, t: &Thresholds) -> Ordering {
        let row = |e: &Entry| e.row.clone().unwrap_or_default();
        let (ra, rb) = (row(a), row(b));
        let missing = |x: bool| if x { 1 } else { 0 };
        let by = match self {
            Column::Verdict => Ordering::Equal,
            Column::Context => a.context.cmp(&b.context),
            Column::Error => ra.error.cmp(&rb.error),
            Column::Server => a.server.cmp(&b.server),
            // Unreachable (no round trip) is the slowest.
            Column::Reach => (missing(ra.rtt_ms.is_none()), ra.rtt_ms)
                .cmp(&(missing(rb.rtt_ms.is_none()), rb.rtt_ms))
                .reverse(),
            Column::Version => ra.version.cmp(&rb.version),
            Column::Nodes => {
                let down = |r: &crate::fleet::row::Row| match (r.nodes_ready, r.nodes_total) {
                    (Some(ready), Some(total)) => Some(total.saturating_sub(ready)),
                    _ => None,
                };
                down(&rb).cmp(&down(&ra))
            }
            Column::Pods => {
                let n =
                    |r: &crate::fleet::row::Row| r.problem_pods.map(|p| p.not_running + p.containers_failing);
                n(&rb).cmp(&n(&ra))
            }
            Column::Findings => (rb.critical, rb.warning).cmp(&(ra.critical, ra.warning)),
            // Unknown last: the soonest expiry first.
            Column::Certs => {
                (ra.cert_days.is_none(), ra.cert_days).cmp(&(rb.cert_days.is_none(), rb.cert_days))
            }
            Column::Backup => {
                let age = |r: &crate::fleet::row::Row| match r.backup {
                    Some(Backup::Age { age_secs, .. }) => Some(age_secs),
                    _ => None,
                };
                age(&rb).cmp(&age(&ra))
            }
        };
        by.then_with(|| b.verdict(t).cmp(&a.verdict(t)))
            .then_with(|| a.context.cmp(&b.context))
    }
}

/// Columns in the order they are given room.
const PRIORITY: [Column; 11] = [
    Column::Context,
    Column::Verdict,
    Column::Reach,
    Column::Nodes,
    Column::Pods,
    Column::Findings,
    Column::Certs,
    Column::Backup,
    Column::Version,
    Column::Server,
    Column::Error,
];

/// The width a column is given (the error takes what is left).
pub fn min_width(c: Column) -> u16 {
    match c {
        Column::Verdict => 1,
        Column::Context => 16,
        Column::Server => 24,
        Column::Reach => 12,
        Column::Version => 9,
        Column::Nodes => 6,
        Column::Pods => 5,
        Column::Findings => 9,
        Column::Certs => 6,
        Column::Backup => 7,
        Column::Error => 20,
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
    fn at_80_columns_the_health_columns_stay() {
        let at_80 = shown_columns(80);
        for c in [
            Column::Verdict,
            Column::Context,
            Column::Reach,
            Column::Nodes,
            Column::Pods,
            Column::Findings,
            Column::Certs,
            Column::Backup,
        ] {
            assert!(at_80.contains(&c), "{c:?} at 80: {at_80:?}");
        }
        assert!(!at_80.contains(&Column::Error), "the error is under the table");
        assert_eq!(shown_columns(160), Column::ALL);
    }

    #[test]
    fn arrows_agree_with_the_worst_first() {
        for c in Column::ALL {
            assert_ne!(c.arrow(false), c.arrow(true));
        }
        assert_eq!(Column::Verdict.arrow(false), "▼", "worst first");
        assert_eq!(Column::Context.arrow(false), "▲");
    }
}
