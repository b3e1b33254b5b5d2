//! The description of a served resource type and which groups are built in.

/// API groups served by kube-apiserver itself (strategic merge patch, built-in
/// field selectors); anything else is treated as a custom resource.
const BUILTIN_GROUPS: &[&str] = &[
    "",
    "apps",
    "batch",
    "policy",
    "autoscaling",
    "networking.k8s.io",
    "rbac.authorization.k8s.io",
    "storage.k8s.io",
    "coordination.k8s.io",
    "discovery.k8s.io",
    "events.k8s.io",
    "scheduling.k8s.io",
    "node.k8s.io",
    "certificates.k8s.io",
    "admissionregistration.k8s.io",
    "apiextensions.k8s.io",
    "apiregistration.k8s.io",
    "flowcontrol.apiserver.k8s.io",
    "resource.k8s.io",
    "authentication.k8s.io",
    "authorization.k8s.io",
];

/// Built-in kinds whose `metadata.generation` the server maintains.
const GENERATION_KINDS: &[&str] = &[
    "Pod",
    "Deployment",
    "ReplicaSet",
    "StatefulSet",
    "DaemonSet",
    "ReplicationController",
    "Job",
    "CronJob",
    "PodDisruptionBudget",
    "HorizontalPodAutoscaler",
    "Ingress",
    "NetworkPolicy",
];

/// A served resource type (one version per group/plural).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResourceType {
    /// API group, `""` for core.
    pub group: String,
    /// Served version (`v1`).
    pub version: String,
    /// Kind (`Pod`).
    pub kind: String,
    /// Resource plural as in URLs (`pods`).
    pub plural: String,
    /// Whether objects live in namespaces.
    pub namespaced: bool,
}

impl ResourceType {
    /// Builds a resource type.
    pub fn new(group: &str, version: &str, kind: &str, plural: &str, namespaced: bool) -> Self {
        ResourceType {
            group: group.to_string(),
            version: version.to_string(),
            kind: kind.to_string(),
            plural: plural.to_string(),
            namespaced,
        }
    }

    /// `v1` or `apps/v1`.
    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.clone()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }

    /// `PodList`.
    pub fn list_kind(&self) -> String {
        format!("{}List", self.kind)
    }

    /// Whether the group is one kube-apiserver serves natively (not a CRD).
    pub fn is_builtin(&self) -> bool {
        BUILTIN_GROUPS.contains(&self.group.as_str())
    }

    pub(super) fn tracks_generation(&self) -> bool {
        !self.is_builtin() || GENERATION_KINDS.contains(&self.kind.as_str())
    }

    pub(super) fn is_pod(&self) -> bool {
        self.group.is_empty() && self.kind == "Pod"
    }
}
