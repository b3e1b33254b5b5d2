//! The zones pane's page: nodes per zone with a readiness bar, then the
//! workloads worst spread first.

use super::{PaneLine, cut, heading, verdict_line};
use crate::signals::zones::{SpreadFlag, ZonesModel};

pub(super) fn lines(m: &ZonesModel) -> Vec<PaneLine> {
    let mut out: Vec<PaneLine> = m.verdicts.iter().map(verdict_line).collect();
    if !m.pending.is_empty() {
        out.push(vec![(format!("… waiting for {}", m.pending.join(", ")), "muted")]);
    }
    out.push(vec![]);
    out.push(heading(
        "Zones            nodes  ready  not ready  cordoned  control plane",
    ));
    let widest = m.bars.iter().map(|b| b.nodes).max().unwrap_or(1).max(1);
    for z in &m.zones {
        let bar_len = (z.nodes * 20).div_ceil(widest);
        let ready_len = (z.ready * 20).div_ceil(widest).min(bar_len);
        out.push(vec![
            (
                format!(
                    "  {:<14} {:>5}  {:>5}  {:>9}  {:>8}  {:>13}  ",
                    cut(&z.name, 14),
                    z.nodes,
                    z.ready,
                    z.not_ready,
                    z.cordoned,
                    z.control_plane
                ),
                "text",
            ),
            ("█".repeat(ready_len), "ok"),
            ("░".repeat(bar_len - ready_len), "warn"),
        ]);
    }
    out.push(vec![]);
    out.push(heading(
        "Workloads (worst first)    replicas  per zone          skew  nodes",
    ));
    for w in &m.workloads {
        let per_zone: Vec<String> = w.per_zone.iter().map(ToString::to_string).collect();
        let scope = if w.flags.is_empty() { "text" } else { "warn" };
        let mut flags: Vec<String> = w
            .flags
            .iter()
            .map(|f| match f {
                SpreadFlag::OneNode(n) => format!("all on node {n}"),
                SpreadFlag::OneZone(z) => format!("all in zone {z}"),
            })
            .collect();
        // Replicas against the workload's desired count: say when fewer run
        // or are ready.
        let replicas = match w.desired {
            Some(d) if usize::try_from(d).ok() != Some(w.replicas) => format!("{}/{d}", w.replicas),
            _ => w.replicas.to_string(),
        };
        if let (Some(d), Some(r)) = (w.desired, w.ready)
            && r < d
        {
            flags.push(format!("{r} of {d} ready"));
        }
        out.push(vec![
            (
                format!(
                    "  {:<26} {:>8}  {:<16} {:>4}  {:>5}  ",
                    cut(&format!("{}/{}", w.namespace, w.name), 26),
                    replicas,
                    cut(&per_zone.join("/"), 16),
                    w.skew,
                    w.nodes
                ),
                scope,
            ),
            (flags.join(", "), "warn"),
        ]);
    }
    out
}
