//! The lines of an opened pane: plain (text, theme scope) pieces built from
//! the pane models, so that scrolling can be clamped here and `ui/` only
//! draws the visible ones.

use super::tiles::TileId;
use crate::cluster::store::records::Readiness;
use crate::panes::Panes;
use crate::signals::control_plane::{ControlPlaneModel, EndpointHealth, LeaderStatus};
use crate::signals::quotas::{self, QuotasModel};
use crate::signals::verdict::{Level, Verdict, age};
use crate::signals::zones::{SpreadFlag, ZonesModel};

/// One line: pieces of text with the theme scope that styles them.
pub type PaneLine = Vec<(String, &'static str)>;

pub(super) fn verdict_line(v: &Verdict) -> PaneLine {
    let (symbol, scope) = level_scope(v.level);
    vec![(format!("{symbol} "), scope), (v.message.clone(), scope)]
}

/// At most `n` characters, ending with `…` when cut (keeps columns aligned).
pub(super) fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let mut out: String = s.chars().take(n.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// A pane's first lines: its verdicts, what it still waits for, and the
/// sources it could not read or that are not there.
pub(super) fn preamble(verdicts: &[Verdict], pending: &[&str], missing: &[String]) -> Vec<PaneLine> {
    let mut out: Vec<PaneLine> = verdicts.iter().map(verdict_line).collect();
    if !pending.is_empty() {
        out.push(vec![(format!("… waiting for {}", pending.join(", ")), "muted")]);
    }
    for m in missing {
        out.push(vec![(format!("  {m}"), "muted")]);
    }
    out
}

pub(super) fn heading(t: &str) -> PaneLine {
    vec![(t.to_string(), "title")]
}

fn text(t: String) -> PaneLine {
    vec![(t, "text")]
}

fn opt(s: &Option<std::sync::Arc<str>>) -> &str {
    s.as_deref().unwrap_or("—")
}

fn control_plane(m: &ControlPlaneModel) -> Vec<PaneLine> {
    let mut out: Vec<PaneLine> = m.verdicts.iter().map(verdict_line).collect();
    if !m.pending.is_empty() {
        out.push(vec![(format!("… waiting for {}", m.pending.join(", ")), "muted")]);
    }
    out.push(vec![]);
    out.push(heading("Health checks"));
    for (name, h) in [("readyz", &m.readyz), ("livez", &m.livez)] {
        out.push(match h {
            EndpointHealth::NotPolled => vec![(format!("  {name}: not polled yet"), "muted")],
            EndpointHealth::Passed { checks } => vec![(format!("  ✔ {name}: {checks} checks passed"), "ok")],
            EndpointHealth::Failed { failing } => {
                vec![(format!("  ✖ {name}: failing {}", failing.join(", ")), "crit")]
            }
            EndpointHealth::Error(e) => vec![(format!("  ▲ {name}: {e}"), "warn")],
        });
    }
    out.push(vec![]);
    out.push(heading("Leaders"));
    for l in &m.leaders {
        let (state, scope) = match l.status {
            LeaderStatus::Fresh => ("✔ fresh", "ok"),
            LeaderStatus::Stale => ("✖ stale", "crit"),
            LeaderStatus::NoHolder => ("✖ no holder", "crit"),
            LeaderStatus::Missing => ("▲ no lease", "warn"),
            LeaderStatus::Unknown => ("… unknown", "muted"),
        };
        let renewed = l
            .renewed_ago
            .map_or("never".into(), |a| format!("{} ago", age(a)));
        out.push(vec![
            (format!("  {:<24} ", l.component), "text"),
            (format!("{state:<12}"), scope),
            (
                format!(" {} · renewed {renewed} · lease {}s", opt(&l.holder), l.duration),
                "muted",
            ),
        ]);
    }
    out.push(vec![]);
    out.push(heading(&format!(
        "API servers ({} identity leases)",
        m.apiservers.len()
    )));
    for a in &m.apiservers {
        let renewed = a
            .renewed_ago
            .map_or("never".into(), |s| format!("{} ago", age(s)));
        let (mark, scope) = if a.stale {
            ("✖ stale", "crit")
        } else {
            ("✔", "ok")
        };
        out.push(vec![
            (format!("  {mark} "), scope),
            (format!("{} · renewed {renewed}", a.name), "text"),
        ]);
    }
    out.push(vec![]);
    out.push(heading("API server addresses (default/kubernetes)"));
    match &m.addresses {
        Ok(a) if a.is_empty() => out.push(vec![("  none listed".into(), "warn")]),
        Ok(a) => {
            let line = a.iter().map(|(ip, ready)| {
                let (mark, scope) = if *ready { ("✔", "ok") } else { ("✖", "crit") };
                [(format!("  {mark} "), scope), (ip.to_string(), "text")]
            });
            out.push(line.flatten().collect());
        }
        Err(why) => out.push(vec![(format!("  {why}"), "muted")]),
    }
    out.push(vec![]);
    out.push(heading("Control-plane nodes"));
    for n in &m.nodes {
        let (mark, scope) = match n.readiness {
            Readiness::Ready => ("✔ Ready   ", "ok"),
            Readiness::NotReady => ("✖ NotReady", "crit"),
            Readiness::Unknown => ("▲ NotReady", "warn"),
            Readiness::Missing => ("▲ Unknown ", "warn"),
        };
        out.push(vec![
            (format!("  {mark} "), scope),
            (format!("{} · zone {}", n.name, opt(&n.zone)), "text"),
        ]);
    }
    out.push(vec![]);
    out.push(heading("Static pods"));
    for c in &m.components {
        let ready = c.pods.iter().filter(|p| p.ready).count();
        let scope = if c.pods.is_empty() {
            "muted"
        } else if ready == c.pods.len() {
            "ok"
        } else {
            "warn"
        };
        let where_: Vec<String> = c
            .pods
            .iter()
            .map(|p| format!("{} ({})", opt(&p.node), opt(&p.zone)))
            .collect();
        out.push(vec![
            (format!("  {:<24} {ready}/{} ready ", c.name, c.pods.len()), scope),
            (where_.join(", "), "muted"),
        ]);
    }
    out
}

fn zones(m: &ZonesModel) -> Vec<PaneLine> {
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
        let flags: Vec<String> = w
            .flags
            .iter()
            .map(|f| match f {
                SpreadFlag::OneNode(n) => format!("all on node {n}"),
                SpreadFlag::OneZone(z) => format!("all in zone {z}"),
            })
            .collect();
        out.push(vec![
            (
                format!(
                    "  {:<26} {:>8}  {:<16} {:>4}  {:>5}  ",
                    cut(&format!("{}/{}", w.namespace, w.name), 26),
                    w.replicas,
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

/// A level's symbol (readable without colour) and theme scope.
pub fn level_scope(l: Level) -> (&'static str, &'static str) {
    match l {
        Level::Ok => ("✔", "ok"),
        Level::Warn => ("▲", "warn"),
        Level::Crit => ("✖", "crit"),
    }
}

fn quotas(m: &QuotasModel) -> Vec<PaneLine> {
    let mut out: Vec<PaneLine> = m.verdicts.iter().map(verdict_line).collect();
    if !m.pending.is_empty() {
        out.push(vec![(format!("… waiting for {}", m.pending.join(", ")), "muted")]);
    }
    out.push(vec![]);
    out.push(heading("Quotas (fullest first)"));
    for g in &m.gauges {
        let (mark, scope) = level_scope(g.level);
        let filled = if g.fraction.is_finite() {
            ((g.fraction.clamp(0.0, 1.0)) * 20.0).round() as usize
        } else {
            20
        };
        out.push(vec![
            (format!("  {mark} "), scope),
            ("█".repeat(filled), scope),
            ("░".repeat(20 - filled), "muted"),
            (format!(" {}", quotas::gauge_line(g)), "text"),
        ]);
    }
    out.push(vec![]);
    out.push(heading("Supported limits"));
    for l in &m.limits {
        let (mark, scope) = level_scope(l.level);
        out.push(vec![
            (format!("  {mark} "), scope),
            (format!("{}: {} of {}", l.kind.label(), l.count, l.limit), "text"),
        ]);
    }
    if let Some(t) = &m.total {
        let (mark, scope) = level_scope(t.level());
        out.push(vec![
            (format!("  {mark} "), scope),
            (
                format!("cluster requests: {}", quotas::commitment_line(t)),
                "text",
            ),
        ]);
    }
    out.push(vec![]);
    out.push(heading("Nodes (most committed first)"));
    for n in m.nodes.iter().take(50) {
        let (mark, scope) = level_scope(n.level);
        out.push(vec![
            (format!("  {mark} "), scope),
            (
                format!("{}: {}", n.node, quotas::commitment_line(&n.commitment)),
                "text",
            ),
        ]);
    }
    for (title, list) in [
        ("Namespaces without a ResourceQuota", &m.without_quota),
        ("Namespaces without a LimitRange", &m.without_limit_range),
    ] {
        out.push(vec![]);
        out.push(heading(&format!("{title} ({})", list.len())));
        let names: Vec<&str> = list.iter().map(|n| &**n).collect();
        for chunk in names.chunks(5) {
            out.push(text(format!("  {}", chunk.join(", "))));
        }
    }
    out
}

/// The lines of `tile`'s pane.
pub fn lines(panes: &Panes, tile: TileId) -> Vec<PaneLine> {
    let body = match tile {
        TileId::ControlPlane => panes.control_plane.as_ref().map(control_plane),
        TileId::Zones => panes.zones.as_ref().map(zones),
        TileId::Quotas => panes.quotas.as_ref().map(quotas),
        TileId::Certificates => panes.certs.as_ref().map(super::certs_view::lines),
        TileId::EtcdBackups => panes.backups.as_ref().map(super::backups_view::lines),
        TileId::Findings => None,
    };
    body.unwrap_or_else(|| vec![text("No data yet.".into())])
}
