//! The workloads view's rows: Deployments, StatefulSets and DaemonSets with
//! their rollout state (`workloads.rs`), CronJobs with their last run and
//! the Jobs no CronJob owns; worst first. Pure: computed from the store off
//! the render path; sorting by column and filtering live in `app`.

use std::collections::HashMap;
use std::sync::Arc;

use super::backups::last_job;
use super::workloads::{Phase, kubectl_status, phase};
use crate::cluster::store::Store;
use crate::cluster::store::backup_records::{JobOutcome, JobRecord};
use crate::cluster::store::workload_records::WorkloadRecord;

/// One row of the workloads view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkloadRow {
    /// `Deployment`, `StatefulSet`, `DaemonSet`, `CronJob` or `Job`.
    pub kind: Arc<str>,
    pub namespace: Arc<str>,
    pub name: Arc<str>,
    /// Desired and ready replicas (Jobs: completions and succeeded pods;
    /// CronJobs: those of their last Job).
    pub desired: i32,
    pub ready: i32,
    /// Up-to-date and available replicas (`None` for Jobs and CronJobs).
    pub updated: Option<i32>,
    pub available: Option<i32>,
    /// The state column: a rollout [`Phase`]'s label, or a Job's.
    pub state: &'static str,
    /// Worst first: 0 is the worst.
    pub rank: u8,
    /// The state is an incident (stuck, unavailable, failed).
    pub problem: bool,
    /// What `kubectl rollout status` says (a Job's failure, a CronJob's
    /// last run), whole.
    pub message: String,
    /// The revision: a Deployment's number, a StatefulSet's update revision.
    pub revision: Option<String>,
    /// When the current rollout (a Job's run, a CronJob's last schedule)
    /// began, Unix seconds; `None` when kon cannot tell.
    pub since: Option<i64>,
    /// The label selector of the workload's pods (empty for Jobs and
    /// CronJobs): what "its pods" means.
    pub selector: Box<[(Arc<str>, Arc<str>)]>,
}

/// The rank of a rollout phase (its order in [`Phase`]).
fn rank(p: Phase) -> u8 {
    p as u8 * 2
}

/// The rows of the workloads of `scope` (every namespace when `None`),
/// worst first, then by namespace, name and kind.
pub fn rows(store: &Store, scope: Option<&str>, now: i64) -> Vec<WorkloadRow> {
    rows_until(store, scope, now).0
}

/// [`rows`], and the first time after `now` at which they differ by time
/// alone (a rollout reaching its progress deadline,
/// [`super::workloads::stalls_at`]; `None`: never). The rows hold no age.
pub fn rows_until(store: &Store, scope: Option<&str>, now: i64) -> (Vec<WorkloadRow>, Option<i64>) {
    let in_scope = |ns: &str| scope.is_none_or(|s| s == ns);
    let started = revision_starts(store);
    let mut until: Option<i64> = None;
    let mut out: Vec<WorkloadRow> = [&store.deployments, &store.statefulsets, &store.daemonsets]
        .into_iter()
        .flat_map(|t| t.items.values())
        .filter(|w| in_scope(&w.namespace))
        .map(|w| {
            if let Some(t) = super::workloads::stalls_at(w, now) {
                until = Some(until.map_or(t, |u| u.min(t)));
            }
            workload_row(w, &started, now)
        })
        .collect();
    out.extend(
        store
            .cronjobs
            .items
            .values()
            .filter(|c| in_scope(&c.namespace))
            .map(|c| {
                let last = last_job(store, c);
                let (state, rank, problem) = if c.suspended {
                    ("Suspended", rank(Phase::Paused), false)
                } else {
                    match last {
                        Some(j) => job_state(j),
                        None => ("Never run", rank(Phase::Complete), false),
                    }
                };
                let message = match last {
                    Some(j) => format!("last run {}: {}", j.name, job_message(j)),
                    None if c.last_schedule.is_some() => "its last Job is gone".into(),
                    None => "never scheduled".into(),
                };
                WorkloadRow {
                    kind: "CronJob".into(),
                    namespace: c.namespace.clone(),
                    name: c.name.clone(),
                    desired: last.map_or(0, |j| j.completions),
                    ready: last.map_or(0, |j| j.succeeded),
                    updated: None,
                    available: None,
                    state,
                    rank,
                    problem,
                    message,
                    revision: None,
                    since: c.last_schedule.or(last.and_then(|j| j.started)),
                    selector: Box::default(),
                }
            }),
    );
    out.extend(
        store
            .jobs
            .items
            .values()
            .filter(|j| j.cronjob.is_none() && in_scope(&j.namespace))
            .map(|j| {
                let (state, rank, problem) = job_state(j);
                WorkloadRow {
                    kind: "Job".into(),
                    namespace: j.namespace.clone(),
                    name: j.name.clone(),
                    desired: j.completions,
                    ready: j.succeeded,
                    updated: None,
                    available: None,
                    state,
                    rank,
                    problem,
                    message: job_message(j),
                    revision: None,
                    since: j.started,
                    selector: Box::default(),
                }
            }),
    );
    out.sort_by(|a, b| {
        (a.rank, &a.namespace, &a.name, &a.kind).cmp(&(b.rank, &b.namespace, &b.name, &b.kind))
    });
    (out, until)
}

fn workload_row(w: &WorkloadRecord, started: &HashMap<(&str, &str, i64), i64>, now: i64) -> WorkloadRow {
    let status = kubectl_status(w);
    let p = phase(w, &status, now);
    let r = &w.rollout;
    let revision = match &*w.kind {
        "Deployment" => r.revision.map(|n| n.to_string()),
        "StatefulSet" => r.update_revision.as_deref().map(|u| {
            let prefix = format!("{}-", w.name);
            u.strip_prefix(&prefix).unwrap_or(u).to_string()
        }),
        _ => None,
    };
    let since = match (&*w.kind, r.revision) {
        ("Deployment", Some(n)) => started.get(&(&*w.namespace, &*w.name, n)).copied(),
        _ => None,
    }
    .or_else(|| (r.generation <= 1).then_some(r.created).flatten());
    WorkloadRow {
        kind: w.kind.clone(),
        namespace: w.namespace.clone(),
        name: w.name.clone(),
        desired: w.replicas,
        ready: w.ready,
        updated: Some(r.updated),
        available: Some(r.available),
        state: p.label(),
        rank: rank(p),
        problem: p.is_problem(),
        message: status.message,
        revision,
        since,
        selector: w.selector.clone(),
    }
}

/// When each Deployment revision began: the creation time of the
/// ReplicaSet of that revision, by (namespace, Deployment, revision).
fn revision_starts(store: &Store) -> HashMap<(&str, &str, i64), i64> {
    store
        .replicasets
        .items
        .iter()
        .filter_map(|((ns, _), rs)| Some(((&**ns, rs.deployment.as_deref()?, rs.revision?), rs.created?)))
        .collect()
}

/// A Job's state, rank and whether it is a problem.
fn job_state(j: &JobRecord) -> (&'static str, u8, bool) {
    match j.outcome {
        JobOutcome::Failed => ("Failed", rank(Phase::Unavailable), true),
        JobOutcome::Running => ("Running", rank(Phase::Progressing), false),
        JobOutcome::Succeeded => ("Complete", rank(Phase::Complete), false),
    }
}

/// A Job's run in words: `2/3 succeeded, 1 active, 4 failed` and its
/// failure reason.
fn job_message(j: &JobRecord) -> String {
    let mut m = format!("{}/{} succeeded", j.succeeded, j.completions);
    if j.active > 0 {
        m.push_str(&format!(", {} active", j.active));
    }
    if j.failed > 0 {
        m.push_str(&format!(", {} failed", j.failed));
    }
    if let Some(f) = &j.failure {
        m.push_str(&format!(" ({f})"));
    }
    m
}
