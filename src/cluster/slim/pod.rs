//! A Pod, slim: placement, phase, readiness, owner, per container only
//! what the rules check (requests, limits, probes, privilege), and the
//! status triage reads (reason, container states, restarts).

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};
use serde::Deserialize;
use serde::de::IgnoredAny;

use super::meta::Condition;
use super::meta::slim_meta;
use super::slim_resource;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct SlimPod {
    #[serde(deserialize_with = "slim_meta", default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: PodSpec,
    #[serde(default)]
    pub status: PodStatus,
}
slim_resource!(
    SlimPod,
    "",
    "v1",
    "Pod",
    "pods",
    k8s_openapi::NamespaceResourceScope
);

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodSpec {
    pub node_name: Option<String>,
    #[serde(default)]
    pub containers: Vec<Container>,
    #[serde(default)]
    pub volumes: Vec<Volume>,
    #[serde(default)]
    pub host_network: bool,
    #[serde(default, rename = "hostPID")]
    pub host_pid: bool,
    #[serde(default, rename = "hostIPC")]
    pub host_ipc: bool,
    pub service_account_name: Option<String>,
    #[serde(default)]
    pub init_containers: Vec<InitContainer>,
    pub termination_grace_period_seconds: Option<i64>,
}

/// An init container: its name, and whether it restarts (a sidecar,
/// `restartPolicy: Always`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InitContainer {
    #[serde(default)]
    pub name: String,
    pub restart_policy: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Container {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub resources: Resources,
    #[serde(default, deserialize_with = "present")]
    pub readiness_probe: bool,
    #[serde(default, deserialize_with = "present")]
    pub liveness_probe: bool,
    #[serde(default, deserialize_with = "present")]
    pub ports: bool,
    #[serde(default)]
    pub security_context: Option<SecurityContext>,
    #[serde(default)]
    pub image: String,
    #[serde(default)]
    pub env: Vec<EnvVar>,
    #[serde(default)]
    pub env_from: Vec<EnvFromSource>,
}

/// An environment variable: only whether its value comes from a Secret.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnvVar {
    #[serde(default)]
    pub value_from: Option<EnvVarSource>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnvVarSource {
    #[serde(default, deserialize_with = "present")]
    pub secret_key_ref: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnvFromSource {
    #[serde(default, deserialize_with = "present")]
    pub secret_ref: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Resources {
    #[serde(default)]
    pub requests: BTreeMap<String, String>,
    #[serde(default)]
    pub limits: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecurityContext {
    pub privileged: Option<bool>,
    pub allow_privilege_escalation: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Volume {
    #[serde(default, deserialize_with = "present")]
    pub empty_dir: bool,
    #[serde(default, deserialize_with = "present")]
    pub host_path: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodStatus {
    #[serde(default)]
    pub phase: String,
    #[serde(default)]
    pub conditions: Vec<Condition>,
    /// `Evicted`, `NodeLost`, `UnexpectedAdmissionError`…
    pub reason: Option<String>,
    pub message: Option<String>,
    #[serde(default)]
    pub container_statuses: Vec<ContainerStatus>,
    #[serde(default)]
    pub init_container_statuses: Vec<ContainerStatus>,
    #[serde(default)]
    pub ephemeral_container_statuses: Vec<ContainerStatus>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerStatus {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub ready: bool,
    pub started: Option<bool>,
    #[serde(default)]
    pub restart_count: i32,
    #[serde(default)]
    pub state: ContainerState,
    #[serde(default)]
    pub last_state: ContainerState,
}

/// One of waiting, running, terminated (none: not known yet).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct ContainerState {
    pub waiting: Option<StateWaiting>,
    pub running: Option<StateRunning>,
    pub terminated: Option<StateTerminated>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct StateWaiting {
    pub reason: Option<String>,
    pub message: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StateRunning {
    pub started_at: Option<Time>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StateTerminated {
    #[serde(default)]
    pub exit_code: i32,
    #[serde(default)]
    pub signal: i32,
    pub reason: Option<String>,
    pub message: Option<String>,
    pub started_at: Option<Time>,
    pub finished_at: Option<Time>,
}

/// True when the field is there (and not null), without keeping its content.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(Option::<IgnoredAny>::deserialize(d)?.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_only_what_it_needs() {
        let p: SlimPod = serde_json::from_value(serde_json::json!({
            "metadata": {"name": "web-1", "namespace": "shop", "managedFields": [{}]},
            "spec": {
                "nodeName": "n1",
                "containers": [{
                    "name": "app", "image": "x", "env": [{"name": "A", "value": "b"}],
                    "resources": {"requests": {"cpu": "100m"}},
                    "readinessProbe": {"httpGet": {"path": "/"}},
                    "ports": [{"containerPort": 80}]
                }],
                "volumes": [{"name": "d", "emptyDir": {}}, {"name": "h", "hostPath": {"path": "/"}}],
                "hostPID": true
            },
            "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}]}
        }))
        .unwrap();
        let c = &p.spec.containers[0];
        assert!(c.readiness_probe && !c.liveness_probe && c.ports);
        assert_eq!(c.resources.requests["cpu"], "100m");
        assert!(p.spec.volumes[0].empty_dir && p.spec.volumes[1].host_path);
        assert!(p.spec.host_pid && !p.spec.host_network);
        assert_eq!(p.status.phase, "Running");
    }

    #[test]
    fn reads_container_states_and_the_pod_reason() {
        let p: SlimPod = serde_json::from_value(serde_json::json!({
            "metadata": {"name": "w", "deletionTimestamp": "2026-01-01T00:01:00Z", "deletionGracePeriodSeconds": 30},
            "spec": {"initContainers": [{"name": "proxy", "restartPolicy": "Always"}], "terminationGracePeriodSeconds": 30},
            "status": {
                "phase": "Failed", "reason": "Evicted", "message": "low on memory",
                "conditions": [{"type": "PodScheduled", "status": "False", "reason": "Unschedulable", "message": "0/3 nodes"}],
                "containerStatuses": [{
                    "name": "app", "ready": false, "started": false, "restartCount": 17,
                    "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 5m0s"}},
                    "lastState": {"terminated": {"exitCode": 137, "reason": "OOMKilled", "finishedAt": "2026-01-01T00:00:00Z"}}
                }]
            }
        }))
        .unwrap();
        let c = &p.status.container_statuses[0];
        assert_eq!(c.restart_count, 17);
        assert_eq!(
            c.state.waiting.as_ref().unwrap().reason.as_deref(),
            Some("CrashLoopBackOff")
        );
        let t = c.last_state.terminated.as_ref().unwrap();
        assert_eq!((t.exit_code, t.reason.as_deref()), (137, Some("OOMKilled")));
        assert_eq!(p.status.reason.as_deref(), Some("Evicted"));
        assert_eq!(p.status.conditions[0].message.as_deref(), Some("0/3 nodes"));
        assert_eq!(
            p.spec.init_containers[0].restart_policy.as_deref(),
            Some("Always")
        );
        assert_eq!(p.metadata.deletion_grace_period_seconds, Some(30));
    }
}
