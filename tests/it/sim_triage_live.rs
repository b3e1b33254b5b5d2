//! Issue 17's incident states in the demo scenario as time passes and the
//! cluster is changed: the sim's kubelet and controllers keep them going (a
//! deleted crash-looping pod comes back and crash-loops again, scaling
//! writes `ScalingReplicaSet`, a pod on the dead node stays Terminating, a
//! node going NotReady is told), and an `events.k8s.io` watch sees it.

use crate::sim_triage::pod_name;
use crate::test_support;

use serde_json::Value;
use test_support::sim::{KubectlSim, eventually};

fn restart_count(pod: &Value) -> i64 {
    pod["status"]["containerStatuses"][0]["restartCount"]
        .as_i64()
        .unwrap_or(-1)
}

#[tokio::test]
async fn a_deleted_crash_looping_pod_comes_back_and_crash_loops_again() {
    let ks = KubectlSim::start("demo").await;
    let old = pod_name(&ks, "payments", "ledger").await;
    ks.kubectl_ok(&["delete", "pod", "-n", "payments", &old, "--wait=false"])
        .await;
    let fresh = eventually("a new ledger pod in CrashLoopBackOff", || async {
        let v = ks
            .kubectl_json(&["get", "pods", "-n", "payments", "-l", "app=ledger"])
            .await;
        v["items"]
            .as_array()?
            .iter()
            .find(|p| {
                p["metadata"]["name"] != old.as_str()
                    && p["status"]["containerStatuses"][0]["state"]["waiting"]["reason"] == "CrashLoopBackOff"
            })
            .cloned()
    })
    .await;
    assert_eq!(restart_count(&fresh), 0);
    let term = &fresh["status"]["containerStatuses"][0]["lastState"]["terminated"];
    assert_eq!(
        (term["reason"].as_str(), term["exitCode"].as_i64()),
        (Some("Error"), Some(1))
    );
    let name = fresh["metadata"]["name"].as_str().unwrap_or_default().to_string();
    let events = ks
        .kubectl_ok(&[
            "get",
            "events",
            "-n",
            "payments",
            "--field-selector",
            &format!("involvedObject.name={name}"),
        ])
        .await
        .stdout;
    for reason in ["Scheduled", "Pulled", "Created", "Started", "BackOff"] {
        assert!(
            events.contains(&format!(" {reason} ")),
            "{reason} not in\n{events}"
        );
    }
    let old_events = ks
        .kubectl_ok(&[
            "get",
            "events",
            "-n",
            "payments",
            "--field-selector",
            &format!("involvedObject.name={old},reason=Killing"),
        ])
        .await
        .stdout;
    assert!(old_events.contains("Stopping container ledger"), "{old_events}");
}

#[tokio::test]
async fn scaling_a_deployment_writes_scaling_replica_set() {
    let ks = KubectlSim::start("demo").await;
    ks.kubectl_ok(&["scale", "deploy/etl-worker", "-n", "data", "--replicas=2"])
        .await;
    let events = eventually("a ScalingReplicaSet event for etl-worker", || async {
        let out = ks
            .kubectl_ok(&[
                "get",
                "events",
                "-n",
                "data",
                "--field-selector",
                "reason=ScalingReplicaSet,involvedObject.name=etl-worker",
            ])
            .await
            .stdout;
        out.contains("Scaled up replica set etl-worker-5b8c7d9f4q from 1 to 2")
            .then_some(out)
    })
    .await;
    assert!(events.contains("deployment/etl-worker"), "{events}");
    eventually("etl-worker at 2/2", || async {
        let out = ks
            .kubectl_ok(&["get", "deploy", "etl-worker", "-n", "data"])
            .await
            .stdout;
        out.lines()
            .nth(1)
            .is_some_and(|l| l.split_whitespace().nth(1) == Some("2/2"))
            .then_some(())
    })
    .await;
}

#[tokio::test]
async fn a_pod_on_the_dead_node_stays_terminating_until_forced() {
    let ks = KubectlSim::start("demo").await;
    let stuck = "log-shipper-4x7b9c6d5m-q8f2d";
    ks.kubectl_ok(&["delete", "pod", "-n", "monitoring", stuck, "--wait=false"])
        .await;
    // A healthy pod deleted at the same time is gone quickly; the stuck one stays.
    let other = pod_name(&ks, "data", "etl-worker").await;
    ks.kubectl_ok(&["delete", "pod", "-n", "data", &other, "--wait=false"])
        .await;
    eventually("the healthy pod gone", || async {
        let run = ks.kubectl(&["get", "pod", "-n", "data", &other]).await;
        (!run.ok && run.stderr.contains("NotFound")).then_some(())
    })
    .await;
    let v = ks.kubectl_json(&["get", "pod", "-n", "monitoring", stuck]).await;
    assert!(v["metadata"]["deletionTimestamp"].is_string(), "{v:#}");
    assert_eq!(v["metadata"]["deletionGracePeriodSeconds"], 30);
    ks.kubectl_ok(&[
        "delete",
        "pod",
        "-n",
        "monitoring",
        stuck,
        "--force",
        "--grace-period=0",
    ])
    .await;
    let run = ks.kubectl(&["get", "pod", "-n", "monitoring", stuck]).await;
    assert!(!run.ok && run.stderr.contains("NotFound"), "{run:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_watch_on_events_k8s_io_sees_what_the_components_write() {
    use futures::StreamExt;
    use k8s_openapi::api::events::v1::Event;
    use kube::api::{Api, ListParams, WatchEvent, WatchParams};

    let ks = KubectlSim::start("demo").await;
    let events: Api<Event> = Api::namespaced(ks.client().await, "data");
    let listed = events
        .list(&ListParams::default())
        .await
        .expect("list events.k8s.io");
    assert!(
        listed
            .items
            .iter()
            .any(|e| e.reason.as_deref() == Some("FailedScheduling")
                && e.series.as_ref().is_some_and(|s| s.count == 3))
    );
    let rv = listed.metadata.resource_version.clone().unwrap_or_default();
    let wp = WatchParams::default().fields("reason=ScalingReplicaSet");
    let mut stream = events.watch(&wp, &rv).await.expect("watch").boxed();
    ks.kubectl_ok(&["scale", "deploy/trainer", "-n", "data", "--replicas=0"])
        .await;
    let seen = loop {
        match stream.next().await {
            Some(Ok(WatchEvent::Added(e))) => break e,
            Some(Ok(WatchEvent::Bookmark(_))) => continue,
            other => panic!("expected an ADDED event, got {other:?}"),
        }
    };
    assert_eq!(
        seen.regarding.as_ref().and_then(|r| r.name.as_deref()),
        Some("trainer")
    );
    assert_eq!(
        seen.note.as_deref(),
        Some("Scaled down replica set trainer-8c6b5d7f9z from 1 to 0")
    );
    assert_eq!(
        seen.reporting_controller.as_deref(),
        Some("deployment-controller")
    );
    assert_eq!(seen.deprecated_count, Some(1));
}

#[tokio::test]
async fn a_node_going_not_ready_is_told_on_it_and_its_pods() {
    let ks = KubectlSim::start("demo").await;
    let patch = r#"{"status":{"conditions":[{"type":"Ready","status":"False","reason":"KubeletNotReady","message":"container runtime is down"}]}}"#;
    ks.kubectl_ok(&[
        "patch",
        "node",
        "worker-c-2",
        "--subresource=status",
        "--type=merge",
        "-p",
        patch,
    ])
    .await;
    let out = ks
        .kubectl_ok(&[
            "get",
            "events",
            "-n",
            "default",
            "--field-selector",
            "involvedObject.name=worker-c-2",
        ])
        .await
        .stdout;
    assert!(
        out.contains("Node worker-c-2 status is now: NodeNotReady"),
        "{out}"
    );
    let pods = ks
        .kubectl_ok(&[
            "get",
            "events",
            "-A",
            "--field-selector",
            "reason=NodeNotReady,involvedObject.kind=Pod",
        ])
        .await
        .stdout;
    // The demo's own two on worker-b-4, and one per pod on worker-c-2.
    let on_c2 = ks
        .kubectl_ok(&[
            "get",
            "pods",
            "-A",
            "--field-selector",
            "spec.nodeName=worker-c-2",
            "--no-headers",
        ])
        .await
        .stdout
        .lines()
        .count();
    assert!(on_c2 > 0);
    assert_eq!(pods.lines().count(), 1 + 2 + on_c2, "{pods}");
}
