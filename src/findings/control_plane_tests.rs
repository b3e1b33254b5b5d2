use crate::cluster::store::{Store, SyncState};
use crate::findings::Severity;
use crate::findings::test_support::*;
use crate::signals::control_plane::{COMPONENTS, ControlPlaneModel, LEADERS, model};
use crate::signals::health_text::{HealthReport, parse};
use crate::signals::test_support::*;

fn report(body: &str) -> Result<HealthReport, String> {
    parse(body).map_err(|e| e.to_string())
}

fn ok() -> Result<HealthReport, String> {
    report("[+]ping ok\n[+]etcd ok\nreadyz check passed\n")
}

/// `n` control-plane nodes in `zones` (cycled) with static pods and fresh leases.
fn cluster(n: usize, zones: &[Option<&str>]) -> Store {
    let mut s = synced();
    for i in 0..n {
        let cp = format!("cp-{i}");
        add_node(&mut s, cp_node(&cp, zones[i % zones.len()]));
        for c in COMPONENTS {
            add_pod(&mut s, static_pod(c, &cp));
        }
    }
    add_node(&mut s, node("w-0", Some("a")));
    add_node(&mut s, node("w-1", Some("b")));
    for l in LEADERS {
        add_lease(
            &mut s,
            lease("kube-system", l, Some("cp-0_1"), Some(NOW - 2), Some(15)),
        );
    }
    s
}

fn cp(s: &Store) -> ControlPlaneModel {
    let r = ok();
    model(s, Some(&r), Some(&r), NOW)
}

#[test]
fn not_ha_fires_below_three_instances() {
    let s = cluster(2, &[Some("a"), Some("b")]);
    let m = cp(&s);
    let out = run(
        "control-plane-not-ha",
        &Inputs {
            etcd: None,
            control_plane: Some(&m),
            ..inputs(&s)
        },
    );
    let f = only(&out);
    assert_eq!((f.kind.as_str(), f.severity), ("Cluster", Severity::Warning));
    assert_eq!(
        f.message,
        "2 control-plane instances (at least 3 needed): losing one stops the API"
    );
}

#[test]
fn not_ha_quiet_with_three_and_unchecked_when_nothing_is_visible() {
    let s = cluster(3, &[Some("a"), Some("b"), Some("c")]);
    let m = cp(&s);
    let out = run(
        "control-plane-not-ha",
        &Inputs {
            etcd: None,
            control_plane: Some(&m),
            ..inputs(&s)
        },
    );
    assert!(out.findings.is_empty() && out.not_checked.is_empty());
    // A managed control plane: no node, pod or lease shows an instance.
    let mut managed = synced();
    add_node(&mut managed, node("w-0", Some("a")));
    let m = cp(&managed);
    let out = run(
        "control-plane-not-ha",
        &Inputs {
            etcd: None,
            control_plane: Some(&m),
            ..inputs(&managed)
        },
    );
    assert!(out.findings.is_empty());
    assert_eq!(
        out.not_checked,
        ["control-plane instances: none visible (managed control plane?)"]
    );
    // No model at all.
    let out = run("control-plane-not-ha", &inputs(&managed));
    assert_eq!(out.not_checked, ["control plane: not read yet"]);
}

#[test]
fn single_zone_fires_when_every_instance_shares_a_zone() {
    let s = cluster(3, &[Some("a")]);
    let m = cp(&s);
    let out = run(
        "control-plane-single-zone",
        &Inputs {
            etcd: None,
            control_plane: Some(&m),
            ..inputs(&s)
        },
    );
    assert_eq!(
        only(&out).message,
        "all 3 control-plane instances in zone a (the cluster has 2 zones): losing it stops the API"
    );
}

#[test]
fn single_zone_quiet_when_spread_single_or_unlabelled() {
    for (n, zones) in [
        (3, vec![Some("a"), Some("b"), Some("c")]),
        // One instance: control-plane-not-ha says it.
        (1, vec![Some("a")]),
    ] {
        let s = cluster(n, &zones);
        let m = cp(&s);
        let out = run(
            "control-plane-single-zone",
            &Inputs {
                etcd: None,
                control_plane: Some(&m),
                ..inputs(&s)
            },
        );
        assert!(out.findings.is_empty(), "{zones:?}");
    }
    // Unlabelled nodes may be anywhere: not judged.
    let s = cluster(3, &[Some("a"), None]);
    let m = cp(&s);
    let out = run(
        "control-plane-single-zone",
        &Inputs {
            etcd: None,
            control_plane: Some(&m),
            ..inputs(&s)
        },
    );
    assert!(out.findings.is_empty());
    assert_eq!(
        out.not_checked,
        ["control-plane zones: 1 control-plane node without a topology.kubernetes.io/zone label"]
    );
    // Nodes forbidden.
    let mut s = cluster(3, &[Some("a")]);
    s.nodes.state = SyncState::Forbidden {
        verb: "list".into(),
        resource: "nodes".into(),
    };
    let m = cp(&s);
    let out = run(
        "control-plane-single-zone",
        &Inputs {
            etcd: None,
            control_plane: Some(&m),
            ..inputs(&s)
        },
    );
    assert!(out.findings.is_empty() && !out.not_checked.is_empty());
}

#[test]
fn check_failing_fires_per_endpoint() {
    let s = cluster(3, &[Some("a"), Some("b"), Some("c")]);
    let failing = report(
        "[+]ping ok\n[-]etcd failed: reason withheld\n[-]poststarthook/x failed\nreadyz check failed\n",
    );
    let m = model(&s, Some(&failing), Some(&ok()), NOW);
    let out = run(
        "apiserver-check-failing",
        &Inputs {
            etcd: None,
            control_plane: Some(&m),
            ..inputs(&s)
        },
    );
    let f = only(&out);
    assert_eq!((f.name.as_str(), f.severity), ("/readyz", Severity::Critical));
    assert_eq!(f.message, "/readyz: 2 checks failing: etcd, poststarthook/x");
}

#[test]
fn check_failing_quiet_when_passing_and_unchecked_when_unread() {
    let s = cluster(3, &[Some("a"), Some("b"), Some("c")]);
    let m = cp(&s);
    let out = run(
        "apiserver-check-failing",
        &Inputs {
            etcd: None,
            control_plane: Some(&m),
            ..inputs(&s)
        },
    );
    assert!(out.findings.is_empty() && out.not_checked.is_empty());
    let refused = Err("connection refused".to_string());
    let m = model(&s, Some(&refused), None, NOW);
    let out = run(
        "apiserver-check-failing",
        &Inputs {
            etcd: None,
            control_plane: Some(&m),
            ..inputs(&s)
        },
    );
    assert!(out.findings.is_empty());
    assert_eq!(out.not_checked.len(), 2, "{:?}", out.not_checked);
}

#[test]
fn leader_stale_fires_for_stale_and_unheld_leases() {
    let mut s = cluster(3, &[Some("a"), Some("b"), Some("c")]);
    add_lease(
        &mut s,
        lease(
            "kube-system",
            "kube-scheduler",
            Some("cp-1_9"),
            Some(NOW - 300),
            Some(15),
        ),
    );
    add_lease(
        &mut s,
        lease("kube-system", "kube-controller-manager", None, None, Some(15)),
    );
    let m = cp(&s);
    let out = run(
        "leader-lease-stale",
        &Inputs {
            etcd: None,
            control_plane: Some(&m),
            ..inputs(&s)
        },
    );
    assert_eq!(
        objects(&out),
        [
            "Lease kube-system/kube-controller-manager",
            "Lease kube-system/kube-scheduler"
        ]
    );
    assert_eq!(
        out.findings[1].message,
        "kube-scheduler leader cp-1_9 last renewed 5m ago (lease 15s + 10s margin)"
    );
    assert!(out.findings.iter().all(|f| f.severity == Severity::Critical));
}

#[test]
fn leader_stale_quiet_when_fresh_or_missing() {
    let s = cluster(3, &[Some("a"), Some("b"), Some("c")]);
    let m = cp(&s);
    let out = run(
        "leader-lease-stale",
        &Inputs {
            etcd: None,
            control_plane: Some(&m),
            ..inputs(&s)
        },
    );
    assert!(out.findings.is_empty());
    // No leases at all (leader election elsewhere): nothing to say.
    let mut s = cluster(3, &[Some("a"), Some("b"), Some("c")]);
    s.leases.items.clear();
    let m = cp(&s);
    let out = run(
        "leader-lease-stale",
        &Inputs {
            etcd: None,
            control_plane: Some(&m),
            ..inputs(&s)
        },
    );
    assert!(out.findings.is_empty() && out.not_checked.is_empty());
    // Leases forbidden: not checked.
    s.leases.state = SyncState::Forbidden {
        verb: "list".into(),
        resource: "leases".into(),
    };
    let m = cp(&s);
    let out = run(
        "leader-lease-stale",
        &Inputs {
            etcd: None,
            control_plane: Some(&m),
            ..inputs(&s)
        },
    );
    assert!(out.findings.is_empty());
    assert_eq!(out.not_checked, ["leases: not readable"]);
}

use crate::findings::Inputs;
