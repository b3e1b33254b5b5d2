//! The pods model is brought up to date from the pods that changed
//! (`signals::pods_update`): the work it saves, counted, and the property
//! its kept deadlines rest on.

use std::sync::Arc;

use super::incremental_tests::{demo, mutate, pick, pool};
use super::memo::Model;
use super::test_store::{self, Op};
use crate::cluster::store::Store;
use crate::signals::pods::changes_at;
use crate::sim::scenarios::generate::Rng;

#[test]
fn one_pod_change_computes_one_row_and_shares_the_others() {
    let (mut store, local, mut panes, now) = demo();
    let before = panes.pods.clone().expect("the demo's pods");
    let (_, mut objects) = test_store::scenario_objects("demo");
    let mut pod = None;
    objects(&mut |v| {
        if v["kind"] == "Pod" && v.pointer("/status/containerStatuses/0").is_some() {
            pod.get_or_insert(v);
        }
    });
    let mut pod = pod.expect("a pod with a container");
    pod["status"]["containerStatuses"][0]["restartCount"] = 4242.into();
    assert!(store.apply(test_store::event(&pod, Op::Applied).unwrap()));
    let computed = panes.computed(Model::Pods);
    assert!(panes.recompute(&store, (None, None), None, &local, now));
    assert_eq!(panes.computed(Model::Pods), computed + 1);
    let basis = panes.memo.pods_basis.clone().expect("a basis");
    assert_eq!(basis.rebuilt, 1, "one row computed again");
    let after = panes.pods.clone().unwrap();
    let shared = after
        .rows
        .iter()
        .filter(|r| before.rows.iter().any(|b| Arc::ptr_eq(b, r)))
        .count();
    assert_eq!(
        shared,
        after.rows.len() - 1,
        "the other rows are the previous model's"
    );
    let mut fresh = super::Panes::default();
    fresh.recompute(&store, (None, None), None, &local, now);
    assert_eq!(panes.pods, fresh.pods);
}

/// What the kept deadlines rest on: a pod's [`changes_at`] computed at
/// `at` is the same computed at any time before it passes, so the update
/// computes again only the pods whose deadline passed.
#[test]
fn a_deadline_stays_the_same_until_it_passes() {
    let (start, pool) = pool();
    let mut rng = Rng::new(7);
    let mut checked = 0;
    for _ in 0..400 {
        let v = pick(&mut rng, &pool).clone();
        if v["kind"] != "Pod" {
            continue;
        }
        let at = start + rng.below(4000) as i64;
        let v = mutate(&mut rng, v, at);
        let mut store = Store::default();
        store.apply(test_store::event(&v, Op::Applied).unwrap());
        let Some(p) = store.pods.items.values().next() else {
            continue;
        };
        let Some(due) = changes_at(p, at) else { continue };
        assert!(due > at);
        for t in [at, at + 1, (at + due) / 2, due - 1] {
            if t < due {
                assert_eq!(changes_at(p, t), Some(due), "at {at}, then {t}: {v}");
            }
        }
        checked += 1;
    }
    assert!(checked > 20, "pods with a deadline: {checked}");
}
