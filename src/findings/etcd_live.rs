//! The live etcd rules, read from the etcd model's verdicts
//! (`signals::etcd_live`). etcd not watched (no endpoints, a managed
//! platform): nothing is reported, the pane says why.

use super::RuleResult;
use super::Severity::{Critical, Warning};
use super::context::{Ctx, finding};
use crate::signals::etcd_live::verdicts;
use crate::signals::verdict::Level;

fn by_id(ctx: &Ctx, id: &'static str) -> RuleResult {
    let Some(model) = ctx.inputs.etcd else {
        return RuleResult::default();
    };
    let findings = verdicts(model)
        .into_iter()
        .filter(|v| v.id == id)
        .map(|v| {
            let kind = if v.subject == "cluster" {
                "Cluster"
            } else {
                "EtcdMember"
            };
            let severity = if v.level == Level::Crit { Critical } else { Warning };
            finding(id, kind, None, &v.subject, v.message).at(severity)
        })
        .collect();
    RuleResult {
        findings,
        not_checked: Vec::new(),
    }
}

pub(super) fn member_unhealthy(ctx: &Ctx) -> RuleResult {
    by_id(ctx, "etcd-member-unhealthy")
}
pub(super) fn no_leader(ctx: &Ctx) -> RuleResult {
    by_id(ctx, "etcd-no-leader")
}
pub(super) fn alarm_active(ctx: &Ctx) -> RuleResult {
    by_id(ctx, "etcd-alarm-active")
}
pub(super) fn db_near_quota(ctx: &Ctx) -> RuleResult {
    by_id(ctx, "etcd-db-near-quota")
}
pub(super) fn fragmented(ctx: &Ctx) -> RuleResult {
    by_id(ctx, "etcd-fragmented")
}
pub(super) fn member_lagging(ctx: &Ctx) -> RuleResult {
    by_id(ctx, "etcd-member-lagging")
}
pub(super) fn even_members(ctx: &Ctx) -> RuleResult {
    by_id(ctx, "etcd-even-members")
}
pub(super) fn not_ha(ctx: &Ctx) -> RuleResult {
    by_id(ctx, "etcd-not-ha")
}

#[cfg(test)]
#[path = "etcd_live_tests.rs"]
mod tests;
