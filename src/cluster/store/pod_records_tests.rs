use super::*;
use crate::cluster::store::records::{NodeRecord, PodRecord};

fn pod(v: serde_json::Value) -> PodRecord {
    let p: SlimPod = serde_json::from_value(v).unwrap();
    PodRecord::from_slim(&p, &mut Interner::default())
}

#[test]
fn a_healthy_pod_keeps_its_containers_and_no_rare_part() {
    let p = pod(serde_json::json!({
        "metadata": {"name": "web-1", "namespace": "shop", "creationTimestamp": "2026-01-01T00:00:00Z"},
        "spec": {"containers": [{"name": "app"}]},
        "status": {"phase": "Running", "conditions": [
            {"type": "Initialized", "status": "True"}, {"type": "PodScheduled", "status": "True"}],
            "containerStatuses": [{"name": "app", "ready": true, "started": true, "restartCount": 0,
                "state": {"running": {"startedAt": "2026-01-01T00:00:05Z"}}}]}
    }));
    let s = &p.status;
    assert!(s.rare.is_none(), "nothing unusual: no rare part");
    assert_eq!(s.created, Some(1_767_225_600));
    assert!(s.initialized);
    assert_eq!((s.spec_containers, s.spec_init, s.sidecars), (1, 0, 0));
    assert_eq!(
        s.containers[0].state,
        ContainerState::Running {
            started: Some(1_767_225_605)
        }
    );
}

#[test]
fn a_crash_looping_pending_deleted_pod_keeps_what_triage_reads() {
    let p = pod(serde_json::json!({
        "metadata": {"name": "w", "namespace": "pay",
            "deletionTimestamp": "2026-01-01T00:01:00Z", "deletionGracePeriodSeconds": 30},
        "spec": {"containers": [{"name": "app"}],
            "initContainers": [{"name": "migrate"}, {"name": "proxy", "restartPolicy": "Always"}],
            "terminationGracePeriodSeconds": 30},
        "status": {
            "phase": "Pending", "reason": "Evicted", "message": "low on memory",
            "conditions": [{"type": "PodScheduled", "status": "False", "reason": "Unschedulable",
                "message": "0/3 nodes are available: 3 Insufficient cpu."}],
            "initContainerStatuses": [{"name": "proxy", "ready": true, "started": true,
                "state": {"running": {}}}],
            "containerStatuses": [{
                "name": "app", "restartCount": 17,
                "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 5m0s"}},
                "lastState": {"terminated": {"exitCode": 1, "reason": "Error",
                    "finishedAt": "2026-01-01T00:00:00Z"}}}]
        }
    }));
    let s = &p.status;
    let r = s.rare.as_deref().expect("a rare part");
    assert_eq!(r.reason.as_deref(), Some("Evicted"));
    assert_eq!(r.scheduling_reason.as_deref(), Some("Unschedulable"));
    assert_eq!(
        r.scheduling_message.as_deref(),
        Some("0/3 nodes are available: 3 Insufficient cpu.")
    );
    assert_eq!((r.deletion, r.deletion_grace), (Some(1_767_225_660), Some(30)));
    assert_eq!(r.termination_grace, Some(30));
    assert_eq!((s.spec_init, s.sidecars), (2, 1));
    assert!(s.init[0].restartable, "the sidecar is known by its name");
    let c = &s.containers[0];
    assert_eq!(c.restarts, 17);
    assert_eq!(c.state.waiting_reason(), Some("CrashLoopBackOff"));
    let last = c.last_terminated.as_deref().unwrap();
    assert_eq!((last.reason.as_deref(), last.exit_code), (Some("Error"), 1));
    assert_eq!(last.finished, Some(1_767_225_600));
}

#[test]
fn node_details_keep_condition_messages_heartbeats_and_taint_values() {
    let n: SlimNode = serde_json::from_value(serde_json::json!({
        "metadata": {"name": "worker-b-4"},
        "spec": {"taints": [
            {"key": "node.kubernetes.io/unreachable", "effect": "NoExecute"},
            {"key": "dedicated", "value": "gpu", "effect": "NoSchedule"}]},
        "status": {"conditions": [{"type": "Ready", "status": "Unknown", "reason": "NodeStatusUnknown",
            "message": "Kubelet stopped posting node status.",
            "lastHeartbeatTime": "2026-01-01T00:00:00Z"}]}
    }))
    .unwrap();
    let mut i = Interner::default();
    let d = NodeRecord::from_slim(&n, &mut i).details;
    let ready = d.condition("Ready").unwrap();
    assert_eq!(
        ready.message.as_deref(),
        Some("Kubelet stopped posting node status.")
    );
    assert_eq!(ready.heartbeat, Some(1_767_225_600));
    let taints: Vec<String> = d.taints.iter().map(TaintRecord::text).collect();
    assert_eq!(
        taints,
        [
            "node.kubernetes.io/unreachable:NoExecute",
            "dedicated=gpu:NoSchedule"
        ]
    );
    // The same message on another node is the same allocation.
    let again = NodeRecord::from_slim(&n, &mut i).details;
    let (a, b) = (
        ready.message.clone().unwrap(),
        again.conditions[0].message.clone().unwrap(),
    );
    assert!(Arc::ptr_eq(&a, &b));
}
