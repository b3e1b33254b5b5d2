use serde_json::{Value, json};

use crate::cluster::store::Store;
use crate::cluster::store::event_records::{EventRecord, Regarding};
use crate::signals::test_support::{add_node, add_replicaset, node};

const NOW: i64 = 1_800_000_000; // 2027-01-15T08:00:00Z

fn at(secs_ago: i64) -> String {
    k8s_openapi::jiff::Timestamp::from_second(NOW - secs_ago)
        .unwrap()
        .to_string()
}

pub(crate) fn pod() -> Value {
    json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": "etl-worker-5b8c7d9f4q-m2vzt",
            "namespace": "data",
            "creationTimestamp": at(3 * 86_400),
            "labels": {"app": "etl-worker", "pod-template-hash": "5b8c7d9f4q"},
            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "etl-worker-5b8c7d9f4q", "controller": true}]
        },
        "spec": {
            "nodeName": "worker-c-1",
            "initContainers": [{"name": "migrate", "image": "registry.example.com/data/migrate:1.0"}],
            "containers": [{
                "name": "etl-worker",
                "image": "registry.example.com/data/etl-worker:5.2.1",
                "ports": [{"containerPort": 8080, "name": "http", "protocol": "TCP"}],
                "resources": {"limits": {"memory": "1Gi"}, "requests": {"cpu": "500m", "memory": "1Gi"}},
                "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080}, "periodSeconds": 5},
                "readinessProbe": {"tcpSocket": {"port": 8080}},
                "env": [
                    {"name": "MODE", "value": "batch"},
                    {"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}}
                ],
                "envFrom": [{"secretRef": {"name": "api-credentials"}}],
                "volumeMounts": [{"mountPath": "/data", "name": "scratch", "readOnly": true}]
            }],
            "volumes": [{"name": "scratch", "emptyDir": {}}],
            "tolerations": [{"effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists", "tolerationSeconds": 300}]
        },
        "status": {
            "phase": "Running",
            "podIP": "10.244.18.41",
            "qosClass": "Burstable",
            "startTime": at(3 * 86_400),
            "conditions": [
                {"type": "Ready", "status": "True"},
                {"type": "PodScheduled", "status": "True"}
            ],
            "initContainerStatuses": [{
                "name": "migrate", "ready": true, "restartCount": 0,
                "state": {"terminated": {"exitCode": 0, "reason": "Completed", "startedAt": at(3 * 86_400), "finishedAt": at(3 * 86_400 - 5)}}
            }],
            "containerStatuses": [{
                "name": "etl-worker", "ready": true, "restartCount": 3,
                "state": {"running": {"startedAt": at(600)}},
                "lastState": {"terminated": {"exitCode": 137, "reason": "OOMKilled", "startedAt": at(7200), "finishedAt": at(600)}}
            }]
        }
    })
}

pub(crate) fn store() -> Store {
    let mut s = Store::default();
    add_node(&mut s, node("worker-c-1", Some("eu-west-1c")));
    add_replicaset(&mut s, "data", "etl-worker-5b8c7d9f4q", Some("etl-worker"));
    let e = EventRecord {
        namespace: "data".into(),
        name: "etl.1".into(),
        regarding: Regarding {
            kind: "Pod".into(),
            namespace: "data".into(),
            name: "etl-worker-5b8c7d9f4q-m2vzt".into(),
        },
        reason: "OOMKilling".into(),
        warning: true,
        note: "Memory cgroup out of memory: killed process 4242 (etl)".into(),
        count: 3,
        first_seen: Some(NOW - 7200),
        last_seen: Some(NOW - 600),
        source: Some("kubelet".into()),
    };
    s.events.items.insert((e.namespace.clone(), e.name.clone()), e);
    s
}

pub(crate) fn text(lines: &[super::Line]) -> String {
    lines
        .iter()
        .map(|l| l.iter().map(|(t, _)| t.as_str()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The line holding `needle`, trimmed.
fn line_with<'a>(all: &'a str, needle: &str) -> &'a str {
    all.lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in\n{all}"))
        .trim()
}

#[test]
fn a_pod_shows_its_oomkilled_last_state_with_exit_code_137() {
    let out = text(&super::lines(&pod(), &store(), NOW));
    let last = out.find("Last State:").expect("a last state");
    let after = &out[last..];
    assert!(line_with(after, "Last State:").ends_with("Terminated"), "{out}");
    assert!(line_with(after, "Reason:").ends_with("OOMKilled"), "{out}");
    assert!(line_with(after, "Exit Code:").ends_with("137"), "{out}");
    assert!(line_with(after, "Finished:").contains("(10m ago)"), "{out}");
    assert!(line_with(after, "Started:").contains("(2h ago)"), "{out}");
    assert!(line_with(after, "Restart Count:").ends_with('3'), "{out}");
}

#[test]
fn the_oomkilled_state_is_marked_critical() {
    let lines = super::lines(&pod(), &store(), NOW);
    let code = lines
        .iter()
        .rfind(|l| l.first().is_some_and(|(t, _)| t.contains("Exit Code:")))
        .expect("an exit code line");
    assert_eq!(code[1], ("137".to_string(), "crit"));
}

#[test]
fn init_containers_come_first_with_their_state() {
    let out = text(&super::lines(&pod(), &store(), NOW));
    let init = out.find("Init Containers:").expect("init containers");
    let main = out.find("\nContainers:").expect("containers");
    assert!(init < main, "{out}");
    let section = &out[init..main];
    assert!(
        section.contains("migrate:") && section.contains("Completed"),
        "{section}"
    );
    assert!(line_with(section, "Exit Code:").ends_with('0'), "{section}");
}

#[test]
fn probes_read_like_kubectls() {
    let out = text(&super::lines(&pod(), &store(), NOW));
    assert!(
        line_with(&out, "Liveness:")
            .ends_with(" http-get http://:8080/healthz delay=0s timeout=1s period=5s #success=1 #failure=3")
    );
    assert!(
        line_with(&out, "Readiness:")
            .ends_with("tcp-socket :8080 delay=0s timeout=1s period=10s #success=1 #failure=3")
    );
}

#[test]
fn environment_from_secrets_shows_the_reference_not_a_value() {
    let out = text(&super::lines(&pod(), &store(), NOW));
    assert_eq!(
        line_with(&out, "DB_PASSWORD"),
        "DB_PASSWORD:  <set to the key 'password' in secret 'db'>"
    );
    assert_eq!(line_with(&out, "MODE:"), "MODE:  batch");
    assert_eq!(line_with(&out, "api-credentials"), "api-credentials  Secret");
}

#[test]
fn node_zone_owner_chain_tolerations_mounts_and_events() {
    let out = text(&super::lines(&pod(), &store(), NOW));
    assert!(
        line_with(&out, "Node:").ends_with("worker-c-1 (zone eu-west-1c)"),
        "{out}"
    );
    assert!(
        line_with(&out, "Controlled By:")
            .ends_with("ReplicaSet/etl-worker-5b8c7d9f4q → Deployment/etl-worker"),
        "{out}"
    );
    assert!(
        line_with(&out, "Tolerations:")
            .ends_with("node.kubernetes.io/not-ready:NoExecute op=Exists for 300s")
    );
    assert_eq!(line_with(&out, "/data from"), "/data from scratch (ro)");
    let events = out.find("Events:").expect("events");
    assert!(out[events..].contains("Warning  OOMKilling"), "{out}");
    assert!(
        out[events..].contains("kubelet: Memory cgroup out of memory"),
        "{out}"
    );
    // The events are the last section.
    assert!(
        out.rfind(':')
            .is_some_and(|_| events > out.find("Tolerations:").unwrap())
    );
}

#[test]
fn an_unknown_zone_and_no_events_are_said() {
    let out = text(&super::lines(&pod(), &Store::default(), NOW));
    assert!(
        line_with(&out, "Node:").ends_with("worker-c-1 (zone unknown)"),
        "{out}"
    );
    assert!(
        line_with(&out, "Controlled By:").ends_with("ReplicaSet/etl-worker-5b8c7d9f4q"),
        "{out}"
    );
    assert!(out[out.find("Events:").unwrap()..].contains("<none>"), "{out}");
}

#[test]
fn a_waiting_container_shows_its_reason_and_message() {
    let mut p = pod();
    p["status"]["containerStatuses"][0]["state"] = json!({"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 5m0s restarting failed container"}});
    let all = text(&super::lines(&p, &store(), NOW));
    let out = &all[all.find("\nContainers:").unwrap()..];
    assert!(line_with(out, "State:").ends_with("Waiting"), "{out}");
    assert!(line_with(out, "CrashLoopBackOff").starts_with("Reason:"), "{out}");
    assert!(line_with(out, "Message:").ends_with("back-off 5m0s restarting failed container"));
}

#[test]
fn a_node_shows_zone_taints_conditions_capacity_and_pods() {
    let n = json!({
        "kind": "Node",
        "metadata": {"name": "worker-c-1", "labels": {"topology.kubernetes.io/zone": "eu-west-1c", "node-role.kubernetes.io/worker": ""}},
        "spec": {"unschedulable": true, "taints": [{"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"}]},
        "status": {
            "conditions": [
                {"type": "MemoryPressure", "status": "True", "reason": "KubeletHasInsufficientMemory", "message": "kubelet has insufficient memory available"},
                {"type": "Ready", "status": "True", "reason": "KubeletReady"}
            ],
            "addresses": [{"type": "InternalIP", "address": "10.0.3.21"}],
            "capacity": {"cpu": "8", "memory": "32Gi", "pods": "110"},
            "allocatable": {"cpu": "7800m"}
        }
    });
    let mut s = store();
    crate::signals::test_support::add_pod(
        &mut s,
        crate::signals::test_support::pod("data", "a", Some("worker-c-1")),
    );
    let lines = super::lines(&n, &s, NOW);
    let out = text(&lines);
    assert!(line_with(&out, "Zone:").ends_with("eu-west-1c"));
    assert!(line_with(&out, "Roles:").ends_with("worker"));
    assert!(line_with(&out, "Taints:").ends_with("node.kubernetes.io/unschedulable:NoSchedule"));
    assert!(line_with(&out, "Scheduling:").contains("cordoned"));
    assert!(line_with(&out, "Pods:").starts_with("Pods:") && line_with(&out, "Pods:").contains(" 1 "));
    assert!(out.contains("kubelet has insufficient memory available"));
    assert!(line_with(&out, "InternalIP").ends_with("10.0.3.21"));
    assert!(line_with(&out, "Capacity:").ends_with("cpu=8"));
    // MemoryPressure True is bad, Ready True is good.
    let status_scope = |t: &str| {
        lines
            .iter()
            .find(|l| l.first().is_some_and(|(x, _)| x.trim() == t))
            .map(|l| l[1].1)
    };
    assert_eq!(status_scope("MemoryPressure"), Some("warn"));
    assert_eq!(status_scope("Ready"), Some("ok"));
}

#[test]
fn a_deployment_shows_replicas_strategy_revision_template_and_conditions() {
    let d = json!({
        "kind": "Deployment",
        "metadata": {"name": "checkout", "namespace": "web", "annotations": {"deployment.kubernetes.io/revision": "2"}},
        "spec": {
            "replicas": 5,
            "selector": {"matchLabels": {"app": "checkout"}},
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}},
            "template": {"spec": {"containers": [{"name": "checkout", "image": "registry.example.com/web/checkout:2.0"}]}}
        },
        "status": {
            "replicas": 7, "updatedReplicas": 3, "availableReplicas": 4, "unavailableReplicas": 3,
            "conditions": [{"type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded", "message": "ReplicaSet \"checkout-2\" has timed out progressing."}]
        }
    });
    let out = text(&super::lines(&d, &Store::default(), NOW));
    assert!(
        line_with(&out, "Replicas:")
            .ends_with("5 desired | 3 updated | 7 total | 4 available | 3 unavailable")
    );
    assert!(line_with(&out, "Strategy:").ends_with("RollingUpdate"));
    assert!(line_with(&out, "Rolling Update:").ends_with("25% max unavailable, 25% max surge"));
    assert!(line_with(&out, "Revision:").ends_with('2'));
    assert!(line_with(&out, "Selector:").ends_with("app=checkout"));
    assert_eq!(
        line_with(&out, "checkout:"),
        "checkout: registry.example.com/web/checkout:2.0"
    );
    assert!(line_with(&out, "Progressing").contains("ProgressDeadlineExceeded"));
    assert!(out.contains("has timed out progressing"));
}

#[test]
fn other_kinds_show_metadata_and_their_spec_as_yaml() {
    let svc = json!({
        "kind": "Service",
        "metadata": {"name": "api", "namespace": "payments", "labels": {"app": "api"}},
        "spec": {"type": "ClusterIP", "ports": [{"port": 80}]}
    });
    let out = text(&super::lines(&svc, &Store::default(), NOW));
    assert!(line_with(&out, "Name:").ends_with("api"));
    assert!(line_with(&out, "Labels:").ends_with("app=api"));
    assert!(
        out.contains("  spec:\n    ports:\n    - port: 80\n    type: ClusterIP"),
        "{out}"
    );
}
