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
    let mut pod = super::incremental_tests::demo_pod_with_a_container();
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

/// Random changes of what the pods model reads (pods, ReplicaSets, Jobs:
/// written, deleted, relisted; the scope; time, to the model's deadlines),
/// from a listed demo: after each, the model brought up to date equals a
/// full build, and most were brought up to date (not built in full); so
/// do the nodes' pod counts (counted per pod written).
#[test]
fn the_pods_model_updated_equals_a_full_build_over_random_changes() {
    use crate::cluster::store::Kind;
    let (_, pool) = pool();
    let read = ["Pod", "ReplicaSet", "Job"];
    let pool: Vec<_> = pool
        .into_iter()
        .filter(|v| read.contains(&v["kind"].as_str().unwrap_or("")))
        .collect();
    let (mut updated, mut built) = (0, 0);
    for seed in 1..=4u64 {
        let mut rng = Rng::new(seed);
        let (mut store, local, mut panes, mut now) = demo();
        let mut scope: Option<&str> = None;
        for i in 0..150 {
            match rng.below(20) {
                0..=12 => {
                    let v = pick(&mut rng, &pool).clone();
                    let v = if rng.below(3) != 0 {
                        mutate(&mut rng, v, now)
                    } else {
                        v
                    };
                    store.apply(test_store::event(&v, Op::Applied).unwrap());
                }
                13..=15 => {
                    store.apply(test_store::event(pick(&mut rng, &pool), Op::Deleted).unwrap());
                }
                16 => {
                    let kind = *pick(&mut rng, &[Kind::Pods, Kind::ReplicaSets, Kind::Jobs]);
                    store.apply(test_store::list_mark(kind, false));
                    for v in &pool {
                        let e = test_store::event(v, Op::Listed).unwrap();
                        if test_store::kind_of(&e) == kind && rng.below(4) != 0 {
                            store.apply(e);
                        }
                    }
                    store.apply(test_store::list_mark(kind, true));
                }
                17 => scope = *pick(&mut rng, &[None, Some("web"), Some("data"), Some("kube-system")]),
                _ => {}
            }
            let deadline = super::deadline_tests::pods_deadline(&store, now).map_or(0, |t| t - now);
            now += match rng.below(6) {
                0 | 1 => 0,
                2 => 1 + rng.below(90) as i64,
                3 => (deadline - 1).max(0),
                4 => deadline,
                _ => 3000 + rng.below(1200) as i64,
            };
            let computed = panes.computed(Model::Pods);
            panes.recompute(&store, (None, None), scope, &local, now);
            let mut full = super::Panes::default();
            full.recompute(&store, (None, None), scope, &local, now);
            assert!(
                panes.pods == full.pods,
                "seed {seed}, step {i}: the pods model differs from a full build"
            );
            assert!(
                panes.nodes == full.nodes,
                "seed {seed}, step {i}: the nodes' pod counts differ"
            );
            if panes.computed(Model::Pods) > computed {
                let rows = panes.pods.as_ref().map_or(0, |m| m.rows.len());
                let rebuilt = panes.memo.pods_basis.as_ref().map_or(rows, |b| b.rebuilt);
                if rebuilt < rows { updated += 1 } else { built += 1 }
            }
        }
    }
    assert!(
        updated > 3 * built,
        "brought up to date {updated} times, built in full {built}"
    );
}
