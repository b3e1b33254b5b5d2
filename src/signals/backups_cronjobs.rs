//! The etcd backup CronJobs: which CronJobs take etcd snapshots, their
//! last Jobs, and their rows in the backups pane.

use super::{BackupRow, BackupSettings, RowKind, row};
use crate::cluster::store::Store;
use crate::cluster::store::backup_records::{CronJobRecord, JobOutcome, JobRecord};
use crate::signals::verdict::{Level, Verdict};

/// Whether `c` takes etcd snapshots: by the configured label, else by a
/// name with `etcd` and `backup` or `snapshot` (any case).
pub fn is_etcd_cronjob(c: &CronJobRecord, settings: &BackupSettings) -> bool {
    match &settings.cronjob_label {
        Some((key, value)) => c
            .labels
            .iter()
            .any(|(k, v)| **k == **key && value.as_deref().is_none_or(|want| **v == *want)),
        None => {
            let n = c.name.to_lowercase();
            n.contains("etcd") && (n.contains("backup") || n.contains("snapshot"))
        }
    }
}

/// The Jobs of CronJob `c`.
fn jobs_of<'a>(store: &'a Store, c: &'a CronJobRecord) -> impl Iterator<Item = &'a JobRecord> {
    store
        .jobs
        .items
        .values()
        .filter(|j| j.namespace == c.namespace && j.cronjob.as_ref() == Some(&c.name))
}

/// The newest Job of `c` by start time.
pub fn last_job<'a>(store: &'a Store, c: &'a CronJobRecord) -> Option<&'a JobRecord> {
    jobs_of(store, c).max_by(|a, b| a.started.cmp(&b.started).then_with(|| a.name.cmp(&b.name)))
}

/// The etcd CronJobs by name; their good time is the later of
/// `lastSuccessfulTime` and the newest succeeded Job's completion. Warns
/// of a suspended one and of one whose last Job failed.
pub(super) fn cronjob_rows(
    store: &Store,
    settings: &BackupSettings,
    jobs: bool,
    now: i64,
    out: &mut Vec<Verdict>,
) -> Vec<BackupRow> {
    let mut all: Vec<&CronJobRecord> = store
        .cronjobs
        .items
        .values()
        .filter(|c| is_etcd_cronjob(c, settings))
        .collect();
    all.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
    let mut rows = Vec::with_capacity(all.len());
    for c in all {
        let (last, succeeded) = if jobs {
            let done = jobs_of(store, c).filter(|j| j.outcome == JobOutcome::Succeeded);
            (last_job(store, c), done.filter_map(|j| j.finished).max())
        } else {
            (None, None)
        };
        let time = c.last_successful.max(succeeded);
        let mut r = row(RowKind::CronJob, format!("{}/{}", c.namespace, c.name), time, now);
        r.good = time.is_some();
        r.failed = last.is_some_and(|j| j.outcome == JobOutcome::Failed);
        r.status = match (c.suspended, r.failed, last.map(|j| j.outcome)) {
            (true, _, _) => "suspended",
            (false, true, _) => "last run failed",
            (false, false, Some(JobOutcome::Running)) => "running",
            _ if r.good => "ok",
            _ => "never succeeded",
        }
        .into();
        let found = super::verdicts::cronjob(&r.name, c.suspended, last.filter(|_| r.failed), now);
        if !found.is_empty() {
            r.level = Level::Warn;
        }
        out.extend(found);
        r.detail = format!("cron {}", c.cron);
        match last {
            Some(j) => r.notes.push(super::verdicts::job_note(j, now)),
            None if !jobs => r.notes.push("Jobs not readable: last run unknown".into()),
            None => {}
        }
        rows.push(r);
    }
    rows
}
