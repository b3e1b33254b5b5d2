//! The control plane pane's page: health checks, leader leases, API
//! server identities and addresses, control-plane nodes and static pods.

use super::{PaneLine, heading, opt, verdict_line};
use crate::cluster::store::records::Readiness;
use crate::signals::control_plane::{ControlPlaneModel, EndpointHealth, LeaderStatus};
use crate::signals::verdict::age;

/// The page at `now` (the frame's time): the ages of the leases are drawn
/// from it, not held by the model.
pub(super) fn lines(m: &ControlPlaneModel, now: i64) -> Vec<PaneLine> {
    let managed = m.platform.is_managed();
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
        if managed && l.status == LeaderStatus::Missing {
            out.push(vec![
                (format!("  {:<24} ", l.component), "text"),
                (format!("not exposed by {}", m.platform.platform), "muted"),
            ]);
            continue;
        }
        let renewed = l
            .renewed
            .map_or("never".into(), |r| format!("{} ago", age(now - r)));
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
            .renewed
            .map_or("never".into(), |r| format!("{} ago", age(now - r)));
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
    if managed && m.nodes.is_empty() && m.components.iter().all(|c| c.pods.is_empty()) {
        out.push(vec![]);
        out.push(heading("Control-plane nodes and static pods"));
        out.push(vec![(
            format!(
                "  not visible: {} runs them outside the cluster",
                m.platform.platform
            ),
            "muted",
        )]);
        return out;
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
