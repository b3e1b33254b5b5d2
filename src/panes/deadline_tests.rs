//! The pods model's deadlines (`signals::pods::changes_at`): computed
//! again exactly when time alone changes it, never on a cadence, and then
//! equal to a full computation at every second around those deadlines
//! (a deadline said one second late fails here).

use serde_json::Value;

use super::incremental_tests::{Outside, demo, fresh, mutate, pick, pool, rfc3339};
use super::memo::Model;
use super::test_store::{self, Op};
use super::{Local, Panes};
use crate::cluster::store::{Kind, Store, SyncState};
use crate::sim::scenarios::generate::Rng;

/// The demo's first pods deadline after `now`: the soonest of its pods'.
pub(super) fn pods_deadline(store: &Store, now: i64) -> Option<i64> {
    (store.pods.items.values())
        .filter_map(|p| crate::signals::pods::changes_at(p, now))
        .min()
}

/// The first workloads deadline after `now`: the soonest of its workloads'.
pub(super) fn workloads_deadline(store: &Store, now: i64) -> Option<i64> {
    [&store.deployments, &store.statefulsets, &store.daemonsets]
        .into_iter()
        .flat_map(|t| t.items.values())
        .filter_map(|w| crate::signals::workloads::stalls_at(w, now))
        .min()
}

#[test]
fn the_pods_model_is_computed_again_at_its_deadline_only() {
    let (mut store, local, mut panes, now) = demo();
    // A restart 10 s ago: its pod leaves the "restarted <1h" tier an hour later.
    let (_, mut objects) = test_store::scenario_objects("demo");
    let mut pod = None;
    objects(&mut |v| {
        if v["kind"] == "Pod" && v.pointer("/status/containerStatuses/0").is_some() {
            pod.get_or_insert(v);
        }
    });
    let mut pod = pod.expect("a pod with a container");
    pod["status"]["containerStatuses"][0]["lastState"] = serde_json::json!({"terminated": {
        "exitCode": 137, "reason": "OOMKilled", "finishedAt": rfc3339(now - 10)
    }});
    assert!(store.apply(test_store::event(&pod, Op::Applied).unwrap()));
    panes.recompute(&store, (None, None), None, &local, now);
    let due = pods_deadline(&store, now).expect("a deadline");
    assert!(due <= now - 10 + 3601, "the restart's hour at the latest");
    let pods = || panes.computed(Model::Pods);
    let (at, kept) = (pods(), panes.pods.clone());
    // Every second up to the deadline: not computed, the same model (shared).
    let mut t = now + 1;
    while t < due {
        panes.recompute(&store, (None, None), None, &local, t);
        t = (t + 97).min(due);
    }
    assert_eq!(panes.computed(Model::Pods), at, "nothing moved before {due}");
    assert!(std::sync::Arc::ptr_eq(
        kept.as_ref().unwrap(),
        panes.pods.as_ref().unwrap()
    ));
    panes.recompute(&store, (None, None), None, &local, due);
    assert_eq!(panes.computed(Model::Pods), at + 1, "due at {due}");
    assert_eq!(panes, fresh(&store, &Outside::default(), due));
}

#[test]
fn the_pods_model_is_exact_at_every_second_around_its_deadlines() {
    let (start, pool) = pool();
    let pods: Vec<Value> = pool.into_iter().filter(|v| v["kind"] == "Pod").collect();
    let mut caught = 0;
    for seed in 1..=8u64 {
        let mut rng = Rng::new(seed);
        let (mut store, local, mut panes, mut now) =
            (Store::default(), Local::default(), Panes::default(), start);
        for v in &pods {
            store.apply(test_store::event(v, Op::Applied).expect("a pod"));
        }
        store.apply(test_store::state(Kind::Pods, SyncState::Synced));
        for i in 0..200 {
            if rng.below(2) == 0 {
                let v = pick(&mut rng, &pods).clone();
                store.apply(test_store::event(&mutate(&mut rng, v, now), Op::Applied).expect("a pod"));
            }
            let deadline = pods_deadline(&store, now).map_or(0, |t| t - now);
            now += match rng.below(6) {
                0 => 0,
                1 => 1 + rng.below(90) as i64,
                2 => 3000 + rng.below(1200) as i64,
                3 | 4 => (deadline - 1).max(0),
                _ => deadline,
            };
            let at = panes.computed(Model::Pods);
            panes.recompute(&store, (None, None), None, &local, now);
            let full = crate::signals::pods::model(&store, None, now);
            assert_eq!(
                panes.pods.as_deref(),
                Some(&full),
                "seed {seed}, step {i}: the pods model at {now} differs from a full one"
            );
            caught += usize::from(panes.computed(Model::Pods) > at && deadline > 0);
        }
    }
    assert!(caught > 20, "deadlines were reached: {caught}");
}

#[test]
fn the_workloads_model_is_exact_at_every_second_around_its_deadlines() {
    let (start, pool) = pool();
    let deployments: Vec<Value> = pool.into_iter().filter(|v| v["kind"] == "Deployment").collect();
    assert!(deployments.len() > 10, "deployments: {}", deployments.len());
    let mut caught = 0;
    for seed in 1..=8u64 {
        let mut rng = Rng::new(seed);
        let (mut store, local, mut panes, mut now) =
            (Store::default(), Local::default(), Panes::default(), start);
        for v in &deployments {
            store.apply(test_store::event(v, Op::Applied).expect("a deployment"));
        }
        for k in [
            Kind::Deployments,
            Kind::StatefulSets,
            Kind::DaemonSets,
            Kind::CronJobs,
            Kind::Jobs,
        ] {
            store.apply(test_store::state(k, SyncState::Synced));
        }
        for i in 0..200 {
            if rng.below(2) == 0 {
                let v = pick(&mut rng, &deployments).clone();
                store.apply(test_store::event(&mutate(&mut rng, v, now), Op::Applied).expect("a deployment"));
            }
            let deadline = workloads_deadline(&store, now).map_or(0, |t| t - now);
            now += match rng.below(6) {
                0 => 0,
                1 => 1 + rng.below(90) as i64,
                2 => 600 + rng.below(600) as i64,
                3 | 4 => (deadline - 1).max(0),
                _ => deadline,
            };
            let at = panes.computed(Model::Workloads);
            panes.recompute(&store, (None, None), None, &local, now);
            let full = crate::signals::workloads_rows::rows(&store, None, now);
            assert_eq!(
                panes.workloads.as_deref(),
                Some(&full[..]),
                "seed {seed}, step {i}: the workloads model at {now} differs from a full one"
            );
            caught += usize::from(panes.computed(Model::Workloads) > at && deadline > 0);
        }
    }
    assert!(caught > 20, "deadlines were reached: {caught}");
}
