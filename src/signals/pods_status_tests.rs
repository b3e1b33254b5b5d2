//! kubectl's printer rules (`printPod`), case by case.

use serde_json::{Value, json};

use super::pods_status::{human_duration, print, restarts_text};
use crate::cluster::slim::pod::SlimPod;
use crate::cluster::store::intern::Interner;
use crate::cluster::store::records::PodRecord;

/// A pod from its manifest (metadata, spec, status given as JSON).
pub(super) fn pod(v: Value) -> PodRecord {
    let mut base = json!({"metadata": {"name": "p", "namespace": "ns"}, "spec": {}, "status": {}});
    for k in ["metadata", "spec", "status"] {
        if let (Some(b), Some(extra)) = (base[k].as_object_mut(), v.get(k).and_then(Value::as_object)) {
            b.extend(extra.clone());
        }
    }
    let slim: SlimPod = serde_json::from_value(base).unwrap();
    PodRecord::from_slim(&slim, &mut Interner::default())
}

fn containers(n: usize) -> Value {
    json!(
        (0..n)
            .map(|i| json!({"name": format!("c{i}")}))
            .collect::<Vec<_>>()
    )
}

fn running(name: &str, ready: bool, restarts: i32) -> Value {
    json!({"name": name, "ready": ready, "restartCount": restarts, "state": {"running": {}}})
}

fn waiting(name: &str, reason: &str) -> Value {
    json!({"name": name, "ready": false, "state": {"waiting": {"reason": reason}}})
}

fn terminated(name: &str, reason: Option<&str>, code: i32, signal: i32) -> Value {
    json!({"name": name, "state": {"terminated": {"reason": reason, "exitCode": code, "signal": signal}}})
}

/// What a case is, its manifest, and kubectl's STATUS, READY and RESTARTS.
type Case = (&'static str, Value, &'static str, (u16, u16), u32);

#[test]
fn status_ready_and_restarts_follow_kubectl() {
    let ready_cond = json!([{"type": "Ready", "status": "True"}]);
    let cases: Vec<Case> = vec![
        (
            "running",
            json!({"spec": {"containers": containers(2)}, "status": {"phase": "Running",
            "containerStatuses": [running("c0", true, 0), running("c1", true, 0)]}}),
            "Running",
            (2, 2),
            0,
        ),
        (
            "one not ready",
            json!({"spec": {"containers": containers(2)}, "status": {"phase": "Running",
            "containerStatuses": [running("c0", true, 1), running("c1", false, 2)]}}),
            "Running",
            (1, 2),
            3,
        ),
        (
            "pending, no status",
            json!({"spec": {"containers": containers(1)}, "status": {"phase": "Pending"}}),
            "Pending",
            (0, 1),
            0,
        ),
        (
            "crash loop",
            json!({"spec": {"containers": containers(1)}, "status": {"phase": "Running",
            "containerStatuses": [{"name": "c0", "restartCount": 17,
                "state": {"waiting": {"reason": "CrashLoopBackOff"}}}]}}),
            "CrashLoopBackOff",
            (0, 1),
            17,
        ),
        (
            "image pull",
            json!({"spec": {"containers": containers(1)}, "status": {"phase": "Pending",
            "containerStatuses": [waiting("c0", "ImagePullBackOff")]}}),
            "ImagePullBackOff",
            (0, 1),
            0,
        ),
        (
            "config error",
            json!({"spec": {"containers": containers(1)}, "status": {"phase": "Pending",
            "containerStatuses": [waiting("c0", "CreateContainerConfigError")]}}),
            "CreateContainerConfigError",
            (0, 1),
            0,
        ),
        (
            "completed",
            json!({"spec": {"containers": containers(1)}, "status": {"phase": "Succeeded",
            "containerStatuses": [terminated("c0", Some("Completed"), 0, 0)]}}),
            "Completed",
            (0, 1),
            0,
        ),
        (
            "oom killed now",
            json!({"spec": {"containers": containers(1)}, "status": {"phase": "Running",
            "containerStatuses": [terminated("c0", Some("OOMKilled"), 137, 0)]}}),
            "OOMKilled",
            (0, 1),
            0,
        ),
        (
            "exit code, no reason",
            json!({"spec": {"containers": containers(1)}, "status": {"phase": "Failed",
            "containerStatuses": [terminated("c0", None, 3, 0)]}}),
            "ExitCode:3",
            (0, 1),
            0,
        ),
        (
            "signal, no reason",
            json!({"spec": {"containers": containers(1)}, "status": {"phase": "Failed",
            "containerStatuses": [terminated("c0", None, 0, 9)]}}),
            "Signal:9",
            (0, 1),
            0,
        ),
        (
            "evicted",
            json!({"spec": {"containers": containers(1)}, "status": {"phase": "Failed", "reason": "Evicted",
            "message": "The node was low on resource: memory."}}),
            "Evicted",
            (0, 1),
            0,
        ),
        (
            "completed, one still running and ready",
            json!({"spec": {"containers": containers(2)},
            "status": {"phase": "Running", "conditions": ready_cond,
            "containerStatuses": [terminated("c0", Some("Completed"), 0, 0), running("c1", true, 0)]}}),
            "Running",
            (1, 2),
            0,
        ),
        (
            "completed, one still running, pod not ready",
            json!({"spec": {"containers": containers(2)},
            "status": {"phase": "Running",
            "containerStatuses": [terminated("c0", Some("Completed"), 0, 0), running("c1", true, 0)]}}),
            "NotReady",
            (1, 2),
            0,
        ),
        (
            "init 0/2",
            json!({"spec": {"containers": containers(1), "initContainers": containers(2)},
            "status": {"phase": "Pending", "initContainerStatuses": [
                {"name": "c0", "state": {"running": {}}}, {"name": "c1", "state": {"waiting": {"reason": "PodInitializing"}}}],
            "containerStatuses": [waiting("c0", "PodInitializing")]}}),
            "Init:0/2",
            (0, 1),
            0,
        ),
        (
            "init 1/2",
            json!({"spec": {"containers": containers(1), "initContainers": containers(2)},
            "status": {"phase": "Pending", "initContainerStatuses": [
                terminated("c0", Some("Completed"), 0, 0), {"name": "c1", "state": {"running": {}}}]}}),
            "Init:1/2",
            (0, 1),
            0,
        ),
        (
            "init crash loop",
            json!({"spec": {"containers": containers(1), "initContainers": containers(1)},
            "status": {"phase": "Pending", "initContainerStatuses": [{"name": "c0", "restartCount": 4,
                "state": {"waiting": {"reason": "CrashLoopBackOff"}}}]}}),
            "Init:CrashLoopBackOff",
            (0, 1),
            4,
        ),
        (
            "init failed",
            json!({"spec": {"containers": containers(1), "initContainers": containers(1)},
            "status": {"phase": "Failed", "initContainerStatuses": [terminated("c0", Some("Error"), 1, 0)]}}),
            "Init:Error",
            (0, 1),
            0,
        ),
        (
            "init exit code",
            json!({"spec": {"containers": containers(1), "initContainers": containers(1)},
            "status": {"phase": "Failed", "initContainerStatuses": [terminated("c0", None, 2, 0)]}}),
            "Init:ExitCode:2",
            (0, 1),
            0,
        ),
        (
            "init signal",
            json!({"spec": {"containers": containers(1), "initContainers": containers(1)},
            "status": {"phase": "Failed", "initContainerStatuses": [terminated("c0", None, 143, 15)]}}),
            "Init:Signal:15",
            (0, 1),
            0,
        ),
        (
            "sidecar counts in ready",
            json!({"spec": {"containers": containers(1),
            "initContainers": [{"name": "proxy", "restartPolicy": "Always"}]},
            "status": {"phase": "Running", "conditions": [{"type": "Initialized", "status": "True"}],
            "initContainerStatuses": [{"name": "proxy", "ready": true, "started": true, "restartCount": 2,
                "state": {"running": {}}}],
            "containerStatuses": [running("c0", true, 1)]}}),
            "Running",
            (2, 2),
            3,
        ),
        (
            "terminating",
            json!({"metadata": {"deletionTimestamp": "2026-01-01T00:00:00Z"},
            "spec": {"containers": containers(1)},
            "status": {"phase": "Running", "containerStatuses": [running("c0", true, 0)]}}),
            "Terminating",
            (1, 1),
            0,
        ),
        (
            "terminating but finished",
            json!({"metadata": {"deletionTimestamp": "2026-01-01T00:00:00Z"},
            "spec": {"containers": containers(1)},
            "status": {"phase": "Succeeded", "containerStatuses": [terminated("c0", Some("Completed"), 0, 0)]}}),
            "Completed",
            (0, 1),
            0,
        ),
        (
            "node lost",
            json!({"metadata": {"deletionTimestamp": "2026-01-01T00:00:00Z"},
            "spec": {"containers": containers(1)},
            "status": {"phase": "Running", "reason": "NodeLost", "containerStatuses": [running("c0", true, 0)]}}),
            "Unknown",
            (1, 1),
            0,
        ),
        (
            "scheduling gated",
            json!({"spec": {"containers": containers(1)}, "status": {"phase": "Pending",
            "conditions": [{"type": "PodScheduled", "status": "False", "reason": "SchedulingGated"}]}}),
            "SchedulingGated",
            (0, 1),
            0,
        ),
    ];
    for (what, manifest, status, ready, restarts) in cases {
        let p = print(&pod(manifest));
        assert_eq!(
            (&*p.status, p.ready, p.restarts),
            (status, ready, restarts),
            "{what}"
        );
    }
}

#[test]
fn restarts_say_how_long_ago_the_last_one_was() {
    let p = pod(
        json!({"spec": {"containers": containers(2)}, "status": {"phase": "Running",
        "containerStatuses": [
            {"name": "c0", "restartCount": 2, "state": {"running": {}},
             "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2026-01-01T00:00:00Z"}}},
            {"name": "c1", "restartCount": 15, "state": {"running": {}},
             "lastState": {"terminated": {"exitCode": 1, "finishedAt": "2026-01-01T00:10:00Z"}}}]}}),
    );
    let printed = print(&p);
    let t = 1_767_225_600 + 600;
    assert_eq!(printed.last_restart, Some(t), "the latest of the containers'");
    assert_eq!(
        restarts_text(printed.restarts, printed.last_restart, t + 180),
        "17 (3m ago)"
    );
    assert_eq!(restarts_text(0, None, t), "0");
    assert_eq!(restarts_text(3, None, t), "3", "no time known: the count alone");
}

#[test]
fn durations_read_like_kubectl() {
    for (secs, text) in [
        (-5, "<invalid>"),
        (-1, "0s"),
        (45, "45s"),
        (119, "119s"),
        (200, "3m20s"),
        (180, "3m"),
        (12 * 60, "12m"),
        (179 * 60, "179m"),
        (3 * 3600 + 5 * 60, "3h5m"),
        (5 * 3600, "5h"),
        (30 * 3600, "30h"),
        (2 * 86_400 + 4 * 3600, "2d4h"),
        (10 * 86_400, "10d"),
        (3 * 365 * 86_400 + 30 * 86_400, "3y30d"),
        (9 * 365 * 86_400, "9y"),
    ] {
        assert_eq!(human_duration(secs), text, "{secs}s");
    }
}
