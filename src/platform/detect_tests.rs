use super::*;
use crate::platform::evidence::NodeClues;

fn node(name: &str, provider: Option<&str>, marks: &[&str]) -> NodeClues {
    NodeClues {
        name: name.into(),
        provider: provider.map(str::to_string),
        marks: marks.iter().map(|m| m.to_string()).collect(),
        control_plane: false,
    }
}

fn control_plane(mut n: NodeClues) -> NodeClues {
    n.control_plane = true;
    n
}

fn version(v: &str) -> Evidence {
    Evidence {
        git_version: Some(v.into()),
        ..Evidence::default()
    }
}

#[test]
fn nothing_read_is_unknown_with_no_evidence() {
    assert_eq!(detect(&Evidence::default()), crate::platform::UNKNOWN);
}

#[test]
fn eks_from_its_version_labels_and_provider_ids() {
    let mut e = version("v1.31.2-eks-7f9249a");
    e.nodes = vec![
        node(
            "ip-10-0-1-5",
            Some("aws"),
            &[
                "eks.amazonaws.com/nodegroup",
                "node.kubernetes.io/instance-type=m5.large",
            ],
        ),
        node("ip-10-0-2-7", Some("aws"), &["eks.amazonaws.com/nodegroup"]),
    ];
    let d = detect(&e);
    assert_eq!(d.platform, Platform::Eks);
    assert!(!d.configured);
    assert_eq!(
        d.evidence,
        [
            "gitVersion v1.31.2-eks-7f9249a",
            "node ip-10-0-1-5 (+1 more): eks.amazonaws.com/nodegroup",
            "node ip-10-0-1-5 (+1 more): providerID aws://",
        ]
    );
    // The version alone says it, and so do the labels alone.
    assert_eq!(detect(&version("v1.30.4-eks-a737599")).platform, Platform::Eks);
    e.git_version = None;
    assert_eq!(detect(&e).platform, Platform::Eks);
}

#[test]
fn gke_from_its_version_or_node_pools() {
    let d = detect(&version("v1.31.1-gke.1678000"));
    assert_eq!(
        (d.platform, d.evidence),
        (Platform::Gke, vec!["gitVersion v1.31.1-gke.1678000".to_string()])
    );
    let e = Evidence {
        git_version: Some("v1.31.1".into()),
        nodes: vec![node(
            "gke-pool-1-abc",
            Some("gce"),
            &["cloud.google.com/gke-nodepool"],
        )],
        ..Evidence::default()
    };
    assert_eq!(detect(&e).platform, Platform::Gke);
}

#[test]
fn aks_from_its_agent_pool_labels_its_version_being_plain() {
    let e = Evidence {
        git_version: Some("v1.31.2".into()),
        nodes: vec![node(
            "aks-nodepool1-123-vmss000000",
            Some("azure"),
            &["kubernetes.azure.com/agentpool", "kubernetes.azure.com/cluster"],
        )],
        ..Evidence::default()
    };
    let d = detect(&e);
    assert_eq!(d.platform, Platform::Aks);
    assert_eq!(
        d.evidence,
        [
            "node aks-nodepool1-123-vmss000000: kubernetes.azure.com/agentpool",
            "node aks-nodepool1-123-vmss000000: providerID azure://",
        ]
    );
}

#[test]
fn kubeadm_from_its_config_map_or_its_static_pods() {
    let e = Evidence {
        git_version: Some("v1.31.0".into()),
        kubeadm_config: true,
        static_pods: vec!["etcd".into(), "kube-apiserver".into()],
        nodes: vec![control_plane(node("cp-1", None, &[]))],
        ..Evidence::default()
    };
    let d = detect(&e);
    assert_eq!(d.platform, Platform::Kubeadm);
    assert_eq!(
        d.evidence,
        [
            "ConfigMap kube-system/kubeadm-config",
            "static pods in kube-system: etcd, kube-apiserver"
        ]
    );
    // Without the ConfigMap (not readable), its static pods are kubeadm's layout.
    let pods_only = Evidence {
        kubeadm_config: false,
        ..e
    };
    assert_eq!(detect(&pods_only).platform, Platform::Kubeadm);
}

#[test]
fn k3s_and_rke2_from_versions_annotations_and_instance_types() {
    assert_eq!(detect(&version("v1.31.4+k3s1")).platform, Platform::K3s);
    assert_eq!(detect(&version("v1.31.4+rke2r1")).platform, Platform::Rke2);
    let k3s = Evidence {
        nodes: vec![control_plane(node(
            "server-0",
            Some("k3s"),
            &["k3s.io/hostname", "node.kubernetes.io/instance-type=k3s"],
        ))],
        ..Evidence::default()
    };
    assert_eq!(
        detect(&k3s).platform,
        Platform::K3s,
        "a visible control plane is k3s's own"
    );
    // RKE2 runs its control plane as static pods, like kubeadm: its own marks decide.
    let rke2 = Evidence {
        nodes: vec![control_plane(node(
            "rke2-0",
            None,
            &["rke2.io/node-args", "node.kubernetes.io/instance-type=rke2"],
        ))],
        static_pods: vec!["kube-apiserver".into()],
        ..Evidence::default()
    };
    let d = detect(&rke2);
    assert_eq!(d.platform, Platform::Rke2);
    assert!(
        d.evidence.contains(&"node rke2-0: rke2.io/node-args".to_string()),
        "{:?}",
        d.evidence
    );
}

#[test]
fn openshift_from_its_api_groups_or_node_labels() {
    let e = Evidence {
        git_version: Some("v1.30.7".into()),
        api_groups: vec![
            "apps".into(),
            "config.openshift.io".into(),
            "route.openshift.io".into(),
        ],
        ..Evidence::default()
    };
    let d = detect(&e);
    assert_eq!(
        (d.platform, d.evidence),
        (
            Platform::OpenShift,
            vec!["API group config.openshift.io (+1 more)".to_string()]
        )
    );
    let by_label = Evidence {
        nodes: vec![node("worker-0", Some("aws"), &["node.openshift.io/os_id"])],
        ..Evidence::default()
    };
    assert_eq!(
        detect(&by_label).platform,
        Platform::OpenShift,
        "ROSA: on AWS, yet OpenShift"
    );
}

#[test]
fn nodes_on_a_cloud_alone_do_not_tell_who_runs_the_control_plane() {
    let e = Evidence {
        git_version: Some("v1.31.2".into()),
        nodes: vec![node(
            "ip-10-0-1-5",
            Some("aws"),
            &["node.kubernetes.io/instance-type=m5.large"],
        )],
        ..Evidence::default()
    };
    let d = detect(&e);
    assert_eq!(d.platform, Platform::Unknown);
    assert_eq!(
        d.evidence,
        ["node ip-10-0-1-5: providerID aws:// (the cloud, not who runs the control plane)"]
    );
}

#[test]
fn a_cloud_cluster_with_its_own_control_plane_is_kubeadm_not_managed() {
    let e = Evidence {
        kubeadm_config: true,
        nodes: vec![control_plane(node("ip-10-0-0-1", Some("aws"), &[]))],
        ..Evidence::default()
    };
    assert_eq!(detect(&e).platform, Platform::Kubeadm);
}

#[test]
fn an_eks_version_on_a_visible_control_plane_is_not_managed() {
    // EKS Anywhere: EKS Distro's version string on a kubeadm cluster.
    let e = Evidence {
        git_version: Some("v1.30.4-eks-1-30-17".into()),
        kubeadm_config: true,
        static_pods: vec!["kube-apiserver".into()],
        ..Evidence::default()
    };
    let d = detect(&e);
    assert_eq!(d.platform, Platform::Kubeadm);
    assert!(
        d.evidence
            .iter()
            .any(|l| l.contains("names EKS, but the control plane is visible")),
        "{:?}",
        d.evidence
    );
    // Control-plane nodes alone (no platform named otherwise): self-managed, unknown.
    let e = Evidence {
        git_version: Some("v1.31.2-eks-7f9249a".into()),
        nodes: vec![control_plane(node("cp-1", Some("aws"), &[]))],
        ..Evidence::default()
    };
    let d = detect(&e);
    assert_eq!(d.platform, Platform::Unknown);
    assert!(!d.is_managed());
    assert!(
        d.evidence.iter().any(|l| l.contains("1 control-plane node")),
        "{:?}",
        d.evidence
    );
}

#[test]
fn conflicting_evidence_is_unknown_and_says_what_conflicts() {
    let e = Evidence {
        git_version: Some("v1.31.2-eks-7f9249a".into()),
        nodes: vec![node(
            "gke-pool-1-abc",
            Some("gce"),
            &["cloud.google.com/gke-nodepool"],
        )],
        ..Evidence::default()
    };
    let d = detect(&e);
    assert_eq!(d.platform, Platform::Unknown);
    assert_eq!(
        d.evidence,
        [
            "conflicting evidence",
            "EKS: gitVersion v1.31.2-eks-7f9249a",
            "GKE: node gke-pool-1-abc: cloud.google.com/gke-nodepool",
        ]
    );
}

#[test]
fn config_toml_overrides_and_says_what_detection_saw() {
    let mut e = version("v1.31.1-gke.1678000");
    e.configured = Some(Platform::Gke);
    let d = detect(&e);
    assert_eq!(d.platform, Platform::Gke);
    assert!(d.configured);
    assert_eq!(d.evidence, ["config.toml: platform = \"gke\""]);
    e.configured = Some(Platform::Eks);
    let d = detect(&e);
    assert_eq!(d.platform, Platform::Eks);
    assert_eq!(
        d.evidence,
        [
            "config.toml: platform = \"eks\"",
            "detected GKE from: gitVersion v1.31.1-gke.1678000"
        ]
    );
    // Even with nothing read yet.
    let d = detect(&Evidence {
        configured: Some(Platform::Aks),
        ..Evidence::default()
    });
    assert_eq!((d.platform, d.configured), (Platform::Aks, true));
}

#[test]
fn marks_keep_only_what_detection_reads() {
    use crate::platform::evidence::{mark_of, provider_scheme};
    assert_eq!(
        mark_of("eks.amazonaws.com/nodegroup", "ng-1").as_deref(),
        Some("eks.amazonaws.com/nodegroup")
    );
    assert_eq!(
        mark_of("node.kubernetes.io/instance-type", "k3s").as_deref(),
        Some("node.kubernetes.io/instance-type=k3s")
    );
    assert_eq!(mark_of("app", "web"), None);
    assert_eq!(mark_of("topology.kubernetes.io/zone", "a"), None);
    assert_eq!(provider_scheme("aws:///eu-west-1a/i-0abc"), Some("aws"));
    assert_eq!(provider_scheme("gce://project/zone/name"), Some("gce"));
    assert_eq!(provider_scheme("i-0abc"), None);
    assert_eq!(provider_scheme("://x"), None);
}
