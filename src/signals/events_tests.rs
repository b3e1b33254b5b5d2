use super::*;
use crate::cluster::store::event_records::EventRecord;

const NOW: i64 = 1_800_000_000;

fn event(name: &str, about: (&str, &str, &str), reason: &str, note: &str, warning: bool) -> EventRecord {
    EventRecord {
        namespace: about.1.into(),
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
        first_seen: Some(NOW - 60),
        last_seen: Some(NOW - 60),
        source: Some("kubelet".into()),
    }
}

fn add(s: &mut Store, e: EventRecord) {
    s.events.items.insert((e.namespace.clone(), e.name.clone()), e);
}

const LEDGER: (&str, &str, &str) = ("Pod", "payments", "ledger-7d-x2");

fn store() -> Store {
    let mut s = Store::default();
    // A BackOff series seen 17 times over 20 minutes, and the same message
    // again in a second Event object (a new series after a restart).
    let mut backoff = event(
        "ledger.1",
        LEDGER,
        "BackOff",
        "Back-off restarting failed container",
        true,
    );
    backoff.count = 17;
    backoff.first_seen = Some(NOW - 1200);
    backoff.last_seen = Some(NOW - 30);
    add(&mut s, backoff);
    let mut again = event(
        "ledger.2",
        LEDGER,
        "BackOff",
        "Back-off restarting failed container",
        true,
    );
    again.count = 3;
    again.first_seen = Some(NOW - 1500);
    again.last_seen = Some(NOW - 300);
    add(&mut s, again);
    add(
        &mut s,
        event("ledger.3", LEDGER, "Pulled", "Container image pulled", false),
    );
    let mut sched = event(
        "trainer.1",
        ("Pod", "data", "trainer-0"),
        "FailedScheduling",
        "0/15 nodes are available: 3 Insufficient cpu.",
        true,
    );
    sched.last_seen = Some(NOW - 10);
    add(&mut s, sched);
    let mut node = event(
        "w4.1",
        ("Node", "", "worker-b-4"),
        "NodeNotReady",
        "Node worker-b-4 status is now: NodeNotReady",
        true,
    );
    node.namespace = "default".into();
    node.last_seen = Some(NOW - 600);
    add(&mut s, node);
    s
}

#[test]
fn warnings_newest_first_deduplicated_by_object_reason_and_message() {
    let s = store();
    let rows = rows(&s, None, false);
    let got: Vec<(String, &str, u32)> = rows.iter().map(|r| (r.object(), &*r.reason, r.count)).collect();
    assert_eq!(
        got,
        [
            ("Pod data/trainer-0".to_string(), "FailedScheduling", 1),
            ("Pod payments/ledger-7d-x2".to_string(), "BackOff", 20),
            ("Node worker-b-4".to_string(), "NodeNotReady", 1),
        ]
    );
    let backoff = &rows[1];
    assert_eq!(backoff.first_seen, Some(NOW - 1500), "the earliest of the merged");
    assert_eq!(backoff.last_seen, Some(NOW - 30), "the latest of the merged");
    assert_eq!(backoff.repeats().as_deref(), Some("x20 over 24m"));
    assert_eq!(rows[0].repeats(), None, "once: no count");
}

#[test]
fn normal_events_on_request_and_the_scope_keeps_cluster_objects() {
    let s = store();
    let all = rows(&s, None, true);
    assert_eq!(all.len(), 4);
    assert!(all.iter().any(|r| !r.warning && &*r.reason == "Pulled"));
    let payments: Vec<String> = rows(&s, Some("payments"), false)
        .iter()
        .map(EventRow::object)
        .collect();
    assert_eq!(payments, ["Pod payments/ledger-7d-x2", "Node worker-b-4"]);
}

#[test]
fn an_objects_recent_warnings() {
    let s = store();
    let w = warnings_about(&s, "Pod", "payments", "ledger-7d-x2", 3);
    assert_eq!(w.len(), 1, "merged, Normal left out: {w:?}");
    assert_eq!(w[0].count, 20);
    assert!(warnings_about(&s, "Pod", "payments", "other", 3).is_empty());
}
