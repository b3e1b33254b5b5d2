//! Snapshots of the pods table (80x24 and 160x48), of a node's pods under
//! what the node says of itself, and of the dashboard's Pods tile in an
//! incident; and the ways into the table (p, Enter on a node or a finding).

use std::sync::Arc;

use super::pane_snapshots::{app, press, screen};
use crate::app::AppState;
use crate::app::action::Mode;
use crate::cluster::store::event_records::{EventRecord, Regarding};
use crate::cluster::store::pod_records::{NodeConditionRecord, NodeDetails, TaintRecord};
use crate::signals::pods_fixtures::incident;
use crate::signals::test_support::add_pod;

const NOW: i64 = 1_790_000_000;

/// The snapshot console with an incident: the pods of `pods_fixtures`
/// (one stuck Terminating on the NotReady node w-4, which says why), and
/// the crash-looping pod's BackOff events.
fn incident_app(w: u16, h: u16) -> AppState {
    let mut a = app(w, h);
    let s = &mut a.live.store;
    for p in incident(NOW, "w-4") {
        add_pod(s, p);
    }
    crate::signals::test_support::add_replicaset(s, "payments", "ledger-7d9f8", Some("ledger"));
    if let Some(n) = s.nodes.items.get_mut("w-4") {
        let cond = |t: &str, st: &str, reason: &str, msg: &str| NodeConditionRecord {
            type_: t.into(),
            status: st.into(),
            reason: Some(reason.into()),
            message: Some(msg.into()),
            heartbeat: Some(NOW - 720),
        };
        n.details = NodeDetails {
            conditions: Box::new([
                cond("Ready", "False", "KubeletNotReady", "container runtime is down"),
                cond(
                    "DiskPressure",
                    "True",
                    "KubeletHasDiskPressure",
                    "kubelet has disk pressure",
                ),
            ]),
            taints: Box::new([TaintRecord {
                key: "node.kubernetes.io/not-ready".into(),
                value: None,
                effect: "NoExecute".into(),
            }]),
        };
    }
    for (name, count, last, note) in [
        (
            "ledger.1",
            17,
            NOW - 30,
            "Back-off restarting failed container ledger in pod ledger-7d9f8-x2x4q",
        ),
        (
            "ledger.2",
            3,
            NOW - 400,
            "Readiness probe failed: HTTP probe failed with statuscode: 503",
        ),
    ] {
        let e = EventRecord {
            namespace: "payments".into(),
            name: name.into(),
            regarding: Regarding {
                kind: "Pod".into(),
                namespace: "payments".into(),
                name: "ledger-7d9f8-x2x4q".into(),
            },
            reason: if name == "ledger.1" {
                "BackOff"
            } else {
                "Unhealthy"
            }
            .into(),
            warning: true,
            note: note.into(),
            count,
            first_seen: Some(NOW - 3600),
            last_seen: Some(last),
            source: Some(Arc::from("kubelet")),
        };
        s.events.items.insert(("payments".into(), name.into()), e);
    }
    let gc = EventRecord {
        namespace: "default".into(),
        name: "w-4.gc".into(),
        regarding: Regarding {
            kind: "Node".into(),
            namespace: "".into(),
            name: "w-4".into(),
        },
        reason: "ContainerGCFailed".into(),
        warning: true,
        note: "rpc error: code = Unavailable desc = connection error: containerd.sock".into(),
        count: 12,
        first_seen: Some(NOW - 1500),
        last_seen: Some(NOW - 60),
        source: Some(Arc::from("kubelet")),
    };
    s.events.items.insert(("default".into(), "w-4.gc".into()), gc);
    s.events.state = crate::cluster::store::SyncState::Synced;
    let readyz = Ok("[+]ping ok\n".to_string());
    a.live
        .panes
        .recompute(&a.live.store, (Some(&readyz), None), None, &a.live.local, NOW);
    a
}

#[test]
fn pods_table_80x24_and_160x48() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut a = incident_app(w, h);
        press(&mut a, "p");
        assert_eq!(a.nav.mode, Mode::Pods);
        let s = screen(&a);
        // Problems first, with kubectl's words: the two not running, then
        // the failing containers (the most restarts first).
        let order: Vec<&str> = ["trainer-0", "search-8c7d6", "x2x4q", "m7n2p", "q8d2k"]
            .into_iter()
            .filter(|n| s.contains(n))
            .collect();
        assert_eq!(order.len(), 5, "{s}");
        let pos = |n: &str| s.find(n).unwrap_or(usize::MAX);
        assert!(
            pos("trainer-0") < pos("x2x4q") && pos("x2x4q") < pos("q8d2k"),
            "{s}"
        );
        assert!(
            s.contains("CrashLoopBackOff") && s.contains("17 (3m ago)") && s.contains("Error 1"),
            "{s}"
        );
        assert!(s.contains("OOMKilled 137") && s.contains("Terminating"), "{s}");
        insta::assert_snapshot!(format!("pods_{w}x{h}"), s);
    }
}

#[test]
fn the_selected_pods_detail_says_why_and_shows_its_warning_events() {
    let mut a = incident_app(160, 48);
    press(&mut a, "p");
    // The cursor on the crash-looping pod, whatever its row.
    press(&mut a, "/");
    for c in "'ledger".chars() {
        press(&mut a, &c.to_string());
    }
    press(&mut a, "enter");
    let s = screen(&a);
    assert!(s.contains("ledger: CrashLoopBackOff: back-off 5m0s"), "{s}");
    assert!(
        s.contains("⚠ BackOff x17 30s ago: Back-off restarting failed container"),
        "{s}"
    );
    assert!(s.contains("⚠ Unhealthy x3"), "{s}");
    assert!(s.contains("Pods 1/"), "the filter narrows: {s}");
    insta::assert_snapshot!("pods_filtered_detail_160x48", s);
}

#[test]
fn enter_on_a_node_lists_its_pods_under_what_the_node_says() {
    let mut a = incident_app(80, 24);
    press(&mut a, "n");
    // The NotReady node heads the nodes table.
    assert_eq!(a.selected_node().map(|n| &*n.name), Some("w-4"));
    // Under the nodes table, why it is NotReady.
    let nodes = screen(&a);
    assert!(
        nodes.contains("enter: its pods · Ready=False KubeletNotReady: container runtime is"),
        "{nodes}"
    );
    insta::assert_snapshot!("nodes_not_ready_detail_80x24", nodes);
    press(&mut a, "enter");
    assert_eq!(a.nav.mode, Mode::Pods);
    let s = screen(&a);
    assert!(s.contains("on node w-4"), "{s}");
    assert!(
        s.contains("container runtime is down") && s.contains("heartbeat 12m ago"),
        "{s}"
    );
    assert!(s.contains("node.kubernetes.io/not-ready:NoExecute"), "{s}");
    assert!(
        s.contains("⚠ ContainerGCFailed x12 60s ago"),
        "the node's Warning event:\n{s}"
    );
    assert!(
        s.contains("search-8c7d6") && !s.contains("ledger-7d9f8"),
        "only w-4's pods: {s}"
    );
    insta::assert_snapshot!("pods_on_node_80x24", s);
    // Esc goes back to the nodes table.
    press(&mut a, "esc");
    assert_eq!(a.nav.mode, Mode::Nodes);
}

#[test]
fn the_pods_tile_names_the_worst_pods() {
    let a = incident_app(80, 24);
    let s = screen(&a);
    assert!(s.contains("2 not running · 2 failing · 1 restarted <1h"), "{s}");
    assert!(
        s.contains("payments/ledger-7d9f8-x2x4q CrashLoopBackOff · restarts 17 (3m ago)"),
        "{s}"
    );
    insta::assert_snapshot!("dashboard_incident_80x24", s);
}

#[test]
fn enter_on_a_finding_about_a_pod_opens_its_row() {
    let mut a = incident_app(160, 48);
    let mut report = (*a.live.panes.findings.clone().expect("findings")).clone();
    report.findings = vec![crate::findings::Finding {
        id: "pod-crashlooping",
        severity: crate::findings::Severity::Critical,
        kind: "Pod".into(),
        namespace: Some("payments".into()),
        name: "ledger-7d9f8-x2x4q".into(),
        message: "CrashLoopBackOff".into(),
        remediation: String::new(),
    }];
    a.live.panes.findings = Some(report.into());
    a.nav.focus = 5;
    press(&mut a, "enter");
    assert_eq!(a.nav.mode, Mode::Findings);
    press(&mut a, "enter");
    assert_eq!(a.nav.mode, Mode::Pods);
    assert_eq!(a.selected_pod().map(|p| &*p.name), Some("ledger-7d9f8-x2x4q"));
    press(&mut a, "esc");
    assert_eq!(a.nav.mode, Mode::Findings, "back where it came from");
}

#[test]
fn enter_on_a_workload_lists_only_its_pods() {
    let mut a = incident_app(160, 48);
    let st = &mut a.live.store;
    use crate::cluster::store::SyncState::Synced;
    (st.deployments.state, st.statefulsets.state, st.daemonsets.state) = (Synced, Synced, Synced);
    (st.cronjobs.state, st.jobs.state) = (Synced, Synced);
    crate::signals::test_support::add_workload(
        &mut a.live.store,
        crate::signals::test_support::workload("Deployment", "payments", "ledger", 1, &[("app", "ledger")]),
    );
    a.update(crate::app::Msg::Recompute { now: NOW });
    let all = a.live.panes.pods.as_ref().map_or(0, |m| m.rows.len());
    press(&mut a, "w");
    assert_eq!(a.nav.mode, Mode::Workloads);
    press(&mut a, "/");
    for c in "'ledger".chars() {
        press(&mut a, &c.to_string());
    }
    press(&mut a, "enter");
    press(&mut a, "enter");
    assert_eq!(a.nav.mode, Mode::Pods, "{}", screen(&a));
    let rows = &a.live.panes.pods.as_ref().unwrap().rows;
    let shown: Vec<&str> = a
        .features
        .pods_table
        .shown
        .iter()
        .map(|&i| &*rows[i].name)
        .collect();
    assert_eq!(shown, ["ledger-7d9f8-x2x4q"], "only the ledger's pod of {all}");
    let s = screen(&a);
    assert!(s.contains("of Deployment payments/ledger"), "{s}");
    press(&mut a, "esc");
    assert_eq!(a.nav.mode, Mode::Workloads, "back where it came from");
    // `p` opens the whole table again.
    while a.nav.mode != Mode::Normal {
        press(&mut a, "esc");
    }
    press(&mut a, "p");
    assert_eq!(a.nav.mode, Mode::Pods);
    assert_eq!(a.features.pods_table.shown.len(), all);
}
