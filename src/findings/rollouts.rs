//! Incident rules about workloads: a rollout that is stuck (past its
//! progress deadline, or making no progress) and a workload with fewer
//! ready replicas than desired once its rollout is over. Both read the
//! rollout model of `signals::workloads` (kubectl's `rollout status`).

use super::RuleResult;
use super::Severity::Critical;
use super::context::{Ctx, finding};
use crate::cluster::store::Kind;
use crate::cluster::store::workload_records::WorkloadRecord;
use crate::signals::verdict::age;
use crate::signals::workloads::{Phase, kubectl_status, phase, stalled_for};

const KINDS: [Kind; 3] = [Kind::Deployments, Kind::StatefulSets, Kind::DaemonSets];

/// The readable workloads with their phase, by namespace and name.
fn phases<'a>(ctx: &Ctx<'a>) -> Vec<(&'a WorkloadRecord, Phase, String)> {
    let s = ctx.store;
    let mut v: Vec<_> = [&s.deployments, &s.statefulsets, &s.daemonsets]
        .into_iter()
        .zip(KINDS)
        .filter(|(_, k)| ctx.can_read(*k))
        .flat_map(|(t, _)| t.items.values())
        .map(|w| {
            let status = kubectl_status(w);
            (w, phase(w, &status, ctx.inputs.now), status.message)
        })
        .collect();
    v.sort_by(|a, b| (&a.0.namespace, &a.0.name, &a.0.kind).cmp(&(&b.0.namespace, &b.0.name, &b.0.kind)));
    v
}

/// Why some kinds were not read (the rule still judges the others).
fn unread(ctx: &Ctx) -> Vec<String> {
    KINDS
        .into_iter()
        .filter_map(|k| ctx.need(&[k]).err())
        .flatten()
        .collect()
}

/// `workload-rollout-stuck`: ProgressDeadlineExceeded, or no progress for
/// `STUCK_AFTER_SECS`. Critical when no replica is ready.
pub(super) fn rollout_stuck(ctx: &Ctx) -> RuleResult {
    let now = ctx.inputs.now;
    let findings = phases(ctx)
        .into_iter()
        .filter(|(_, p, _)| matches!(p, Phase::DeadlineExceeded | Phase::Stalled))
        .map(|(w, p, kubectl)| {
            let r = &w.rollout;
            let counts = format!(
                "{}/{} updated, {}/{} ready",
                r.updated, w.replicas, w.ready, w.replicas
            );
            let why = match (p, r.progressing.as_ref().and_then(|c| c.message.as_deref())) {
                (Phase::DeadlineExceeded, Some(m)) => format!("{kubectl} ({m}); {counts}"),
                (Phase::DeadlineExceeded, None) => format!("{kubectl}; {counts}"),
                _ => format!(
                    "no progress for {}: {kubectl} {counts}",
                    age(stalled_for(w, now).unwrap_or(0))
                ),
            };
            let f = finding(
                "workload-rollout-stuck",
                &w.kind,
                Some(&w.namespace),
                &w.name,
                why,
            );
            if w.ready == 0 && w.replicas > 0 {
                f.at(Critical)
            } else {
                f
            }
        })
        .collect();
    RuleResult {
        findings,
        not_checked: unread(ctx),
    }
}

/// `workload-unavailable`: fewer ready replicas than desired while no
/// rollout is under way (every replica runs the current revision).
/// Critical when none is ready.
pub(super) fn unavailable(ctx: &Ctx) -> RuleResult {
    let findings = phases(ctx)
        .into_iter()
        .filter(|(_, p, _)| *p == Phase::Unavailable)
        .map(|(w, _, _)| {
            let down = w.replicas - w.ready;
            let message = format!(
                "{}/{} ready ({down} down) with no rollout under way: see its pods' status, node and events",
                w.ready, w.replicas
            );
            let f = finding(
                "workload-unavailable",
                &w.kind,
                Some(&w.namespace),
                &w.name,
                message,
            );
            if w.ready == 0 { f.at(Critical) } else { f }
        })
        .collect();
    RuleResult {
        findings,
        not_checked: unread(ctx),
    }
}

#[cfg(test)]
#[path = "rollouts_tests.rs"]
mod tests;
