//! The quotas pane's page: quota gauges fullest first, supported limits,
//! node commitments and the namespaces without a quota or limit range.

use super::{PaneLine, heading, level_scope, text, verdict_line};
use crate::signals::quotas::{self, QuotasModel};

pub(super) fn lines(m: &QuotasModel) -> Vec<PaneLine> {
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
