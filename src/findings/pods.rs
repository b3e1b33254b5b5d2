//! Pod rules: hostPath volumes, host namespaces, the default service
//! account. One finding per workload, saying in how many of its live pods.

use super::RuleResult;
use super::containers::in_pods;
use super::context::{Ctx, finding};
use crate::cluster::store::Kind;
use crate::cluster::store::records::PodRecord;

/// One finding per workload with a pod of which `what` says something.
fn per_workload(ctx: &Ctx, id: &'static str, what: fn(&PodRecord) -> Option<&'static str>) -> RuleResult {
    if let Err(why) = ctx.need(&[Kind::Pods]) {
        return RuleResult::blocked(why);
    }
    let mut out = RuleResult::default();
    for g in &ctx.groups().list {
        let mut hit = 0;
        let mut first = None;
        for p in &g.pods {
            if let Some(w) = what(p) {
                hit += 1;
                first.get_or_insert(w);
            }
        }
        if let Some(w) = first {
            let message = format!("{w}{}", in_pods(hit, g.pods.len()));
            out.findings
                .push(finding(id, g.kind, Some(g.namespace), g.name, message));
        }
    }
    out
}

pub(super) fn host_path(ctx: &Ctx) -> RuleResult {
    per_workload(ctx, "pod-host-path", |p| {
        p.host_path
            .then_some("mounts a hostPath volume: the node's filesystem is reachable")
    })
}

pub(super) fn host_namespace(ctx: &Ctx) -> RuleResult {
    per_workload(ctx, "pod-host-namespace", |p| {
        p.host_namespaces
            .then_some("shares the node's network, PID or IPC namespace")
    })
}

/// No `serviceAccountName`, or `default`.
pub(super) fn default_service_account(ctx: &Ctx) -> RuleResult {
    per_workload(ctx, "pod-default-service-account", |p| {
        let sa = p.service_account.as_deref().unwrap_or("default");
        (sa == "default").then_some("runs as the namespace's default service account")
    })
}

#[cfg(test)]
#[path = "pods_tests.rs"]
mod tests;
