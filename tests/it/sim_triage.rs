//! Issue 17's incident states in the demo scenario, through the real
//! `kubectl`: what `get pods`, `get events` (both Event APIs), `rollout
//! status` and `describe pod` print for them, and the sim's kubelet and
//! controllers keeping them going (a deleted crash-looping pod comes back
//! and crash-loops again; scaling writes `ScalingReplicaSet`).
//!
//! The names are the demo's (assets/scenarios/demo.yaml, marked PLANTED).
//! How the states evolve (kubelet, controllers, watches): sim_triage_live.rs.

use crate::test_support;

use test_support::sim::KubectlSim;

/// The line of `kubectl get pods -A` output for the pod whose name starts with `prefix`.
fn row<'a>(out: &'a str, ns: &str, prefix: &str) -> &'a str {
    out.lines()
        .find(|l| {
            let mut cols = l.split_whitespace();
            cols.next() == Some(ns) && cols.next().is_some_and(|n| n.starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("no pod {ns}/{prefix}* in\n{out}"))
}

/// Columns of a `kubectl get pods -A` row: namespace, name, ready, status, restarts... (the
/// restarts column may hold `17 (3m4s ago)`, so it is read between status and age).
fn cols(line: &str) -> (String, String, String) {
    let c: Vec<&str> = line.split_whitespace().collect();
    let restarts = c[4..c.len() - 1].join(" ");
    (c[2].to_string(), c[3].to_string(), restarts)
}

pub async fn pod_name(ks: &KubectlSim, ns: &str, app: &str) -> String {
    let v = ks
        .kubectl_json(&["get", "pods", "-n", ns, "-l", &format!("app={app}")])
        .await;
    v["items"]
        .as_array()
        .and_then(|i| i.iter().find(|p| p["metadata"]["deletionTimestamp"].is_null()))
        .and_then(|p| p["metadata"]["name"].as_str())
        .unwrap_or_else(|| panic!("no live pod app={app} in {ns}"))
        .to_string()
}

#[tokio::test]
async fn get_pods_prints_the_incident_states_as_kubectl_does() {
    let ks = KubectlSim::start("demo").await;
    let out = ks.kubectl_ok(&["get", "pods", "-A"]).await.stdout;
    assert!(
        out.lines()
            .next()
            .is_some_and(|h| h.split_whitespace().collect::<Vec<_>>()
                == ["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE"]),
        "{out}"
    );
    let (ready, status, restarts) = cols(row(&out, "payments", "ledger-6d4f8b7c9x-"));
    assert_eq!((ready.as_str(), status.as_str()), ("0/1", "CrashLoopBackOff"));
    assert!(
        restarts.starts_with("17 (3m") && restarts.ends_with(" ago)"),
        "{restarts}"
    );
    let (ready, status, restarts) = cols(row(&out, "data", "etl-worker-"));
    assert_eq!((ready.as_str(), status.as_str()), ("1/1", "Running"));
    assert!(
        restarts.starts_with("3 (10m") && restarts.ends_with(" ago)"),
        "{restarts}"
    );
    let (ready, status, restarts) = cols(row(&out, "web", "recommender-"));
    assert_eq!(
        (ready.as_str(), status.as_str(), restarts.as_str()),
        ("0/1", "ImagePullBackOff", "0")
    );
    let (ready, status, _) = cols(row(&out, "data", "trainer-"));
    assert_eq!((ready.as_str(), status.as_str()), ("0/1", "Pending"));
    let (_, status, _) = cols(row(&out, "monitoring", "log-shipper-4x7b9c6d5m-q8f2d"));
    assert_eq!(status, "Terminating");
    let unready = out
        .lines()
        .filter(|l| l.contains("checkout-5c9f7d8b6k-"))
        .map(cols)
        .filter(|(r, s, _)| r == "0/1" && s == "Running")
        .count();
    assert_eq!(unready, 3, "{out}");
    // Wide: the node and IP; the pending pod has neither.
    let wide = ks
        .kubectl_ok(&["get", "pods", "-n", "data", "-o", "wide"])
        .await
        .stdout;
    let trainer = wide
        .lines()
        .find(|l| l.starts_with("trainer-"))
        .unwrap_or_default();
    assert!(trainer.contains("<none>"), "{wide}");
    let etl = wide
        .lines()
        .find(|l| l.starts_with("etl-worker-"))
        .unwrap_or_default();
    assert!(etl.contains("worker-c-1"), "{wide}");
}

#[tokio::test]
async fn events_are_served_on_both_apis_from_one_store() {
    let ks = KubectlSim::start("demo").await;
    let out = ks.kubectl_ok(&["get", "events", "-A"]).await.stdout;
    let header: Vec<&str> = out
        .lines()
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    assert_eq!(
        header,
        ["NAMESPACE", "LAST", "SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
    );
    for (reason, object) in [
        ("BackOff", "pod/ledger-6d4f8b7c9x-k7xq2"),
        ("FailedScheduling", "pod/trainer-8c6b5d7f9z-b9wq4"),
        ("Unhealthy", "pod/checkout-5c9f7d8b6k-"),
        ("Failed", "pod/recommender-7f9d6c5b8w-p4hsn"),
        ("ScalingReplicaSet", "deployment/checkout"),
        ("NodeNotReady", "node/worker-b-4"),
    ] {
        assert!(
            out.lines()
                .any(|l| l.contains(&format!(" {reason} ")) && l.contains(object)),
            "{reason} {object} not in\n{out}"
        );
    }
    assert!(out.contains("Readiness probe failed: HTTP probe failed with statuscode: 503"));
    // The same events through events.k8s.io/v1, with its field names.
    let new = ks
        .kubectl_ok(&["get", "events.v1.events.k8s.io", "-A"])
        .await
        .stdout;
    assert_eq!(new.lines().count(), out.lines().count(), "{new}");
    let v = ks
        .kubectl_json(&[
            "get",
            "events.v1.events.k8s.io",
            "-n",
            "payments",
            "--field-selector",
            "regarding.name=ledger-6d4f8b7c9x-k7xq2,reason=BackOff",
        ])
        .await;
    let items = v["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 1, "{v:#}");
    assert_eq!(items[0]["apiVersion"], "events.k8s.io/v1");
    assert_eq!(items[0]["deprecatedCount"], 17);
    assert!(items[0]["note"].as_str().is_some_and(|n| n.starts_with(
        "Back-off restarting failed container ledger in pod ledger-6d4f8b7c9x-k7xq2_payments("
    )));
    assert!(items[0].get("involvedObject").is_none());
    // The scheduler's event is a series.
    let v = ks
        .kubectl_json(&[
            "get",
            "events.v1.events.k8s.io",
            "-n",
            "data",
            "--field-selector",
            "reason=FailedScheduling",
        ])
        .await;
    assert_eq!(v["items"][0]["series"]["count"], 3, "{v:#}");
    assert!(
        v["items"][0]["note"]
            .as_str()
            .is_some_and(|n| n.starts_with("0/15 nodes are available: "))
    );
    // Core field selectors as `kubectl get events --field-selector` sends them.
    let out = ks
        .kubectl_ok(&[
            "get",
            "events",
            "-A",
            "--field-selector",
            "type=Warning,reason=Unhealthy",
        ])
        .await
        .stdout;
    assert_eq!(out.lines().count(), 4, "{out}");
    // A core-only label is refused on the new API, as the real server refuses it.
    let bad = ks
        .kubectl(&[
            "get",
            "events.v1.events.k8s.io",
            "-A",
            "--field-selector",
            "involvedObject.name=x",
        ])
        .await;
    assert!(
        !bad.ok
            && bad
                .stderr
                .contains("field label not supported: involvedObject.name"),
        "{bad:?}"
    );
}

#[tokio::test]
async fn rollout_status_says_the_deadline_was_exceeded() {
    let ks = KubectlSim::start("demo").await;
    let run = ks
        .kubectl(&[
            "rollout",
            "status",
            "deploy/checkout",
            "-n",
            "web",
            "--timeout=2s",
        ])
        .await;
    assert!(!run.ok, "{run:?}");
    assert!(
        run.stderr
            .contains("error: deployment \"checkout\" exceeded its progress deadline"),
        "{run:?}"
    );
    let out = ks
        .kubectl_ok(&["get", "deploy", "checkout", "-n", "web"])
        .await
        .stdout;
    let c: Vec<&str> = out
        .lines()
        .nth(1)
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    assert_eq!(c[..4], ["checkout", "4/5", "3", "4"], "{out}");
}

#[tokio::test]
async fn describe_pod_shows_the_last_state_and_the_events() {
    let ks = KubectlSim::start("demo").await;
    let name = pod_name(&ks, "payments", "ledger").await;
    let out = ks
        .kubectl_ok(&["describe", "pod", "-n", "payments", &name])
        .await
        .stdout;
    for want in [
        "State:          Waiting",
        "Reason:       CrashLoopBackOff",
        "Last State:     Terminated",
        "Reason:       Error",
        "Exit Code:    1",
        "Restart Count:  17",
        "Events:",
    ] {
        assert!(out.contains(want), "{want:?} not in\n{out}");
    }
    let backoff = out
        .lines()
        .find(|l| l.contains("Warning  BackOff"))
        .unwrap_or_else(|| panic!("no BackOff event in\n{out}"));
    assert!(
        backoff.contains("(x17 over 71m)") && backoff.contains("kubelet"),
        "{backoff}"
    );
    // The scheduler's series reads as kubectl reads a series.
    let name = pod_name(&ks, "data", "trainer").await;
    let out = ks
        .kubectl_ok(&["describe", "pod", "-n", "data", &name])
        .await
        .stdout;
    let failed = out
        .lines()
        .find(|l| l.contains("Warning  FailedScheduling"))
        .unwrap_or_else(|| panic!("no FailedScheduling event in\n{out}"));
    assert!(
        failed.contains("(x3 over 7m") && failed.contains("default-scheduler"),
        "{failed}"
    );
    let name = pod_name(&ks, "data", "etl-worker").await;
    let out = ks
        .kubectl_ok(&["describe", "pod", "-n", "data", &name])
        .await
        .stdout;
    assert!(
        out.contains("Reason:       OOMKilled") && out.contains("Exit Code:    137"),
        "{out}"
    );
}
