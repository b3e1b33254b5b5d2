//! The records panes read: a few dozen bytes of fields per object, strings
//! interned, built from the slim watch types. Here: quantities, Nodes,
//! Pods, Leases, PodDisruptionBudgets, NetworkPolicies and the API
//! server's EndpointSlices; the other kinds' records are in `*_records.rs`.

use std::sync::Arc;

use super::intern::Interner;
use crate::cluster::slim::coordination::SlimLease;
use crate::cluster::slim::node::SlimNode;
use crate::cluster::slim::pod::SlimPod;

pub const ZONE_LABEL: &str = "topology.kubernetes.io/zone";
pub const REGION_LABEL: &str = "topology.kubernetes.io/region";

/// Unix seconds of a Kubernetes timestamp.
fn unix(t: Option<&k8s_openapi::jiff::Timestamp>) -> Option<i64> {
    t.map(|t| t.as_second())
}

/// CPU in millicores from a quantity (`100m`, `2`, `0.5`).
pub fn cpu_milli(q: &str) -> Option<u64> {
    let q = q.trim();
    if let Some(m) = q.strip_suffix('m') {
        return m.parse::<f64>().ok().map(|v| v.round() as u64);
    }
    q.parse::<f64>()
        .ok()
        .filter(|v| *v >= 0.0)
        .map(|v| (v * 1000.0).round() as u64)
}

/// Bytes from a quantity (`128Mi`, `1Gi`, `500M`, `1e3`, `1024`).
pub fn bytes(q: &str) -> Option<u64> {
    let q = q.trim();
    const UNITS: &[(&str, f64)] = &[
        ("Ki", 1024.0),
        ("Mi", 1_048_576.0),
        ("Gi", 1_073_741_824.0),
        ("Ti", 1_099_511_627_776.0),
        ("Pi", 1_125_899_906_842_624.0),
        ("k", 1e3),
        ("K", 1e3),
        ("M", 1e6),
        ("G", 1e9),
        ("T", 1e12),
        ("P", 1e15),
        ("m", 1e-3),
    ];
    for (suffix, mult) in UNITS {
        if let Some(n) = q.strip_suffix(suffix) {
            return n
                .parse::<f64>()
                .ok()
                .filter(|v| *v >= 0.0)
                .map(|v| (v * mult).round() as u64);
        }
    }
    q.parse::<f64>()
        .ok()
        .filter(|v| *v >= 0.0)
        .map(|v| v.round() as u64)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readiness {
    Ready,
    /// The Ready condition is False.
    NotReady,
    /// The Ready condition is Unknown: the kubelet stopped posting status.
    Unknown,
    /// The node reports no Ready condition at all (not yet registered fully).
    Missing,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeRecord {
    pub name: Arc<str>,
    pub zone: Option<Arc<str>>,
    pub region: Option<Arc<str>>,
    pub roles: Vec<Arc<str>>,
    pub control_plane: bool,
    pub readiness: Readiness,
    pub unschedulable: bool,
    pub memory_pressure: bool,
    pub disk_pressure: bool,
    pub pid_pressure: bool,
    pub kubelet_version: Arc<str>,
    pub created: Option<i64>,
    pub pods_capacity: u32,
    pub cpu_allocatable_milli: u64,
    pub memory_allocatable: u64,
    /// What it tells of the platform (provider, platform marks).
    pub platform: super::platform_records::NodePlatform,
    /// The node reports a condition only node-problem-detector sets
    /// (`KernelDeadlock`, `ReadonlyFilesystem`, …): it runs there, as a
    /// pod or (GKE, AKS) as part of the node.
    pub npd_conditions: bool,
    /// Its conditions (reason, message, heartbeat) and taints.
    pub details: super::pod_records::NodeDetails,
}

/// Node conditions that only node-problem-detector reports (its default
/// monitors: kernel, filesystem, kubelet and runtime restarts).
pub const NPD_CONDITIONS: &[&str] = &[
    "KernelDeadlock",
    "ReadonlyFilesystem",
    "FrequentKubeletRestart",
    "FrequentDockerRestart",
    "FrequentContainerdRestart",
    "CorruptDockerOverlay2",
    "FrequentUnregisterNetDevice",
];

impl NodeRecord {
    pub fn from_slim(n: &SlimNode, i: &mut Interner) -> Self {
        let labels = n.metadata.labels.as_ref();
        let label = |k: &str| labels.and_then(|l| l.get(k));
        let mut roles: Vec<Arc<str>> = labels
            .map(|l| {
                l.keys()
                    .filter_map(|k| k.strip_prefix("node-role.kubernetes.io/"))
                    .filter(|r| !r.is_empty())
                    .map(|r| i.get(r))
                    .collect()
            })
            .unwrap_or_default();
        roles.sort();
        let cond = |t: &str| {
            n.status
                .conditions
                .iter()
                .find(|c| c.type_ == t)
                .map(|c| c.status.as_str())
        };
        let readiness = match cond("Ready") {
            Some("True") => Readiness::Ready,
            Some("False") => Readiness::NotReady,
            Some(_) => Readiness::Unknown,
            None => Readiness::Missing,
        };
        let control_plane = roles.iter().any(|r| &**r == "control-plane" || &**r == "master");
        let alloc = |k: &str| n.status.allocatable.get(k).or(n.status.capacity.get(k));
        Self {
            name: i.get(n.metadata.name.as_deref().unwrap_or("")),
            zone: label(ZONE_LABEL).map(|z| i.get(z)),
            region: label(REGION_LABEL).map(|r| i.get(r)),
            roles,
            control_plane,
            readiness,
            unschedulable: n.spec.unschedulable,
            memory_pressure: cond("MemoryPressure") == Some("True"),
            disk_pressure: cond("DiskPressure") == Some("True"),
            pid_pressure: cond("PIDPressure") == Some("True"),
            kubelet_version: i.get(&n.status.node_info.kubelet_version),
            created: unix(n.metadata.creation_timestamp.as_ref().map(|t| &t.0)),
            pods_capacity: alloc("pods").and_then(|p| p.parse().ok()).unwrap_or(110),
            cpu_allocatable_milli: alloc("cpu").and_then(|c| cpu_milli(c)).unwrap_or(0),
            memory_allocatable: alloc("memory").and_then(|m| bytes(m)).unwrap_or(0),
            platform: super::platform_records::NodePlatform::from_slim(n, i),
            npd_conditions: n
                .status
                .conditions
                .iter()
                .any(|c| NPD_CONDITIONS.contains(&c.type_.as_str())),
            details: super::pod_records::NodeDetails::from_slim(n, i),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PodPhase {
    Pending,
    Running,
    Succeeded,
    Failed,
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ContainerRecord {
    pub cpu_request_milli: Option<u64>,
    pub memory_request: Option<u64>,
    pub memory_limit: Option<u64>,
    pub readiness_probe: bool,
    pub liveness_probe: bool,
    pub serving: bool,
    pub privileged: bool,
    pub escalation_not_false: bool,
    /// The image reference as written (`nginx`, `repo/app:1.2`, `app@sha256:…`).
    pub image: Arc<str>,
    /// Secret values exposed as environment variables (`secretKeyRef` or `envFrom.secretRef`).
    pub secret_env: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodRecord {
    pub namespace: Arc<str>,
    pub name: Arc<str>,
    pub node: Option<Arc<str>>,
    pub phase: PodPhase,
    pub ready: bool,
    pub terminating: bool,
    /// The controller's kind and name.
    pub owner: Option<(Arc<str>, Arc<str>)>,
    /// Shared by the pods with the same (`Interner::containers`).
    pub containers: Arc<[ContainerRecord]>,
    pub empty_dir: bool,
    pub host_path: bool,
    pub host_namespaces: bool,
    pub mirror: bool,
    pub service_account: Option<Arc<str>>,
    /// `component` label of control-plane static pods (`tier=control-plane`).
    pub control_plane_component: Option<Arc<str>>,
    /// Sorted by key; shared by the pods with the same (`Interner::labels`).
    pub labels: super::intern::Labels,
    /// Container states, restarts, reasons: what triage reads.
    pub status: super::pod_records::PodStatusRecord,
}

impl PodRecord {
    pub fn from_slim(p: &SlimPod, i: &mut Interner) -> Self {
        let labels = p.metadata.labels.as_ref();
        let label = |k: &str| labels.and_then(|l| l.get(k));
        let owner = p
            .metadata
            .owner_references
            .as_ref()
            .and_then(|os| os.iter().find(|o| o.controller == Some(true)))
            .map(|o| (i.get(&o.kind), i.get(&o.name)));
        let containers = p
            .spec
            .containers
            .iter()
            .map(|c| {
                let sc = c.security_context.as_ref();
                ContainerRecord {
                    cpu_request_milli: c.resources.requests.get("cpu").and_then(|q| cpu_milli(q)),
                    memory_request: c.resources.requests.get("memory").and_then(|q| bytes(q)),
                    memory_limit: c.resources.limits.get("memory").and_then(|q| bytes(q)),
                    readiness_probe: c.readiness_probe,
                    liveness_probe: c.liveness_probe,
                    serving: c.ports,
                    privileged: sc.and_then(|s| s.privileged) == Some(true),
                    escalation_not_false: sc.and_then(|s| s.allow_privilege_escalation) != Some(false),
                    image: i.get(&c.image),
                    secret_env: c
                        .env
                        .iter()
                        .any(|e| e.value_from.as_ref().is_some_and(|v| v.secret_key_ref))
                        || c.env_from.iter().any(|e| e.secret_ref),
                }
            })
            .collect::<Vec<_>>();
        let containers = i.containers(containers);
        let phase = match p.status.phase.as_str() {
            "Pending" => PodPhase::Pending,
            "Running" => PodPhase::Running,
            "Succeeded" => PodPhase::Succeeded,
            "Failed" => PodPhase::Failed,
            _ => PodPhase::Unknown,
        };
        let control_plane_component = (label("tier").map(String::as_str) == Some("control-plane"))
            .then(|| label("component").map(|c| i.get(c)))
            .flatten();
        let mut kv: Vec<(Arc<str>, Arc<str>)> = labels
            .map(|l| l.iter().map(|(k, v)| (i.get(k), i.get(v))).collect())
            .unwrap_or_default();
        kv.sort();
        Self {
            namespace: i.get(p.metadata.namespace.as_deref().unwrap_or("default")),
            name: Arc::from(p.metadata.name.as_deref().unwrap_or_default()),
            node: p
                .spec
                .node_name
                .as_deref()
                .filter(|n| !n.is_empty())
                .map(|n| i.get(n)),
            phase,
            ready: p
                .status
                .conditions
                .iter()
                .any(|c| c.type_ == "Ready" && c.status == "True"),
            terminating: p.metadata.deletion_timestamp.is_some(),
            owner,
            containers,
            empty_dir: p.spec.volumes.iter().any(|v| v.empty_dir),
            host_path: p.spec.volumes.iter().any(|v| v.host_path),
            host_namespaces: p.spec.host_network || p.spec.host_pid || p.spec.host_ipc,
            mirror: p
                .metadata
                .annotations
                .as_ref()
                .is_some_and(|a| a.contains_key("kubernetes.io/config.mirror")),
            service_account: p.spec.service_account_name.as_deref().map(|s| i.get(s)),
            control_plane_component,
            labels: i.labels(kv),
            status: super::pod_records::PodStatusRecord::from_slim(p, i),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaseRecord {
    pub namespace: Arc<str>,
    pub name: Arc<str>,
    pub holder: Option<Arc<str>>,
    pub renewed: Option<i64>,
    pub duration_seconds: Option<i32>,
    /// An API server identity lease (`apiserver.kubernetes.io/identity`).
    pub apiserver_identity: bool,
}

/// The leader leases kon reads, in `kube-system`.
pub const LEADER_LEASES: [&str; 2] = ["kube-scheduler", "kube-controller-manager"];

impl LeaseRecord {
    /// Whether kon reads this lease: an API server identity lease or a
    /// leader lease of [`LEADER_LEASES`]. The others, node heartbeats
    /// above all (`kube-node-lease`, renewed every 10 s by each node: 500
    /// renewals a second at 5000 nodes), are read by nothing kon shows or
    /// judges (node readiness comes from the Node's conditions), so they
    /// are not kept: their renewals change nothing and cost no memory.
    pub fn wanted(l: &SlimLease) -> bool {
        let identity = l
            .metadata
            .labels
            .as_ref()
            .is_some_and(|m| m.contains_key("apiserver.kubernetes.io/identity"));
        let leader = l.metadata.namespace.as_deref() == Some("kube-system")
            && LEADER_LEASES.contains(&l.metadata.name.as_deref().unwrap_or(""));
        identity || leader
    }

    /// The record of a lease kon reads ([`LeaseRecord::wanted`]).
    pub fn from_slim(l: &SlimLease, i: &mut Interner) -> Option<Self> {
        if !Self::wanted(l) {
            return None;
        }
        Some(Self {
            namespace: i.get(l.metadata.namespace.as_deref().unwrap_or("")),
            name: i.get(l.metadata.name.as_deref().unwrap_or("")),
            holder: l
                .spec
                .holder_identity
                .as_deref()
                .filter(|h| !h.is_empty())
                .map(|h| i.get(h)),
            renewed: unix(l.spec.renew_time.as_ref().map(|t| &t.0)),
            duration_seconds: l.spec.lease_duration_seconds,
            apiserver_identity: l
                .metadata
                .labels
                .as_ref()
                .is_some_and(|m| m.contains_key("apiserver.kubernetes.io/identity")),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdbRecord {
    pub namespace: Arc<str>,
    pub name: Arc<str>,
    pub min_available: Option<String>,
    pub max_unavailable: Option<String>,
    pub selector: Box<[(Arc<str>, Arc<str>)]>,
    pub disruptions_allowed: i32,
    pub current_healthy: i32,
    pub desired_healthy: i32,
    pub expected_pods: i32,
}

impl PdbRecord {
    pub fn from_slim(p: &crate::cluster::slim::policy::SlimPdb, i: &mut Interner) -> Self {
        use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
        let text = |v: &Option<IntOrString>| {
            v.as_ref().map(|v| match v {
                IntOrString::Int(n) => n.to_string(),
                IntOrString::String(s) => s.clone(),
            })
        };
        Self {
            namespace: i.get(p.metadata.namespace.as_deref().unwrap_or("")),
            name: i.get(p.metadata.name.as_deref().unwrap_or("")),
            min_available: text(&p.spec.min_available),
            max_unavailable: text(&p.spec.max_unavailable),
            selector: selector(&p.spec.selector, i),
            disruptions_allowed: p.status.disruptions_allowed,
            current_healthy: p.status.current_healthy,
            desired_healthy: p.status.desired_healthy,
            expected_pods: p.status.expected_pods,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkPolicyRecord {
    pub namespace: Arc<str>,
    pub name: Arc<str>,
}

impl NetworkPolicyRecord {
    pub fn from_slim(n: &crate::cluster::slim::networking::SlimNetworkPolicy, i: &mut Interner) -> Self {
        Self {
            namespace: i.get(n.metadata.namespace.as_deref().unwrap_or("")),
            name: i.get(n.metadata.name.as_deref().unwrap_or("")),
        }
    }
}

/// An EndpointSlice of `default/kubernetes`: the API server addresses and
/// whether each is ready.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointSliceRecord {
    pub addresses: Box<[(Box<str>, bool)]>,
}

impl EndpointSliceRecord {
    pub fn from_slim(e: &crate::cluster::slim::discovery::SlimEndpointSlice, _: &mut Interner) -> Self {
        let addresses = e
            .endpoints
            .iter()
            .flat_map(|ep| {
                let ready = ep.conditions.ready != Some(false);
                ep.addresses
                    .iter()
                    .map(move |a| (a.clone().into_boxed_str(), ready))
            })
            .collect();
        Self { addresses }
    }
}

/// A label selector's `matchLabels`, interned.
pub(super) fn selector(
    s: &crate::cluster::slim::meta::Selector,
    i: &mut Interner,
) -> Box<[(Arc<str>, Arc<str>)]> {
    s.match_labels.iter().map(|(k, v)| (i.get(k), i.get(v))).collect()
}

#[cfg(test)]
mod tests {
    use super::super::namespace_records::quantity;
    use super::*;

    #[test]
    fn quantities() {
        assert_eq!(cpu_milli("100m"), Some(100));
        assert_eq!(cpu_milli("2"), Some(2000));
        assert_eq!(cpu_milli("0.25"), Some(250));
        assert_eq!(cpu_milli("lots"), None);
        assert_eq!(bytes("128Mi"), Some(134_217_728));
        assert_eq!(bytes("1G"), Some(1_000_000_000));
        assert_eq!(bytes("1e3"), Some(1000));
        assert_eq!(bytes("-5"), None);
        assert_eq!(quantity("requests.cpu", "1500m"), Some(1.5));
        assert_eq!(quantity("requests.memory", "1Gi"), Some(1_073_741_824.0));
        assert_eq!(quantity("pods", "10"), Some(10.0));
    }

    #[test]
    fn node_view_reads_zone_roles_readiness_and_capacity() {
        let n: SlimNode = serde_json::from_value(serde_json::json!({
            "metadata": {"name": "cp-1", "labels": {ZONE_LABEL: "eu-1a", "node-role.kubernetes.io/control-plane": ""}},
            "spec": {"unschedulable": true},
            "status": {
                "conditions": [{"type": "Ready", "status": "False"}, {"type": "DiskPressure", "status": "True"}],
                "allocatable": {"pods": "110", "cpu": "3800m", "memory": "15Gi"},
                "nodeInfo": {"kubeletVersion": "v1.35.0"}
            }
        }))
        .unwrap();
        let mut i = Interner::default();
        let v = NodeRecord::from_slim(&n, &mut i);
        assert_eq!(v.zone.as_deref(), Some("eu-1a"));
        assert!(v.control_plane && v.unschedulable && v.disk_pressure && !v.memory_pressure);
        assert_eq!(v.readiness, Readiness::NotReady);
        assert_eq!((v.pods_capacity, v.cpu_allocatable_milli), (110, 3800));
        assert!(!v.npd_conditions, "no node-problem-detector condition");
        // node-problem-detector's conditions (False: no problem) show it runs.
        let npd: SlimNode = serde_json::from_value(serde_json::json!({
            "metadata": {"name": "gke-1"},
            "status": {"conditions": [{"type": "Ready", "status": "True"}, {"type": "KernelDeadlock", "status": "False"}]}
        }))
        .unwrap();
        assert!(NodeRecord::from_slim(&npd, &mut i).npd_conditions);
        // A node with nothing set: no zone, no Ready condition, defaults.
        let bare = NodeRecord::from_slim(&SlimNode::default(), &mut i);
        assert_eq!(
            (bare.zone, bare.readiness, bare.pods_capacity),
            (None, Readiness::Missing, 110)
        );
    }
}
