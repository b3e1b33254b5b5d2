//! Node and cluster-size rules: readiness, pressure, the node problem
//! detector, and the supported limits of a cluster.

use std::collections::HashMap;

use super::RuleResult;
use super::Severity::{Critical, Warning};
use super::context::{Ctx, cluster_finding, count, finding, live};
use crate::cluster::store::Kind;
use crate::cluster::store::records::Readiness;
use crate::signals::quotas::{LimitKind, MAX_PODS_PER_NODE, limit_level, percent};
use crate::signals::verdict::Level;

/// NotReady or Unknown: a warning for a worker with no pod on it, critical
/// for a control-plane node or a node with live pods bound to it (an
/// incident: they are not served). Says how many.
pub(super) fn not_ready(ctx: &Ctx) -> RuleResult {
    if let Err(why) = ctx.need(&[Kind::Nodes]) {
        return RuleResult::blocked(why);
    }
    let mut down: Vec<_> = ctx
        .store
        .nodes
        .items
        .values()
        .filter(|n| n.readiness != Readiness::Ready)
        .collect();
    if down.is_empty() {
        return RuleResult::default();
    }
    down.sort_by(|a, b| a.name.cmp(&b.name));
    let mut pods: HashMap<&str, usize> = down.iter().map(|n| (&*n.name, 0)).collect();
    let pods_known = ctx.can_read(Kind::Pods);
    if pods_known {
        for p in ctx.store.pods.items.values().filter(|p| live(p)) {
            if let Some(c) = p.node.as_deref().and_then(|n| pods.get_mut(n)) {
                *c += 1;
            }
        }
    }
    let findings = down
        .into_iter()
        .map(|n| {
            let state = match n.readiness {
                Readiness::NotReady => "NotReady",
                Readiness::Missing => "Unknown (no Ready condition reported)",
                _ => "NotReady (Ready is Unknown: the kubelet stopped posting status)",
            };
            // Why, as the node says it (`container runtime is down`).
            let why = n.details.condition("Ready").and_then(|c| c.message.as_deref());
            let state = match why {
                Some(m) => format!("{state}: {m}"),
                None => state.to_owned(),
            };
            let mut notes = Vec::new();
            if n.control_plane {
                notes.push("control-plane node".to_owned());
            }
            if n.unschedulable {
                notes.push("cordoned".to_owned());
            }
            if pods_known {
                notes.push(format!("{} bound to it", count(pods[&*n.name], "pod")));
            }
            let message = if notes.is_empty() {
                state
            } else {
                format!("{state}; {}", notes.join(", "))
            };
            let f = finding("node-not-ready", "Node", None, &n.name, message);
            let bound = pods_known && pods[&*n.name] > 0;
            if n.control_plane || bound {
                f.at(Critical)
            } else {
                f
            }
        })
        .collect();
    RuleResult {
        findings,
        not_checked: Vec::new(),
    }
}

/// MemoryPressure, DiskPressure or PIDPressure: one finding per node.
pub(super) fn pressure(ctx: &Ctx) -> RuleResult {
    if let Err(why) = ctx.need(&[Kind::Nodes]) {
        return RuleResult::blocked(why);
    }
    let mut out = RuleResult::default();
    for n in ctx.store.nodes.items.values() {
        let on: Vec<&str> = [
            (n.memory_pressure, "MemoryPressure"),
            (n.disk_pressure, "DiskPressure"),
            (n.pid_pressure, "PIDPressure"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
        .collect();
        if !on.is_empty() {
            let message = format!("{}: the kubelet evicts pods and refuses new ones", on.join(", "));
            out.findings
                .push(finding("node-pressure", "Node", None, &n.name, message));
        }
    }
    out
}

fn is_npd(name: &str) -> bool {
    name.contains("node-problem-detector")
}

/// No node-problem-detector DaemonSet with a ready pod, and no running pod
/// of one (by name or `app`/`app.kubernetes.io/name` label), in any namespace.
pub(super) fn npd_missing(ctx: &Ctx) -> RuleResult {
    let store = ctx.store;
    let (ds_ok, pods_ok) = (ctx.can_read(Kind::DaemonSets), ctx.can_read(Kind::Pods));
    if !ds_ok && !pods_ok {
        return RuleResult::blocked(
            ctx.need(&[Kind::DaemonSets, Kind::Pods])
                .err()
                .unwrap_or_default(),
        );
    }
    let daemonsets: Vec<_> = if ds_ok {
        store
            .daemonsets
            .items
            .values()
            .filter(|d| is_npd(&d.name))
            .collect()
    } else {
        Vec::new()
    };
    if daemonsets.iter().any(|d| d.ready > 0) {
        return RuleResult::default();
    }
    let running = pods_ok
        && store.pods.items.values().any(|p| {
            live(p)
                && p.ready
                && (is_npd(&p.name)
                    || p.labels.iter().any(|(k, v)| {
                        matches!(&**k, "app" | "app.kubernetes.io/name" | "k8s-app") && is_npd(v)
                    }))
        });
    // GKE and AKS run it as part of the node: its conditions show it.
    if running || store.nodes.items.values().any(|n| n.npd_conditions) {
        return RuleResult::default();
    }
    let nodes = store.nodes.items.len();
    let message = match daemonsets.first() {
        Some(d) => format!(
            "DaemonSet {}/{} has 0 of {} pods ready",
            d.namespace, d.name, d.replicas
        ),
        None => format!(
            "no node-problem-detector DaemonSet or pod found ({}): node problems do not show as conditions",
            count(nodes, "node")
        ),
    };
    // With DaemonSets unreadable, one may run unseen with no pod ready yet:
    // the pods say enough.
    RuleResult {
        findings: vec![cluster_finding("node-problem-detector-missing", message)],
        not_checked: Vec::new(),
    }
}

/// The supported limits: pods per node (one finding per node), nodes,
/// pods and containers (the cluster). Critical when exceeded, warning
/// within 10%.
pub(super) fn limit_exceeded(ctx: &Ctx) -> RuleResult {
    let Some(m) = ctx.inputs.quotas else {
        return RuleResult::blocked(vec!["cluster limits: not read yet".into()]);
    };
    let mut out = RuleResult::default();
    if let Err(why) = ctx.need(&[Kind::Nodes, Kind::Pods]) {
        out.not_checked = why;
    }
    let at = |level: Level| if level == Level::Crit { Critical } else { Warning };
    for row in m.limits.iter().filter(|r| r.kind != LimitKind::PodsPerNode) {
        let (n, limit, label) = (row.count, row.limit, row.kind.label());
        let message = match row.level {
            Level::Ok => continue,
            Level::Crit => format!("{n} {label}, over the supported {limit}"),
            Level::Warn => format!(
                "{n} {label}, {} of the supported {limit}",
                percent(n as f64 / limit as f64)
            ),
        };
        out.findings
            .push(cluster_finding("cluster-limit-exceeded", message).at(at(row.level)));
    }
    for n in &m.pods_per_node {
        let level = limit_level(n.pods, MAX_PODS_PER_NODE);
        let message = match level {
            Level::Ok => continue,
            Level::Crit => format!("{} pods, over the supported {MAX_PODS_PER_NODE} per node", n.pods),
            Level::Warn => format!(
                "{} pods, {} of the supported {MAX_PODS_PER_NODE} per node",
                n.pods,
                percent(n.pods as f64 / MAX_PODS_PER_NODE as f64)
            ),
        };
        out.findings
            .push(finding("cluster-limit-exceeded", "Node", None, &n.node, message).at(at(level)));
    }
    out
}

#[cfg(test)]
#[path = "nodes_tests.rs"]
mod tests;
