//! Control-plane rules, read from the control-plane pane's model: instance
//! count, zone spread, the API server's health checks, leader leases.

use super::RuleResult;
use super::context::{Ctx, cluster_finding, count, finding, list};
use crate::signals::control_plane::{
    ControlPlaneModel, EndpointHealth, HA_INSTANCES, LeaderStatus, STALE_MARGIN_SECS,
};
use crate::signals::verdict::age;

/// The model, or why the rule cannot be checked.
fn model<'a>(ctx: &Ctx<'a>) -> Result<&'a ControlPlaneModel, RuleResult> {
    ctx.inputs
        .control_plane
        .ok_or_else(|| RuleResult::blocked(vec!["control plane: not read yet".into()]))
}

/// Fewer than 3 instances. The count is the largest of what every source
/// (identity leases, control-plane nodes, API server pods, endpoints)
/// shows; with none visible (a managed control plane hides them all) it is
/// not checked rather than reported as 0.
pub(super) fn not_ha(ctx: &Ctx) -> RuleResult {
    let cp = match model(ctx) {
        Ok(m) => m,
        Err(o) => return o,
    };
    let c = &cp.count;
    let sources = [c.identity_leases, c.nodes, c.apiserver_pods, c.endpoints];
    if sources.iter().all(Option::is_none) {
        return RuleResult::blocked(vec!["control-plane instances: no source readable".into()]);
    }
    let n = c.total();
    if n == 0 {
        return RuleResult::blocked(vec![
            "control-plane instances: none visible (managed control plane?)".into(),
        ]);
    }
    let mut out = RuleResult::default();
    if n < HA_INSTANCES {
        out.findings.push(cluster_finding(
            "control-plane-not-ha",
            format!(
                "{} (at least {HA_INSTANCES} needed): losing one stops the API",
                count(n, "control-plane instance")
            ),
        ));
    }
    out
}

/// At least 2 instances, all on nodes labelled with the same zone. An
/// instance on an unlabelled node could be elsewhere: not judged then.
pub(super) fn single_zone(ctx: &Ctx) -> RuleResult {
    let cp = match model(ctx) {
        Ok(m) => m,
        Err(o) => return o,
    };
    if cp.count.nodes.is_none() {
        return RuleResult::blocked(vec!["control-plane zones: nodes not readable".into()]);
    }
    let zoned: usize = cp.zones.iter().map(|(_, n)| n).sum();
    let hosts = zoned + cp.unzoned;
    if hosts == 0 {
        return RuleResult::blocked(vec!["control-plane zones: no control-plane nodes visible".into()]);
    }
    if cp.unzoned > 0 {
        return RuleResult::blocked(vec![format!(
            "control-plane zones: {} without a topology.kubernetes.io/zone label",
            count(cp.unzoned, "control-plane node")
        )]);
    }
    let mut out = RuleResult::default();
    if let [(zone, n)] = cp.zones.as_slice()
        && *n >= 2
    {
        let zones = ctx
            .store
            .nodes
            .items
            .values()
            .filter_map(|n| n.zone.as_deref())
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        out.findings.push(cluster_finding(
            "control-plane-single-zone",
            format!(
                "all {n} control-plane instances in zone {zone} (the cluster has {}): losing it stops the API",
                count(zones, "zone")
            ),
        ));
    }
    out
}

/// One finding per health endpoint with failing checks.
pub(super) fn check_failing(ctx: &Ctx) -> RuleResult {
    let cp = match model(ctx) {
        Ok(m) => m,
        Err(o) => return o,
    };
    let mut out = RuleResult::default();
    for (endpoint, health) in [("readyz", &cp.readyz), ("livez", &cp.livez)] {
        match health {
            EndpointHealth::Failed { failing } => {
                let mut f = failing.clone();
                f.sort();
                out.findings.push(finding(
                    "apiserver-check-failing",
                    "Cluster",
                    None,
                    &format!("/{endpoint}"),
                    format!("/{endpoint}: {} failing: {}", count(f.len(), "check"), list(&f)),
                ));
            }
            EndpointHealth::Passed { .. } => {}
            EndpointHealth::NotPolled => out.not_checked.push(format!("/{endpoint}: not read yet")),
            EndpointHealth::Error(e) => out.not_checked.push(format!("/{endpoint}: {e}")),
        }
    }
    out
}

/// The scheduler's or the controller manager's lease not renewed within
/// its duration plus a margin, or held by nobody. A missing lease (leader
/// election off, a managed control plane) is not a finding.
pub(super) fn leader_stale(ctx: &Ctx) -> RuleResult {
    let cp = match model(ctx) {
        Ok(m) => m,
        Err(o) => return o,
    };
    let mut out = RuleResult::default();
    for l in &cp.leaders {
        let message = match l.status {
            LeaderStatus::Fresh | LeaderStatus::Missing => continue,
            LeaderStatus::Unknown => {
                out.not_checked.push("leases: not readable".into());
                continue;
            }
            LeaderStatus::NoHolder => {
                format!("{}: the lease has no holder, no leader is elected", l.component)
            }
            LeaderStatus::Stale => format!(
                "{} leader {} last renewed {} (lease {}s + {STALE_MARGIN_SECS}s margin)",
                l.component,
                l.holder.as_deref().unwrap_or("?"),
                l.renewed
                    .map_or_else(|| "never".into(), |r| format!("{} ago", age(ctx.inputs.now - r))),
                l.duration
            ),
        };
        out.findings.push(finding(
            "leader-lease-stale",
            "Lease",
            Some("kube-system"),
            l.component,
            message,
        ));
    }
    out.not_checked.dedup();
    out
}

#[cfg(test)]
#[path = "control_plane_tests.rs"]
mod tests;
