//! The churn's cycle on the healthy scenario: what each step changes, seen
//! in the store and its event log.

use serde_json::Value;

use super::*;
use crate::sim::objects::store_list::ListOptions;
use crate::sim::scenarios::builtin;

fn world() -> World {
    let scenario = builtin::load("healthy").expect("healthy scenario");
    let (w, _pki) = crate::sim::load::load(scenario).expect("loads");
    w
}

/// One step as `Sim::mutate` runs it: the change, then the controllers.
fn step(w: &mut World, churn: &mut Churn) -> Option<Change> {
    let change = churn.step(w);
    let World {
        store, controllers, ..
    } = w;
    controllers.reconcile(store);
    change
}

/// A step a second later: replacements start meanwhile.
fn step_later(w: &mut World, churn: &mut Churn) -> Option<Change> {
    let World {
        store, controllers, ..
    } = w;
    store.set_now(store.now() + 1);
    controllers.tick(store);
    controllers.reconcile(store);
    step(w, churn)
}

fn pod(w: &World, key: &str) -> Option<Value> {
    let (ns, name) = key.split_once('/')?;
    let rt = w.store.find_resource("", "pods")?.clone();
    w.store.get(&rt, Some(ns), name).ok()
}

fn condition(pod: &Value, t: &str) -> Option<String> {
    pod.pointer("/status/conditions")?
        .as_array()?
        .iter()
        .find(|c| c["type"] == t)?["status"]
        .as_str()
        .map(str::to_string)
}

fn restarts(pod: &Value) -> i64 {
    pod.pointer("/status/containerStatuses/0/restartCount")
        .and_then(Value::as_i64)
        .unwrap_or(0)
}

fn owner_uid(pod: &Value) -> Option<String> {
    pod.pointer("/metadata/ownerReferences/0/uid")?
        .as_str()
        .map(str::to_string)
}

fn pods_of(w: &World, uid: &str) -> Vec<String> {
    let rt = w.store.find_resource("", "pods").expect("pods").clone();
    let page = w.store.list(&rt, None, &ListOptions::default()).expect("list");
    page.values()
        .iter()
        .filter(|p| owner_uid(p).as_deref() == Some(uid))
        .filter_map(|p| p.pointer("/metadata/name")?.as_str().map(str::to_string))
        .collect()
}

#[test]
fn a_cycle_flips_readiness_restarts_and_replaces_a_pod() {
    let mut w = world();
    let mut churn = Churn::default();
    let rv = w.store.latest_rv();

    let Some(Change::Unready(flipped)) = step(&mut w, &mut churn) else {
        panic!("the first step turns a pod unready");
    };
    let p = pod(&w, &flipped).expect("still there");
    assert_eq!(condition(&p, "Ready").as_deref(), Some("False"));
    assert_eq!(condition(&p, "ContainersReady").as_deref(), Some("False"));
    assert_eq!(p["status"]["phase"], "Running");
    assert_eq!(
        p.pointer("/status/containerStatuses/0/ready"),
        Some(&Value::Bool(false))
    );

    let Some(Change::Restarted(restarted)) = step(&mut w, &mut churn) else {
        panic!("the second step restarts a container");
    };
    assert_ne!(restarted, flipped, "the cursor moved on");
    let p = pod(&w, &restarted).expect("still there");
    assert_eq!(restarts(&p), 1);
    assert_eq!(
        p.pointer("/status/containerStatuses/0/lastState/terminated/exitCode"),
        Some(&1.into())
    );

    assert_eq!(step(&mut w, &mut churn), Some(Change::Ready(flipped.clone())));
    let p = pod(&w, &flipped).expect("still there");
    assert_eq!(condition(&p, "Ready").as_deref(), Some("True"));
    assert_eq!(
        p.pointer("/status/containerStatuses/0/ready"),
        Some(&Value::Bool(true))
    );

    // The fourth deletes a ReplicaSet's pod; the ReplicaSet replaces it.
    let mut churn_probe = churn.clone();
    let probe = churn_probe
        .next(
            &w,
            &w.store.find_resource("", "pods").cloned().expect("pods"),
            |p| running(p) && replicaset_owned(p),
        )
        .expect("a ReplicaSet pod");
    let uid = owner_uid(&probe).expect("owner");
    let before = pods_of(&w, &uid);
    let Some(Change::Deleted(deleted)) = step(&mut w, &mut churn) else {
        panic!("the fourth step deletes a pod");
    };
    assert!(pod(&w, &deleted).is_none(), "{deleted} is gone");
    let after = pods_of(&w, &uid);
    assert_eq!(after.len(), before.len(), "replaced: {before:?} -> {after:?}");
    assert!(!after.iter().any(|n| deleted.ends_with(&format!("/{n}"))));

    // Every change went through the store: one resourceVersion each at least.
    assert!(w.store.latest_rv() >= rv + 5, "{} -> {}", rv, w.store.latest_rv());
}

#[test]
fn the_cursor_spreads_changes_and_wraps_around() {
    let mut w = world();
    let mut churn = Churn::default();
    let mut changed = std::collections::BTreeSet::new();
    for _ in 0..400 {
        if let Some(Change::Unready(k) | Change::Restarted(k) | Change::Deleted(k)) =
            step_later(&mut w, &mut churn)
        {
            changed.insert(k);
        }
    }
    assert!(changed.len() > 20, "{changed:?}");
    // 100 restarts over the scenario's 39 pods: the cursor came round again.
    let rt = w.store.find_resource("", "pods").cloned().expect("pods");
    let page = w.store.list(&rt, None, &ListOptions::default()).expect("list");
    assert!(page.values().iter().any(|p| restarts(p) >= 2), "wrapped around");
}

#[test]
fn no_pods_served_means_no_change() {
    let mut w = world();
    let rt = w.store.find_resource("", "pods").cloned().expect("pods");
    let keys: Vec<(String, String)> = w
        .store
        .objects(&rt, None)
        .expect("pods")
        .filter_map(|p| ns_name(&p))
        .collect();
    for (ns, name) in keys {
        w.store.remove(&rt, Some(&ns), &name).expect("removed");
    }
    let mut churn = Churn::default();
    for _ in 0..4 {
        assert_eq!(churn.step(&mut w), None);
    }
}

#[test]
fn the_pace_holds_its_rate_when_ticks_come_late_and_lets_a_long_stall_go() {
    use std::time::{Duration, Instant};
    let t0 = Instant::now();
    let at = |ms: u64| t0 + Duration::from_millis(ms);
    let mut pace = Pace::new(100, t0);
    assert_eq!(pace.due(at(10)), 1, "one step every 10 ms");
    assert_eq!(pace.due(at(15)), 0, "the next is not due yet");
    assert_eq!(pace.due(at(60)), 5, "a tick 45 ms late makes the 5 steps due");
    let mut made = 6;
    for ms in (70..=1000).step_by(10) {
        made += pace.due(at(ms));
    }
    assert_eq!(made, 100, "100 steps in the first second");
    assert_eq!(
        pace.due(at(4000)),
        100,
        "after a 3 s stall, at most a second's worth at once"
    );
    assert_eq!(pace.due(at(4010)), 1, "then the rate again");
}
