//! RBAC and cluster DNS rules.

use super::RuleResult;
use super::context::{Ctx, count, finding, list};
use crate::cluster::store::Kind;
use crate::cluster::store::rbac_records::SubjectRecord;
use crate::cluster::store::workload_records::WorkloadRecord;

/// The group kubeadm (1.29+) binds to cluster-admin for `admin.conf`: the
/// cluster's own break-glass credential, like `system:masters`.
pub const KUBEADM_ADMINS: &str = "kubeadm:cluster-admins";

/// A subject Kubernetes (or kubeadm) made: `system:` users and groups.
fn system_subject(s: &SubjectRecord) -> bool {
    s.name.starts_with("system:") || (&*s.kind == "Group" && &*s.name == KUBEADM_ADMINS)
}

fn subject_text(s: &SubjectRecord) -> String {
    match &s.namespace {
        Some(ns) if &*s.kind == "ServiceAccount" => format!("ServiceAccount {ns}/{}", s.name),
        _ => format!("{} {}", s.kind, s.name),
    }
}

/// A ClusterRoleBinding of `cluster-admin` with a subject other than
/// Kubernetes' own (`system:…`) or kubeadm's admin group.
pub(super) fn cluster_admin_binding(ctx: &Ctx) -> RuleResult {
    if let Err(why) = ctx.need(&[Kind::ClusterRoleBindings]) {
        return RuleResult::blocked(why);
    }
    let mut out = RuleResult::default();
    for b in ctx.store.cluster_role_bindings.items.values() {
        if &*b.role != "cluster-admin" {
            continue;
        }
        let others: Vec<String> = b
            .subjects
            .iter()
            .filter(|s| !system_subject(s))
            .map(subject_text)
            .collect();
        if !others.is_empty() {
            let message = format!("grants cluster-admin to {}", list(&others));
            out.findings.push(finding(
                "rbac-cluster-admin-binding",
                "ClusterRoleBinding",
                None,
                &b.name,
                message,
            ));
        }
    }
    out
}

/// CoreDNS or kube-dns: a Deployment in kube-system named so, or selecting
/// `k8s-app=kube-dns` (and not an autoscaler itself).
fn is_dns(w: &WorkloadRecord) -> bool {
    &*w.namespace == "kube-system"
        && !w.name.contains("autoscaler")
        && (matches!(&*w.name, "coredns" | "kube-dns" | "rke2-coredns-rke2-coredns")
            || w.selector
                .iter()
                .any(|(k, v)| &**k == "k8s-app" && &**v == "kube-dns"))
}

/// The proportional DNS autoscaler, under the names it ships with
/// (`dns-autoscaler`, `kube-dns-autoscaler`, `coredns-autoscaler`) or its own.
fn is_dns_autoscaler(w: &WorkloadRecord) -> bool {
    w.name.contains("dns-autoscaler") || w.name.contains("cluster-proportional-autoscaler")
}

/// Cluster DNS with neither an HPA targeting it nor a DNS autoscaler
/// Deployment (cluster-proportional-autoscaler) in the cluster.
pub(super) fn dns_not_autoscaled(ctx: &Ctx) -> RuleResult {
    if let Err(why) = ctx.need(&[Kind::Deployments]) {
        return RuleResult::blocked(why);
    }
    let deployments = &ctx.store.deployments.items;
    let mut dns: Vec<&WorkloadRecord> = deployments.values().filter(|w| is_dns(w)).collect();
    if dns.is_empty() {
        return RuleResult::blocked(vec![
            "cluster DNS: no CoreDNS or kube-dns Deployment in kube-system".into(),
        ]);
    }
    if deployments.values().any(is_dns_autoscaler) {
        return RuleResult::default();
    }
    if let Err(why) = ctx.need(&[Kind::Hpas]) {
        return RuleResult::blocked(why);
    }
    dns.sort_by(|a, b| a.name.cmp(&b.name));
    let mut out = RuleResult::default();
    for w in dns {
        let hpa = ctx.store.hpas.items.values().any(|h| {
            h.namespace == w.namespace && &*h.target_kind == "Deployment" && h.target_name == w.name
        });
        if hpa {
            continue;
        }
        let nodes = if ctx.can_read(Kind::Nodes) {
            format!(" ({})", count(ctx.store.nodes.items.len(), "node"))
        } else {
            String::new()
        };
        let message = format!(
            "{}, no HPA and no dns-autoscaler: DNS does not grow with the cluster{nodes}",
            count(w.replicas.max(0) as usize, "replica")
        );
        out.findings.push(finding(
            "dns-not-autoscaled",
            "Deployment",
            Some(&w.namespace),
            &w.name,
            message,
        ));
    }
    out
}

#[cfg(test)]
#[path = "rbac_dns_tests.rs"]
mod tests;
