//! What platform detection reads, as plain data: the server's version, its
//! API groups, what the nodes and kube-system show, and config.toml's word.
//! Gathered from the store and the connection by `panes::platform`; judged
//! by [`super::detect`].

use super::Platform;

/// Every clue kon has about the platform, as read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Evidence {
    /// The server's `gitVersion` (`/version`), once the probe answered.
    pub git_version: Option<String>,
    /// The API groups the server serves (`apps`, `config.openshift.io`).
    pub api_groups: Vec<String>,
    /// The nodes, with only what detection reads.
    pub nodes: Vec<NodeClues>,
    /// Control-plane static (mirror) pods in kube-system, by component
    /// (`kube-apiserver`, `etcd`): kubeadm's layout.
    pub static_pods: Vec<String>,
    /// The ConfigMap `kube-system/kubeadm-config` exists.
    pub kubeadm_config: bool,
    /// `[contexts."NAME"] platform = "…"` in config.toml.
    pub configured: Option<Platform>,
}

/// What one node tells of its platform.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NodeClues {
    pub name: String,
    /// The scheme of `spec.providerID` (`aws`, `gce`, `azure`, `k3s`).
    pub provider: Option<String>,
    /// The platform labels and annotations it carries: keys, and
    /// `node.kubernetes.io/instance-type=VALUE` with its value.
    pub marks: Vec<String>,
    /// Labelled `node-role.kubernetes.io/control-plane` (or `master`).
    pub control_plane: bool,
}

/// Label and annotation keys (prefixes) that name a platform, and which.
pub const MARKS: &[(&str, Platform)] = &[
    ("eks.amazonaws.com/", Platform::Eks),
    ("cloud.google.com/gke-", Platform::Gke),
    ("kubernetes.azure.com/", Platform::Aks),
    ("k3s.io/", Platform::K3s),
    ("rke2.io/", Platform::Rke2),
    ("node.openshift.io/", Platform::OpenShift),
];

/// The label that names a node's machine type; k3s and RKE2 set it to
/// their own name.
pub const INSTANCE_TYPE: &str = "node.kubernetes.io/instance-type";

/// Whether detection keeps a node's label or annotation `key` (as
/// [`NodeClues::marks`] holds it), and how: `Some(mark)`.
pub fn mark_of(key: &str, value: &str) -> Option<String> {
    if key == INSTANCE_TYPE {
        return Some(format!("{key}={value}"));
    }
    MARKS
        .iter()
        .any(|(prefix, _)| key.starts_with(prefix))
        .then(|| key.to_string())
}

/// The scheme of a `spec.providerID` (`aws:///eu-west-1a/i-0abc` → `aws`).
pub fn provider_scheme(provider_id: &str) -> Option<&str> {
    provider_id
        .split_once("://")
        .map(|(scheme, _)| scheme)
        .filter(|s| !s.is_empty())
}
