//! The control-plane pane's verdicts, one function per concern.

use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

use super::{
    ApiServer, Component, ControlPlaneNode, EndpointHealth, FailingCheck, HA_INSTANCES, InstanceCount,
    Leader, LeaderStatus, STALE_MARGIN_SECS,
};
use crate::cluster::store::Store;
use crate::cluster::store::records::Readiness;
use crate::signals::health_text::HealthReport;
use crate::signals::verdict::{Verdict, age};

pub(super) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Control-plane nodes and static pods that are not ready.
pub(super) fn not_ready(nodes: &[ControlPlaneNode], components: &[Component]) -> Vec<Verdict> {
    let mut out = Vec::new();
    let down: Vec<&str> = nodes
        .iter()
        .filter(|n| n.readiness != Readiness::Ready)
        .map(|n| &*n.name)
        .collect();
    if !down.is_empty() {
        out.push(Verdict::warn(format!(
            "{} of {} control-plane nodes not ready: {}",
            down.len(),
            nodes.len(),
            list(&down)
        )));
    }
    for c in components {
        let down: Vec<&str> = c
            .pods
            .iter()
            .filter(|p| !p.ready)
            .map(|p| p.node.as_deref().unwrap_or(&p.name))
            .collect();
        if !down.is_empty() {
            out.push(Verdict::warn(format!("{} not ready on {}", c.name, list(&down))));
        }
    }
    out
}

/// Identity leases an API server stopped renewing.
pub(super) fn stale_apiservers(apiservers: &[ApiServer], now: i64) -> Vec<Verdict> {
    apiservers
        .iter()
        .filter(|a| a.stale)
        .map(|a| {
            Verdict::warn(format!(
                "API server identity lease {} not renewed for {}",
                a.name,
                a.renewed.map_or_else(|| "ever".to_owned(), |r| age(now - r))
            ))
        })
        .collect()
}

/// The verdict on leader lease `l` at `now`. A fresh one's says no age
/// (the page's Leaders section draws it from the frame's time): it would
/// change every second.
pub(super) fn leader(l: &Leader, now: i64) -> Option<Verdict> {
    let c = l.component;
    let holder = l.holder.as_deref().unwrap_or("?");
    let ago = l
        .renewed
        .map_or_else(|| "never".to_owned(), |r| format!("{} ago", age(now - r)));
    Some(match l.status {
        LeaderStatus::Unknown => return None,
        LeaderStatus::Fresh => Verdict::ok(format!("{c} leader {holder}, lease fresh")),
        LeaderStatus::Stale => Verdict::crit(format!(
            "{c} leader {holder} stale: renewed {ago} (lease {}s + {STALE_MARGIN_SECS}s margin)",
            l.duration
        )),
        LeaderStatus::NoHolder => Verdict::crit(format!("{c} has no leader: its lease has no holder")),
        LeaderStatus::Missing => Verdict::warn(format!("no {c} leader lease in kube-system")),
    })
}

pub(super) fn count(count: &InstanceCount) -> Verdict {
    let n = count.total();
    let sources = format!(
        "identity leases {}, control-plane nodes {}, kube-apiserver pods {}, endpoints {}",
        shown(count.identity_leases),
        shown(count.nodes),
        shown(count.apiserver_pods),
        shown(count.endpoints)
    );
    match n {
        0 => Verdict::warn(format!("no control-plane instance visible ({sources})")),
        n if n < HA_INSTANCES => Verdict::warn(format!(
            "{n} control-plane instance{} ({HA_INSTANCES} needed for HA; {sources})",
            if n == 1 { "" } else { "s" }
        )),
        n => Verdict::ok(format!("{n} control-plane instances")),
    }
}

fn shown(n: Option<usize>) -> String {
    n.map_or_else(|| "?".to_owned(), |n| n.to_string())
}

/// Zone spread of the instances, and zones of the cluster with none.
pub(super) fn zones(
    store: &Store,
    hosts: usize,
    zones: &[(Arc<str>, usize)],
    unzoned: usize,
) -> Vec<Verdict> {
    if hosts == 0 {
        return vec![Verdict::ok(
            "no control-plane nodes visible (a managed control plane?): zone spread not checked",
        )];
    }
    if zones.is_empty() {
        return vec![Verdict::warn(format!(
            "zone spread unknown: none of the {hosts} control-plane nodes has a topology.kubernetes.io/zone label"
        ))];
    }
    let mut out = Vec::new();
    if unzoned > 0 {
        out.push(Verdict::warn(format!(
            "{unzoned} of {hosts} control-plane nodes have no zone label"
        )));
    }
    let names: Vec<&str> = zones.iter().map(|(z, _)| &**z).collect();
    if zones.len() == 1 && hosts >= 2 {
        out.push(Verdict::warn(format!(
            "all {hosts} control-plane instances in one zone ({})",
            names[0]
        )));
    }
    let cp: HashSet<&str> = names.iter().copied().collect();
    let cluster: BTreeSet<&str> = store
        .nodes
        .items
        .values()
        .filter_map(|n| n.zone.as_deref())
        .collect();
    let bare: Vec<&str> = cluster.iter().copied().filter(|z| !cp.contains(z)).collect();
    if !bare.is_empty() {
        out.push(Verdict::warn(format!(
            "no control-plane instance in zone{} {} (nodes span {} zones)",
            if bare.len() == 1 { "" } else { "s" },
            list(&bare),
            cluster.len()
        )));
    }
    if out.is_empty() {
        out.push(Verdict::ok(format!(
            "control plane spread over {} zone{}: {}",
            zones.len(),
            if zones.len() == 1 { "" } else { "s" },
            list(&names)
        )));
    }
    out
}

/// Names joined by ", ", at most 5 then "+N".
pub(super) fn list(names: &[&str]) -> String {
    let mut s = names.iter().take(5).copied().collect::<Vec<_>>().join(", ");
    if names.len() > 5 {
        s.push_str(&format!(" +{}", names.len() - 5));
    }
    s
}

pub(super) fn endpoint(
    name: &'static str,
    result: Option<&Result<HealthReport, String>>,
    verdicts: &mut Vec<Verdict>,
    failing_checks: &mut Vec<FailingCheck>,
    pending: &mut Vec<&'static str>,
) -> EndpointHealth {
    match result {
        None => {
            pending.push(name);
            EndpointHealth::NotPolled
        }
        Some(Err(e)) => {
            verdicts.push(Verdict::warn(format!("{name} unreachable: {e}")));
            EndpointHealth::Error(e.clone())
        }
        Some(Ok(r)) if r.passed => {
            verdicts.push(Verdict::ok(match r.checks.len() {
                0 => format!("{name} ok"),
                n => format!("{name} ok ({n} checks)"),
            }));
            EndpointHealth::Passed {
                checks: r.checks.len(),
            }
        }
        Some(Ok(r)) => {
            let failing: Vec<String> = r.failing().map(str::to_owned).collect();
            let names: Vec<&str> = failing.iter().map(String::as_str).collect();
            verdicts.push(Verdict::crit(if failing.is_empty() {
                format!("{name} check failed")
            } else {
                format!(
                    "{name} failing: {} ({} of {} checks)",
                    list(&names),
                    failing.len(),
                    r.checks.len()
                )
            }));
            failing_checks.extend(failing.iter().map(|c| FailingCheck {
                endpoint: name,
                name: c.clone(),
            }));
            EndpointHealth::Failed { failing }
        }
    }
}
