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
    let mut pod = super::incremental_tests::demo_pod_with_a_container();
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

#[test]
fn an_idle_minute_starts_the_jobs_the_deadlines_imply_not_sixty() {
    use super::memo::SLOW_SECS;
    let (store, local, mut panes, now) = demo();
    let before = panes.memo.computed;
    let read_before = panes.memo.timed_pods_read;
    let judged_before = panes.memo.versions.control_plane_judged;
    let candidates = (store.pods.items.values())
        .filter(|p| crate::findings::parts::timed_candidate(p))
        .count();
    let mut jobs = 0;
    // The loop's tick, once a second, the store unchanged: a recompute
    // (a job) only when time alone makes a model due.
    for t in now + 1..=now + 60 {
        if panes.memo.time_due(t) {
            jobs += 1;
            let at = panes.memo.computed;
            panes.recompute(&store, (None, None), None, &local, t);
            assert_ne!(panes.memo.computed, at, "a job at {t} computed nothing");
        }
        // Nothing missed: the models with deadlines are what a full
        // recompute gives at every second (those on the 30 s cadence, at
        // their cadence).
        let full = fresh(&store, &Outside::default(), t);
        assert!(
            panes.control_plane == full.control_plane,
            "the control plane at {t}"
        );
        assert!(panes.pods == full.pods, "the pods at {t}");
        assert!(panes.workloads == full.workloads, "the workloads at {t}");
        if (t - now) % SLOW_SECS == 0 {
            assert!(panes == full, "at {t}");
        }
    }
    let computed = |m: Model| panes.memo.computed[m as usize] - before[m as usize];
    let slow = (60 / SLOW_SECS) as u64;
    for m in [Model::Certs, Model::Backups] {
        assert_eq!(computed(m), slow, "{m:?}");
    }
    // The findings at their cadence, and when what they read of the
    // control plane moved (a leader lease going stale as time passes).
    let judged = panes.memo.versions.control_plane_judged - judged_before;
    let findings = computed(Model::Findings);
    assert!(
        findings >= slow && findings <= slow + judged,
        "{findings}, {judged}"
    );
    for m in [
        Model::Platform,
        Model::StaticPods,
        Model::Nodes,
        Model::Zones,
        Model::Quotas,
        Model::Events,
        Model::FindingsSteady,
    ] {
        assert_eq!(computed(m), 0, "{m:?}: time does not change it");
    }
    // The timed findings read the candidate pods, not every pod.
    let read = panes.memo.timed_pods_read - read_before;
    assert_eq!(read, computed(Model::Findings) * candidates as u64);
    assert!(candidates < store.pods.items.len() / 4, "{candidates}");
    eprintln!(
        "idle minute: {jobs} jobs; control plane {}, pods {}, workloads {}, certs and backups {slow} each, findings {findings}; \
         timed findings read {read} pods (of {} per pass)",
        computed(Model::ControlPlane),
        computed(Model::Pods),
        computed(Model::Workloads),
        store.pods.items.len(),
    );
    assert!(jobs < 60, "{jobs}");
}
