//! Platform detection end to end against the simulated cluster: the
//! watchers keep each node's providerID scheme and platform labels, read
//! only the ConfigMap kube-system/kubeadm-config (by field selector),
//! discovery reports the API groups, and the recompute detects from them.

use std::time::Duration;

use kon::app::{AppState, Msg, Settings};
use kon::cluster::store::SyncState;
use kon::cluster::watch;
use kon::platform::Platform;
use kon::sim::scenarios::builtin;
use serde_json::json;
use tokio::sync::mpsc;
use tokio::task::JoinSet;

#[tokio::test(flavor = "multi_thread")]
async fn nodes_kubeadm_config_and_api_groups_reach_the_detection() {
    let mut scenario = builtin::load("demo").unwrap();
    for name in ["kubeadm-config", "kubelet-config"] {
        scenario.objects.push(json!({
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": name, "namespace": "kube-system"},
            "data": {"ClusterConfiguration": "kind: ClusterConfiguration"},
        }));
    }
    let node = scenario
        .objects
        .iter_mut()
        .find(|o| o["kind"] == "Node")
        .expect("a node");
    let node_name = node["metadata"]["name"].as_str().unwrap().to_string();
    node["spec"]["providerID"] = json!("aws:///eu-west-1a/i-0abc");
    node["metadata"]["labels"]["eks.amazonaws.com/nodegroup"] = json!("ng-1");
    let sim = kon::sim::start(scenario, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let client = kon::cluster::client(sim.kube_config().await.unwrap()).unwrap();
    let (tx, mut rx) = mpsc::channel(4096);
    let mut set = JoinSet::new();
    watch::spawn_all(&mut set, &client, 0, &tx, "default");
    let mut app = AppState::new(Settings::default());
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    let done = |a: &AppState| {
        let s = &a.live.store;
        [&s.nodes.state, &s.pods.state, &s.kubeadm_config.state]
            .iter()
            .all(|st| **st == SyncState::Synced)
            && !a.live.panes.platform_clues.api_groups.is_empty()
    };
    while !done(&app) {
        let msg = tokio::time::timeout_at(deadline, rx.recv())
            .await
            .expect("synced in time")
            .unwrap();
        app.update(msg.into());
    }
    set.abort_all();
    let store = &app.live.store;
    assert_eq!(store.kubeadm_config.len(), 1, "only kubeadm-config is read");
    let n = &store.nodes.items[node_name.as_str()];
    assert_eq!(n.platform.provider.as_deref(), Some("aws"));
    assert_eq!(&*n.platform.marks[0], "eks.amazonaws.com/nodegroup");
    assert!(
        app.live
            .panes
            .platform_clues
            .api_groups
            .iter()
            .any(|g| g == "apps"),
        "{:?}",
        app.live.panes.platform_clues.api_groups
    );
    app.update(Msg::Recompute { now: 0 });
    let d = &app.live.panes.platform;
    // An EKS label on a cluster whose control plane is visible: kubeadm.
    assert_eq!(d.platform, Platform::Kubeadm, "{:?}", d.evidence);
    assert!(
        d.evidence
            .iter()
            .any(|e| e == "ConfigMap kube-system/kubeadm-config"),
        "{:?}",
        d.evidence
    );
    assert!(
        d.evidence
            .iter()
            .any(|e| e.contains("names EKS, but the control plane is visible")),
        "{:?}",
        d.evidence
    );
}
