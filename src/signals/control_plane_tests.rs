use super::*;
use crate::signals::health_text::{from_fetch, parse};
use crate::signals::test_support::*;
use crate::signals::verdict::Level;

const NOW: i64 = 1_000_000;

fn ok_report() -> Result<HealthReport, String> {
    parse("[+]ping ok\n[+]etcd ok\nreadyz check passed\n").map_err(|e| e.to_string())
}

/// Three control-plane nodes in zones a, b, c with every static pod, fresh
/// identity and leader leases, and a worker per zone.
fn ha() -> Store {
    let mut s = synced();
    for (i, z) in ["a", "b", "c"].into_iter().enumerate() {
        let cp = format!("cp-{i}");
        add_node(&mut s, cp_node(&cp, Some(z)));
        add_node(&mut s, node(&format!("w-{i}"), Some(z)));
        for c in COMPONENTS {
            add_pod(&mut s, static_pod(c, &cp));
        }
        add_lease(&mut s, identity_lease(&format!("apiserver-{i}"), NOW - 5));
    }
    for l in LEADERS {
        add_lease(
            &mut s,
            lease("kube-system", l, Some("cp-0_1234"), Some(NOW - 2), Some(15)),
        );
    }
    s
}

fn problems(m: &ControlPlaneModel) -> Vec<&str> {
    m.verdicts
        .iter()
        .filter(|v| v.level > Level::Ok)
        .map(|v| v.message.as_str())
        .collect()
}

#[test]
fn healthy_ha_control_plane_is_ok() {
    let r = ok_report();
    let m = model(&ha(), Some(&r), Some(&r), NOW);
    assert_eq!(problems(&m), Vec::<&str>::new());
    assert_eq!(m.summary, Verdict::ok("3 instances in 3 zones, healthy"));
    assert_eq!(
        m.count,
        InstanceCount {
            identity_leases: Some(3),
            nodes: Some(3),
            apiserver_pods: Some(3),
            endpoints: None,
        }
    );
    assert_eq!(m.zones.len(), 3);
    assert!(m.components.iter().all(|c| c.pods.len() == 3));
    let etcd = &m.components[1];
    assert_eq!(etcd.name, "etcd");
    assert_eq!(etcd.pods[2].node.as_deref(), Some("cp-2"));
    assert_eq!(etcd.pods[2].zone.as_deref(), Some("c"));
    assert!(m.leaders.iter().all(|l| l.status == LeaderStatus::Fresh));
    assert_eq!(m.leaders[0].renewed, Some(NOW - 2));
    assert!(m.pending.is_empty());
    assert_eq!(m.readyz, EndpointHealth::Passed { checks: 2 });
}

#[test]
fn fewer_than_three_instances_warns_with_the_numbers() {
    let mut s = ha();
    s.nodes.items.remove("cp-2");
    s.pods.items.retain(|_, p| p.node.as_deref() != Some("cp-2"));
    s.leases.items.retain(|_, l| &*l.name != "apiserver-2");
    let m = model(&s, None, None, NOW);
    assert_eq!(m.count.total(), 2);
    assert_eq!(m.summary.level, Level::Warn);
    let p = problems(&m);
    assert!(
        p.iter()
            .any(|v| v.starts_with("2 control-plane instances (3 needed for HA")),
        "{p:?}"
    );
    // Zone c has workers but no control plane now.
    assert!(
        p.contains(&"no control-plane instance in zone c (nodes span 3 zones)"),
        "{p:?}"
    );
}

#[test]
fn instance_count_is_the_largest_source_and_skips_stale_identity_leases() {
    // A managed control plane: no nodes or static pods, three identity leases.
    let mut s = synced();
    add_node(&mut s, node("w-0", Some("a")));
    for i in 0..3 {
        add_lease(&mut s, identity_lease(&format!("apiserver-{i}"), NOW - 10));
    }
    // An API server that went away an hour and a half ago.
    add_lease(&mut s, identity_lease("apiserver-old", NOW - 5400));
    let m = model(&s, None, None, NOW);
    assert_eq!(m.count.identity_leases, Some(3));
    assert_eq!((m.count.nodes, m.count.apiserver_pods), (Some(0), Some(0)));
    assert_eq!(m.count.total(), 3);
    assert_eq!(m.apiservers.len(), 4);
    assert!(m.apiservers[3].stale && !m.apiservers[0].stale);
    let p = problems(&m);
    assert!(!p.iter().any(|v| v.contains("needed for HA")), "{p:?}");
    assert!(
        p.contains(&"API server identity lease apiserver-old not renewed for 90m"),
        "{p:?}"
    );
    // Zones cannot be judged, and that is said without alarm.
    assert!(
        m.verdicts
            .iter()
            .any(|v| v.level == Level::Ok && v.message.contains("zone spread not checked"))
    );
}

#[test]
fn one_zone_control_plane_is_flagged() {
    let mut s = synced();
    for i in 0..3 {
        add_node(&mut s, cp_node(&format!("cp-{i}"), Some("eu-1a")));
    }
    add_node(&mut s, node("w-0", Some("eu-1b")));
    let m = model(&s, None, None, NOW);
    assert_eq!(m.zones, vec![(Arc::from("eu-1a"), 3)]);
    let p = problems(&m);
    assert!(
        p.contains(&"all 3 control-plane instances in one zone (eu-1a)"),
        "{p:?}"
    );
    assert!(
        p.contains(&"no control-plane instance in zone eu-1b (nodes span 2 zones)"),
        "{p:?}"
    );
}

#[test]
fn missing_zone_labels_are_said_not_guessed() {
    let mut s = synced();
    for i in 0..3 {
        add_node(&mut s, cp_node(&format!("cp-{i}"), None));
    }
    let m = model(&s, None, None, NOW);
    assert_eq!((m.zones.len(), m.unzoned), (0, 3));
    let zonal: Vec<&str> = problems(&m).into_iter().filter(|v| v.contains("zone")).collect();
    assert_eq!(
        zonal,
        ["zone spread unknown: none of the 3 control-plane nodes has a topology.kubernetes.io/zone label"]
    );
    // Partly labelled: the unlabelled ones are counted.
    add_node(&mut s, cp_node("cp-0", Some("a")));
    let m = model(&s, None, None, NOW);
    assert!(problems(&m).contains(&"2 of 3 control-plane nodes have no zone label"));
}

#[test]
fn single_node_cluster() {
    let mut s = synced();
    add_node(&mut s, cp_node("kind-control-plane", None));
    add_pod(&mut s, static_pod("kube-apiserver", "kind-control-plane"));
    let m = model(&s, None, None, NOW);
    assert_eq!(m.count.total(), 1);
    assert_eq!(m.summary.level, Level::Warn);
    assert!(
        m.summary
            .message
            .starts_with("1 control-plane instance (3 needed for HA"),
        "{}",
        m.summary.message
    );
    // The host counted once although it is both a node and an apiserver host.
    assert_eq!(m.unzoned, 1);
}

#[test]
fn stale_leader_is_critical_and_the_margin_is_exact() {
    let mut s = ha();
    let at = |s: &mut Store, ago: i64| {
        add_lease(
            s,
            lease(
                "kube-system",
                "kube-scheduler",
                Some("cp-1_9"),
                Some(NOW - ago),
                Some(15),
            ),
        );
    };
    at(&mut s, 15 + STALE_MARGIN_SECS);
    let m = model(&s, None, None, NOW);
    assert_eq!(m.leaders[0].status, LeaderStatus::Fresh);
    at(&mut s, 15 + STALE_MARGIN_SECS + 1);
    let m = model(&s, None, None, NOW);
    assert_eq!(m.leaders[0].status, LeaderStatus::Stale);
    assert_eq!(m.summary.level, Level::Crit);
    assert_eq!(
        m.summary.message,
        "kube-scheduler leader cp-1_9 stale: renewed 26s ago (lease 15s + 10s margin)"
    );
    // No duration on the lease: the default applies; no renew time: stale.
    add_lease(
        &mut s,
        lease(
            "kube-system",
            "kube-controller-manager",
            Some("cp-2_1"),
            None,
            None,
        ),
    );
    let m = model(&s, None, None, NOW);
    assert_eq!(m.leaders[1].status, LeaderStatus::Stale);
    assert_eq!(m.leaders[1].duration, DEFAULT_LEASE_SECS);
}

#[test]
fn lease_with_no_holder_and_missing_lease_have_their_own_verdicts() {
    let mut s = ha();
    add_lease(
        &mut s,
        lease("kube-system", "kube-scheduler", None, Some(NOW - 1), Some(15)),
    );
    s.leases
        .items
        .remove(&(Arc::from("kube-system"), "kube-controller-manager".into()));
    let m = model(&s, None, None, NOW);
    assert_eq!(m.leaders[0].status, LeaderStatus::NoHolder);
    assert_eq!(m.leaders[1].status, LeaderStatus::Missing);
    assert_eq!(
        m.verdicts[0],
        Verdict::crit("kube-scheduler has no leader: its lease has no holder")
    );
    assert!(m.verdicts.contains(&Verdict::warn(
        "no kube-controller-manager leader lease in kube-system"
    )));
}

#[test]
fn failing_and_unreachable_health_endpoints() {
    let body = "[+]ping ok\n[-]etcd failed: reason withheld\n[-]kms-providers failed: reason withheld\nreadyz check failed\n";
    let readyz = from_fetch(&Ok(body.into()));
    let livez = from_fetch(&Err("connection refused".into()));
    let m = model(&ha(), Some(&readyz), Some(&livez), NOW);
    assert_eq!(m.summary.level, Level::Crit);
    assert_eq!(
        m.verdicts[0],
        Verdict::crit("readyz failing: etcd, kms-providers (2 of 3 checks)")
    );
    assert!(
        m.verdicts
            .contains(&Verdict::warn("livez unreachable: connection refused"))
    );
    assert_eq!(
        m.failing_checks,
        vec![
            FailingCheck {
                endpoint: "readyz",
                name: "etcd".into()
            },
            FailingCheck {
                endpoint: "readyz",
                name: "kms-providers".into()
            }
        ]
    );
    assert_eq!(m.livez, EndpointHealth::Error("connection refused".into()));
    // An answer that is not a listing is reported, not trusted.
    let garbage = from_fetch(&Ok("<html>502</html>".into()));
    let m = model(&ha(), Some(&garbage), None, NOW);
    assert!(matches!(m.readyz, EndpointHealth::Error(ref e) if e.contains("<html>")));
    assert_eq!(m.pending, ["livez"]);
}

#[test]
fn unreadable_kinds_disable_their_verdicts_only() {
    let mut s = ha();
    s.leases.state = SyncState::Forbidden {
        verb: "list".into(),
        resource: "leases.coordination.k8s.io".into(),
    };
    s.pods.state = SyncState::Syncing { count: 10 };
    let m = model(&s, None, None, NOW);
    assert!(m.leaders.iter().all(|l| l.status == LeaderStatus::Unknown));
    assert!(m.apiservers.is_empty());
    assert_eq!(m.count.identity_leases, None);
    assert_eq!(m.count.total(), 3, "the nodes still count");
    assert_eq!(m.pending, ["pods", "readyz", "livez"]);
    assert_eq!(m.summary.level, Level::Warn);
    assert!(m.summary.message.starts_with("leases: ✖ forbidden: list leases"));
    // Nothing synced at all: no alarm, just waiting.
    let m = model(&Store::default(), None, None, NOW);
    assert_eq!(m.summary, Verdict::ok("waiting for cluster data"));
    assert_eq!(m.pending.len(), 5);
}

#[test]
fn not_ready_nodes_and_static_pods_warn() {
    let mut s = ha();
    if let Some(n) = s.nodes.items.get_mut("cp-1") {
        n.readiness = Readiness::NotReady;
    }
    for p in s.pods.items.values_mut() {
        if p.name.starts_with("etcd-cp-2") {
            p.ready = false;
        }
    }
    let m = model(&s, None, None, NOW);
    let p = problems(&m);
    assert!(p.contains(&"1 of 3 control-plane nodes not ready: cp-1"), "{p:?}");
    assert!(p.contains(&"etcd not ready on cp-2"), "{p:?}");
}

#[test]
fn api_server_addresses_count_and_show() {
    use crate::cluster::store::records::EndpointSliceRecord;
    // A managed control plane: no control-plane nodes, pods or identity
    // leases visible, only the addresses behind default/kubernetes.
    let mut s = synced();
    add_node(&mut s, node("w-0", Some("a")));
    let slice = |ips: &[(&str, bool)]| EndpointSliceRecord {
        addresses: ips.iter().map(|(ip, r)| (Box::from(*ip), *r)).collect(),
    };
    let m = model(&s, None, None, NOW);
    assert_eq!(m.addresses, Err("not read yet".into()));
    assert_eq!(m.count.endpoints, None);
    s.api_endpoints.state = SyncState::Synced;
    s.api_endpoints.items.insert(
        ("default".into(), "kubernetes".into()),
        slice(&[("10.0.0.3", true), ("10.0.0.1", true), ("10.0.0.2", false)]),
    );
    // The same address in a second (dual-stack style) slice counts once.
    s.api_endpoints.items.insert(
        ("default".into(), "kubernetes-2".into()),
        slice(&[("10.0.0.1", true)]),
    );
    let m = model(&s, None, None, NOW);
    let ips: Vec<&str> = m
        .addresses
        .as_ref()
        .unwrap()
        .iter()
        .map(|(ip, _)| &**ip)
        .collect();
    assert_eq!(ips, ["10.0.0.1", "10.0.0.2", "10.0.0.3"]);
    assert_eq!(
        (m.count.endpoints, m.count.total()),
        (Some(2), 2),
        "the unready one does not count"
    );
    assert!(
        problems(&m)
            .iter()
            .any(|p| p.contains("2 control-plane instances") && p.contains("endpoints 2")),
        "{:?}",
        problems(&m)
    );
    // Forbidden: said in the pane, and no verdict of its own.
    s.api_endpoints.state = SyncState::Forbidden {
        verb: "list".into(),
        resource: "endpointslices.discovery.k8s.io".into(),
    };
    let m = model(&s, None, None, NOW);
    assert!(
        m.addresses.as_ref().unwrap_err().contains("forbidden"),
        "{:?}",
        m.addresses
    );
    assert!(!problems(&m).iter().any(|p| p.contains("endpointslices")));
}

#[test]
fn changes_at_is_the_first_second_time_alone_changes_the_model() {
    // Fresh leases (a leader renewed 2 s ago, identity leases 5 s ago), a
    // leader gone stale 30 s ago, an identity lease about to go stale.
    let mut s = ha();
    add_lease(
        &mut s,
        lease(
            "kube-system",
            "kube-scheduler",
            Some("cp-1_9"),
            Some(NOW - 30),
            Some(15),
        ),
    );
    add_lease(&mut s, identity_lease("apiserver-9", NOW - 3605));
    let mut now = NOW;
    let mut seen = 0;
    while now < NOW + 4000 {
        let m = model(&s, None, None, now);
        let Some(due) = changes_at(&m, now) else {
            break;
        };
        assert!(due > now, "{now}");
        for t in now + 1..due {
            assert_eq!(model(&s, None, None, t), m, "at {t}, before {due}");
        }
        assert_ne!(model(&s, None, None, due), m, "at {due}");
        now = due;
        seen += 1;
    }
    // Each second while the stale leader's age reads in seconds, then
    // each minute: not every second of the 4000.
    assert!(seen > 90 && seen < 400, "{seen}");
    // Fresh leases alone: their thresholds.
    let m = model(&ha(), None, None, NOW);
    assert_eq!(changes_at(&m, NOW), Some(NOW - 2 + 15 + STALE_MARGIN_SECS + 1));
}
