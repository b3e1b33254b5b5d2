//! The incremental recompute against a computation from scratch: random
//! sequences of store changes (watch events, relists, sync states, a lost
//! and found connection), health answers, scopes, local reports and time,
//! and after each step the incremental `Panes` equals fresh ones computed
//! from the same inputs, and says it changed exactly when it did. Plus the
//! work it saves, counted (never timed).

use serde_json::Value;

use super::deadline_tests::{pods_deadline, workloads_deadline};
use super::memo::{Model, SLOW_SECS};
use super::test_store::{self, Op};
use super::{Local, Panes};
use crate::certs::Origin;
use crate::cluster::store::{Kind, Store, SyncState};
use crate::sim::scenarios::generate::Rng;

/// The objects of the demo and EKS scenarios: every watched kind but a few.
pub(super) fn pool() -> (i64, Vec<Value>) {
    let mut all = Vec::new();
    let mut now = 0;
    for name in ["demo", "eks"] {
        let (t, mut objects) = test_store::scenario_objects(name);
        now = now.max(t);
        objects(&mut |v| {
            if test_store::event(&v, Op::Applied).is_some() {
                all.push(v);
            }
        });
    }
    (now, all)
}

pub(super) fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.below(items.len() as u64) as usize]
}

/// Unix seconds as the API writes them.
pub(super) fn rfc3339(t: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(t)
        .unwrap()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

/// `v` with one of the fields kon reads changed at random; times near
/// `now`, so that the models' deadlines (a grace period ending, a restart
/// leaving the last hour) fall within the next steps.
pub(super) fn mutate(rng: &mut Rng, mut v: Value, now: i64) -> Value {
    let n = rng.below(1000);
    match v["kind"].as_str().unwrap_or("") {
        "Pod" => match rng.below(6) {
            4 => {
                let at = now + 60 - rng.below(900) as i64;
                v["metadata"]["deletionTimestamp"] = rfc3339(at).into();
                v["metadata"]["deletionGracePeriodSeconds"] = 30.into();
            }
            5 => {
                if let Some(c) = v.pointer_mut("/status/containerStatuses/0") {
                    let finished = now + 30 - rng.below(3700) as i64;
                    c["restartCount"] = (n + 1).into();
                    c["lastState"] = serde_json::json!({"terminated": {
                        "exitCode": 137, "reason": "OOMKilled", "finishedAt": rfc3339(finished)
                    }});
                }
            }
            0 => v["status"]["phase"] = (*pick(rng, &["Running", "Pending", "Failed", "Succeeded"])).into(),
            1 => {
                if let Some(c) = v.pointer_mut("/status/containerStatuses/0") {
                    c["restartCount"] = n.into();
                    c["ready"] = n.is_multiple_of(2).into();
                }
            }
            2 => v["metadata"]["deletionTimestamp"] = "2020-01-01T00:00:00Z".into(),
            _ => v["spec"]["nodeName"] = format!("node-{}", n % 5).into(),
        },
        "Node" => {
            if let Some(c) = v.pointer_mut("/status/conditions/0") {
                c["status"] = (*pick(rng, &["True", "False", "Unknown"])).into();
            }
            v["spec"]["unschedulable"] = n.is_multiple_of(2).into();
        }
        "Lease" => {
            v["spec"]["renewTime"] = format!("2026-01-01T00:{:02}:{:02}.000000Z", n / 60 % 60, n % 60).into()
        }
        kind => {
            let owned = matches!(kind, "ReplicaSet" | "Job");
            let deployment = kind == "Deployment";
            if owned
                && rng.below(2) == 0
                && let Some(owner) = v.pointer_mut("/metadata/ownerReferences/0")
            {
                // Its pods' workload resolved otherwise (a Deployment's, a CronJob's).
                owner["name"] = (*pick(rng, &["web", "moved", "nightly"])).into();
            }
            if deployment && rng.below(2) == 0 {
                // A rollout under way, its progress deadline near.
                let at = now + 60 - rng.below(1200) as i64;
                v["status"]["conditions"] = serde_json::json!([{
                    "type": "Progressing", "status": "True", "reason": "ReplicaSetUpdated",
                    "lastUpdateTime": rfc3339(at), "lastTransitionTime": rfc3339(at - 5),
                }]);
            }
            v["metadata"]["labels"]["shuffled"] = n.to_string().into();
            if let Some(status) = v.get_mut("status").and_then(Value::as_object_mut) {
                for (_, x) in status.iter_mut().filter(|(_, x)| x.is_u64()) {
                    *x = (n % 7).into();
                }
            }
        }
    }
    v
}

/// The inputs from outside the store, as the console holds them.
#[derive(Default)]
pub(super) struct Outside {
    pub(super) readyz: Option<Result<String, String>>,
    pub(super) livez: Option<Result<String, String>>,
    pub(super) scope: Option<String>,
    pub(super) local: Local,
}

/// One random step; returns the time to recompute at.
pub(super) fn step(rng: &mut Rng, store: &mut Store, out: &mut Outside, pool: &[Value], now: i64) -> i64 {
    let kinds: Vec<Kind> = Kind::ALL.to_vec();
    match rng.below(20) {
        0..=5 => {
            let v = pick(rng, pool).clone();
            let v = if rng.below(2) == 0 { mutate(rng, v, now) } else { v };
            store.apply(test_store::event(&v, Op::Applied).expect("a watched kind"));
        }
        6 | 7 => {
            store.apply(test_store::event(pick(rng, pool), Op::Deleted).expect("a watched kind"));
        }
        8 | 9 => {
            // A relist of one kind, finished or not.
            let kind = *pick(rng, &kinds);
            store.apply(test_store::list_mark(kind, false));
            for v in pool {
                let e = test_store::event(v, Op::Listed).expect("a watched kind");
                if test_store::kind_of(&e) == kind && rng.below(4) != 0 {
                    store.apply(e);
                }
            }
            if rng.below(4) != 0 {
                store.apply(test_store::list_mark(kind, true));
            }
        }
        10 | 11 => {
            let s = match rng.below(5) {
                0 => SyncState::Stale {
                    since: now,
                    reason: "watch failed".into(),
                },
                1 => SyncState::Forbidden {
                    verb: "list".into(),
                    resource: "pods".into(),
                },
                2 => SyncState::Unreachable {
                    reason: "refused".into(),
                },
                3 => SyncState::Absent,
                _ => SyncState::Synced,
            };
            store.apply(test_store::state(*pick(rng, &kinds), s));
        }
        12 => {
            if rng.below(2) == 0 {
                store.connection_lost(now, "no answer");
            } else {
                store.connection_back("no answer");
            }
        }
        13 => {
            out.readyz = match rng.below(3) {
                0 => None,
                1 => Some(Ok("[+]ping ok\n[+]etcd ok\nreadyz check passed".into())),
                _ => Some(Err("connection refused".into())),
            };
            out.livez = (rng.below(2) == 0).then(|| Ok("[+]ping ok\nlivez check passed".into()));
        }
        14 => {
            out.scope = pick(rng, &[None, Some("web"), Some("data"), Some("kube-system")]).map(str::to_string)
        }
        15 => {
            out.local.backup_dir_expected = rng.below(2) == 0;
            out.local.expected = [Origin::Serving].into();
            out.local.findings.judge_system = rng.below(2) == 0;
        }
        _ => {}
    }
    // Time: still, a few seconds (models that count seconds, deadlines
    // near), past a cadence, or about an hour (restarts leaving it).
    // Or to the pods model's next deadline, or the second before it (a
    // deadline said too late leaves the model stale there).
    let deadline = match rng.below(2) {
        0 => pods_deadline(store, now),
        _ => workloads_deadline(store, now),
    }
    .map_or(0, |t| t - now);
    now + match rng.below(10) {
        0..=2 => 0,
        3 => 1 + rng.below(90) as i64,
        4 => SLOW_SECS,
        5 => SLOW_SECS * 30,
        6 => 3000 + rng.below(1200) as i64,
        7 => (deadline - 1).max(0),
        8 => deadline,
        _ => 4000,
    }
}

/// The models that are exact at any time: those without a cadence (the pods
/// model's deadlines included) and the control plane's (every second).
fn exact(p: &Panes) -> impl PartialEq + '_ {
    (
        (&p.platform, &p.control_plane, &p.zones, &p.quotas),
        (&p.nodes, &p.events, &p.pods, &p.etcd, &p.workloads),
    )
}

pub(super) fn fresh(store: &Store, out: &Outside, now: i64) -> Panes {
    let mut p = Panes::default();
    p.recompute(
        store,
        (out.readyz.as_ref(), out.livez.as_ref()),
        out.scope.as_deref(),
        &out.local,
        now,
    );
    p
}

#[test]
fn incremental_recompute_equals_a_full_one_over_random_changes() {
    let (start, pool) = pool();
    assert!(pool.len() > 300, "a varied pool: {}", pool.len());
    for seed in 1..=6u64 {
        let mut rng = Rng::new(seed);
        let mut store = Store::default();
        let mut out = Outside::default();
        let mut panes = Panes::default();
        let mut now = start;
        // Whether a step of less than SLOW_SECS came since every model
        // with a cadence was last due: those are then up to SLOW_SECS
        // behind (by design), the others exact.
        let mut lagging = false;
        for i in 0..160 {
            let was = now;
            now = step(&mut rng, &mut store, &mut out, &pool, now);
            lagging = match now - was {
                0 => lagging,
                dt => dt < SLOW_SECS,
            };
            let before = panes.clone();
            let said = panes.recompute(
                &store,
                (out.readyz.as_ref(), out.livez.as_ref()),
                out.scope.as_deref(),
                &out.local,
                now,
            );
            let full = fresh(&store, &out, now);
            assert!(
                exact(&panes) == exact(&full),
                "seed {seed}, step {i}: the incremental panes differ from a full recompute"
            );
            assert!(
                lagging || panes == full,
                "seed {seed}, step {i}: the incremental panes differ from a full recompute"
            );
            assert_eq!(
                said,
                panes != before,
                "seed {seed}, step {i}: recompute said changed={said}"
            );
        }
    }
}

/// The demo, listed, with its panes computed at its time.
/// The demo scenario's first pod with a container status, as the sim
/// writes it.
pub(super) fn demo_pod_with_a_container() -> Value {
    let (_, mut objects) = test_store::scenario_objects("demo");
    let mut pod = None;
    objects(&mut |v| {
        if v["kind"] == "Pod" && v.pointer("/status/containerStatuses/0").is_some() {
            pod.get_or_insert(v);
        }
    });
    pod.expect("a pod with a container")
}

pub(super) fn demo() -> (Store, Local, Panes, i64) {
    let (now, mut objects) = test_store::scenario_objects("demo");
    let store = test_store::listed(&mut objects, &mut |_| {});
    let local = Local::default();
    let mut panes = Panes::default();
    assert!(panes.recompute(&store, (None, None), None, &local, now));
    (store, local, panes, now)
}

fn counts(p: &Panes) -> Vec<u64> {
    // Every model's counter, in `Model` order.
    p.memo.computed.to_vec()
}

fn lease(ns: &str, name: &str, renewed: &str) -> Value {
    serde_json::json!({
        "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
        "metadata": {"namespace": ns, "name": name},
        "spec": {"holderIdentity": name, "leaseDurationSeconds": 40, "renewTime": renewed},
    })
}

#[test]
fn a_node_lease_renewal_changes_nothing_and_computes_nothing() {
    let (mut store, local, mut panes, now) = demo();
    let seen = (store.changes(Kind::Leases), counts(&panes));
    for t in ["2026-01-01T00:00:00.000000Z", "2026-01-01T00:00:10.000000Z"] {
        let renewal = test_store::event(&lease("kube-node-lease", "worker-a-1", t), Op::Applied).unwrap();
        assert!(
            !store.apply(renewal),
            "a node lease is not kept: its renewal is no change"
        );
    }
    assert_eq!(store.changes(Kind::Leases), seen.0);
    assert!(!panes.recompute(&store, (None, None), None, &local, now));
    assert_eq!(counts(&panes), seen.1, "nothing recomputed");
    // The same object again is no change either.
    let pod = store.pods.items.keys().next().cloned().unwrap();
    let (ns, name) = (pod.0.to_string(), pod.1.to_string());
    assert!(!store.apply(crate::cluster::store::kinds::Event::Pod(
        crate::cluster::store::Delta::Delete((ns.clone(), format!("{name}-gone")))
    )));
    assert!(!panes.recompute(&store, (None, None), None, &local, now));
    assert_eq!(counts(&panes), seen.1);
}

#[test]
fn a_leader_lease_renewal_recomputes_what_reads_leases_only() {
    let (mut store, local, mut panes, now) = demo();
    let at = |t: i64| {
        time::OffsetDateTime::from_unix_timestamp(t)
            .unwrap()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap()
    };
    // The scheduler's leader renews on time (the demo's may be planted stale).
    let renewal = lease("kube-system", "kube-scheduler", &at(now - 2));
    assert!(store.apply(test_store::event(&renewal, Op::Applied).unwrap()));
    panes.recompute(&store, (None, None), None, &local, now);
    let before = counts(&panes);
    let renewal = lease("kube-system", "kube-scheduler", &at(now - 1));
    assert!(store.apply(test_store::event(&renewal, Op::Applied).unwrap()));
    panes.recompute(&store, (None, None), None, &local, now);
    let after = counts(&panes);
    let moved: Vec<usize> = (0..after.len()).filter(|i| after[*i] != before[*i]).collect();
    assert_eq!(
        moved,
        [Model::ControlPlane as usize],
        "the control plane only: the findings read its verdict, not its renewal ages"
    );
    // A leader that stops renewing is judged: the findings see it.
    let late = lease("kube-system", "kube-scheduler", "2000-01-01T00:00:00.000000Z");
    assert!(store.apply(test_store::event(&late, Op::Applied).unwrap()));
    panes.recompute(&store, (None, None), None, &local, now);
    assert_eq!(
        panes.computed(Model::Findings),
        after[Model::Findings as usize] + 1
    );
    assert_eq!(panes, fresh(&store, &Outside::default(), now));
}

#[test]
fn time_recomputes_each_model_at_its_cadence() {
    let (store, local, mut panes, now) = demo();
    let before = counts(&panes);
    panes.recompute(&store, (None, None), None, &local, now);
    assert_eq!(counts(&panes), before, "the same second: nothing");
    let cp = panes.control_plane.as_deref().expect("a control plane");
    let cp_due = crate::signals::control_plane::changes_at(cp, now).is_some_and(|t| t <= now + 1);
    panes.recompute(&store, (None, None), None, &local, now + 1);
    let one = counts(&panes);
    assert_eq!(
        one[Model::ControlPlane as usize],
        before[Model::ControlPlane as usize] + u64::from(cp_due),
        "the control plane: at its deadline only"
    );
    assert_eq!(
        one[Model::Pods as usize],
        before[Model::Pods as usize],
        "pods: at their deadline only"
    );
    assert_eq!(
        one[Model::Nodes as usize],
        before[Model::Nodes as usize],
        "nodes: not on time"
    );
    assert_eq!(
        one[Model::StaticPods as usize],
        before[Model::StaticPods as usize],
        "the control plane's tick makes no pass over the pods"
    );
    panes.recompute(&store, (None, None), None, &local, now + SLOW_SECS);
    let slow = counts(&panes);
    for m in [Model::Certs, Model::Backups, Model::Findings] {
        assert_eq!(
            slow[m as usize],
            one[m as usize] + 1,
            "{m:?} is due after {SLOW_SECS} s"
        );
    }
    for m in [
        Model::Workloads,
        Model::FindingsSteady,
        Model::Nodes,
        Model::Zones,
        Model::Quotas,
        Model::Events,
        Model::Platform,
    ] {
        assert_eq!(
            slow[m as usize], before[m as usize],
            "{m:?} does not depend on the time"
        );
    }
}

#[test]
fn a_snapshot_of_the_panes_shares_the_big_models() {
    let (store, local, mut panes, now) = demo();
    let snapshot = panes.clone();
    use std::sync::Arc;
    let shared = |p: &Panes| {
        Arc::ptr_eq(snapshot.pods.as_ref().unwrap(), p.pods.as_ref().unwrap())
            && Arc::ptr_eq(snapshot.nodes.as_ref().unwrap(), p.nodes.as_ref().unwrap())
            && Arc::ptr_eq(snapshot.quotas.as_ref().unwrap(), p.quotas.as_ref().unwrap())
            && Arc::ptr_eq(snapshot.zones.as_ref().unwrap(), p.zones.as_ref().unwrap())
            && Arc::ptr_eq(
                snapshot.workloads.as_ref().unwrap(),
                p.workloads.as_ref().unwrap(),
            )
            && Arc::ptr_eq(snapshot.findings.as_ref().unwrap(), p.findings.as_ref().unwrap())
    };
    assert!(shared(&panes));
    // A tick with nothing moved keeps them shared: the views need no refresh.
    panes.recompute(&store, (None, None), None, &local, now + 1);
    assert!(shared(&panes));
}

#[test]
fn another_store_recomputes_everything() {
    let (store, local, mut panes, now) = demo();
    let before = counts(&panes);
    let other = store.clone();
    assert!(
        !panes.recompute(&other, (None, None), None, &local, now),
        "a clone is the same history"
    );
    assert_eq!(counts(&panes), before);
    let empty = Store::default();
    assert!(
        panes.recompute(&empty, (None, None), None, &local, now),
        "a new context"
    );
    assert_eq!(panes, fresh(&empty, &Outside::default(), now));
}

#[test]
fn every_model_is_listed_once_in_the_order_of_its_slot() {
    for (i, m) in Model::ALL.iter().enumerate() {
        assert_eq!(*m as usize, i, "{m:?}");
    }
}
