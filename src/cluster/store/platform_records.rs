//! What the store keeps for platform detection: a node's provider and
//! platform marks (kept in its [`NodeRecord`](super::records::NodeRecord)),
//! and the ConfigMap `kube-system/kubeadm-config`.

use std::sync::Arc;

use super::intern::Interner;
use crate::cluster::slim::config_map::SlimConfigMap;
use crate::cluster::slim::node::SlimNode;
use crate::platform::evidence::{mark_of, provider_scheme};

/// What a node tells of its platform (see `platform::detect`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NodePlatform {
    /// The scheme of `spec.providerID` (`aws`, `gce`, `azure`, `k3s`).
    pub provider: Option<Arc<str>>,
    /// Platform labels and annotations (keys; the instance type with its
    /// value), sorted.
    pub marks: Box<[Arc<str>]>,
}

impl NodePlatform {
    pub fn from_slim(n: &SlimNode, i: &mut Interner) -> Self {
        let meta = &n.metadata;
        let pairs = meta.labels.iter().chain(meta.annotations.iter()).flatten();
        let mut marks: Vec<Arc<str>> = pairs
            .filter_map(|(k, v)| mark_of(k, v))
            .map(|m| i.get(&m))
            .collect();
        marks.sort();
        marks.dedup();
        Self {
            provider: n
                .spec
                .provider_id
                .as_deref()
                .and_then(provider_scheme)
                .map(|s| i.get(s)),
            marks: marks.into(),
        }
    }
}

/// The ConfigMap `kube-system/kubeadm-config` (its name only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KubeadmConfigRecord {
    pub name: Arc<str>,
}

impl KubeadmConfigRecord {
    pub fn from_slim(c: &SlimConfigMap, i: &mut Interner) -> Self {
        Self {
            name: i.get(c.metadata.name.as_deref().unwrap_or("")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_node_keeps_its_provider_scheme_and_platform_marks_only() {
        let n: SlimNode = serde_json::from_value(serde_json::json!({
            "metadata": {
                "name": "server-0",
                "labels": {
                    "node.kubernetes.io/instance-type": "k3s",
                    "kubernetes.io/hostname": "server-0",
                    "eks.amazonaws.com/nodegroup": "ng-1",
                },
                "annotations": {"k3s.io/node-args": "[\"server\"]", "flannel.alpha.coreos.com/backend-type": "vxlan"},
            },
            "spec": {"providerID": "k3s://server-0"},
        }))
        .unwrap();
        let p = NodePlatform::from_slim(&n, &mut Interner::default());
        assert_eq!(p.provider.as_deref(), Some("k3s"));
        let marks: Vec<&str> = p.marks.iter().map(|m| &**m).collect();
        assert_eq!(
            marks,
            [
                "eks.amazonaws.com/nodegroup",
                "k3s.io/node-args",
                "node.kubernetes.io/instance-type=k3s"
            ]
        );
        assert_eq!(
            NodePlatform::from_slim(&SlimNode::default(), &mut Interner::default()),
            NodePlatform::default()
        );
    }
}
