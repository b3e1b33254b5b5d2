use super::*;
use crate::signals::test_support::*;
use crate::signals::verdict::Level;

/// `n` replicas of Deployment `deploy` (ReplicaSet `deploy-5d4f8c7b9`), the
/// i-th on `nodes[i % nodes.len()]`.
fn deploy(s: &mut Store, ns: &str, deploy: &str, nodes: &[&str], n: usize) {
    let rs = format!("{deploy}-5d4f8c7b9");
    for i in 0..n {
        let node = nodes.get(i % nodes.len().max(1)).copied();
        let labels = [("app", deploy), ("pod-template-hash", "5d4f8c7b9")];
        add_pod(
            s,
            owned(ns, &format!("{rs}-{i}"), node, "ReplicaSet", &rs, &labels),
        );
    }
}

fn sts(s: &mut Store, ns: &str, name: &str, nodes: &[&str]) {
    for (i, node) in nodes.iter().enumerate() {
        add_pod(
            s,
            owned(ns, &format!("{name}-{i}"), Some(node), "StatefulSet", name, &[]),
        );
    }
}

/// Two nodes in each of zones a, b, c: a-0, a-1, b-0, …
fn three_zones() -> Store {
    let mut s = synced();
    for z in ["a", "b", "c"] {
        for i in 0..2 {
            add_node(&mut s, node(&format!("{z}-{i}"), Some(z)));
        }
    }
    s
}

fn find<'a>(m: &'a ZonesModel, name: &str) -> &'a Workload {
    m.workloads
        .iter()
        .find(|w| &*w.name == name)
        .unwrap_or_else(|| panic!("no workload {name} in {:?}", m.workloads))
}

#[test]
fn deployment_name_heuristic() {
    assert_eq!(deployment_of("web-5d4f8c7b9", Some("5d4f8c7b9")), Some("web"));
    // The label strips exactly, even a suffix the fallback would not take.
    assert_eq!(deployment_of("my-app-v2-abc", Some("abc")), Some("my-app-v2"));
    // A label that is not the name's suffix: not a Deployment's ReplicaSet.
    assert_eq!(deployment_of("web-5d4f8c7b9", Some("7c9b")), None);
    assert_eq!(deployment_of("-5d4f", Some("5d4f")), None);
    // Without the label: the last segment when it looks like a hash.
    assert_eq!(deployment_of("my-app-v2-5d4f8c7b9", None), Some("my-app-v2"));
    assert_eq!(deployment_of("legacy-3847593847", None), Some("legacy"));
    assert_eq!(deployment_of("web-api", None), None, "vowels are never in a hash");
    assert_eq!(deployment_of("web-5d4f8c7b9xx", None), None, "too long");
    assert_eq!(deployment_of("web", None), None);
    assert_eq!(deployment_of("", Some("")), None);
}

#[test]
fn replica_sets_of_one_deployment_merge_and_bare_ones_stay() {
    let mut s = three_zones();
    // A rollout in progress: old and new ReplicaSets of `web`.
    for (rs, hash, node) in [("web-5d4f8c7b9", "5d4f8c7b9", "a-0"), ("web-7c9b", "7c9b", "b-0")] {
        let labels = [("pod-template-hash", hash)];
        add_pod(
            &mut s,
            owned("shop", &format!("{rs}-x"), Some(node), "ReplicaSet", rs, &labels),
        );
    }
    add_pod(
        &mut s,
        owned("shop", "cache-a", Some("c-0"), "ReplicaSet", "cache", &[]),
    );
    // Owned by a DaemonSet or nothing: not a spread workload.
    add_pod(
        &mut s,
        owned("kube-system", "proxy-1", Some("a-0"), "DaemonSet", "proxy", &[]),
    );
    add_pod(&mut s, pod("shop", "loose", Some("a-0")));
    let m = model(&s, None);
    assert_eq!(m.workloads.len(), 2, "{:?}", m.workloads);
    let web = find(&m, "web");
    assert_eq!(
        (web.kind, web.replicas, web.nodes),
        (WorkloadKind::Deployment, 2, 2)
    );
    assert_eq!(find(&m, "cache").kind, WorkloadKind::ReplicaSet);
}

#[test]
fn skew_counts_empty_zones_as_zero() {
    let mut s = three_zones();
    sts(&mut s, "db", "pg", &["a-0", "a-1", "b-0"]);
    let m = model(&s, None);
    let pg = find(&m, "pg");
    assert_eq!(pg.per_zone, [2, 1, 0]);
    assert_eq!(pg.skew, 2);
    assert!(pg.flags.is_empty());
    // Evenly spread: no skew.
    deploy(&mut s, "shop", "web", &["a-0", "b-0", "c-1"], 6);
    let m = model(&s, None);
    assert_eq!(
        (find(&m, "web").per_zone.as_slice(), find(&m, "web").skew),
        (&[2, 2, 2][..], 0)
    );
}

#[test]
fn one_zone_and_one_node_are_flagged_and_sorted_first() {
    let mut s = three_zones();
    deploy(&mut s, "shop", "spread", &["a-0", "b-0", "c-0"], 3);
    sts(&mut s, "db", "skewed", &["a-0", "a-1", "b-0"]);
    deploy(&mut s, "shop", "zonal", &["b-0", "b-1"], 2);
    deploy(&mut s, "shop", "pinned", &["c-1"], 3);
    // A single replica is never flagged.
    deploy(&mut s, "shop", "solo", &["a-0"], 1);
    let m = model(&s, None);
    let order: Vec<&str> = m.workloads.iter().map(|w| &*w.name).collect();
    assert_eq!(order, ["pinned", "zonal", "skewed", "solo", "spread"]);
    assert_eq!(
        m.workloads[0].flags,
        [SpreadFlag::OneNode("c-1".into()), SpreadFlag::OneZone("c".into())]
    );
    assert_eq!(m.workloads[1].flags, [SpreadFlag::OneZone("b".into())]);
    assert_eq!(m.summary.level, Level::Warn);
    assert_eq!(
        m.summary.message,
        "2 workloads not spread; worst: shop/pinned, all 3 replicas on node c-1"
    );
    // The namespace filter keeps only that namespace's workloads.
    let m = model(&s, Some("db"));
    let order: Vec<&str> = m.workloads.iter().map(|w| &*w.name).collect();
    assert_eq!(order, ["skewed"]);
    assert_eq!(m.summary.level, Level::Ok);
}

#[test]
fn no_zone_labels_at_all() {
    let mut s = synced();
    for i in 0..3 {
        add_node(&mut s, node(&format!("n-{i}"), None));
    }
    deploy(&mut s, "shop", "web", &["n-0", "n-0"], 2);
    let m = model(&s, None);
    assert_eq!(m.zones.len(), 1);
    assert_eq!(
        (&*m.zones[0].name, m.zones[0].labelled, m.zones[0].nodes),
        (NO_ZONE, false, 3)
    );
    let web = find(&m, "web");
    // Not "one zone" (there are no zones), but one node it is.
    assert_eq!(web.flags, [SpreadFlag::OneNode("n-0".into())]);
    assert_eq!((web.per_zone.as_slice(), web.skew), (&[2][..], 0));
    assert!(m.verdicts.contains(&Verdict::warn(
        "no zones: none of the 3 nodes has a topology.kubernetes.io/zone label"
    )));
}

#[test]
fn unlabelled_nodes_beside_zones() {
    let mut s = three_zones();
    add_node(&mut s, node("odd", None));
    sts(&mut s, "db", "pg", &["a-0", "odd"]);
    let m = model(&s, None);
    assert_eq!(m.zones.last().map(|z| &*z.name), Some(NO_ZONE));
    let pg = find(&m, "pg");
    assert_eq!(pg.per_zone, [1, 0, 0, 1]);
    assert_eq!(pg.skew, 1, "the unlabelled node is not a zone");
    assert!(pg.flags.is_empty(), "one replica's zone is unknown");
    assert!(
        m.verdicts
            .contains(&Verdict::warn("1 of 7 nodes have no zone label"))
    );
}

#[test]
fn a_single_node() {
    let mut s = synced();
    add_node(&mut s, cp_node("solo", Some("z1")));
    deploy(&mut s, "shop", "web", &["solo"], 2);
    let m = model(&s, None);
    assert_eq!(m.zones[0].control_plane, 1);
    assert_eq!(find(&m, "web").flags, [SpreadFlag::OneNode("solo".into())]);
    assert!(
        m.verdicts
            .contains(&Verdict::warn("a single node (zone z1): no redundancy"))
    );
}

#[test]
fn node_counts_bars_and_a_zone_down() {
    let mut s = three_zones();
    for n in ["c-0", "c-1"] {
        if let Some(v) = s.nodes.items.get_mut(n) {
            v.readiness = Readiness::NotReady;
        }
    }
    if let Some(v) = s.nodes.items.get_mut("a-1") {
        v.unschedulable = true;
    }
    add_node(&mut s, cp_node("cp-a", Some("a")));
    let m = model(&s, None);
    let a = &m.zones[0];
    assert_eq!(
        (a.nodes, a.ready, a.not_ready, a.cordoned, a.control_plane),
        (3, 3, 0, 1, 1)
    );
    assert_eq!(
        m.bars[2],
        ZoneBar {
            zone: "c".into(),
            nodes: 2,
            ready: 0
        }
    );
    assert_eq!(
        m.summary,
        Verdict::crit("zone c: none of its 2 nodes ready (+1 more)")
    );
    assert!(m.verdicts.contains(&Verdict::warn("2 of 7 nodes not ready")));
}

#[test]
fn finished_terminating_and_pending_pods() {
    let mut s = three_zones();
    deploy(&mut s, "shop", "web", &["a-0", "b-0"], 2);
    let mut done = owned("shop", "web-x", Some("c-0"), "ReplicaSet", "web-5d4f8c7b9", &[]);
    done.phase = PodPhase::Succeeded;
    add_pod(&mut s, done);
    let mut going = owned("shop", "web-y", Some("c-0"), "ReplicaSet", "web-5d4f8c7b9", &[]);
    going.terminating = true;
    add_pod(&mut s, going);
    add_pod(
        &mut s,
        owned("shop", "web-z", None, "ReplicaSet", "web-5d4f8c7b9", &[]),
    );
    add_pod(
        &mut s,
        owned(
            "shop",
            "web-gone",
            Some("deleted-node"),
            "ReplicaSet",
            "web-5d4f8c7b9",
            &[],
        ),
    );
    let m = model(&s, None);
    let web = find(&m, "web");
    assert_eq!(
        (web.replicas, web.unplaced, web.per_zone.as_slice()),
        (4, 2, &[1, 1, 0][..])
    );
}

#[test]
fn data_not_yet_there() {
    let mut s = three_zones();
    deploy(&mut s, "shop", "web", &["a-0"], 2);
    s.pods.state = SyncState::Syncing { count: 1 };
    let m = model(&s, None);
    assert!(m.workloads.is_empty());
    assert_eq!(m.pending, ["pods"]);
    assert_eq!(m.summary, Verdict::ok("3 zones, 6 nodes ready"));
    let m = model(&Store::default(), None);
    assert_eq!(m.summary, Verdict::ok("waiting for nodes"));
    assert_eq!(m.pending, ["nodes", "pods"]);
    s.nodes.state = SyncState::Unreachable {
        reason: "refused".into(),
    };
    assert_eq!(model(&s, None).summary.level, Level::Warn);
}

#[test]
fn watched_replica_sets_name_their_deployment() {
    use crate::cluster::store::workload_records::ReplicaSetRecord;
    let mut s = three_zones();
    // Names that the heuristic gets wrong both ways: `api-v2` is a bare
    // ReplicaSet though it looks hashed; `checkout` is a Deployment's.
    add_pod(
        &mut s,
        owned("shop", "api-v2-x", Some("a-0"), "ReplicaSet", "api-v2", &[]),
    );
    add_pod(
        &mut s,
        owned("shop", "co-1", Some("b-0"), "ReplicaSet", "checkout", &[]),
    );
    add_pod(
        &mut s,
        owned("shop", "co-2", Some("c-0"), "ReplicaSet", "checkout", &[]),
    );
    for (rs, deployment) in [("api-v2", None), ("checkout", Some("frontend"))] {
        let view = ReplicaSetRecord {
            deployment: deployment.map(Arc::from),
            ..ReplicaSetRecord::default()
        };
        s.replicasets.items.insert(("shop".into(), rs.into()), view);
    }
    // Before ReplicaSets are synced, names are derived.
    let m = model(&s, None);
    assert_eq!(find(&m, "api").kind, WorkloadKind::Deployment);
    assert_eq!(find(&m, "checkout").kind, WorkloadKind::ReplicaSet);
    s.replicasets.state = SyncState::Synced;
    let m = model(&s, None);
    assert_eq!(find(&m, "api-v2").kind, WorkloadKind::ReplicaSet);
    let frontend = find(&m, "frontend");
    assert_eq!((frontend.kind, frontend.replicas), (WorkloadKind::Deployment, 2));
}

#[test]
fn workloads_carry_their_desired_and_ready_counts() {
    let mut s = three_zones();
    deploy(&mut s, "shop", "web", &["a-0", "b-0"], 2);
    let mut w = workload("Deployment", "shop", "web", 5, &[]);
    w.ready = 2;
    add_workload(&mut s, w);
    sts(&mut s, "shop", "db", &["a-0"]);
    let m = model(&s, None);
    let web = find(&m, "web");
    assert_eq!((web.replicas, web.desired, web.ready), (2, Some(5), Some(2)));
    let db = find(&m, "db");
    assert_eq!(
        (db.desired, db.ready),
        (None, None),
        "its StatefulSet is not in the store"
    );
}
