//! Gathers platform detection's [`Evidence`] from the store (nodes,
//! kube-system's static pods, kubeadm-config) on top of what the store does
//! not hold (the server's gitVersion and API groups, config.toml's word),
//! and detects the platform from it.

use crate::cluster::store::Store;
use crate::platform::{self, Detection, Evidence, NodeClues};

/// The platform of the cluster `store` holds; `outside` carries the
/// evidence read elsewhere (its store fields are ignored).
pub fn detect(store: &Store, outside: &Evidence) -> Detection {
    platform::detect(&gather(store, outside))
}

/// `outside` with the store's evidence added.
pub fn gather(store: &Store, outside: &Evidence) -> Evidence {
    let mut nodes: Vec<NodeClues> = store
        .nodes
        .items
        .values()
        .map(|n| NodeClues {
            name: n.name.to_string(),
            provider: n.platform.provider.as_deref().map(str::to_string),
            marks: n.platform.marks.iter().map(|m| m.to_string()).collect(),
            control_plane: n.control_plane,
        })
        .collect();
    nodes.sort_by(|a, b| a.name.cmp(&b.name));
    let mut static_pods: Vec<String> = store
        .pods
        .items
        .values()
        .filter(|p| p.mirror && &*p.namespace == "kube-system")
        .filter_map(|p| p.control_plane_component.as_deref().map(str::to_string))
        .collect();
    static_pods.sort();
    static_pods.dedup();
    Evidence {
        nodes,
        static_pods,
        kubeadm_config: !store.kubeadm_config.is_empty(),
        ..outside.clone()
    }
}

#[cfg(test)]
#[path = "platform_tests.rs"]
mod tests;
