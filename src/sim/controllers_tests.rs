//! The controllers on the store with the sim's clock moved by hand: the
//! kubelet's back-off, events folded into one, OOMKilling where
//! node-problem-detector runs.

use serde_json::{Value, json};

use super::*;
use crate::sim::scenarios::kinds::KindRegistry;

const T0: i64 = 1_767_225_600;

/// An empty store at `T0` with every kind the sim serves registered.
pub(super) fn registered_store() -> Store {
    let mut store = Store::new();
    store.set_now(T0);
    for i in KindRegistry::new().resources() {
        store.register(ResourceType::new(
            &i.group,
            &i.version,
            &i.kind,
            &i.plural,
            i.namespaced,
        ));
    }
    store
}

fn world(objects: Vec<Value>) -> (Store, Controllers) {
    let mut store = registered_store();
    let namespaces =
        ["default", "ns"].map(|n| json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": n}}));
    for o in namespaces.into_iter().chain(objects) {
        let (group, plural) = match o["kind"].as_str() {
            Some("Namespace") => ("", "namespaces"),
            Some("Node") => ("", "nodes"),
            Some("Pod") => ("", "pods"),
            Some("ReplicaSet") => ("apps", "replicasets"),
            Some("Deployment") => ("apps", "deployments"),
            _ => continue,
        };
        let rt = rt(&store, group, plural).expect("type");
        store.insert_many(&rt, [o]).expect("insert");
    }
    let mut c = Controllers::default();
    c.adopt_pods(&store);
    c.adopt_nodes(&store);
    (store, c)
}

fn node(name: &str, npd: bool) -> Value {
    let mut conds = vec![json!({"type": "Ready", "status": "True"})];
    if npd {
        conds.push(json!({"type": "KernelDeadlock", "status": "False"}));
    }
    json!({"apiVersion": "v1", "kind": "Node", "metadata": {"name": name, "uid": format!("uid-{name}")},
           "status": {"conditions": conds, "allocatable": {"cpu": "8", "memory": "32Gi", "pods": "110"}}})
}

fn pod(name: &str, node: &str, behaviour: &str) -> Value {
    json!({"apiVersion": "v1", "kind": "Pod",
           "metadata": {"name": name, "namespace": "ns", "uid": format!("uid-{name}"), "annotations": {"sim.kon/behaviour": behaviour}},
           "spec": {"nodeName": node, "containers": [{"name": "app", "image": "img:1", "resources": {"limits": {"memory": "1Gi"}}}]},
           "status": {"phase": "Pending"}})
}

fn at(store: &mut Store, c: &mut Controllers, t: i64) {
    store.set_now(t);
    c.tick(store);
    c.reconcile(store);
}

fn events(store: &Store, reason: &str) -> Vec<Value> {
    let rt = rt(store, "", "events").expect("events");
    store
        .objects(&rt, None)
        .map(|it| {
            it.filter(|e| e["reason"] == reason)
                .map(|e| (*e).clone())
                .collect()
        })
        .unwrap_or_default()
}

fn get_pod(store: &Store, name: &str) -> Value {
    let rt = rt(store, "", "pods").expect("pods");
    store.get(&rt, Some("ns"), name).expect("pod")
}

#[test]
fn a_crash_loop_follows_the_back_off_and_counts_its_back_off_events() {
    let (mut store, mut c) = world(vec![node("n1", false), pod("p", "n1", "crashloop")]);
    at(&mut store, &mut c, T0);
    let mut t = T0;
    // Started at +0 (first seen at +1); each run lasts 5 s, then the back-off: 10, 20, 40, 80 s.
    let mut restarts = Vec::new();
    for _ in 0..200 {
        t += 1;
        at(&mut store, &mut c, t);
        let p = get_pod(&store, "p");
        let n = p["status"]["containerStatuses"][0]["restartCount"]
            .as_i64()
            .unwrap_or(0);
        if restarts.last().is_none_or(|(last, _)| *last != n) {
            restarts.push((n, t));
        }
    }
    let times: Vec<i64> = restarts.iter().map(|(_, at)| at - T0).collect();
    assert_eq!(times, [1, 15, 40, 85, 170], "{restarts:?}");
    let backoff = events(&store, "BackOff");
    assert_eq!(backoff.len(), 1, "one Event, counted up");
    assert_eq!(backoff[0]["count"], 5);
    assert_eq!(backoff[0]["source"]["host"], "n1");
    assert_eq!(events(&store, "Started")[0]["count"], 5);
}

#[test]
fn oom_killing_is_told_only_where_node_problem_detector_runs() {
    let (mut store, mut c) = world(vec![
        node("with", true),
        node("without", false),
        pod("a", "with", "oomkill"),
        pod("b", "without", "oomkill"),
    ]);
    at(&mut store, &mut c, T0);
    at(&mut store, &mut c, T0 + crate::sim::kubelet::OOM_EVERY);
    for name in ["a", "b"] {
        let p = get_pod(&store, name);
        let c0 = &p["status"]["containerStatuses"][0];
        assert_eq!(
            (c0["restartCount"].clone(), c0["ready"].clone()),
            (json!(1), json!(true)),
            "{name}"
        );
        assert_eq!(c0["lastState"]["terminated"]["reason"], "OOMKilled");
    }
    let oom = events(&store, "OOMKilling");
    assert_eq!(oom.len(), 1, "{oom:#?}");
    assert_eq!(oom[0]["involvedObject"]["name"], "with");
    assert_eq!(oom[0]["metadata"]["namespace"], "default");
    assert_eq!(
        oom[0]["source"],
        json!({"component": "kernel-monitor", "host": "with"})
    );
}

#[test]
fn events_expire_an_hour_after_their_last_write() {
    let (mut store, mut c) = world(vec![node("n1", false), pod("p", "n1", "unready")]);
    // Its first look is a probe period away: it starts, then fails its probe.
    at(&mut store, &mut c, T0 + 10);
    at(&mut store, &mut c, T0 + 20);
    assert_eq!(events(&store, "Started").len(), 1);
    assert_eq!(events(&store, "Unhealthy").len(), 1);
    // The probe keeps failing: Unhealthy is written every 10 s and stays; Started is not.
    let mut t = T0 + 20;
    while t < T0 + 3700 {
        t += 10;
        at(&mut store, &mut c, t);
    }
    assert!(events(&store, "Started").is_empty());
    let unhealthy = events(&store, "Unhealthy");
    assert_eq!(unhealthy.len(), 1);
    assert!(
        unhealthy[0]["count"].as_i64().is_some_and(|n| n > 300),
        "{unhealthy:#?}"
    );
}

fn ready_pod(name: &str, rs_uid: &str) -> Value {
    json!({"apiVersion": "v1", "kind": "Pod",
           "metadata": {"name": name, "namespace": "ns", "uid": format!("uid-{name}"),
                        "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-old",
                                             "uid": rs_uid, "controller": true}]},
           "spec": {"nodeName": "n1", "containers": [{"name": "app", "image": "img:1"}]},
           "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}]}})
}

/// A ReplicaSet scaled to 0 deletes its pod and says so in ONE status: no
/// `availableReplicas: 1` next to `replicas: 0` (which a Deployment would sum
/// into more available pods than it wants, and so no `NewReplicaSetAvailable`
/// while `kubectl rollout status` already said the rollout was done).
#[test]
fn a_replica_set_scaled_down_counts_no_deleted_pod_as_ready() {
    let rs = json!({"apiVersion": "apps/v1", "kind": "ReplicaSet",
                    "metadata": {"name": "web-old", "namespace": "ns", "uid": "uid-rs", "generation": 2},
                    "spec": {"replicas": 0, "selector": {"matchLabels": {"app": "web"}}},
                    "status": {"replicas": 1, "readyReplicas": 1, "availableReplicas": 1}});
    let (mut store, mut c) = world(vec![node("n1", false), rs, ready_pod("web-old-a", "uid-rs")]);
    c.touch("ns");
    c.reconcile(&mut store);
    assert!(
        get_pod(&store, "web-old-a")
            .pointer("/metadata/deletionTimestamp")
            .is_some(),
        "the pod is deleted"
    );
    let rsrt = rt(&store, "apps", "replicasets").expect("replicasets");
    let got = store.get(&rsrt, Some("ns"), "web-old").expect("rs");
    let counts = ["replicas", "readyReplicas", "availableReplicas"].map(|k| got["status"][k].as_i64());
    assert_eq!(counts, [Some(0), Some(0), Some(0)], "{got:#}");
}

/// `(reason of Progressing, what kubectl rollout status reads as done)`.
fn rollout_state(store: &Store) -> (String, bool) {
    let drt = rt(store, "apps", "deployments").expect("deployments");
    let d = store.get(&drt, Some("ns"), "web").expect("deployment");
    let st = &d["status"];
    let n = |k: &str| st[k].as_i64().unwrap_or(0);
    let done = n("observedGeneration") >= d["metadata"]["generation"].as_i64().unwrap_or(0)
        && n("updatedReplicas") == 3
        && n("replicas") == n("updatedReplicas")
        && n("availableReplicas") >= n("updatedReplicas");
    let reason = st["conditions"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["type"] == "Progressing"))
        .and_then(|c| c["reason"].as_str())
        .unwrap_or_default()
        .to_string();
    (reason, done)
}

/// A restart with the sim's ticks late (a busy machine: every tick past the
/// pods' grace period): whenever `kubectl rollout status` would say the
/// rollout is done, the Deployment already says `NewReplicaSetAvailable`, as
/// the real controller writes both in one status.
#[test]
fn a_rollout_is_never_done_for_kubectl_before_its_condition_says_so() {
    let d = json!({"apiVersion": "apps/v1", "kind": "Deployment",
                   "metadata": {"name": "web", "namespace": "ns", "uid": "uid-web"},
                   "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
                            "template": {"metadata": {"labels": {"app": "web"}},
                                         "spec": {"containers": [{"name": "app", "image": "img:1"}]}}}});
    let (mut store, mut c) = world(vec![node("n1", false), d]);
    c.touch("ns");
    let mut t = T0;
    let settle = |store: &mut Store, c: &mut Controllers, t: &mut i64| {
        for _ in 0..40 {
            *t += 2;
            at(store, c, *t);
            let (reason, done) = rollout_state(store);
            assert!(
                !done || reason == "NewReplicaSetAvailable",
                "done at {t} with {reason:?}"
            );
            if reason == "NewReplicaSetAvailable" && done {
                return;
            }
        }
        panic!("no end: {:?}", rollout_state(store));
    };
    settle(&mut store, &mut c, &mut t);
    let drt = rt(&store, "apps", "deployments").expect("deployments");
    let patch = json!({"spec": {"template": {"spec": {"containers": [{"name": "app", "image": "img:2"}]}}}});
    store
        .patch_value(&drt, Some("ns"), "web", PatchType::Merge, &patch)
        .expect("patch");
    c.touch("ns");
    settle(&mut store, &mut c, &mut t);
}
