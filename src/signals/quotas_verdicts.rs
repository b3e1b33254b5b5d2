//! The quotas pane's levels and verdicts, and the human-readable amounts
//! they (and the pane) show: cores, GiB/MiB, counts.

use std::sync::Arc;

use super::{Commitment, Gauge, LimitKind, LimitRow, NodeLoad, NodePods};
use crate::signals::verdict::{Level, Verdict};

/// A quota resource at this fraction of its hard limit warns.
pub const WARN_FRACTION: f64 = 0.9;
/// Slack for fractions of decimal amounts (`8.1` cores of `9` is 90%, not
/// 89.99…%); far below one byte of a TiB.
const EPSILON: f64 = 1e-12;

/// `used / total`; a total of 0 is empty (0) when nothing is used and
/// infinitely over otherwise.
pub fn fraction(used: f64, total: f64) -> f64 {
    if total > 0.0 {
        used / total
    } else if used > 0.0 {
        f64::INFINITY
    } else {
        0.0
    }
}

/// A quota's level: full (crit) at 100%, warn from 90%.
pub fn quota_level(used: f64, hard: f64) -> Level {
    let f = fraction(used, hard);
    if f >= 1.0 {
        Level::Crit
    } else if f >= WARN_FRACTION - EPSILON {
        Level::Warn
    } else {
        Level::Ok
    }
}

/// A limit's level: crit when `count` exceeds it, warn from 90% of it.
pub fn limit_level(count: u64, limit: u64) -> Level {
    if count > limit {
        Level::Crit
    } else if count > 0 && u128::from(count) * 10 >= u128::from(limit) * 9 {
        Level::Warn
    } else {
        Level::Ok
    }
}

/// Names shown in a verdict before `(+N more)`.
const NAMES_SHOWN: usize = 3;

/// An amount of `resource` in its natural unit (cores for cpu, bytes for
/// memory, storage and hugepages, a count otherwise): `250m`, `1 core`,
/// `2.5 cores`, `9.5 GiB`, `512 MiB`, `12`.
pub fn amount(resource: &str, v: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    if resource == "cpu" || resource.ends_with(".cpu") {
        cores(v)
    } else if resource.ends_with("memory") || resource.ends_with("storage") || resource.contains("hugepages-")
    {
        bytes(v)
    } else {
        trim(v, 2)
    }
}

/// Cores: millicores below one core.
pub fn cores(v: f64) -> String {
    if v > 0.0 && v < 1.0 {
        format!("{}m", (v * 1000.0).round())
    } else if v == 1.0 {
        "1 core".to_owned()
    } else {
        format!("{} cores", trim(v, 2))
    }
}

/// Bytes in binary units with at most one decimal.
pub fn bytes(v: f64) -> String {
    const UNITS: [(&str, f64); 4] = [
        ("TiB", 1_099_511_627_776.0),
        ("GiB", 1_073_741_824.0),
        ("MiB", 1_048_576.0),
        ("KiB", 1024.0),
    ];
    match UNITS.iter().find(|(_, size)| v >= *size) {
        Some((unit, size)) => format!("{} {unit}", trim(v / size, 1)),
        None => format!("{} B", trim(v, 0)),
    }
}

/// A fraction as a whole percentage, rounded down (89.99% is not 90%), so
/// that what reads `90%` is what warns.
pub fn percent(f: f64) -> String {
    if f.is_finite() {
        format!("{}%", (f.max(0.0) * 100.0 + 1e-9).floor())
    } else {
        "∞%".to_owned()
    }
}

fn trim(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `payments/compute requests.memory at 95% (9.5 GiB of 10 GiB)`.
pub fn gauge_line(g: &Gauge) -> String {
    let r = &*g.resource;
    if g.fraction.is_infinite() {
        return format!(
            "{}/{} {r}: {} used, none allowed",
            g.namespace,
            g.quota,
            amount(r, g.used)
        );
    }
    format!(
        "{}/{} {r} at {} ({} of {})",
        g.namespace,
        g.quota,
        percent(g.fraction),
        amount(r, g.used),
        amount(r, g.hard)
    )
}

/// One verdict per level: the fullest gauge, and how many more are there.
pub(super) fn gauges(gauges: &[Gauge]) -> Vec<Verdict> {
    let mut out = Vec::new();
    for (level, more) in [(Level::Crit, "full"), (Level::Warn, "at 90% or more")] {
        let mut at = gauges.iter().filter(|g| g.level == level);
        let Some(first) = at.next() else { continue };
        let mut message = gauge_line(first);
        let rest = at.count();
        if rest > 0 {
            message.push_str(&format!("; {rest} more {more}"));
        }
        out.push(Verdict { level, message });
    }
    out
}

/// Namespaces without `what` (a ResourceQuota, a LimitRange): warn.
pub(super) fn uncovered(what: &str, names: &[Arc<str>]) -> Option<Verdict> {
    let first = names.first()?;
    let mut listed = first.to_string();
    for n in names.iter().skip(1).take(NAMES_SHOWN - 1) {
        listed.push_str(", ");
        listed.push_str(n);
    }
    if names.len() > NAMES_SHOWN {
        listed.push_str(&format!(" (+{} more)", names.len() - NAMES_SHOWN));
    }
    Some(Verdict::warn(format!(
        "{} namespace{} without {what}: {listed}",
        names.len(),
        plural(names.len())
    )))
}

/// `cpu 4.5 cores of 4 cores (112%)`: the more committed resource.
pub fn commitment_line(c: &Commitment) -> String {
    if c.cpu() >= c.memory() {
        let (req, alloc) = (c.cpu_requested_milli, c.cpu_allocatable_milli);
        format!(
            "cpu {} of {} ({})",
            cores(req as f64 / 1000.0),
            cores(alloc as f64 / 1000.0),
            percent(c.cpu())
        )
    } else {
        format!(
            "memory {} of {} ({})",
            bytes(c.memory_requested as f64),
            bytes(c.memory_allocatable as f64),
            percent(c.memory())
        )
    }
}

/// Over-committed nodes (crit; a packed node is normal and not flagged),
/// and the cluster's total requests from 90% of allocatable.
pub(super) fn capacity(nodes: &[NodeLoad], total: Option<&Commitment>) -> Vec<Verdict> {
    let mut out = Vec::new();
    let over: Vec<&NodeLoad> = nodes.iter().filter(|n| n.level == Level::Crit).collect();
    if let Some(first) = over.first() {
        out.push(Verdict::crit(format!(
            "{} node{} over-committed (requests above allocatable); worst: {} {}",
            over.len(),
            plural(over.len()),
            first.node,
            commitment_line(&first.commitment)
        )));
    }
    if let Some(t) = total.filter(|_| !nodes.is_empty()) {
        let line = commitment_line(t);
        match t.level() {
            Level::Crit => out.push(Verdict::crit(format!(
                "cluster requests exceed allocatable: {line}"
            ))),
            Level::Warn => out.push(Verdict::warn(format!(
                "cluster requests near allocatable: {line}"
            ))),
            Level::Ok => {}
        }
    }
    out
}

/// `worker-1 runs 120 pods (supported 110, capacity 250)`.
pub fn node_pods_line(n: &NodePods) -> String {
    format!(
        "{} runs {} pods (supported {}, capacity {})",
        n.node,
        n.pods,
        LimitKind::PodsPerNode.limit(),
        n.capacity
    )
}

/// Nodes over (crit) or within 10% of (warn) their pod limit, one verdict
/// per level naming the fullest.
pub(super) fn pods_per_node(nodes: &[NodePods]) -> Vec<Verdict> {
    let mut out = Vec::new();
    for (level, what) in [(Level::Crit, "over"), (Level::Warn, "near")] {
        let at: Vec<&NodePods> = nodes.iter().filter(|n| n.level == level).collect();
        let Some(first) = at.first() else { continue };
        out.push(Verdict {
            level,
            message: format!(
                "{} node{} {what} their pod limit; worst: {}",
                at.len(),
                plural(at.len()),
                node_pods_line(first)
            ),
        });
    }
    out
}

/// A cluster-wide limit exceeded or within 10%; pods per node is reported
/// node by node instead.
pub(super) fn limit(row: &LimitRow) -> Option<Verdict> {
    let label = row.kind.label();
    let (count, limit) = (row.count, row.limit);
    match row.level {
        _ if row.kind == LimitKind::PodsPerNode => None,
        Level::Crit => Some(Verdict::crit(format!(
            "{count} {label}, over the supported {limit}"
        ))),
        Level::Warn => Some(Verdict::warn(format!(
            "{count} {label}, {} of the supported {limit}",
            percent(count as f64 / limit as f64)
        ))),
        Level::Ok => None,
    }
}

/// The tile line when nothing is wrong.
pub(super) fn all_ok(gauges: Option<&[Gauge]>, total: Option<&Commitment>) -> String {
    let mut parts = Vec::new();
    match gauges {
        Some([first, ..]) => parts.push(format!("fullest quota: {}", gauge_line(first))),
        Some([]) => parts.push("no ResourceQuotas".to_owned()),
        None => {}
    }
    if let Some(t) = total {
        parts.push(format!(
            "requests {} cpu, {} memory",
            percent(t.cpu()),
            percent(t.memory())
        ));
    }
    if parts.is_empty() {
        return "waiting for cluster data".to_owned();
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const GIB: f64 = 1_073_741_824.0;

    #[test]
    fn human_readable_amounts() {
        assert_eq!(amount("requests.cpu", 0.25), "250m");
        assert_eq!(amount("cpu", 1.0), "1 core");
        assert_eq!(amount("limits.cpu", 2.5), "2.5 cores");
        assert_eq!(amount("requests.cpu", 0.0), "0 cores");
        assert_eq!(amount("requests.memory", 9.5 * GIB), "9.5 GiB");
        assert_eq!(amount("limits.memory", 512.0 * 1_048_576.0), "512 MiB");
        assert_eq!(amount("requests.storage", 2048.0 * GIB), "2 TiB");
        assert_eq!(amount("requests.ephemeral-storage", 100.0), "100 B");
        assert_eq!(amount("hugepages-2Mi", 4.0 * 1_048_576.0), "4 MiB");
        assert_eq!(amount("pods", 12.0), "12");
        assert_eq!(amount("count/deployments.apps", 3.0), "3");
        assert_eq!(percent(0.899_99), "89%");
        assert_eq!(percent(8.1 / 9.0), "90%");
        assert_eq!(percent(f64::INFINITY), "∞%");
    }
}
