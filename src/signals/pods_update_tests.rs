//! The pods model brought up to date equals a full build, keeps the rows
//! of the pods that did not change, and says when it cannot.

use std::sync::Arc;

use super::*;
use crate::cluster::store::Delta;
use crate::cluster::store::records::{PodPhase, PodRecord};
use crate::signals::test_support::{owned, pod, synced};

const NOW: i64 = 1_767_225_600;

fn put(s: &mut Store, p: PodRecord) {
    let key = (p.namespace.clone(), Box::from(&*p.name));
    s.pods.apply(Delta::Apply(key, p));
}

fn gone(s: &mut Store, ns: &str, name: &str) {
    s.pods.apply(Delta::Delete((Arc::from(ns), Box::from(name))));
}

/// Forty running pods, every fifth failed, in two namespaces.
fn many() -> Store {
    let mut s = synced();
    for i in 0..40 {
        let ns = if i % 2 == 0 { "web" } else { "data" };
        let mut p = owned(
            ns,
            &format!("p-{i:02}"),
            Some("w-1"),
            "ReplicaSet",
            "web-7d9f",
            &[],
        );
        if i % 5 == 0 {
            p.phase = PodPhase::Failed;
        }
        put(&mut s, p);
    }
    s
}

fn names(m: &PodsModel) -> Vec<String> {
    m.rows
        .iter()
        .map(|r| format!("{}/{}", r.namespace, r.name))
        .collect()
}

#[test]
fn an_update_equals_a_build_and_recomputes_the_changed_pods_only() {
    for scope in [None, Some("web")] {
        let mut s = many();
        let (prev, basis) = build(&s, scope, NOW);
        let was = s.clone();
        let mut worse = pod("web", "p-04", Some("w-1"));
        worse.phase = PodPhase::Pending;
        put(&mut s, worse);
        gone(&mut s, "web", "p-06");
        put(&mut s, pod("web", "p-99", None));
        put(&mut s, pod("data", "p-98", None));
        let (m, b) = update(&prev, &basis, &was, &s, scope, NOW + 5).expect("known changes");
        let (full, full_basis) = build(&s, scope, NOW + 5);
        assert_eq!(names(&m), names(&full), "{scope:?}");
        assert_eq!(m, full, "{scope:?}");
        assert_eq!(b.until(), full_basis.until());
        let in_scope = if scope.is_some() { 2 } else { 3 };
        assert_eq!(b.rebuilt, in_scope, "the rows of the pods written, in scope");
        let shared = m
            .rows
            .iter()
            .filter(|r| prev.rows.iter().any(|p| Arc::ptr_eq(p, r)))
            .count();
        assert_eq!(
            shared,
            m.rows.len() - in_scope,
            "every other row is the previous model's"
        );
    }
}

#[test]
fn a_replicaset_resolved_to_another_deployment_moves_its_pods() {
    use crate::cluster::store::workload_records::ReplicaSetRecord;
    let mut s = many();
    s.replicasets.apply(Delta::InitDone);
    let rs = |d: &str| ReplicaSetRecord {
        deployment: Some(Arc::from(d)),
        revision: None,
        created: None,
        desired: 1,
        replicas: 1,
        ready: 1,
    };
    for ns in ["web", "data"] {
        let key = (Arc::from(ns), Box::from("web-7d9f"));
        s.replicasets.apply(Delta::Apply(key, rs("web")));
    }
    let (prev, basis) = build(&s, None, NOW);
    let was = s.clone();
    let key = (Arc::from("web"), Box::from("web-7d9f"));
    s.replicasets.apply(Delta::Apply(key, rs("shop")));
    let (m, b) = update(&prev, &basis, &was, &s, None, NOW).expect("known changes");
    assert_eq!(m, build(&s, None, NOW).0);
    assert_eq!(b.rebuilt, 20, "the pods of that ReplicaSet");
    // Its status alone moves no pod.
    let was = s.clone();
    let key = (Arc::from("web"), Box::from("web-7d9f"));
    s.replicasets.apply(Delta::Apply(
        key,
        ReplicaSetRecord {
            ready: 0,
            ..rs("shop")
        },
    ));
    let (_, b) = update(&m, &b, &was, &s, None, NOW).expect("known changes");
    assert_eq!(b.rebuilt, 0);
}

#[test]
fn unknown_changes_another_scope_or_time_backwards_build_in_full() {
    let s = many();
    let (prev, basis) = build(&s, None, NOW);
    let mut relisted = s.clone();
    relisted.pods.apply(Delta::InitStart);
    relisted.pods.apply(Delta::InitDone);
    assert!(
        update(&prev, &basis, &s, &relisted, None, NOW).is_none(),
        "relisted"
    );
    assert!(
        update(&prev, &basis, &s, &s, Some("web"), NOW).is_none(),
        "another scope"
    );
    assert!(
        update(&prev, &basis, &s, &s, None, NOW - 1).is_none(),
        "time went back"
    );
    assert!(
        update(&prev, &basis, &many(), &s, None, NOW).is_none(),
        "another store"
    );
    let (same, b) = update(&prev, &basis, &s, &s, None, NOW + 9).expect("nothing changed");
    assert_eq!((same, b.rebuilt), (prev, 0));
}
