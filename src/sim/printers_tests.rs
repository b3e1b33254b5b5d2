//! printPod and printEvent rules, table-driven (cases as kubectl prints them).

use serde_json::json;

use super::*;

const NOW: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

fn ago(secs: i64) -> String {
    crate::sim::scenarios::sim_time::format_rfc3339(NOW - secs)
}

fn pod(status: Value) -> Value {
    json!({
        "metadata": {"name": "p", "creationTimestamp": ago(3600)},
        "spec": {"containers": [{"name": "app"}], "nodeName": "worker-1"},
        "status": status,
    })
}

fn running(ready: bool) -> Value {
    json!({"name": "app", "ready": ready, "restartCount": 0, "state": {"running": {"startedAt": ago(60)}}})
}

fn cells(p: &Value) -> (String, String, String) {
    let c = pod_cells(p, NOW);
    let s = |i: usize| c[i].as_str().unwrap_or("").to_string();
    (s(1), s(2), s(3))
}

#[test]
fn status_column_follows_print_pod() {
    let waiting = |reason: &str| json!({"name": "app", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": reason}}});
    let cases: Vec<(&str, Value, (&str, &str))> = vec![
        (
            "running and ready",
            json!({"phase": "Running", "containerStatuses": [running(true)]}),
            ("1/1", "Running"),
        ),
        (
            "running, not ready",
            json!({"phase": "Running", "containerStatuses": [running(false)]}),
            ("0/1", "Running"),
        ),
        (
            "pending, unscheduled",
            json!({"phase": "Pending", "conditions": [{"type": "PodScheduled", "status": "False", "reason": "Unschedulable"}]}),
            ("0/1", "Pending"),
        ),
        (
            "crash loop",
            json!({"phase": "Running", "containerStatuses": [waiting("CrashLoopBackOff")]}),
            ("0/1", "CrashLoopBackOff"),
        ),
        (
            "image pull",
            json!({"phase": "Pending", "containerStatuses": [waiting("ImagePullBackOff")]}),
            ("0/1", "ImagePullBackOff"),
        ),
        (
            "config error",
            json!({"phase": "Pending", "containerStatuses": [waiting("CreateContainerConfigError")]}),
            ("0/1", "CreateContainerConfigError"),
        ),
        (
            "completed",
            json!({"phase": "Succeeded", "containerStatuses": [{"name": "app", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]}),
            ("0/1", "Completed"),
        ),
        (
            "oom killed now",
            json!({"phase": "Running", "containerStatuses": [{"name": "app", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 137, "reason": "OOMKilled"}}}]}),
            ("0/1", "OOMKilled"),
        ),
        (
            "exit code, no reason",
            json!({"phase": "Failed", "containerStatuses": [{"name": "app", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 2}}}]}),
            ("0/1", "ExitCode:2"),
        ),
        (
            "signal, no reason",
            json!({"phase": "Failed", "containerStatuses": [{"name": "app", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 0, "signal": 9}}}]}),
            ("0/1", "Signal:9"),
        ),
        (
            "evicted",
            json!({"phase": "Failed", "reason": "Evicted"}),
            ("0/1", "Evicted"),
        ),
        (
            "gated",
            json!({"phase": "Pending", "conditions": [{"type": "PodScheduled", "status": "False", "reason": "SchedulingGated"}]}),
            ("0/1", "SchedulingGated"),
        ),
    ];
    for (what, status, (ready, want)) in cases {
        let (r, s, _) = cells(&pod(status));
        assert_eq!((r.as_str(), s.as_str()), (ready, want), "{what}");
    }
}

#[test]
fn init_containers_show_as_init_states() {
    let mut p = pod(json!({"phase": "Pending", "initContainerStatuses": [
        {"name": "migrate", "ready": false, "restartCount": 0, "state": {"running": {"startedAt": ago(5)}}}
    ]}));
    p["spec"]["initContainers"] = json!([{"name": "migrate"}]);
    assert_eq!(cells(&p).1, "Init:0/1");
    p["status"]["initContainerStatuses"][0]["state"] = json!({"waiting": {"reason": "CrashLoopBackOff"}});
    assert_eq!(cells(&p).1, "Init:CrashLoopBackOff");
    p["status"]["initContainerStatuses"][0]["state"] =
        json!({"terminated": {"exitCode": 1, "reason": "Error"}});
    assert_eq!(cells(&p).1, "Init:Error");
    p["status"]["initContainerStatuses"][0]["state"] = json!({"terminated": {"exitCode": 3}});
    assert_eq!(cells(&p).1, "Init:ExitCode:3");
    // Done: the app container decides.
    p["status"]["initContainerStatuses"][0]["state"] =
        json!({"terminated": {"exitCode": 0, "reason": "Completed"}});
    p["status"]["phase"] = json!("Running");
    p["status"]["containerStatuses"] = json!([running(true)]);
    assert_eq!(cells(&p).1, "Running");
    // A sidecar (restartable init container) counts in READY.
    p["spec"]["initContainers"][0]["restartPolicy"] = json!("Always");
    p["status"]["initContainerStatuses"][0] = json!({"name": "migrate", "ready": true, "started": true, "restartCount": 0, "state": {"running": {}}});
    assert_eq!(cells(&p).0, "2/2");
}

#[test]
fn terminating_and_node_lost() {
    let mut p = pod(json!({"phase": "Running", "containerStatuses": [running(true)]}));
    p["metadata"]["deletionTimestamp"] = json!(ago(600));
    assert_eq!(cells(&p).1, "Terminating");
    p["status"]["reason"] = json!("NodeLost");
    assert_eq!(cells(&p).1, "Unknown");
    // A pod that already finished shows how it finished.
    let mut done = pod(
        json!({"phase": "Succeeded", "containerStatuses": [{"name": "app", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]}),
    );
    done["metadata"]["deletionTimestamp"] = json!(ago(1));
    assert_eq!(cells(&done).1, "Completed");
}

#[test]
fn completed_with_a_container_still_running() {
    let mut p = pod(json!({"phase": "Running", "containerStatuses": [
        {"name": "a", "ready": false, "restartCount": 0, "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}},
        {"name": "b", "ready": true, "restartCount": 0, "state": {"running": {}}}
    ]}));
    p["spec"]["containers"] = json!([{"name": "a"}, {"name": "b"}]);
    assert_eq!(cells(&p).1, "NotReady");
    p["status"]["conditions"] = json!([{"type": "Ready", "status": "True"}]);
    assert_eq!(cells(&p).1, "Running");
}

#[test]
fn restarts_say_how_long_ago_the_last_one_was() {
    let crash = json!({"name": "app", "ready": false, "restartCount": 17,
        "state": {"waiting": {"reason": "CrashLoopBackOff"}},
        "lastState": {"terminated": {"exitCode": 1, "reason": "Error", "finishedAt": ago(180)}}});
    let (_, _, restarts) = cells(&pod(json!({"phase": "Running", "containerStatuses": [crash]})));
    assert_eq!(restarts, "17 (3m ago)");
    let (_, _, restarts) = cells(&pod(
        json!({"phase": "Running", "containerStatuses": [running(true)]}),
    ));
    assert_eq!(restarts, "0");
    // Restarts without a recorded termination: the count alone.
    let mut bare = running(true);
    bare["restartCount"] = json!(2);
    let (_, _, restarts) = cells(&pod(json!({"phase": "Running", "containerStatuses": [bare]})));
    assert_eq!(restarts, "2");
}

#[test]
fn wide_columns() {
    let mut p = pod(
        json!({"phase": "Running", "containerStatuses": [running(true)], "podIPs": [{"ip": "10.244.1.5"}]}),
    );
    let c = pod_cells(&p, NOW);
    assert_eq!(c[4], "60m");
    assert_eq!(
        (c[5].clone(), c[6].clone(), c[7].clone(), c[8].clone()),
        (
            json!("10.244.1.5"),
            json!("worker-1"),
            json!("<none>"),
            json!("<none>")
        )
    );
    p["spec"]["readinessGates"] = json!([{"conditionType": "example.com/lb"}]);
    p["status"]["conditions"] = json!([{"type": "example.com/lb", "status": "True"}]);
    assert_eq!(pod_cells(&p, NOW)[8], "1/1");
}

#[test]
fn event_rows_follow_print_event() {
    let legacy = json!({
        "metadata": {"name": "ledger-x.17f"},
        "involvedObject": {"kind": "Pod", "name": "ledger-x", "fieldPath": "spec.containers{ledger}"},
        "reason": "BackOff", "message": "Back-off restarting failed container ledger\n", "type": "Warning",
        "count": 17, "firstTimestamp": ago(3600), "lastTimestamp": ago(180),
        "source": {"component": "kubelet", "host": "worker-b-1"},
    });
    let c = event_cells(&legacy, NOW);
    assert_eq!(
        c,
        vec![
            json!("3m"),
            json!("Warning"),
            json!("BackOff"),
            json!("pod/ledger-x"),
            json!("spec.containers{ledger}"),
            json!("kubelet, worker-b-1"),
            json!("Back-off restarting failed container ledger"),
            json!("60m"),
            json!(17),
            json!("ledger-x.17f")
        ]
    );
    let series = json!({
        "metadata": {"name": "t.1"}, "involvedObject": {"kind": "Pod", "name": "trainer"},
        "reason": "FailedScheduling", "message": "0/15 nodes are available", "type": "Warning",
        "eventTime": ago(420), "series": {"count": 3, "lastObservedTime": ago(120)},
        "reportingComponent": "default-scheduler", "source": {},
    });
    let c = event_cells(&series, NOW);
    assert_eq!(
        (c[0].clone(), c[5].clone(), c[7].clone(), c[8].clone()),
        (json!("2m"), json!("default-scheduler"), json!("7m"), json!(3))
    );
    let single = json!({"metadata": {"name": "n"}, "involvedObject": {"kind": "Node", "name": ""}, "eventTime": ago(5)});
    let c = event_cells(&single, NOW);
    assert_eq!(
        (c[0].clone(), c[3].clone(), c[8].clone()),
        (json!("5s"), json!("node"), json!(1))
    );
}
