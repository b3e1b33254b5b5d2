//! Workload rules: replicas, PodDisruptionBudgets, and the spread of
//! replicas over zones and nodes (from the zones pane's model).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::RuleResult;
use super::context::{Ctx, count, finding};
use crate::cluster::store::Kind;
use crate::cluster::store::records::PdbRecord;
use crate::cluster::store::workload_records::WorkloadRecord;
use crate::signals::zones::{SpreadFlag, WorkloadKind, ZonesModel};

type Labels = [(Arc<str>, Arc<str>)];

/// Deployments and StatefulSets, by namespace and name.
fn replicated<'a>(ctx: &Ctx<'a>) -> Vec<&'a WorkloadRecord> {
    let s = ctx.store;
    let mut v: Vec<&WorkloadRecord> = s
        .deployments
        .items
        .values()
        .chain(s.statefulsets.items.values())
        .collect();
    v.sort_by(|a, b| (&a.namespace, &a.name, &a.kind).cmp(&(&b.namespace, &b.name, &b.kind)));
    v
}

/// Exactly one desired replica (zero is scaled down on purpose).
pub(super) fn single_replica(ctx: &Ctx) -> RuleResult {
    if let Err(why) = ctx.need(&[Kind::Deployments, Kind::StatefulSets]) {
        return RuleResult::blocked(why);
    }
    let scaled: HashSet<(&str, &str, &str)> = if ctx.can_read(Kind::Hpas) {
        ctx.store
            .hpas
            .items
            .values()
            .map(|h| (&*h.namespace, &*h.target_kind, &*h.target_name))
            .collect()
    } else {
        HashSet::new()
    };
    let findings = replicated(ctx)
        .into_iter()
        .filter(|w| w.replicas == 1)
        .map(|w| {
            let hpa = if scaled.contains(&(&*w.namespace, &*w.kind, &*w.name)) {
                " (an HPA scales it: raise its minReplicas)"
            } else {
                ""
            };
            let message = format!("1 replica: losing its pod or draining its node takes it down{hpa}");
            finding(
                "workload-single-replica",
                &w.kind,
                Some(&w.namespace),
                &w.name,
                message,
            )
        })
        .collect();
    RuleResult {
        findings,
        not_checked: Vec::new(),
    }
}

/// Whether a PDB's selector selects pods with `labels`. An empty selector
/// selects every pod of the namespace (policy/v1); so does, here, one with
/// only `matchExpressions`, which kon does not keep: a PDB is never missed.
fn selects(pdb: &PdbRecord, labels: &Labels) -> bool {
    pdb.selector.iter().all(|kv| labels.contains(kv))
}

/// A Deployment or StatefulSet of 2 or more replicas whose pods no PDB
/// selects (judged on a live pod's labels, else on the workload's selector).
pub(super) fn no_pdb(ctx: &Ctx) -> RuleResult {
    if let Err(why) = ctx.need(&[Kind::Deployments, Kind::StatefulSets, Kind::Pdbs]) {
        return RuleResult::blocked(why);
    }
    let mut pdbs: HashMap<&str, Vec<&PdbRecord>> = HashMap::new();
    for p in ctx.store.pdbs.items.values() {
        pdbs.entry(&p.namespace).or_default().push(p);
    }
    let pods_ok = ctx.can_read(Kind::Pods);
    let mut out = RuleResult::default();
    for w in replicated(ctx).into_iter().filter(|w| w.replicas >= 2) {
        let pod = pods_ok
            .then(|| ctx.groups().get(&w.namespace, &w.kind, &w.name))
            .flatten()
            .and_then(|g| g.pods.first());
        let labels: &Labels = pod.map_or(&w.selector, |p| &p.labels);
        let covered = pdbs
            .get(&*w.namespace)
            .is_some_and(|ps| ps.iter().any(|p| selects(p, labels)));
        if !covered {
            let message = format!(
                "{} and no PodDisruptionBudget selects its pods: a drain can evict them all at once",
                count(w.replicas as usize, "replica")
            );
            out.findings.push(finding(
                "workload-no-pdb",
                &w.kind,
                Some(&w.namespace),
                &w.name,
                message,
            ));
        }
    }
    out
}

/// A PDB allowing no disruption although every pod it expects is healthy:
/// minAvailable equal to the replicas, or maxUnavailable 0. Every eviction
/// is refused and drains of their nodes hang. (With pods unhealthy, 0 is
/// the budget doing its job.)
pub(super) fn pdb_blocks_eviction(ctx: &Ctx) -> RuleResult {
    if let Err(why) = ctx.need(&[Kind::Pdbs]) {
        return RuleResult::blocked(why);
    }
    let mut out = RuleResult::default();
    for p in ctx.store.pdbs.items.values() {
        let healthy = p.current_healthy >= p.desired_healthy;
        if p.disruptions_allowed > 0 || p.expected_pods <= 0 || !healthy {
            continue;
        }
        let spec = match (&p.min_available, &p.max_unavailable) {
            (Some(m), _) => format!("minAvailable {m}"),
            (None, Some(m)) => format!("maxUnavailable {m}"),
            (None, None) => "no budget set".to_owned(),
        };
        let message = format!(
            "allows 0 disruptions with {} of {} pods healthy ({spec}): every eviction is refused, drains block",
            p.current_healthy, p.expected_pods
        );
        out.findings.push(finding(
            "pdb-blocks-eviction",
            "PodDisruptionBudget",
            Some(&p.namespace),
            &p.name,
            message,
        ));
    }
    out
}

fn zones<'a>(ctx: &Ctx<'a>) -> Result<&'a ZonesModel, RuleResult> {
    let m = ctx
        .inputs
        .zones
        .ok_or_else(|| RuleResult::blocked(vec!["zones: not read yet".into()]))?;
    ctx.need(&[Kind::Nodes, Kind::Pods])
        .map_err(RuleResult::blocked)?;
    Ok(m)
}

fn kind_name(k: WorkloadKind) -> &'static str {
    match k {
        WorkloadKind::Deployment => "Deployment",
        WorkloadKind::StatefulSet => "StatefulSet",
        WorkloadKind::ReplicaSet => "ReplicaSet",
    }
}

/// Flagged workloads of the zones model, as findings of rule `id`.
fn spread(ctx: &Ctx, id: &'static str, flag: fn(&SpreadFlag) -> Option<String>) -> RuleResult {
    let m = match zones(ctx) {
        Ok(m) => m,
        Err(o) => return o,
    };
    let labelled = m.zones.iter().filter(|z| z.labelled).count();
    let mut out = RuleResult::default();
    for w in &m.workloads {
        let Some(place) = w.flags.iter().find_map(flag) else {
            continue;
        };
        let placed = w.replicas - w.unplaced;
        // Against the desired count when the controller wants more.
        let of = match (w.desired, w.ready) {
            (Some(d), Some(r)) if usize::try_from(d).is_ok_and(|d| d > placed) => {
                format!(" (of {d} desired, {r} ready)")
            }
            _ => String::new(),
        };
        let message = match id {
            "workload-single-zone" => {
                format!(
                    "all {placed} replicas{of} in zone {place} of {labelled}: losing the zone takes it down"
                )
            }
            _ => format!("all {placed} replicas{of} on node {place}: losing the node takes it down"),
        };
        out.findings.push(finding(
            id,
            kind_name(w.kind),
            Some(&w.namespace),
            &w.name,
            message,
        ));
    }
    out
}

/// Every placed replica (at least 2) in one zone of a multi-zone cluster.
pub(super) fn single_zone(ctx: &Ctx) -> RuleResult {
    spread(ctx, "workload-single-zone", |f| match f {
        SpreadFlag::OneZone(z) => Some(z.to_string()),
        SpreadFlag::OneNode(_) => None,
    })
}

/// Every placed replica (at least 2) on one node.
pub(super) fn single_node(ctx: &Ctx) -> RuleResult {
    spread(ctx, "workload-single-node", |f| match f {
        SpreadFlag::OneNode(n) => Some(n.to_string()),
        SpreadFlag::OneZone(_) => None,
    })
}

#[cfg(test)]
#[path = "workloads_tests.rs"]
mod tests;
