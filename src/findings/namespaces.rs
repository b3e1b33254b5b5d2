//! Namespace and quota rules: Pod Security labels, ResourceQuotas and
//! NetworkPolicies per namespace; quota usage from the quotas pane's model.
//! A namespace finding carries the namespace as its namespace too, so that
//! filtering by namespace keeps it.

use std::collections::{BTreeMap, HashSet};

use super::RuleResult;
use super::context::{Ctx, count, finding};
use crate::cluster::store::Kind;
use crate::cluster::store::namespace_records::NamespaceRecord;
use crate::signals::quotas::{Gauge, amount, percent};
use crate::signals::verdict::Level;

/// Live namespaces, by name.
fn live_namespaces<'a>(ctx: &Ctx<'a>) -> Vec<&'a NamespaceRecord> {
    let mut v: Vec<&NamespaceRecord> = ctx
        .store
        .namespaces
        .items
        .values()
        .filter(|n| !n.terminating)
        .collect();
    v.sort_by(|a, b| a.name.cmp(&b.name));
    v
}

/// Live pods per namespace (for the messages; empty when pods are unreadable).
fn pods_per_namespace<'a>(ctx: &Ctx<'a>) -> Option<BTreeMap<&'a str, usize>> {
    if !ctx.can_read(Kind::Pods) {
        return None;
    }
    let mut m = BTreeMap::new();
    for g in &ctx.groups().list {
        *m.entry(g.namespace).or_default() += g.pods.len();
    }
    Some(m)
}

fn namespace_finding(id: &'static str, ns: &str, message: String) -> super::Finding {
    finding(id, "Namespace", Some(ns), ns, message)
}

/// ` (12 pods)`, or nothing when pods are not known.
fn running(pods: &Option<BTreeMap<&str, usize>>, ns: &str) -> String {
    match pods {
        Some(m) => format!(" ({} running)", count(m.get(ns).copied().unwrap_or(0), "pod")),
        None => String::new(),
    }
}

/// No `pod-security.kubernetes.io/enforce` label: Pod Security Admission
/// does not evaluate the namespace's pods.
pub(super) fn no_pod_security(ctx: &Ctx) -> RuleResult {
    if let Err(why) = ctx.need(&[Kind::Namespaces]) {
        return RuleResult::blocked(why);
    }
    let pods = pods_per_namespace(ctx);
    let findings = live_namespaces(ctx)
        .into_iter()
        .filter(|n| n.pod_security_enforce.is_none())
        .map(|n| {
            let message = format!(
                "no pod-security.kubernetes.io/enforce label: its pods are not evaluated{}",
                running(&pods, &n.name)
            );
            namespace_finding("namespace-no-pod-security", &n.name, message)
        })
        .collect();
    RuleResult {
        findings,
        not_checked: Vec::new(),
    }
}

/// Live namespaces without an object of `kind` (its table's namespaces given).
fn without(ctx: &Ctx, id: &'static str, kind: Kind, covered: HashSet<&str>, what: &str) -> RuleResult {
    if let Err(why) = ctx.need(&[Kind::Namespaces, kind]) {
        return RuleResult::blocked(why);
    }
    let pods = pods_per_namespace(ctx);
    let findings = live_namespaces(ctx)
        .into_iter()
        .filter(|n| !covered.contains(&*n.name))
        .map(|n| namespace_finding(id, &n.name, format!("no {what}{}", running(&pods, &n.name))))
        .collect();
    RuleResult {
        findings,
        not_checked: Vec::new(),
    }
}

pub(super) fn no_resourcequota(ctx: &Ctx) -> RuleResult {
    let covered = ctx.store.quotas.items.keys().map(|(ns, _)| &**ns).collect();
    without(
        ctx,
        "namespace-no-resourcequota",
        Kind::ResourceQuotas,
        covered,
        "ResourceQuota: nothing caps its CPU, memory or object counts",
    )
}

pub(super) fn no_networkpolicy(ctx: &Ctx) -> RuleResult {
    let covered = ctx
        .store
        .network_policies
        .items
        .keys()
        .map(|(ns, _)| &**ns)
        .collect();
    without(
        ctx,
        "namespace-no-networkpolicy",
        Kind::NetworkPolicies,
        covered,
        "NetworkPolicy: every pod accepts traffic from anywhere",
    )
}

/// `requests.memory at 95% (9.5 GiB of 10 GiB)`.
fn gauge_text(g: &Gauge) -> String {
    let r = &*g.resource;
    if g.fraction.is_infinite() {
        return format!("{r}: {} used, none allowed", amount(r, g.used));
    }
    format!(
        "{r} at {} ({} of {})",
        percent(g.fraction),
        amount(r, g.used),
        amount(r, g.hard)
    )
}

/// One finding per ResourceQuota with a resource at `level`, fullest first.
fn quotas_at(ctx: &Ctx, id: &'static str, level: Level, tail: &str) -> RuleResult {
    let Some(m) = ctx.inputs.quotas else {
        return RuleResult::blocked(vec!["quotas: not read yet".into()]);
    };
    if let Err(why) = ctx.need(&[Kind::ResourceQuotas]) {
        return RuleResult::blocked(why);
    }
    // Gauges are fullest first: the first of a quota is its fullest.
    let mut per_quota: BTreeMap<(&str, &str), Vec<&Gauge>> = BTreeMap::new();
    for g in m.gauges.iter().filter(|g| g.level == level) {
        per_quota.entry((&g.namespace, &g.quota)).or_default().push(g);
    }
    let findings = per_quota
        .into_iter()
        .map(|((ns, quota), gauges)| {
            let texts: Vec<String> = gauges.iter().map(|g| gauge_text(g)).collect();
            let message = format!("{}: {tail}", super::context::list(&texts));
            finding(id, "ResourceQuota", Some(ns), quota, message)
        })
        .collect();
    RuleResult {
        findings,
        not_checked: Vec::new(),
    }
}

/// A resource at 90% or more (and below 100%).
pub(super) fn quota_near_limit(ctx: &Ctx) -> RuleResult {
    quotas_at(
        ctx,
        "quota-near-limit",
        Level::Warn,
        "new pods are refused once it is full",
    )
}

/// A resource at 100% or more (or used while none is allowed).
pub(super) fn quota_exhausted(ctx: &Ctx) -> RuleResult {
    quotas_at(
        ctx,
        "quota-exhausted",
        Level::Crit,
        "new pods (or objects) are refused",
    )
}

#[cfg(test)]
#[path = "namespaces_tests.rs"]
mod tests;
