use std::sync::Arc;

use super::*;
use crate::cluster::store::platform_records::{KubeadmConfigRecord, NodePlatform};
use crate::platform::Platform;
use crate::signals::test_support::*;

fn eks_node(name: &str) -> crate::cluster::store::records::NodeRecord {
    let mut n = node(name, Some("eu-west-1a"));
    n.platform = NodePlatform {
        provider: Some("aws".into()),
        marks: Box::new([Arc::from("eks.amazonaws.com/nodegroup")]),
    };
    n
}

#[test]
fn nodes_are_gathered_in_name_order_with_the_outside_evidence() {
    let mut s = all_synced();
    add_node(&mut s, eks_node("ip-b"));
    add_node(&mut s, eks_node("ip-a"));
    let outside = Evidence {
        git_version: Some("v1.31.2-eks-7f9249a".into()),
        api_groups: vec!["apps".into()],
        ..Evidence::default()
    };
    let e = gather(&s, &outside);
    let names: Vec<&str> = e.nodes.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names, ["ip-a", "ip-b"]);
    assert_eq!(e.nodes[0].provider.as_deref(), Some("aws"));
    assert_eq!(e.git_version, outside.git_version);
    assert_eq!(e.api_groups, ["apps"]);
    let d = detect(&s, &outside);
    assert_eq!(d.platform, Platform::Eks);
    assert_eq!(d.evidence[1], "node ip-a (+1 more): eks.amazonaws.com/nodegroup");
}

#[test]
fn kube_system_static_pods_and_kubeadm_config_make_kubeadm() {
    let mut s = all_synced();
    add_node(&mut s, cp_node("cp-1", Some("a")));
    add_pod(&mut s, static_pod("kube-apiserver", "cp-1"));
    add_pod(&mut s, static_pod("etcd", "cp-1"));
    // A mirror pod elsewhere, and a pod labelled like one, are not static control-plane pods.
    let mut elsewhere = static_pod("kube-scheduler", "cp-1");
    elsewhere.namespace = "web".into();
    add_pod(&mut s, elsewhere);
    let mut not_mirror = static_pod("kube-controller-manager", "cp-1");
    not_mirror.mirror = false;
    add_pod(&mut s, not_mirror);
    let e = gather(&s, &Evidence::default());
    assert_eq!(e.static_pods, ["etcd", "kube-apiserver"]);
    assert!(!e.kubeadm_config);
    s.kubeadm_config.items.insert(
        ("kube-system".into(), "kubeadm-config".into()),
        KubeadmConfigRecord {
            name: "kubeadm-config".into(),
        },
    );
    let d = detect(&s, &Evidence::default());
    assert_eq!(d.platform, Platform::Kubeadm);
    assert_eq!(d.evidence[0], "ConfigMap kube-system/kubeadm-config");
}

#[test]
fn an_empty_store_is_unknown_unless_config_toml_names_it() {
    let s = Store::default();
    assert_eq!(detect(&s, &Evidence::default()), crate::platform::UNKNOWN);
    let named = Evidence {
        configured: Some(Platform::Aks),
        ..Evidence::default()
    };
    assert_eq!(detect(&s, &named).platform, Platform::Aks);
}
