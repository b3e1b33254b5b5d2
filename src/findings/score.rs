//! The score: the share of checked objects with no finding of warning or
//! worse. Checked objects are the workloads (every Deployment, StatefulSet
//! and DaemonSet, and every other owner of live pods: ReplicaSets, CronJobs,
//! Jobs, bare pods), the live namespaces, the nodes, and the cluster as one.
//! A finding counts against its object: a workload, node or namespace
//! finding against that object; another namespaced object's (a quota, a
//! PDB, a TLS Secret) against its namespace; a cluster-scoped one (a
//! certificate, a backup, a binding, a lease) against the cluster.
//!
//! The grade: A from 90, B from 80, C from 70, D from 60, else F. Any
//! critical finding caps it at C: the score weighs objects equally, and one
//! expired certificate or missing backup would hardly move it in a cluster
//! of thousands of workloads, yet no cluster with a critical problem is
//! "good".

use std::collections::HashSet;

use super::context::Ctx;
use super::{Finding, Severity};
use crate::cluster::store::Kind;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Obj {
    Cluster,
    Node(Box<str>),
    Namespace(Box<str>),
    Workload(Box<str>, Box<str>, Box<str>),
}

/// The objects the score counts, whatever their findings: read from the
/// store alone (time does not change them), so kept with the findings
/// that time does not change either (`parts::Part::Steady`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Objects(HashSet<Obj>);

/// The kinds whose findings are about a workload.
const WORKLOAD_KINDS: [&str; 7] = [
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "CronJob",
    "Job",
    "Pod",
];

fn workload(ns: &str, kind: &str, name: &str) -> Obj {
    Obj::Workload(ns.into(), kind.into(), name.into())
}

/// The objects checked: the cluster, the nodes, the live namespaces, the
/// workloads and every other owner of live pods, of the kinds readable.
pub(super) fn objects(ctx: &Ctx) -> Objects {
    let store = ctx.store;
    let mut all: HashSet<Obj> = HashSet::new();
    all.insert(Obj::Cluster);
    if ctx.can_read(Kind::Nodes) {
        all.extend(store.nodes.items.keys().map(|n| Obj::Node(n.as_ref().into())));
    }
    if ctx.can_read(Kind::Namespaces) {
        all.extend(
            store
                .namespaces
                .items
                .values()
                .filter(|n| !n.terminating)
                .map(|n| Obj::Namespace(n.name.as_ref().into())),
        );
    }
    for (kind, table, name) in [
        (Kind::Deployments, &store.deployments, "Deployment"),
        (Kind::StatefulSets, &store.statefulsets, "StatefulSet"),
        (Kind::DaemonSets, &store.daemonsets, "DaemonSet"),
    ] {
        if ctx.can_read(kind) {
            all.extend(table.items.keys().map(|(ns, n)| workload(ns, name, n)));
        }
    }
    if ctx.can_read(Kind::Pods) {
        all.extend(
            ctx.groups()
                .list
                .iter()
                .map(|g| workload(g.namespace, g.kind, g.name)),
        );
    }
    Objects(all)
}

/// (checked, clean): the objects of `all`, and those found wanting that
/// were not counted (their kind unreadable), which are checked too.
pub(super) fn tally(all: &Objects, findings: &[Finding]) -> (usize, usize) {
    let all = &all.0;
    let bad: HashSet<Obj> = findings
        .iter()
        .filter(|f| f.severity >= Severity::Warning)
        .map(|f| charge(f, all))
        .collect();
    let checked = all.len() + bad.iter().filter(|o| !all.contains(*o)).count();
    (checked, checked - bad.len())
}

fn charge(f: &Finding, all: &HashSet<Obj>) -> Obj {
    match (f.kind.as_str(), f.namespace.as_deref()) {
        ("Node", _) => Obj::Node(f.name.as_str().into()),
        ("Namespace", _) => Obj::Namespace(f.name.as_str().into()),
        (kind, Some(ns)) => {
            let w = workload(ns, kind, &f.name);
            if WORKLOAD_KINDS.contains(&kind) || all.contains(&w) {
                w
            } else {
                Obj::Namespace(ns.into())
            }
        }
        (_, None) => Obj::Cluster,
    }
}

/// `clean * 100 / checked`, rounded down; 100 with nothing checked.
pub(super) fn percent(clean: usize, checked: usize) -> u8 {
    if checked == 0 {
        return 100;
    }
    (clean.min(checked) * 100 / checked) as u8
}

pub(super) fn grade(score: u8, critical: bool) -> char {
    let g = match score {
        90.. => 'A',
        80..=89 => 'B',
        70..=79 => 'C',
        60..=69 => 'D',
        _ => 'F',
    };
    if critical && g < 'C' { 'C' } else { g }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades() {
        assert_eq!(percent(9, 10), 90);
        assert_eq!(percent(999, 1000), 99, "rounded down: 100 means all clean");
        assert_eq!(percent(0, 0), 100);
        assert_eq!(grade(100, false), 'A');
        assert_eq!(grade(90, false), 'A');
        assert_eq!(grade(89, false), 'B');
        assert_eq!(grade(80, false), 'B');
        assert_eq!(grade(75, false), 'C');
        assert_eq!(grade(60, false), 'D');
        assert_eq!(grade(59, false), 'F');
        assert_eq!(grade(100, true), 'C', "a critical finding caps the grade");
        assert_eq!(grade(85, true), 'C');
        assert_eq!(grade(65, true), 'D', "the cap does not lift a worse grade");
        assert_eq!(grade(10, true), 'F');
    }
}
