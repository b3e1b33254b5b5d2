//! Conformance: the real `kubectl` against the simulated cluster (issue 3).
//! `get nodes`, `get pods -A -o json`, cordon/uncordon verified through the
//! API, a drain that completes (pods recreated elsewhere, DaemonSet pods left
//! alone), a drain blocked by a PodDisruptionBudget, a drain that needs
//! `--force` for a bare pod, health, discovery and token auth.
//!
//! Drain targets come from the demo scenario's header
//! (assets/scenarios/demo.yaml): worker-a-2 drains completely, worker-a-1 is
//! blocked by payments/api's PDB, worker-c-4 runs the bare pod
//! default/debug-shell.

use crate::test_support;

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::apps::v1::ReplicaSet;
use k8s_openapi::api::core::v1::{Node, Pod};
use kon::sim::kubeconfig::Auth;
use kube::api::{Api, ListParams};
use serde_json::Value;
use test_support::sim::{KubectlSim, eventually};

// ---------------------------------------------------------------- helpers

/// `namespace/name` of a pod.
fn key(p: &Pod) -> String {
    format!(
        "{}/{}",
        p.metadata.namespace.as_deref().unwrap_or_default(),
        p.metadata.name.as_deref().unwrap_or_default()
    )
}

fn uid(p: &Pod) -> String {
    p.metadata.uid.clone().unwrap_or_default()
}

/// The kind and name of a pod's controller, if it has one.
fn controller(p: &Pod) -> Option<(String, String)> {
    p.metadata
        .owner_references
        .as_ref()?
        .iter()
        .find(|o| o.controller == Some(true))
        .map(|o| (o.kind.clone(), o.name.clone()))
}

fn daemonset_pod(p: &Pod) -> bool {
    controller(p).is_some_and(|(kind, _)| kind == "DaemonSet")
}

fn node_of(p: &Pod) -> Option<String> {
    p.spec.as_ref()?.node_name.clone()
}

fn phase(p: &Pod) -> Option<String> {
    p.status.as_ref()?.phase.clone()
}

fn terminating(p: &Pod) -> bool {
    p.metadata.deletion_timestamp.is_some()
}

/// `namespace/name` of an object as JSON.
fn json_key(v: &Value) -> String {
    format!(
        "{}/{}",
        v["metadata"]["namespace"].as_str().unwrap_or_default(),
        v["metadata"]["name"].as_str().unwrap_or_default()
    )
}

/// The uid of every pod in the cluster.
async fn all_pod_uids(ks: &KubectlSim) -> BTreeSet<String> {
    let pods = Api::<Pod>::all(ks.client().await)
        .list(&ListParams::default())
        .await
        .expect("list pods");
    pods.items.iter().map(uid).collect()
}

/// The pods bound to `node`, through the API (field selector `spec.nodeName`).
async fn pods_on(ks: &KubectlSim, node: &str) -> Vec<Pod> {
    Api::<Pod>::all(ks.client().await)
        .list(&ListParams::default().fields(&format!("spec.nodeName={node}")))
        .await
        .expect("list pods on node")
        .items
}

async fn pod(ks: &KubectlSim, namespace: &str, name: &str) -> Option<Pod> {
    Api::<Pod>::namespaced(ks.client().await, namespace)
        .get_opt(name)
        .await
        .expect("get pod")
}

async fn unschedulable(ks: &KubectlSim, node: &str) -> bool {
    let n = Api::<Node>::all(ks.client().await)
        .get(node)
        .await
        .expect("get node");
    n.spec.and_then(|s| s.unschedulable).unwrap_or(false)
}

/// Whether `node` takes new pods: not cordoned, and Ready.
async fn accepts_pods(ks: &KubectlSim, node: &str) -> bool {
    let n = Api::<Node>::all(ks.client().await)
        .get(node)
        .await
        .expect("get node");
    let cordoned = n.spec.as_ref().and_then(|s| s.unschedulable).unwrap_or(false);
    let ready = n
        .status
        .and_then(|s| s.conditions)
        .unwrap_or_default()
        .iter()
        .any(|c| c.type_ == "Ready" && c.status == "True");
    !cordoned && ready
}

/// Waits until the ReplicaSet `namespace/name` again has `spec.replicas`
/// live, Running pods, none of them on `drained`; returns them.
async fn replicaset_restored(ks: &KubectlSim, namespace: &str, name: &str, drained: &str) -> Vec<Pod> {
    let client = ks.client().await;
    let rs = Api::<ReplicaSet>::namespaced(client.clone(), namespace)
        .get(name)
        .await
        .expect("get replicaset");
    let rs_uid = rs.metadata.uid.clone().expect("replicaset uid");
    let replicas = rs.spec.as_ref().and_then(|s| s.replicas).unwrap_or(1) as usize;
    let pods = Api::<Pod>::namespaced(client, namespace);
    eventually(
        &format!("replicaset {namespace}/{name} back to {replicas} running pods"),
        || {
            let (pods, rs_uid) = (&pods, &rs_uid);
            async move {
                let owned: Vec<Pod> = pods
                    .list(&ListParams::default())
                    .await
                    .ok()?
                    .items
                    .into_iter()
                    .filter(|p| !terminating(p))
                    .filter(|p| {
                        p.metadata
                            .owner_references
                            .iter()
                            .flatten()
                            .any(|o| &o.uid == rs_uid)
                    })
                    .collect();
                let running = owned
                    .iter()
                    .filter(|p| phase(p).as_deref() == Some("Running"))
                    .count();
                let nodes: Vec<String> = owned.iter().filter_map(node_of).collect();
                (owned.len() == replicas
                    && running == replicas
                    && nodes.len() == replicas
                    && nodes.iter().all(|n| n != drained))
                .then_some(owned)
            }
        },
    )
    .await
}

/// Waits until the StatefulSet pod `namespace/name` is back (a new uid) and
/// Running on a node other than `drained`; returns that node.
async fn statefulset_pod_restored(
    ks: &KubectlSim,
    namespace: &str,
    name: &str,
    old_uid: &str,
    drained: &str,
) -> String {
    eventually(
        &format!("statefulset pod {namespace}/{name} recreated off {drained}"),
        || async {
            let p = pod(ks, namespace, name).await?;
            let node = node_of(&p)?;
            (uid(&p) != old_uid
                && !terminating(&p)
                && phase(&p).as_deref() == Some("Running")
                && node != drained)
                .then_some(node)
        },
    )
    .await
}

/// Checks everything a completed drain of `node` must have left behind,
/// given the pods that were on it before: only DaemonSet pods remain (the
/// same ones), ReplicaSet pods are replaced on other nodes, StatefulSet pods
/// come back under the same name elsewhere, bare pods are gone for good.
/// `uids_before` holds the uid of every pod in the cluster before the drain.
async fn assert_drained(ks: &KubectlSim, node: &str, before: &[Pod], uids_before: &BTreeSet<String>) {
    assert!(
        unschedulable(ks, node).await,
        "{node} is cordoned after the drain"
    );

    let daemons: BTreeMap<String, String> = before
        .iter()
        .filter(|p| daemonset_pod(p))
        .map(|p| (key(p), uid(p)))
        .collect();
    assert!(!daemons.is_empty(), "{node} ran DaemonSet pods before the drain");
    let after: BTreeMap<String, String> = pods_on(ks, node).await.iter().map(|p| (key(p), uid(p))).collect();
    assert_eq!(
        after, daemons,
        "only the same DaemonSet pods (names and uids) remain on {node}"
    );

    for p in before {
        let (namespace, name) = (
            p.metadata.namespace.as_deref().unwrap(),
            p.metadata.name.as_deref().unwrap(),
        );
        match controller(p) {
            Some((kind, _)) if kind == "DaemonSet" => {}
            Some((kind, owner)) if kind == "ReplicaSet" => {
                let live = replicaset_restored(ks, namespace, &owner, node).await;
                // Replacements (pods that did not exist before the drain)
                // went to nodes that take pods.
                let replacements: Vec<&Pod> =
                    live.iter().filter(|r| !uids_before.contains(&uid(r))).collect();
                assert!(
                    !replacements.is_empty(),
                    "{namespace}/{name} was replaced by a new pod"
                );
                for r in replacements {
                    let to = node_of(r).unwrap();
                    assert!(
                        accepts_pods(ks, &to).await,
                        "{} was scheduled to {to}, which takes no pods",
                        key(r)
                    );
                }
            }
            Some((kind, _)) if kind == "StatefulSet" => {
                let to = statefulset_pod_restored(ks, namespace, name, &uid(p), node).await;
                assert!(
                    accepts_pods(ks, &to).await,
                    "{namespace}/{name} was rescheduled to {to}, which takes no pods"
                );
            }
            Some((kind, owner)) => panic!("unexpected controller {kind}/{owner} of {namespace}/{name}"),
            None => assert!(
                pod(ks, namespace, name).await.is_none(),
                "the bare pod {namespace}/{name} is deleted and not recreated"
            ),
        }
    }
}

// ---------------------------------------------------------------- reading

#[tokio::test(flavor = "multi_thread")]
async fn get_nodes_lists_every_node() {
    let ks = KubectlSim::start("demo").await;
    let expected: BTreeSet<String> = ks
        .of_kind("Node")
        .iter()
        .map(|n| n["metadata"]["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(expected.len(), ks.count("Node"));
    assert!(
        expected.len() >= 15,
        "demo has 3 control-plane nodes and 12 workers"
    );

    let run = ks.kubectl_ok(&["get", "nodes"]).await;
    let mut lines = run.stdout.lines();
    let header = lines.next().expect("a header line");
    assert!(header.starts_with("NAME"), "{run:?}");
    let listed: BTreeSet<String> = lines
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect();
    assert_eq!(listed, expected, "{run:?}");
    // The STATUS column shows what the scenario planted.
    let status = |node: &str| {
        let line = run
            .stdout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(node));
        line.and_then(|l| l.split_whitespace().nth(1))
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(status("worker-b-1"), "Ready", "{run:?}");
    assert_eq!(status("worker-b-4"), "NotReady", "{run:?}");
    assert_eq!(status("worker-a-4"), "Ready,SchedulingDisabled", "{run:?}");

    // And the same through -o json, with the objects' own names.
    let json = ks.kubectl_json(&["get", "nodes"]).await;
    let items = json["items"].as_array().expect("items");
    assert_eq!(items.len(), expected.len());
    assert!(items.iter().all(|n| n["kind"] == "Node"), "{json}");
}

#[tokio::test(flavor = "multi_thread")]
async fn get_pods_all_namespaces_json_counts_every_pod() {
    let ks = KubectlSim::start("demo").await;
    let expected: BTreeSet<String> = ks.of_kind("Pod").into_iter().map(json_key).collect();
    assert_eq!(expected.len(), ks.count("Pod"));

    let json = ks.kubectl_json(&["get", "pods", "-A"]).await;
    assert_eq!(json["kind"], "List", "kubectl prints a List");
    let items = json["items"].as_array().expect("items");
    assert_eq!(
        items.len(),
        ks.count("Pod"),
        "kubectl get pods -A -o json counts every pod"
    );
    let listed: BTreeSet<String> = items.iter().map(json_key).collect();
    assert_eq!(listed, expected);
    assert!(
        items
            .iter()
            .all(|p| p["kind"] == "Pod" && p["apiVersion"] == "v1")
    );

    // Small pages: kubectl follows `continue` tokens to the same set.
    let paged = ks.kubectl_json(&["get", "pods", "-A", "--chunk-size=7"]).await;
    let paged: Vec<String> = paged["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(json_key)
        .collect();
    assert_eq!(paged.len(), expected.len(), "no pod twice across pages");
    assert_eq!(
        paged.into_iter().collect::<BTreeSet<_>>(),
        expected,
        "paginated listing (--chunk-size=7) sees every pod"
    );

    // The table kubectl prints by default has one row per pod too.
    let table = ks.kubectl_ok(&["get", "pods", "-A", "--chunk-size=7"]).await;
    let rows: BTreeSet<String> = table
        .stdout
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut cols = l.split_whitespace();
            Some(format!("{}/{}", cols.next()?, cols.next()?))
        })
        .collect();
    assert_eq!(rows, expected, "{table:?}");
    assert_eq!(table.stdout.lines().count(), expected.len() + 1, "{table:?}");
}

// ---------------------------------------------------------------- cordon

#[tokio::test(flavor = "multi_thread")]
async fn cordon_and_uncordon_are_seen_through_the_api() {
    let ks = KubectlSim::start("demo").await;
    assert!(
        !unschedulable(&ks, "worker-b-1").await,
        "worker-b-1 starts schedulable"
    );

    let run = ks.kubectl_ok(&["cordon", "worker-b-1"]).await;
    assert!(run.stdout.contains("node/worker-b-1 cordoned"), "{run:?}");
    assert!(
        unschedulable(&ks, "worker-b-1").await,
        "cordon sets spec.unschedulable"
    );
    let jsonpath = ks
        .kubectl_ok(&[
            "get",
            "node",
            "worker-b-1",
            "-o",
            "jsonpath={.spec.unschedulable}",
        ])
        .await;
    assert_eq!(jsonpath.stdout.trim(), "true");

    // Cordoning again changes nothing and says so.
    let again = ks.kubectl_ok(&["cordon", "worker-b-1"]).await;
    assert!(again.stdout.contains("already cordoned"), "{again:?}");

    let run = ks.kubectl_ok(&["uncordon", "worker-b-1"]).await;
    assert!(run.stdout.contains("node/worker-b-1 uncordoned"), "{run:?}");
    assert!(
        !unschedulable(&ks, "worker-b-1").await,
        "uncordon clears spec.unschedulable"
    );
    // Other nodes were not touched.
    assert!(!unschedulable(&ks, "worker-b-2").await);
    assert!(
        unschedulable(&ks, "worker-a-4").await,
        "worker-a-4 is cordoned in the scenario"
    );
}

// ---------------------------------------------------------------- drain

#[tokio::test(flavor = "multi_thread")]
async fn drain_completes_and_workloads_move_elsewhere() {
    let ks = KubectlSim::start("demo").await;
    let before = pods_on(&ks, "worker-a-2").await;
    let uids_before = all_pod_uids(&ks).await;
    let kinds: BTreeSet<String> = before.iter().filter_map(controller).map(|(k, _)| k).collect();
    assert!(
        kinds.contains("DaemonSet") && kinds.contains("ReplicaSet"),
        "worker-a-2 runs {kinds:?}"
    );

    let run = ks
        .kubectl(&[
            "drain",
            "worker-a-2",
            "--ignore-daemonsets",
            "--delete-emptydir-data",
            "--timeout=60s",
        ])
        .await;
    assert!(run.ok, "drain of worker-a-2 completes: {run:?}");
    assert!(run.stdout.contains("node/worker-a-2 drained"), "{run:?}");
    // kubectl names every pod it evicted.
    for p in before
        .iter()
        .filter(|p| controller(p).is_some_and(|(k, _)| k != "DaemonSet"))
    {
        let name = p.metadata.name.as_deref().unwrap();
        assert!(
            run.all().contains(&format!("pod/{name} evicted")),
            "{name} evicted: {run:?}"
        );
    }

    assert_drained(&ks, "worker-a-2", &before, &uids_before).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn drain_blocked_by_a_pod_disruption_budget_is_reported() {
    let ks = KubectlSim::start("demo").await;
    let before = pods_on(&ks, "worker-a-1").await;
    let protected = before
        .iter()
        .find(|p| {
            p.metadata.namespace.as_deref() == Some("payments")
                && p.metadata
                    .labels
                    .as_ref()
                    .and_then(|l| l.get("app"))
                    .map(String::as_str)
                    == Some("api")
        })
        .expect("a payments/api pod on worker-a-1")
        .clone();
    let protected_name = protected.metadata.name.clone().unwrap();

    let run = ks
        .kubectl(&[
            "drain",
            "worker-a-1",
            "--ignore-daemonsets",
            "--delete-emptydir-data",
            "--timeout=10s",
        ])
        .await;
    assert!(!run.ok, "the drain of worker-a-1 must fail: {run:?}");
    let out = run.all();
    assert!(
        out.contains("Cannot evict pod as it would violate the pod's disruption budget"),
        "kubectl reports the PDB: {run:?}"
    );
    assert!(
        out.contains(&protected_name),
        "kubectl names the protected pod {protected_name}: {run:?}"
    );

    assert!(unschedulable(&ks, "worker-a-1").await, "the node stays cordoned");
    let still = pod(&ks, "payments", &protected_name)
        .await
        .expect("the protected pod still exists");
    assert_eq!(uid(&still), uid(&protected), "the same pod, not a replacement");
    assert!(!terminating(&still), "the protected pod is not being deleted");
    assert_eq!(node_of(&still).as_deref(), Some("worker-a-1"));

    // kubectl evicted everything else meanwhile: the protected pod is the
    // only one left on the node besides DaemonSet pods.
    let left: Vec<String> = pods_on(&ks, "worker-a-1")
        .await
        .iter()
        .filter(|p| !daemonset_pod(p) && !terminating(p))
        .map(key)
        .collect();
    assert_eq!(left, vec![format!("payments/{protected_name}")], "{run:?}");

    // The PDB still allows no disruption.
    let pdb = ks.kubectl_json(&["get", "pdb", "api", "-n", "payments"]).await;
    assert_eq!(pdb["status"]["disruptionsAllowed"], 0, "{pdb}");
}

#[tokio::test(flavor = "multi_thread")]
async fn drain_refuses_a_bare_pod_without_force() {
    let ks = KubectlSim::start("demo").await;
    let before = pods_on(&ks, "worker-c-4").await;
    let uids_before = all_pod_uids(&ks).await;
    assert!(
        before.iter().any(|p| key(p) == "default/debug-shell"),
        "debug-shell runs on worker-c-4"
    );

    let run = ks
        .kubectl(&[
            "drain",
            "worker-c-4",
            "--ignore-daemonsets",
            "--delete-emptydir-data",
            "--timeout=60s",
        ])
        .await;
    assert!(!run.ok, "a drain without --force must fail: {run:?}");
    let out = run.all();
    assert!(
        out.contains("cannot delete Pods that declare no controller"),
        "{run:?}"
    );
    assert!(out.contains("default/debug-shell"), "{run:?}");
    // kubectl refuses before evicting anything: every pod is still there.
    let now: BTreeMap<String, String> = pods_on(&ks, "worker-c-4")
        .await
        .iter()
        .map(|p| (key(p), uid(p)))
        .collect();
    let then: BTreeMap<String, String> = before.iter().map(|p| (key(p), uid(p))).collect();
    assert_eq!(now, then, "nothing evicted by the refused drain");

    let run = ks
        .kubectl(&[
            "drain",
            "worker-c-4",
            "--ignore-daemonsets",
            "--delete-emptydir-data",
            "--force",
            "--timeout=60s",
        ])
        .await;
    assert!(run.ok, "with --force the drain completes: {run:?}");
    assert!(
        run.all().contains("default/debug-shell"),
        "kubectl warns about the bare pod: {run:?}"
    );
    assert!(run.stdout.contains("node/worker-c-4 drained"), "{run:?}");

    assert_drained(&ks, "worker-c-4", &before, &uids_before).await;
}

// ---------------------------------------------------------------- server

#[tokio::test(flavor = "multi_thread")]
async fn readyz_verbose_passes() {
    let ks = KubectlSim::start("demo").await;
    let run = ks.kubectl_ok(&["get", "--raw", "/readyz?verbose"]).await;
    assert!(run.stdout.contains("[+]ping ok"), "{run:?}");
    assert_eq!(
        run.stdout.trim_end().lines().last(),
        Some("readyz check passed"),
        "{run:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn api_resources_include_builtin_and_custom_kinds() {
    let ks = KubectlSim::start("demo").await;
    let run = ks.kubectl_ok(&["api-resources", "-o", "wide"]).await;
    let rows: Vec<Vec<&str>> = run
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().collect())
        .collect();
    let row = |name: &str| rows.iter().find(|r| r.first() == Some(&name));
    let pods = row("pods").unwrap_or_else(|| panic!("pods listed: {run:?}"));
    assert!(pods.contains(&"v1") && pods.contains(&"Pod"), "{pods:?}");
    let deployments = row("deployments").unwrap_or_else(|| panic!("deployments listed: {run:?}"));
    assert!(
        deployments.contains(&"apps/v1") && deployments.contains(&"Deployment"),
        "{deployments:?}"
    );
    let backups = row("backups").unwrap_or_else(|| panic!("velero backups listed: {run:?}"));
    assert!(
        backups.contains(&"velero.io/v1") && backups.contains(&"Backup"),
        "{backups:?}"
    );
    assert!(
        row("nodes").is_some_and(|r| r.contains(&"false")),
        "nodes are cluster-scoped: {run:?}"
    );

    // And the custom kind is listable by its short resource name.
    let list = ks.kubectl_json(&["get", "backups.velero.io", "-A"]).await;
    assert_eq!(
        list["items"].as_array().map(Vec::len),
        Some(ks.count("Backup")),
        "{list}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn token_auth_works() {
    let ks = KubectlSim::start_with("demo", Auth::Token).await;
    let run = ks.kubectl_ok(&["get", "ns", "-o", "name"]).await;
    let listed: BTreeSet<&str> = run.stdout.lines().collect();
    for ns in ks.of_kind("Namespace") {
        let name = format!("namespace/{}", ns["metadata"]["name"].as_str().unwrap());
        assert!(listed.contains(name.as_str()), "{name} listed: {run:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_token_is_refused() {
    let ks = KubectlSim::start_with("demo", Auth::Token).await;
    let mut config = ks.sim.kubeconfig(Auth::Token);
    let token = config
        .lines()
        .find_map(|l| l.trim().strip_prefix("token: "))
        .unwrap()
        .to_string();
    config = config.replace(&token, "kon-sim.not-the-token");
    ks.replace_kubeconfig(&config);
    let run = ks.kubectl(&["get", "ns", "--request-timeout=20s"]).await;
    assert!(!run.ok, "{run:?}");
    assert!(
        run.stderr.contains("Unauthorized") || run.stderr.contains("must be logged in"),
        "{run:?}"
    );
}
