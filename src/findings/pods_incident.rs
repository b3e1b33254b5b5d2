//! Incident rules about pods and their nodes: what is broken right now. One
//! finding per pod (Enter on it opens the pod's row in the pods table):
//! crash-looping, an image that cannot be pulled, no node to run on, a
//! container OOM-killed within the hour.

use super::RuleResult;
use super::context::{Ctx, finding};
use crate::cluster::store::Kind;
use crate::cluster::store::pod_records::ContainerState;
use crate::cluster::store::records::PodRecord;
use crate::signals::pods::{RECENT_RESTART_SECS, last_termination};
use crate::signals::pods_status::{human_duration, restarts_text};

/// Waiting reasons that mean the image cannot be pulled.
const PULL_FAILING: &[&str] = &[
    "ImagePullBackOff",
    "ErrImagePull",
    "InvalidImageName",
    "ErrImageNeverPull",
];

/// One finding per pod that `what` says something of.
fn per_pod(ctx: &Ctx, id: &'static str, what: impl Fn(&PodRecord) -> Option<String>) -> RuleResult {
    per_pod_of(ctx, id, ctx.store.pods.items.values(), what)
}

/// The pods the timed rules can say something of ([`timed_candidate`]):
/// those the steady pass kept (`Ctx::timed_pods`), else every pod.
fn per_candidate(ctx: &Ctx, id: &'static str, what: impl Fn(&PodRecord) -> Option<String>) -> RuleResult {
    match ctx.timed_pods {
        Some(keys) => {
            let pods = keys.iter().filter_map(|k| ctx.store.pods.items.get(k));
            per_pod_of(ctx, id, pods, what)
        }
        None => per_pod(ctx, id, what),
    }
}

/// Whether [`crashlooping`] or [`oomkilled_recently`] may say something
/// of pod `p` at some time: a container in CrashLoopBackOff, or one
/// OOM-killed at a known time. Time alone does not change it, so the
/// steady pass keeps these pods (a few among 150000) for the timed rules.
pub(crate) fn timed_candidate(p: &PodRecord) -> bool {
    !waiting(p, &["CrashLoopBackOff"]).is_empty() || last_oom_kill(p).is_some()
}

/// The last OOM kill of a container of `p` (init first) with its time.
fn last_oom_kill(p: &PodRecord) -> Option<(i64, &str)> {
    let s = &p.status;
    s.init
        .iter()
        .chain(s.containers.iter())
        .filter_map(|c| {
            let current = match &c.state {
                ContainerState::Terminated(t) => Some(&**t),
                _ => None,
            };
            let t = c.last_terminated.as_deref().into_iter().chain(current);
            t.filter(|t| t.reason.as_deref() == Some("OOMKilled"))
                .filter_map(|t| t.finished)
                .map(|at| (at, &*c.name))
                .max()
        })
        .max()
}

fn per_pod_of<'a>(
    ctx: &Ctx,
    id: &'static str,
    pods: impl Iterator<Item = &'a PodRecord>,
    what: impl Fn(&PodRecord) -> Option<String>,
) -> RuleResult {
    if let Err(why) = ctx.need(&[Kind::Pods]) {
        return RuleResult::blocked(why);
    }
    // The pods it says something of, then in name order (not all 150000
    // sorted for a few findings).
    let mut found: Vec<(&PodRecord, String)> = pods.filter_map(|p| Some((p, what(p)?))).collect();
    found.sort_by(|(a, _), (b, _)| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
    let findings = found
        .into_iter()
        .map(|(p, m)| finding(id, "Pod", Some(&p.namespace), &p.name, m))
        .collect();
    RuleResult {
        findings,
        not_checked: Vec::new(),
    }
}

/// The containers (init first) waiting for one of `reasons`: (name, reason, message).
fn waiting<'a>(p: &'a PodRecord, reasons: &[&str]) -> Vec<(&'a str, &'a str, Option<&'a str>)> {
    let s = &p.status;
    s.init
        .iter()
        .chain(s.containers.iter())
        .filter_map(|c| match &c.state {
            ContainerState::Waiting(w) => {
                let r = w.reason.as_deref().filter(|r| reasons.contains(r))?;
                Some((&*c.name, r, w.message.as_deref()))
            }
            _ => None,
        })
        .collect()
}

/// A container in CrashLoopBackOff: critical.
pub(super) fn crashlooping(ctx: &Ctx) -> RuleResult {
    let now = ctx.inputs.now;
    per_candidate(ctx, "pod-crashlooping", |p| {
        let names: Vec<&str> = waiting(p, &["CrashLoopBackOff"]).iter().map(|w| w.0).collect();
        if names.is_empty() {
            return None;
        }
        let printed = crate::signals::pods_status::print(p);
        let mut m = format!(
            "CrashLoopBackOff ({}); restarts {}",
            names.join(", "),
            restarts_text(printed.restarts, printed.last_restart, now)
        );
        if let Some(t) = last_termination(p) {
            m.push_str(&format!("; last termination {}", t.text()));
        }
        Some(m)
    })
}

/// A container whose image cannot be pulled.
pub(super) fn image_pull_failing(ctx: &Ctx) -> RuleResult {
    per_pod(ctx, "pod-image-pull-failing", |p| {
        let w = waiting(p, PULL_FAILING);
        let (name, reason, message) = w.first()?;
        Some(match message {
            Some(m) => format!("{reason} ({name}): {m}"),
            None => format!("{reason} ({name})"),
        })
    })
}

/// Pending with the scheduler's `Unschedulable`: its message says why.
pub(super) fn pending_unschedulable(ctx: &Ctx) -> RuleResult {
    per_pod(ctx, "pod-pending-unschedulable", |p| {
        let rare = p.status.rare.as_deref()?;
        if p.terminating || rare.scheduling_reason.as_deref() != Some("Unschedulable") {
            return None;
        }
        Some(match &rare.scheduling_message {
            Some(m) => format!("Pending: {m}"),
            None => "Pending: Unschedulable (the scheduler gave no message)".to_string(),
        })
    })
}

/// A container OOM-killed within the hour (its previous run, or now).
pub(super) fn oomkilled_recently(ctx: &Ctx) -> RuleResult {
    let now = ctx.inputs.now;
    per_candidate(ctx, "pod-oomkilled-recently", |p| {
        let (at, name) = last_oom_kill(p)?;
        (now - at <= RECENT_RESTART_SECS).then(|| {
            format!(
                "container {name} OOMKilled (exit 137) {} ago: its memory limit is too low, or it leaks",
                human_duration(now - at)
            )
        })
    })
}

#[cfg(test)]
#[path = "pods_incident_tests.rs"]
mod tests;
