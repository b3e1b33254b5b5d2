use super::*;
use crate::cluster::store::namespace_records::NamespaceRecord;
use crate::cluster::store::records::PodRecord;
use crate::signals::test_support::*;

const GIB: f64 = 1_073_741_824.0;
const GIB_U: u64 = 1 << 30;

fn problems(m: &QuotasModel) -> Vec<&str> {
    m.verdicts
        .iter()
        .filter(|v| v.level > Level::Ok)
        .map(|v| v.message.as_str())
        .collect()
}

fn gauge<'a>(m: &'a QuotasModel, ns: &str, resource: &str) -> &'a Gauge {
    m.gauges
        .iter()
        .find(|g| &*g.namespace == ns && &*g.resource == resource)
        .unwrap_or_else(|| panic!("no gauge {ns} {resource} in {:?}", m.gauges))
}

/// The (count, level) of a limit's row.
fn limit_row(m: &QuotasModel, kind: LimitKind) -> Option<(u64, Level)> {
    m.limits
        .iter()
        .find(|l| l.kind == kind)
        .map(|l| (l.count, l.level))
}

/// Covered namespaces only: every namespace has a quota and a LimitRange.
fn covered(s: &mut Store, ns: &str, resources: &[(&str, f64, f64)]) {
    add_namespace(s, namespace(ns));
    add_quota(s, quota(ns, "compute", resources));
    add_limit_range(s, ns, "defaults");
}

#[test]
fn quota_thresholds_at_exactly_90_and_100_percent() {
    let mut s = synced();
    covered(
        &mut s,
        "payments",
        &[
            ("requests.cpu", 0.9, 1.0),
            ("requests.memory", 10.0 * GIB, 10.0 * GIB),
            ("pods", 11.0, 10.0),
            ("services", 8.0, 9.0),
        ],
    );
    // 8.1 cores of 9 is exactly 90%, though 8.1 / 9 is 0.8999… in floats;
    // 0.899 of a core is not.
    covered(
        &mut s,
        "web",
        &[("limits.cpu", 8.1, 9.0), ("requests.cpu", 0.899, 1.0)],
    );
    let m = model(&s, None);
    // Fullest first.
    let rows: Vec<(&str, &str, Level)> = m
        .gauges
        .iter()
        .map(|g| (&*g.namespace, &*g.resource, g.level))
        .collect();
    assert_eq!(
        rows,
        [
            ("payments", "pods", Level::Crit),
            ("payments", "requests.memory", Level::Crit),
            ("payments", "requests.cpu", Level::Warn),
            ("web", "limits.cpu", Level::Warn),
            ("web", "requests.cpu", Level::Ok),
            ("payments", "services", Level::Ok),
        ]
    );
    assert_eq!(gauge(&m, "payments", "pods").fraction, 1.1);
    assert_eq!(
        problems(&m),
        [
            "payments/compute pods at 110% (11 of 10); 1 more full",
            "payments/compute requests.cpu at 90% (900m of 1 core); 1 more at 90% or more",
        ]
    );
    let tile = "payments/compute pods at 110% (11 of 10); 1 more full (+1 more)";
    assert_eq!(m.summary, Verdict::crit(tile));
    assert_eq!(
        gauge_line(gauge(&m, "payments", "requests.memory")),
        "payments/compute requests.memory at 100% (10 GiB of 10 GiB)"
    );
}

#[test]
fn the_dashboard_tile_names_the_fullest_quota() {
    let mut s = synced();
    let hard = 11_584.0 * 1_048_576.0;
    covered(
        &mut s,
        "payments",
        &[("requests.memory", 0.95 * hard, hard), ("pods", 12.0, 20.0)],
    );
    add_node(&mut s, node("w-1", Some("a")));
    let m = model(&s, None);
    assert_eq!(
        m.summary,
        Verdict::warn("payments/compute requests.memory at 95% (10.7 GiB of 11.3 GiB)")
    );
    // Below 90% everything is fine and the tile says how full things are.
    let mut s = synced();
    covered(&mut s, "payments", &[("pods", 12.0, 20.0)]);
    add_node(&mut s, node("w-1", Some("a")));
    add_pod(
        &mut s,
        requesting("payments", "api", Some("w-1"), &[(1000, 4 * GIB_U)]),
    );
    let m = model(&s, None);
    assert_eq!(
        m.summary,
        Verdict::ok("fullest quota: payments/compute pods at 60% (12 of 20); requests 25% cpu, 25% memory")
    );
    assert!(m.verdicts.is_empty() && m.pending.is_empty());
}

#[test]
fn hard_zero_is_empty_when_unused_and_over_when_used() {
    let mut s = synced();
    covered(
        &mut s,
        "batch",
        &[("services.loadbalancers", 0.0, 0.0), ("pods", 1.0, 0.0)],
    );
    let m = model(&s, None);
    let none = gauge(&m, "batch", "services.loadbalancers");
    assert_eq!((none.fraction, none.level), (0.0, Level::Ok));
    let over = gauge(&m, "batch", "pods");
    assert_eq!(over.level, Level::Crit);
    assert!(over.fraction.is_infinite());
    assert_eq!(&*m.gauges[0].resource, "pods", "over sorts first");
    assert_eq!(problems(&m), ["batch/compute pods: 1 used, none allowed"]);
}

#[test]
fn namespaces_without_quota_or_limit_range() {
    let mut s = synced();
    covered(&mut s, "payments", &[("pods", 1.0, 10.0)]);
    for ns in ["kube-system", "default", "web", "zeta", "kube-public"] {
        add_namespace(&mut s, namespace(ns));
    }
    add_limit_range(&mut s, "web", "defaults");
    add_quota(&mut s, quota("zeta", "objects", &[("count/secrets", 3.0, 100.0)]));
    // Being deleted: not listed, though it has neither.
    add_namespace(
        &mut s,
        NamespaceRecord {
            terminating: true,
            ..namespace("old")
        },
    );
    let m = model(&s, None);
    let names = |v: &[Arc<str>]| v.iter().map(|n| n.to_string()).collect::<Vec<_>>();
    assert_eq!(
        names(&m.without_quota),
        ["default", "web", "kube-public", "kube-system"]
    );
    assert_eq!(
        names(&m.without_limit_range),
        ["default", "zeta", "kube-public", "kube-system"]
    );
    assert_eq!(
        problems(&m),
        [
            "4 namespaces without a ResourceQuota: default, web, kube-public (+1 more)",
            "4 namespaces without a LimitRange: default, zeta, kube-public (+1 more)",
        ]
    );
    // The namespace scope filters the gauges and the lists, not the rest.
    let m = model(&s, Some("web"));
    assert!(m.gauges.is_empty());
    assert_eq!(names(&m.without_quota), ["web"]);
    assert!(m.without_limit_range.is_empty());
    assert_eq!(problems(&m), ["1 namespace without a ResourceQuota: web"]);
    let m = model(&s, Some("zeta"));
    assert_eq!(m.gauges.len(), 1);
    assert_eq!(&*m.gauges[0].namespace, "zeta");
    assert!(m.without_quota.is_empty());
}

#[test]
fn over_committed_node_is_critical_and_a_packed_one_is_not() {
    let mut s = synced();
    for n in ["a", "b", "c"] {
        add_node(&mut s, node(n, Some("z")));
    }
    // a: 4.5 of 4 cores requested; b: 3.7 cores (92%); c: idle.
    add_pod(
        &mut s,
        requesting("x", "p1", Some("a"), &[(3000, GIB_U), (1500, GIB_U)]),
    );
    add_pod(&mut s, requesting("x", "p2", Some("b"), &[(3700, 2 * GIB_U)]));
    // Finished, terminating and unscheduled pods request nothing.
    for (name, phase, terminating) in [
        ("done", PodPhase::Succeeded, false),
        ("failed", PodPhase::Failed, false),
        ("leaving", PodPhase::Running, true),
    ] {
        let p = requesting("x", name, Some("c"), &[(4000, GIB_U)]);
        add_pod(
            &mut s,
            PodRecord {
                phase,
                terminating,
                ..p
            },
        );
    }
    add_pod(&mut s, requesting("x", "pending", None, &[(9000, GIB_U)]));
    // A container without requests counts as zero.
    let mut bare = pod("x", "bare", Some("c"));
    bare.containers = vec![container(None, None)].into();
    add_pod(&mut s, bare);

    let m = model(&s, None);
    let rows: Vec<(&str, u64, Level)> = m
        .nodes
        .iter()
        .map(|n| (&*n.node, n.commitment.cpu_requested_milli, n.level))
        .collect();
    assert_eq!(
        rows,
        [
            ("a", 4500, Level::Crit),
            ("b", 3700, Level::Warn),
            ("c", 0, Level::Ok)
        ]
    );
    let total = Commitment {
        cpu_requested_milli: 8200,
        cpu_allocatable_milli: 12_000,
        memory_requested: 4 * GIB_U,
        memory_allocatable: 48 * GIB_U,
    };
    assert_eq!(m.total, Some(total));
    assert_eq!(
        problems(&m),
        ["1 node over-committed (requests above allocatable); worst: a cpu 4.5 cores of 4 cores (112%)"]
    );

    // Memory can be the worse one, and the cluster as a whole can be full.
    let mut s = synced();
    add_node(&mut s, node("a", None));
    add_pod(&mut s, requesting("x", "p", Some("a"), &[(500, 15 * GIB_U)]));
    let m = model(&s, None);
    let near = "cluster requests near allocatable: memory 15 GiB of 16 GiB (93%)";
    assert_eq!((m.nodes[0].level, problems(&m)), (Level::Warn, vec![near]));
}

#[test]
fn pods_per_node_against_110_and_the_nodes_own_capacity() {
    let mut s = synced();
    // Capacity 250: 120 pods fit the node but exceed the supported 110.
    let mut big = node("big", None);
    big.pods_capacity = 250;
    add_node(&mut s, big);
    // Capacity 30: 28 pods are 93% of what the node takes (ties sort by name).
    let mut small = node("small", None);
    small.pods_capacity = 30;
    add_node(&mut s, small);
    add_node(&mut s, node("std-98", None));
    add_node(&mut s, node("std-99", None));
    for (n, count) in [("big", 120), ("small", 28), ("std-98", 98), ("std-99", 99)] {
        for i in 0..count {
            add_pod(&mut s, pod("x", &format!("{n}-{i}"), Some(n)));
        }
    }
    let m = model(&s, None);
    let rows: Vec<(&str, u64, u64, Level)> = m
        .pods_per_node
        .iter()
        .map(|n| (&*n.node, n.pods, n.limit, n.level))
        .collect();
    assert_eq!(
        rows,
        [
            ("big", 120, 110, Level::Crit),
            ("small", 28, 30, Level::Warn),
            ("std-99", 99, 110, Level::Warn),
            ("std-98", 98, 110, Level::Ok),
        ]
    );
    assert_eq!(limit_row(&m, LimitKind::PodsPerNode), Some((120, Level::Crit)));
    assert_eq!(
        problems(&m),
        [
            "1 node over their pod limit; worst: big runs 120 pods (supported 110, capacity 250)",
            "2 nodes near their pod limit; worst: small runs 28 pods (supported 110, capacity 30)",
        ]
    );
    // Exactly at the limit is near it, not over it.
    assert_eq!(limit_level(110, 110), Level::Warn);
    assert_eq!(limit_level(30, 30), Level::Warn);
}

#[test]
fn the_ten_percent_band_of_every_cluster_limit() {
    for kind in LimitKind::ALL {
        let l = kind.limit();
        let band = l * 9 / 10;
        assert_eq!(limit_level(band - 1, l), Level::Ok, "{kind:?}");
        assert_eq!(limit_level(band, l), Level::Warn, "{kind:?}");
        assert_eq!(limit_level(l, l), Level::Warn, "{kind:?}");
        assert_eq!(limit_level(l + 1, l), Level::Crit, "{kind:?}");
    }
    assert_eq!(
        [MAX_PODS_PER_NODE, MAX_NODES, MAX_PODS, MAX_CONTAINERS],
        [110, 5000, 150_000, 300_000]
    );
    assert_eq!(limit_level(0, 0), Level::Ok);

    // Through the model: 4500 nodes warn, 5001 are over.
    let mut s = synced();
    for i in 0..4500 {
        add_node(&mut s, node(&format!("n-{i}"), None));
    }
    let m = model(&s, None);
    assert_eq!(limit_row(&m, LimitKind::Nodes), Some((4500, Level::Warn)));
    assert!(problems(&m).contains(&"4500 nodes, 90% of the supported 5000"));
    for i in 4500..5001 {
        add_node(&mut s, node(&format!("n-{i}"), None));
    }
    let m = model(&s, None);
    assert!(problems(&m).contains(&"5001 nodes, over the supported 5000"));

    // Pods count every pod object; containers every container of them.
    let mut s = synced();
    for i in 0..134_999 {
        add_pod(&mut s, pod("x", &format!("p-{i}"), None));
    }
    let m = model(&s, None);
    assert_eq!(limit_row(&m, LimitKind::Pods), Some((134_999, Level::Ok)));
    let mut done = pod("x", "done", None);
    done.phase = PodPhase::Succeeded;
    done.containers = vec![container(None, None); 135_000].into();
    add_pod(&mut s, done);
    let m = model(&s, None);
    assert_eq!(problems(&m), ["135000 pods, 90% of the supported 150000"]);
    assert_eq!(limit_row(&m, LimitKind::Containers), Some((135_000, Level::Ok)));
    let mut big = pod("x", "big", None);
    big.containers = vec![container(None, None); 135_000].into();
    add_pod(&mut s, big);
    let m = model(&s, None);
    assert!(problems(&m).contains(&"270000 containers, 90% of the supported 300000"));
}

#[test]
fn nothing_synced_yet_is_pending_not_alarming() {
    let m = model(&Store::default(), None);
    assert_eq!(
        m.pending,
        ["resourcequotas", "limitranges", "namespaces", "nodes", "pods"]
    );
    assert!(m.verdicts.is_empty());
    assert!(m.gauges.is_empty() && m.without_quota.is_empty() && m.limits.is_empty());
    assert_eq!(m.total, None);
    assert_eq!(m.summary, Verdict::ok("waiting for cluster data"));
    // Namespaces arrived but quotas are still syncing: no "without quota"
    // list from half the data.
    let mut s = synced();
    add_namespace(&mut s, namespace("web"));
    s.quotas.state = SyncState::Syncing { count: 3 };
    let m = model(&s, None);
    assert_eq!(m.pending, ["resourcequotas"]);
    assert!(m.without_quota.is_empty());
    assert_eq!(problems(&m), ["1 namespace without a LimitRange: web"]);
}

#[test]
fn forbidden_quotas_warn_once_and_skip_what_needs_them() {
    let mut s = synced();
    add_namespace(&mut s, namespace("web"));
    add_quota(&mut s, quota("web", "compute", &[("pods", 10.0, 10.0)]));
    add_node(&mut s, node("a", None));
    add_pod(&mut s, requesting("web", "p", Some("a"), &[(5000, GIB_U)]));
    s.quotas.state = SyncState::Forbidden {
        verb: "list".into(),
        resource: "resourcequotas".into(),
    };
    let m = model(&s, None);
    assert!(
        m.gauges.is_empty(),
        "stale items of a forbidden kind are not shown"
    );
    assert!(m.without_quota.is_empty(), "not every namespace lacks a quota");
    assert_eq!(
        problems(&m),
        [
            "1 node over-committed (requests above allocatable); worst: a cpu 5 cores of 4 cores (125%)",
            "cluster requests exceed allocatable: cpu 5 cores of 4 cores (125%)",
            "resourcequotas: ✖ forbidden: list resourcequotas; quota usage not checked",
            "1 namespace without a LimitRange: web",
        ]
    );
    assert!(m.pending.is_empty());
    // Unreachable nodes: capacity and node limits are skipped, pods still count.
    let mut s = synced();
    s.nodes.state = SyncState::Unreachable {
        reason: "connection refused".into(),
    };
    let m = model(&s, None);
    assert_eq!(m.total, None);
    let kinds: Vec<LimitKind> = m.limits.iter().map(|l| l.kind).collect();
    assert_eq!(kinds, [LimitKind::Pods, LimitKind::Containers]);
    assert_eq!(
        m.summary,
        Verdict::warn("nodes: ✖ unreachable; capacity and node limits not checked")
    );
}
