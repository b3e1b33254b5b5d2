//! A pod change reconciles its controller, that controller's Deployment and
//! the PDBs selecting the pod, and nothing else of its namespace; a touch of
//! the namespace, or its turn in the slow resync, reconciles it whole.

use serde_json::{Value, json};

use super::*;

const T0: i64 = 1_767_225_600;

fn store_of(objects: Vec<Value>) -> Store {
    let mut store = super::tests::registered_store();
    for o in objects {
        let Some(rt) = o["apiVersion"]
            .as_str()
            .zip(o["kind"].as_str())
            .and_then(|(av, kind)| store.find_kind(av, kind).cloned())
        else {
            panic!("no type for {o}");
        };
        store.insert_many(&rt, [o]).expect("insert");
    }
    store
}

fn owner(kind: &str, name: &str) -> Value {
    json!([{"apiVersion": "apps/v1", "kind": kind, "name": name, "uid": format!("uid-{name}"), "controller": true}])
}

fn replicaset(name: &str, app: &str, replicas: i64, deployment: Option<&str>) -> Value {
    let mut rs = json!({"apiVersion": "apps/v1", "kind": "ReplicaSet",
        "metadata": {"name": name, "namespace": "ns", "uid": format!("uid-{name}"), "generation": 1,
                     "annotations": {"deployment.kubernetes.io/revision": "1"}},
        "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": app}},
                 "template": {"metadata": {"labels": {"app": app}},
                              "spec": {"containers": [{"name": "c", "image": "img:1"}]}}},
        "status": {"replicas": replicas, "readyReplicas": replicas, "availableReplicas": replicas, "observedGeneration": 1}});
    if let Some(d) = deployment {
        rs["metadata"]["ownerReferences"] = owner("Deployment", d);
    }
    rs
}

fn pod(name: &str, app: &str, rs: &str) -> Value {
    json!({"apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "namespace": "ns", "uid": format!("uid-{name}"), "labels": {"app": app},
                     "ownerReferences": owner("ReplicaSet", rs)},
        "spec": {"nodeName": "n1", "containers": [{"name": "c", "image": "img:1"}]},
        "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}],
                   "containerStatuses": [{"name": "c", "ready": true, "restartCount": 0}]}})
}

fn pdb(name: &str, app: &str) -> Value {
    json!({"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
        "metadata": {"name": name, "namespace": "ns", "generation": 1},
        "spec": {"minAvailable": 1, "selector": {"matchLabels": {"app": app}}}})
}

/// Deployment `a` with ReplicaSet `a-1` (2 pods), ReplicaSet `b-1` that
/// wants 3 pods and has 2 (never reconciled yet), a PDB for each app.
fn cluster() -> (Store, Controllers) {
    let store = store_of(vec![
        json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "ns"}}),
        json!({"apiVersion": "v1", "kind": "Node", "metadata": {"name": "n1"},
               "status": {"conditions": [{"type": "Ready", "status": "True"}], "allocatable": {"pods": "110"}}}),
        json!({"apiVersion": "apps/v1", "kind": "Deployment",
               "metadata": {"name": "a", "namespace": "ns", "uid": "uid-a", "generation": 1},
               "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "a"}},
                        "template": {"metadata": {"labels": {"app": "a"}}, "spec": {"containers": [{"name": "c", "image": "img:1"}]}}},
               "status": {"observedGeneration": 1, "replicas": 2, "readyReplicas": 2, "availableReplicas": 2, "updatedReplicas": 2}}),
        replicaset("a-1", "a", 2, Some("a")),
        replicaset("b-1", "b", 3, None),
        pod("a-x", "a", "a-1"),
        pod("a-y", "a", "a-1"),
        pod("b-x", "b", "b-1"),
        pod("b-y", "b", "b-1"),
        pdb("pdb-a", "a"),
        pdb("pdb-b", "b"),
    ]);
    (store, Controllers::default())
}

fn get(store: &Store, plural: &str, name: &str) -> Value {
    let group = if plural == "replicasets" || plural == "deployments" {
        "apps"
    } else if plural == "poddisruptionbudgets" {
        "policy"
    } else {
        ""
    };
    let rt = rt(store, group, plural).expect("type");
    store.get(&rt, Some("ns"), name).expect("object")
}

fn pods_of(store: &Store, rs: &str) -> usize {
    let rt = rt(store, "", "pods").expect("pods");
    store.owned_by(&rt, &format!("uid-{rs}")).len()
}

/// Pod `a-x` turns unready, as the churn or a kubelet writes it.
fn unready_a_x(store: &mut Store, c: &mut Controllers) {
    let pods = rt(store, "", "pods").expect("pods");
    let patch = json!({"status": {"conditions": [{"type": "Ready", "status": "False"}]}});
    let pod = store
        .patch_status(&pods, Some("ns"), "a-x", PatchType::Merge, &patch)
        .expect("patch");
    c.pod_changed(&pod);
}

#[test]
fn a_pod_change_reconciles_its_replicaset_its_deployment_and_its_pdbs_only() {
    let (mut store, mut c) = cluster();
    unready_a_x(&mut store, &mut c);
    c.reconcile(&mut store);
    // Its ReplicaSet counts one ready pod, and its Deployment follows in the same round.
    assert_eq!(get(&store, "replicasets", "a-1")["status"]["readyReplicas"], 1);
    assert_eq!(get(&store, "deployments", "a")["status"]["readyReplicas"], 1);
    // The PDB selecting it has its status; the other PDB is not looked at.
    assert_eq!(
        get(&store, "poddisruptionbudgets", "pdb-a")["status"]["currentHealthy"],
        1
    );
    assert!(
        get(&store, "poddisruptionbudgets", "pdb-b")
            .get("status")
            .is_none()
    );
    // The other ReplicaSet of the namespace is not reconciled: still 2 pods of 3.
    assert_eq!(pods_of(&store, "b-1"), 2);
}

#[test]
fn a_removed_pod_is_replaced_by_its_replicaset() {
    let (mut store, mut c) = cluster();
    let pods = rt(&store, "", "pods").expect("pods");
    let gone = store.delete(&pods, Some("ns"), "a-y", Some(0)).expect("delete");
    c.pod_removed(gone);
    c.reconcile(&mut store);
    assert_eq!(pods_of(&store, "a-1"), 2);
    assert_eq!(pods_of(&store, "b-1"), 2);
}

#[test]
fn a_touched_namespace_is_reconciled_whole() {
    let (mut store, mut c) = cluster();
    c.touch("ns");
    c.reconcile(&mut store);
    assert_eq!(pods_of(&store, "b-1"), 3);
    assert_eq!(
        get(&store, "poddisruptionbudgets", "pdb-b")["status"]["currentHealthy"],
        2
    );
}

#[test]
fn the_slow_resync_reaches_every_namespace_in_turn() {
    let (mut store, mut c) = cluster();
    let namespaces = store
        .count(&rt(&store, "", "namespaces").expect("ns"))
        .expect("count") as i64;
    assert_eq!(namespaces, 1);
    // Before its turn, nothing happened to b-1.
    c.reconcile(&mut store);
    assert_eq!(pods_of(&store, "b-1"), 2);
    for s in 0..=namespaces * RESYNC_SECONDS {
        store.set_now(T0 + s);
        c.tick(&mut store);
        c.reconcile(&mut store);
    }
    // b-1 has its third pod (no pod of its own changed: only its
    // namespace's turn reconciled it), and pdb-b a status (2 healthy, or 3
    // once that pod started).
    assert_eq!(pods_of(&store, "b-1"), 3);
    let healthy = get(&store, "poddisruptionbudgets", "pdb-b")["status"]["currentHealthy"].as_i64();
    assert!(matches!(healthy, Some(2 | 3)), "{healthy:?}");
}
