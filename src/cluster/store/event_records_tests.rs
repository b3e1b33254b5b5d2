use super::*;
use crate::cluster::slim::events::SlimEvent;
use crate::cluster::store::Store;
use crate::cluster::store::delta::Delta;
use crate::cluster::store::kinds::{Event, Kind};

fn slim(name: &str, about: &str, last: &str, warning: bool) -> SlimEvent {
    serde_json::from_value(serde_json::json!({
        "metadata": {"name": name, "namespace": "payments", "creationTimestamp": "2026-12-06T04:00:00Z"},
        "regarding": {"kind": "Pod", "namespace": "payments", "name": about},
        "note": format!("{name} happened"), "reason": "BackOff",
        "type": if warning { "Warning" } else { "Normal" },
        "series": {"count": 17, "lastObservedTime": last},
        "eventTime": "2026-12-06T04:00:00.000000Z"
    }))
    .unwrap()
}

fn apply(store: &mut Store, e: SlimEvent) {
    let key = (
        "payments".to_string(),
        e.metadata.name.clone().unwrap_or_default(),
    );
    store.apply(Event::ClusterEvent(Delta::Apply(key, e)));
}

#[test]
fn a_series_counts_once_with_its_count_and_last_observation() {
    let mut i = Interner::default();
    let r = EventRecord::from_slim(
        &slim("a", "ledger-1", "2026-12-06T05:20:00.000000Z", true),
        &mut i,
    );
    assert_eq!(r.count, 17);
    assert!(r.warning);
    assert_eq!(r.first_seen, Some(1_796_529_600));
    assert_eq!(r.last_seen, Some(1_796_534_400));
    assert!(r.is_about("Pod", "payments", "ledger-1"));
    assert!(!r.is_about("Pod", "payments", "ledger-2"));
}

#[test]
fn an_event_without_series_or_count_happened_once_when_it_was_made() {
    let e: SlimEvent = serde_json::from_value(serde_json::json!({
        "metadata": {"name": "x", "namespace": "default", "creationTimestamp": "2026-12-06T04:00:00Z"},
        "regarding": {"kind": "Node", "name": "worker-b-4"},
        "reason": "NodeNotReady", "type": "Normal"
    }))
    .unwrap();
    let r = EventRecord::from_slim(&e, &mut Interner::default());
    assert_eq!(
        (r.count, r.first_seen, r.last_seen),
        (1, Some(1_796_529_600), Some(1_796_529_600))
    );
    assert!(!r.warning);
    assert!(r.is_about("Node", "", "worker-b-4"));
}

#[test]
fn the_store_keeps_at_most_the_limit_and_drops_the_oldest_first() {
    let mut store = Store::default();
    store.event_bound.limit = 16;
    for n in 0..40 {
        let last = format!("2026-12-06T05:{:02}:00.000000Z", n);
        apply(&mut store, slim(&format!("e{n}"), "ledger-1", &last, true));
        assert!(
            store.events.len() <= 16,
            "{} events kept after {n}",
            store.events.len()
        );
    }
    let dropped = store.event_bound.dropped;
    assert_eq!(dropped as usize + store.events.len(), 40);
    // Every kept event is newer than every dropped one: the newest survive.
    let oldest_kept = store
        .events
        .items
        .values()
        .filter_map(|e| e.last_seen)
        .min()
        .unwrap();
    let newest = store
        .events
        .items
        .values()
        .filter_map(|e| e.last_seen)
        .max()
        .unwrap();
    assert_eq!((newest - oldest_kept) / 60, store.events.len() as i64 - 1);
    assert!(store.events.items.values().any(|e| &*e.name == "e39"));
}

#[test]
fn the_bound_holds_during_a_relist_too() {
    let mut store = Store::default();
    store.event_bound.limit = 8;
    store.apply(Event::ClusterEvent(Delta::InitStart));
    for n in 0..30 {
        let e = slim(
            &format!("e{n}"),
            "p",
            &format!("2026-12-06T05:{:02}:00.000000Z", n),
            true,
        );
        store.apply(Event::ClusterEvent(Delta::InitApply(
            ("payments".into(), format!("e{n}")),
            e,
        )));
    }
    store.apply(Event::ClusterEvent(Delta::InitDone));
    assert!(store.events.len() <= 8);
    assert!(store.event_bound.dropped >= 22);
}

#[test]
fn an_objects_events_come_newest_first_and_only_its_own() {
    let mut store = Store::default();
    apply(
        &mut store,
        slim("old", "ledger-1", "2026-12-06T05:01:00.000000Z", true),
    );
    apply(
        &mut store,
        slim("new", "ledger-1", "2026-12-06T05:09:00.000000Z", false),
    );
    apply(
        &mut store,
        slim("other", "ledger-2", "2026-12-06T05:05:00.000000Z", true),
    );
    let names: Vec<&str> = store
        .events_about("Pod", "payments", "ledger-1")
        .iter()
        .map(|e| &*e.name)
        .collect();
    assert_eq!(names, ["new", "old"]);
}

#[test]
fn events_are_shown_not_judged() {
    assert!(!Kind::Events.judged());
    assert!(Kind::Pods.judged());
    assert_eq!(Kind::judged_count(), Kind::ALL.len() - 1);
    // A forbidden events watch is not the header's worst state.
    let mut store = Store::default();
    store.apply(Event::ClusterEvent(Delta::State(
        crate::cluster::store::SyncState::Forbidden {
            verb: "list".into(),
            resource: "events.events.k8s.io".into(),
        },
    )));
    assert_ne!(store.worst().0, Kind::Events);
}
