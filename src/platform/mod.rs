//! Which Kubernetes platform a cluster runs on (EKS, GKE, AKS, kubeadm,
//! k3s, RKE2, OpenShift), so that every pane and rule can judge it for what
//! it is: on a managed control plane the provider runs the control plane
//! and etcd, and the customer can neither see nor act on them.

pub mod detect;
pub mod evidence;

use std::fmt;

pub use detect::detect;
pub use evidence::{Evidence, NodeClues};

/// A platform kon tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Platform {
    Eks,
    Gke,
    Aks,
    Kubeadm,
    K3s,
    Rke2,
    OpenShift,
    #[default]
    Unknown,
}

impl Platform {
    pub const ALL: [Platform; 8] = [
        Platform::Eks,
        Platform::Gke,
        Platform::Aks,
        Platform::Kubeadm,
        Platform::K3s,
        Platform::Rke2,
        Platform::OpenShift,
        Platform::Unknown,
    ];

    /// How the header and the panes name it.
    pub fn label(self) -> &'static str {
        match self {
            Platform::Eks => "EKS",
            Platform::Gke => "GKE",
            Platform::Aks => "AKS",
            Platform::Kubeadm => "kubeadm",
            Platform::K3s => "k3s",
            Platform::Rke2 => "RKE2",
            Platform::OpenShift => "OpenShift",
            Platform::Unknown => "unknown",
        }
    }

    /// How config.toml spells it (`platform = "eks"`).
    pub fn key(self) -> &'static str {
        match self {
            Platform::Eks => "eks",
            Platform::Gke => "gke",
            Platform::Aks => "aks",
            Platform::Kubeadm => "kubeadm",
            Platform::K3s => "k3s",
            Platform::Rke2 => "rke2",
            Platform::OpenShift => "openshift",
            Platform::Unknown => "unknown",
        }
    }

    /// The platform config.toml names (case-insensitive), if any.
    pub fn from_key(text: &str) -> Option<Platform> {
        Platform::ALL
            .into_iter()
            .find(|p| p.key().eq_ignore_ascii_case(text.trim()))
    }

    /// The provider runs the control plane and etcd (EKS, GKE, AKS): the
    /// customer cannot see control-plane nodes, static pods or etcd.
    pub fn is_managed(self) -> bool {
        matches!(self, Platform::Eks | Platform::Gke | Platform::Aks)
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The platform kon settled on, and why.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Detection {
    pub platform: Platform,
    /// The evidence it rests on, as the pane shows it (`gitVersion
    /// v1.30.4-eks-a737599`, `node ip-10-0-1-5: providerID aws://…`,
    /// `config.toml: platform = "eks"`).
    pub evidence: Vec<String>,
    /// Named in config.toml rather than detected.
    pub configured: bool,
}

/// Nothing known yet: no evidence read, no platform named.
pub static UNKNOWN: Detection = Detection {
    platform: Platform::Unknown,
    evidence: Vec::new(),
    configured: false,
};

impl Detection {
    /// The provider runs the control plane (see [`Platform::is_managed`]).
    pub fn is_managed(&self) -> bool {
        self.platform.is_managed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_only_the_big_three_are_managed() {
        for p in Platform::ALL {
            assert_eq!(Platform::from_key(p.key()), Some(p));
        }
        assert_eq!(Platform::from_key(" EKS "), Some(Platform::Eks));
        assert_eq!(Platform::from_key("eksctl"), None);
        let managed: Vec<_> = Platform::ALL.into_iter().filter(|p| p.is_managed()).collect();
        assert_eq!(managed, [Platform::Eks, Platform::Gke, Platform::Aks]);
    }
}
