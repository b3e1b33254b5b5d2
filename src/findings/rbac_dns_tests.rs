use crate::cluster::store::{Store, SyncState};
use crate::findings::Severity;
use crate::findings::test_support::*;
use crate::signals::test_support::*;

#[test]
fn cluster_admin_binding_fires_for_non_system_subjects() {
    let mut s = all_synced();
    add_cluster_role_binding(
        &mut s,
        "ci-admin",
        "cluster-admin",
        &[
            ("ServiceAccount", "deployer", Some("ci")),
            ("Group", "system:masters", None),
            ("User", "alice", None),
        ],
    );
    let out = run("rbac-cluster-admin-binding", &inputs(&s));
    let f = only(&out);
    assert_eq!(object(f), "ClusterRoleBinding ci-admin");
    assert_eq!(
        f.message,
        "grants cluster-admin to ServiceAccount ci/deployer, User alice"
    );
    assert_eq!(f.severity, Severity::Warning);
}

#[test]
fn cluster_admin_binding_quiet_for_system_subjects_and_other_roles() {
    let mut s = all_synced();
    add_cluster_role_binding(
        &mut s,
        "cluster-admin",
        "cluster-admin",
        &[("Group", "system:masters", None)],
    );
    add_cluster_role_binding(
        &mut s,
        "kubeadm:cluster-admins",
        "cluster-admin",
        &[("Group", "kubeadm:cluster-admins", None)],
    );
    add_cluster_role_binding(&mut s, "view-all", "view", &[("User", "alice", None)]);
    assert!(run("rbac-cluster-admin-binding", &inputs(&s)).findings.is_empty());
    s.cluster_role_bindings.state = SyncState::Forbidden {
        verb: "list".into(),
        resource: "clusterrolebindings".into(),
    };
    assert_eq!(
        run("rbac-cluster-admin-binding", &inputs(&s)).not_checked,
        ["clusterrolebindings: forbidden"]
    );
}

fn dns_store() -> Store {
    let mut s = all_synced();
    add_node(&mut s, node("w-1", None));
    add_workload(
        &mut s,
        workload(
            "Deployment",
            "kube-system",
            "coredns",
            2,
            &[("k8s-app", "kube-dns")],
        ),
    );
    s
}

#[test]
fn dns_not_autoscaled_fires_without_hpa_or_autoscaler() {
    let mut s = dns_store();
    // An HPA of something else, an autoscaler of something else.
    add_hpa(&mut s, "kube-system", "metrics", "Deployment", "metrics-server");
    add_workload(
        &mut s,
        workload("Deployment", "kube-system", "cluster-autoscaler", 1, &[]),
    );
    let out = run("dns-not-autoscaled", &inputs(&s));
    let f = only(&out);
    assert_eq!(object(f), "Deployment kube-system/coredns");
    assert_eq!(
        f.message,
        "2 replicas, no HPA and no dns-autoscaler: DNS does not grow with the cluster (1 node)"
    );
}

#[test]
fn dns_not_autoscaled_quiet_with_hpa_or_autoscaler() {
    let mut s = dns_store();
    add_hpa(&mut s, "kube-system", "coredns", "Deployment", "coredns");
    assert!(run("dns-not-autoscaled", &inputs(&s)).findings.is_empty());
    for name in ["dns-autoscaler", "kube-dns-autoscaler", "coredns-autoscaler"] {
        let mut s = dns_store();
        add_workload(
            &mut s,
            workload("Deployment", "kube-system", name, 1, &[("k8s-app", name)]),
        );
        assert!(
            run("dns-not-autoscaled", &inputs(&s)).findings.is_empty(),
            "{name}"
        );
    }
    // HPAs forbidden and no autoscaler Deployment: not checked.
    let mut s = dns_store();
    s.hpas.state = SyncState::Forbidden {
        verb: "list".into(),
        resource: "horizontalpodautoscalers".into(),
    };
    let out = run("dns-not-autoscaled", &inputs(&s));
    assert!(out.findings.is_empty());
    assert_eq!(out.not_checked, ["horizontalpodautoscalers: forbidden"]);
    // No cluster DNS Deployment at all (a DaemonSet, a managed add-on).
    let s = all_synced();
    assert_eq!(
        run("dns-not-autoscaled", &inputs(&s)).not_checked,
        ["cluster DNS: no CoreDNS or kube-dns Deployment in kube-system"]
    );
}
