//! The events view at 80x24 and 160x48: Warnings, newest first,
//! deduplicated (`x20 over 24m`), the selected one whole below; the Normal
//! toggle; the filter; what the bound dropped; a forbidden watch.

use super::pane_snapshots::{press, screen};
use crate::app::{AppState, Msg, Settings};
use crate::cluster::store::SyncState;
use crate::cluster::store::event_records::{EventRecord, Regarding};
use crate::kubeconfig::target::Target;
use crate::signals::test_support::all_synced;

const NOW: i64 = 1_800_000_000;

fn event(
    name: &str,
    about: (&str, &str, &str),
    reason: &str,
    note: &str,
    warning: bool,
    ago: i64,
) -> EventRecord {
    EventRecord {
        namespace: if about.1.is_empty() { "default" } else { about.1 }.into(),
        name: name.into(),
        regarding: Regarding {
            kind: about.0.into(),
            namespace: about.1.into(),
            name: about.2.into(),
        },
        reason: reason.into(),
        warning,
        note: note.into(),
        count: 1,
        first_seen: Some(NOW - ago),
        last_seen: Some(NOW - ago),
        source: Some("kubelet".into()),
    }
}

pub(super) fn app(width: u16, height: u16) -> AppState {
    let target = Target {
        context: Some("prod".into()),
        server: Some("https://10.0.0.1:6443".into()),
        namespace: "default".into(),
        scope: None,
    };
    let mut a = AppState::new(Settings::for_target(target));
    a.update(Msg::Resize { width, height });
    let mut s = all_synced();
    s.events.state = SyncState::Synced;
    let ledger = ("Pod", "payments", "ledger-7d9f8-x2k4p");
    let mut backoff = event(
        "l.1",
        ledger,
        "BackOff",
        "Back-off restarting failed container ledger in pod ledger-7d9f8-x2k4p_payments(0c1d)",
        true,
        30,
    );
    backoff.count = 17;
    backoff.first_seen = Some(NOW - 1200);
    let mut again = backoff.clone();
    again.name = "l.2".into();
    again.count = 3;
    again.first_seen = Some(NOW - 1440);
    again.last_seen = Some(NOW - 600);
    let events = [
        backoff,
        again,
        event(
            "l.3",
            ledger,
            "Pulled",
            "Container image \"registry.example/ledger:4.2\" already present on machine",
            false,
            40,
        ),
        event(
            "t.1",
            ("Pod", "data", "trainer-0"),
            "FailedScheduling",
            "0/15 nodes are available: 3 Insufficient cpu, 4 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, 8 node(s) didn't match Pod's node affinity/selector. preemption: 0/15 nodes are available: 15 Preemption is not helpful for scheduling.",
            true,
            90,
        ),
        event(
            "r.1",
            ("Pod", "web", "recommender-5c-abcde"),
            "Failed",
            "Failed to pull image \"registry.example/recommender:9.9\": not found",
            true,
            120,
        ),
        event(
            "n.1",
            ("Node", "", "worker-b-4"),
            "NodeNotReady",
            "Node worker-b-4 status is now: NodeNotReady",
            true,
            900,
        ),
        event(
            "c.1",
            ("Deployment", "web", "checkout"),
            "ScalingReplicaSet",
            "Scaled up replica set checkout-7d9f to 2",
            false,
            1500,
        ),
    ];
    for e in events {
        s.events.items.insert((e.namespace.clone(), e.name.clone()), e);
    }
    s.event_bound.dropped = 1250;
    a.live.store = s;
    a.update(Msg::Recompute { now: NOW });
    press(&mut a, "e");
    a
}

#[test]
fn events_80x24() {
    let a = app(80, 24);
    let s = screen(&a);
    assert!(s.contains("x20 over 23m"), "deduplicated with the count:\n{s}");
    assert!(!s.contains("Pulled"), "Warnings only by default:\n{s}");
    assert!(s.contains("1250 older events dropped (keeps 5000)"), "{s}");
    // The newest first; the selected one whole below.
    let first = s.lines().position(|l| l.contains("BackOff")).expect("BackOff");
    let node = s.lines().position(|l| l.contains("NodeNotReady")).expect("node");
    assert!(first < node, "{s}");
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("ledger-7d9f8-x2k4p_payments(0c1d)"),
        "the message whole:\n{s}"
    );
    insta::assert_snapshot!(s);
}

#[test]
fn events_160x48_with_normal_and_the_long_message_whole() {
    let mut a = app(160, 48);
    press(&mut a, "t");
    press(&mut a, "j");
    press(&mut a, "j");
    let s = screen(&a);
    assert!(
        s.contains("Pulled") && s.contains("ScalingReplicaSet"),
        "Normal too:\n{s}"
    );
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("15 Preemption is not helpful for scheduling."),
        "whole:\n{s}"
    );
    insta::assert_snapshot!(s);
}

#[test]
fn the_filter_narrows_and_a_forbidden_watch_is_said() {
    let mut a = app(80, 24);
    press(&mut a, "/");
    for c in "'trainer".chars() {
        press(&mut a, &c.to_string());
    }
    press(&mut a, "enter");
    assert_eq!(a.features.events.shown.len(), 1);
    press(&mut a, "esc");
    assert_eq!(a.features.events.shown.len(), 4);
    a.live.store.events.items.clear();
    a.live.store.events.state = SyncState::Forbidden {
        verb: "list".into(),
        resource: "events.events.k8s.io".into(),
    };
    a.update(Msg::Recompute { now: NOW + 1 });
    let s = screen(&a);
    assert!(
        s.contains("events: ✖ forbidden: list events.events.k8s.io"),
        "{s}"
    );
    press(&mut a, "esc");
    assert_eq!(a.nav.mode, crate::app::action::Mode::Normal);
}

#[test]
fn a_namespace_only_scope_is_said_and_follows_its_generation() {
    use crate::cluster::Report;
    let mut a = app(80, 24);
    let generation = a.live.generation;
    // A report of an older context is ignored.
    a.update(Msg::Cluster(Report::EventsScope {
        generation: generation + 1,
        namespace: Some("other".into()),
    }));
    assert_eq!(a.live.store.event_bound.namespace_only, None);
    let u = a.update(Msg::Cluster(Report::EventsScope {
        generation,
        namespace: Some("payments".into()),
    }));
    assert!(u.changed);
    let s = screen(&a);
    assert!(
        s.contains("namespace payments only: listing events cluster-wide is forbidden"),
        "{s}"
    );
    a.update(Msg::Cluster(Report::EventsScope {
        generation,
        namespace: None,
    }));
    assert!(!screen(&a).contains("cluster-wide is forbidden"));
}
