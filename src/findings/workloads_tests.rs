use crate::cluster::store::{Store, SyncState};
use crate::findings::test_support::*;
use crate::findings::{Inputs, Severity};
use crate::signals::test_support::*;
use crate::signals::zones;

#[test]
fn single_replica_fires_for_one_replica() {
    let mut s = all_synced();
    add_workload(
        &mut s,
        workload("Deployment", "data", "report", 1, &[("app", "report")]),
    );
    add_workload(&mut s, workload("StatefulSet", "data", "db", 1, &[("app", "db")]));
    add_hpa(&mut s, "data", "report", "Deployment", "report");
    let out = run("workload-single-replica", &inputs(&s));
    assert_eq!(objects(&out), ["StatefulSet data/db", "Deployment data/report"]);
    assert_eq!(
        out.findings[0].message,
        "1 replica: losing its pod or draining its node takes it down"
    );
    assert!(
        out.findings[1]
            .message
            .ends_with("(an HPA scales it: raise its minReplicas)")
    );
    assert_eq!(out.findings[0].severity, Severity::Warning);
}

#[test]
fn single_replica_quiet_for_two_zero_or_daemonsets() {
    let mut s = all_synced();
    add_workload(&mut s, workload("Deployment", "web", "api", 2, &[]));
    add_workload(&mut s, workload("Deployment", "web", "parked", 0, &[]));
    add_workload(&mut s, workload("DaemonSet", "web", "agent", 1, &[]));
    assert!(run("workload-single-replica", &inputs(&s)).findings.is_empty());
    s.statefulsets.state = SyncState::Forbidden {
        verb: "list".into(),
        resource: "statefulsets".into(),
    };
    assert_eq!(
        run("workload-single-replica", &inputs(&s)).not_checked,
        ["statefulsets: forbidden"]
    );
}

/// Deployment web/api (3 replicas, pods labelled app=api, tier=web).
fn api(s: &mut Store) {
    add_workload(s, workload("Deployment", "web", "api", 3, &[("app", "api")]));
    add_replicaset(s, "web", "api-5d4c", Some("api"));
    for i in 0..3 {
        let labels = [("app", "api"), ("tier", "web")];
        add_pod(
            s,
            owned(
                "web",
                &format!("api-5d4c-{i}"),
                None,
                "ReplicaSet",
                "api-5d4c",
                &labels,
            ),
        );
    }
}

#[test]
fn no_pdb_fires_when_no_budget_selects_the_pods() {
    let mut s = all_synced();
    api(&mut s);
    // A PDB of another app, and one in another namespace.
    add_pdb(
        &mut s,
        pdb("web", "cache", &[("app", "cache")], Some("1"), (1, 2, 1, 2)),
    );
    add_pdb(&mut s, pdb("data", "all", &[], Some("1"), (1, 2, 1, 2)));
    let out = run("workload-no-pdb", &inputs(&s));
    assert_eq!(objects(&out), ["Deployment web/api"]);
    assert_eq!(
        out.findings[0].message,
        "3 replicas and no PodDisruptionBudget selects its pods: a drain can evict them all at once"
    );
}

#[test]
fn no_pdb_quiet_when_selected_single_or_unknown() {
    // Selected by a label of the pods that the workload's selector does not name.
    let mut s = all_synced();
    api(&mut s);
    add_pdb(
        &mut s,
        pdb("web", "web-tier", &[("tier", "web")], Some("2"), (1, 3, 2, 3)),
    );
    assert!(run("workload-no-pdb", &inputs(&s)).findings.is_empty());
    // Pods not readable: judged on the workload's selector.
    let mut s = all_synced();
    api(&mut s);
    s.pods.state = SyncState::Unreachable { reason: "x".into() };
    add_pdb(
        &mut s,
        pdb("web", "api", &[("app", "api")], Some("2"), (1, 3, 2, 3)),
    );
    assert!(run("workload-no-pdb", &inputs(&s)).findings.is_empty());
    // One replica: workload-single-replica's business.
    let mut s = all_synced();
    add_workload(&mut s, workload("Deployment", "web", "one", 1, &[("app", "one")]));
    assert!(run("workload-no-pdb", &inputs(&s)).findings.is_empty());
    // PDBs forbidden: not checked, nothing reported.
    let mut s = all_synced();
    api(&mut s);
    s.pdbs.state = SyncState::Forbidden {
        verb: "list".into(),
        resource: "poddisruptionbudgets".into(),
    };
    let out = run("workload-no-pdb", &inputs(&s));
    assert!(out.findings.is_empty());
    assert_eq!(out.not_checked, ["poddisruptionbudgets: forbidden"]);
}

#[test]
fn pdb_blocks_eviction_fires_when_healthy_pods_allow_nothing() {
    let mut s = all_synced();
    add_pdb(
        &mut s,
        pdb("payments", "api", &[("app", "api")], Some("3"), (0, 3, 3, 3)),
    );
    let out = run("pdb-blocks-eviction", &inputs(&s));
    let f = only(&out);
    assert_eq!(object(f), "PodDisruptionBudget payments/api");
    assert_eq!(
        f.message,
        "allows 0 disruptions with 3 of 3 pods healthy (minAvailable 3): every eviction is refused, drains block"
    );
}

#[test]
fn pdb_blocks_eviction_quiet_when_allowing_unhealthy_or_empty() {
    let mut s = all_synced();
    add_pdb(&mut s, pdb("web", "ok", &[], Some("2"), (1, 3, 2, 3)));
    // Pods unhealthy: the budget is doing its job.
    add_pdb(&mut s, pdb("web", "degraded", &[], Some("3"), (0, 2, 3, 3)));
    // Selects nothing.
    add_pdb(&mut s, pdb("web", "orphan", &[], Some("1"), (0, 0, 1, 0)));
    assert!(run("pdb-blocks-eviction", &inputs(&s)).findings.is_empty());
}

/// Nodes a-1, a-2 (zone a), b-1 (zone b); Deployment web/`name` with pods on `nodes`.
fn spread_store(name: &str, nodes: &[&str]) -> Store {
    let mut s = all_synced();
    add_node(&mut s, node("a-1", Some("a")));
    add_node(&mut s, node("a-2", Some("a")));
    add_node(&mut s, node("b-1", Some("b")));
    add_workload(
        &mut s,
        workload("Deployment", "web", name, nodes.len() as i32, &[]),
    );
    add_replicaset(&mut s, "web", &format!("{name}-7f"), Some(name));
    for (i, n) in nodes.iter().enumerate() {
        add_pod(
            &mut s,
            owned(
                "web",
                &format!("{name}-7f-{i}"),
                Some(n),
                "ReplicaSet",
                &format!("{name}-7f"),
                &[],
            ),
        );
    }
    s
}

fn run_spread(id: &str, s: &Store) -> crate::findings::RuleResult {
    let m = zones::model(s, None);
    run(
        id,
        &Inputs {
            etcd: None,
            zones: Some(&m),
            ..inputs(s)
        },
    )
}

#[test]
fn single_zone_fires_when_all_replicas_share_a_zone() {
    let s = spread_store("cache", &["a-1", "a-2"]);
    let out = run_spread("workload-single-zone", &s);
    assert_eq!(objects(&out), ["Deployment web/cache"]);
    assert_eq!(
        out.findings[0].message,
        "all 2 replicas in zone a of 2: losing the zone takes it down"
    );
    assert!(run_spread("workload-single-node", &s).findings.is_empty());
}

#[test]
fn single_node_fires_when_all_replicas_share_a_node() {
    let s = spread_store("cache", &["a-1", "a-1", "a-1"]);
    let out = run_spread("workload-single-node", &s);
    assert_eq!(objects(&out), ["Deployment web/cache"]);
    assert_eq!(
        out.findings[0].message,
        "all 3 replicas on node a-1: losing the node takes it down"
    );
}

#[test]
fn spread_rules_quiet_when_spread_single_or_unknown() {
    for nodes in [vec!["a-1", "b-1"], vec!["a-1"]] {
        let s = spread_store("api", &nodes);
        for id in ["workload-single-zone", "workload-single-node"] {
            assert!(run_spread(id, &s).findings.is_empty(), "{id} {nodes:?}");
        }
    }
    // One zone in the whole cluster: nowhere else to go.
    let mut s = spread_store("api", &["a-1", "a-2"]);
    s.nodes.items.retain(|n, _| n.starts_with("a-"));
    assert!(run_spread("workload-single-zone", &s).findings.is_empty());
    // No model, or pods unreadable.
    assert_eq!(
        run("workload-single-zone", &inputs(&s)).not_checked,
        ["zones: not read yet"]
    );
    s.pods.state = SyncState::Forbidden {
        verb: "list".into(),
        resource: "pods".into(),
    };
    assert_eq!(
        run_spread("workload-single-node", &s).not_checked,
        ["pods: forbidden"]
    );
}

#[test]
fn spread_findings_count_against_the_desired_replicas() {
    // Two pods run, both in zone a, of 5 the Deployment wants (3 ready).
    let mut s = spread_store("cache", &["a-1", "a-2"]);
    let mut w = workload("Deployment", "web", "cache", 5, &[]);
    w.ready = 3;
    add_workload(&mut s, w);
    let out = run_spread("workload-single-zone", &s);
    assert_eq!(
        out.findings[0].message,
        "all 2 replicas (of 5 desired, 3 ready) in zone a of 2: losing the zone takes it down"
    );
}
