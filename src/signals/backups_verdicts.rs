//! What each source of the etcd backups pane says: the rows of Velero,
//! the ETCDSnapshotFiles and the backup directory, the verdicts of every
//! source and of backups as a whole, and the short texts they use.

use std::collections::HashMap;

use super::{BackupRow, DirScan, HOUR, RowKind, Section, VELERO_FAILED, row};
use crate::cluster::store::Store;
use crate::cluster::store::backup_records::{EtcdSnapshotRecord, JobOutcome, JobRecord, VeleroBackupRecord};
use crate::signals::quotas::bytes;
use crate::signals::verdict::{Level, Verdict, age};

const DAY: i64 = 24 * HOUR;

/// `1 error`, `3 errors`.
pub(super) fn count(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// A setting's duration as people say it: `24h`, `36h`, `7d`, `90m`.
pub fn duration(secs: i64) -> String {
    if secs >= 3 * DAY && secs % DAY == 0 {
        format!("{}d", secs / DAY)
    } else if secs > 0 && secs % HOUR == 0 {
        format!("{}h", secs / HOUR)
    } else {
        age(secs)
    }
}

/// ` 5h ago`, or nothing without a time.
fn ago(t: Option<i64>, now: i64) -> String {
    t.map(|t| format!(" {} ago", age(now.saturating_sub(t))))
        .unwrap_or_default()
}

pub(super) fn schedule(name: &str, paused: bool, invalid: bool) -> Option<Verdict> {
    if paused {
        Some(Verdict::warn(format!(
            "Velero schedule {name} is paused: it takes no backups"
        )))
    } else if invalid {
        Some(Verdict::warn(format!(
            "Velero schedule {name} failed validation: it takes no backups"
        )))
    } else {
        None
    }
}

/// `Velero backup velero/nightly-0045 (schedule nightly) PartiallyFailed 5h ago: 3 errors; reason`.
pub(super) fn velero_failed(b: &VeleroBackupRecord, now: i64) -> Verdict {
    let schedule = b
        .schedule
        .as_ref()
        .map(|s| format!(" (schedule {s})"))
        .unwrap_or_default();
    let mut why: Vec<String> = Vec::new();
    if b.errors > 0 {
        why.push(count(b.errors as usize, "error"));
    }
    why.extend(b.failure_reason.clone());
    let why = if why.is_empty() {
        String::new()
    } else {
        format!(": {}", why.join("; "))
    };
    Verdict::warn(format!(
        "Velero backup {}/{}{schedule} {}{}{why}",
        b.namespace,
        b.name,
        b.phase,
        ago(b.completed.or(b.started), now)
    ))
}

pub(super) fn snapshot_failed(s: &EtcdSnapshotRecord, error: &str, now: i64) -> Verdict {
    let node = s
        .node
        .as_ref()
        .map(|n| format!(" (node {n})"))
        .unwrap_or_default();
    Verdict::warn(format!(
        "ETCDSnapshotFile {}{node} failed{}: {error}",
        s.name,
        ago(s.created, now)
    ))
}

/// A suspended CronJob, and one whose last Job (`failed`) failed.
pub(super) fn cronjob(name: &str, suspended: bool, failed: Option<&JobRecord>, now: i64) -> Vec<Verdict> {
    let mut out = Vec::new();
    if suspended {
        out.push(Verdict::warn(format!(
            "CronJob {name} is suspended: it takes no etcd snapshots"
        )));
    }
    if let Some(j) = failed {
        out.push(Verdict::warn(format!("CronJob {name}: {}", job_note(j, now))));
    }
    out
}

/// `last run etcd-backup-289 failed 3h ago: BackoffLimitExceeded: …`.
pub(super) fn job_note(j: &JobRecord, now: i64) -> String {
    match j.outcome {
        JobOutcome::Running => format!("last run {} running, started{}", j.name, ago(j.started, now)),
        JobOutcome::Succeeded => format!(
            "last run {} succeeded{}",
            j.name,
            ago(j.finished.or(j.started), now)
        ),
        JobOutcome::Failed => {
            let why = j.failure.as_ref().map(|f| format!(": {f}")).unwrap_or_default();
            format!(
                "last run {} failed{}{why}",
                j.name,
                ago(j.finished.or(j.started), now)
            )
        }
    }
}

/// Schedules by name, then backups newest first. Warns of paused or
/// invalid schedules, and of each schedule (or the manual backups) whose
/// latest finished backup failed.
pub(super) fn velero_rows(
    store: &Store,
    schedules: bool,
    backups: bool,
    now: i64,
    out: &mut Vec<Verdict>,
) -> Vec<BackupRow> {
    let mut rows = Vec::new();
    if schedules {
        let mut all: Vec<_> = store.velero_schedules.items.values().collect();
        all.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
        for s in all {
            let name = format!("{}/{}", s.namespace, s.name);
            let mut r = row(RowKind::VeleroSchedule, name, s.last_backup, now);
            let invalid = s.phase.as_deref() == Some("FailedValidation");
            r.status = match (s.paused, invalid) {
                (true, _) => "paused",
                (false, true) => "FailedValidation",
                (false, false) => "enabled",
            }
            .into();
            if let Some(v) = schedule(&r.name, s.paused, invalid) {
                r.level = Level::Warn;
                out.push(v);
            }
            r.detail = format!("cron {}", s.cron);
            if s.last_backup.is_none() {
                r.notes.push("no backup yet".into());
            }
            rows.push(r);
        }
    }
    if !backups {
        return rows;
    }
    let mut all: Vec<&VeleroBackupRecord> = store.velero_backups.items.values().collect();
    all.sort_by(|a, b| {
        let t = |b: &VeleroBackupRecord| b.completed.or(b.started);
        t(b).cmp(&t(a))
            .then_with(|| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)))
    });
    // The latest finished backup of each schedule (None: manual ones).
    let mut latest: HashMap<Option<&str>, &VeleroBackupRecord> = HashMap::new();
    for b in &all {
        let finished = &*b.phase == "Completed" || VELERO_FAILED.contains(&&*b.phase);
        if finished {
            latest.entry(b.schedule.as_deref()).or_insert(b);
        }
        let mut r = row(
            RowKind::VeleroBackup,
            format!("{}/{}", b.namespace, b.name),
            b.completed.or(b.started),
            now,
        );
        r.status = b.phase.to_string();
        r.good = &*b.phase == "Completed" && r.time.is_some();
        r.failed = VELERO_FAILED.contains(&&*b.phase);
        if r.failed {
            r.level = Level::Warn;
        }
        r.detail = match &b.schedule {
            Some(s) => format!("schedule {s}"),
            None => "manual".into(),
        };
        if b.errors > 0 {
            r.notes.push(count(b.errors as usize, "error"));
        }
        r.notes.extend(b.failure_reason.clone());
        rows.push(r);
    }
    let mut failed: Vec<&VeleroBackupRecord> = latest
        .into_values()
        .filter(|b| VELERO_FAILED.contains(&&*b.phase))
        .collect();
    failed.sort_by(|a, b| (&a.schedule, &a.name).cmp(&(&b.schedule, &b.name)));
    out.extend(failed.into_iter().map(|b| velero_failed(b, now)));
    rows
}

/// Newest first; warns of each node whose latest snapshot failed.
pub(super) fn snapshot_rows(store: &Store, now: i64, out: &mut Vec<Verdict>) -> Vec<BackupRow> {
    let mut all: Vec<_> = store.etcd_snapshots.items.values().collect();
    all.sort_by(|a, b| b.created.cmp(&a.created).then_with(|| a.name.cmp(&b.name)));
    let mut seen_nodes = Vec::new();
    let mut rows = Vec::with_capacity(all.len());
    for s in all {
        let mut r = row(RowKind::EtcdSnapshot, s.name.to_string(), s.created, now);
        r.failed = s.error.is_some();
        r.good = !r.failed && s.ready == Some(true) && s.created.is_some();
        r.status = match (r.failed, s.ready) {
            (true, _) => "FAILED",
            (false, Some(true)) => "ready",
            (false, Some(false)) => "not ready",
            (false, None) => "unknown",
        }
        .into();
        if r.failed {
            r.level = Level::Warn;
        }
        // The latest snapshot of each node (rows are newest first).
        if !seen_nodes.contains(&s.node) {
            seen_nodes.push(s.node.clone());
            if let Some(e) = &s.error {
                out.push(snapshot_failed(s, e, now));
            }
        }
        let node = s.node.as_ref().map(|n| format!("node {n}"));
        r.detail = [node, s.size.clone(), s.location.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
        r.notes.extend(s.error.clone());
        rows.push(r);
    }
    rows
}

/// The directory's newest file (or the directory, when it has none); warns
/// when there is no file, or the newest one is empty.
pub(super) fn dir_row(scan: &DirScan, now: i64, out: &mut Vec<Verdict>) -> BackupRow {
    let dir = scan.path.display();
    let Some((name, mtime, size)) = &scan.newest else {
        let mut r = row(RowKind::File, dir.to_string(), None, now);
        r.status = "no files".into();
        r.level = Level::Warn;
        out.push(Verdict::warn(format!("backup directory {dir} has no files")));
        return r;
    };
    let path = scan.path.join(name).display().to_string();
    let mut r = row(RowKind::File, path, Some(*mtime), now);
    r.detail = format!("{}, newest {}", count(scan.files, "file"), bytes(*size as f64));
    if *size == 0 {
        r.status = "empty file".into();
        r.failed = true;
        r.level = Level::Warn;
        out.push(Verdict::warn(format!(
            "the newest file in backup directory {dir} is empty: {name}"
        )));
    } else {
        use crate::local::snapshot_check::Integrity;
        match &scan.integrity {
            Some(Integrity::Corrupt) => {
                r.status = "corrupt: its SHA-256 does not match".into();
                r.failed = true;
                r.level = Level::Crit;
                out.push(Verdict::crit(format!(
                    "the newest file in backup directory {dir} is a damaged etcd snapshot (its SHA-256 does not match; etcdutl would refuse to restore it): {name}"
                )));
            }
            Some(Integrity::NotSnapshot { .. }) => {
                r.status = "not an etcd snapshot".into();
                r.failed = true;
                r.level = Level::Warn;
                out.push(Verdict::warn(format!(
                    "the newest file in backup directory {dir} is not an etcd snapshot (its size fits neither a snapshot nor a database): {name}"
                )));
            }
            Some(Integrity::Unreadable(e)) => {
                r.status = "unreadable".into();
                r.level = Level::Warn;
                out.push(Verdict::warn(format!(
                    "cannot check the newest etcd snapshot: {e}"
                )));
            }
            Some(Integrity::NoHash) => {
                r.status = "ok (a database copy: no hash to check)".into();
                r.good = true;
            }
            Some(Integrity::Valid) => {
                r.status = "ok, SHA-256 verified".into();
                r.good = true;
            }
            None => {
                r.status = "ok".into();
                r.good = true;
            }
        }
    }
    r
}

/// The conclusions about backups as a whole: none at all (crit), none
/// good (crit), the newest good older than the RPO (warn) or twice the RPO
/// (crit). With a source not checked, at most warn, saying so.
pub(super) fn overall(
    sections: &[Section],
    newest: Option<&(i64, String)>,
    rpo: i64,
    not_checked: &[&str],
    now: i64,
) -> Option<Verdict> {
    let caveat = match not_checked {
        [] => String::new(),
        some => format!(" ({} not checked)", some.join(", ")),
    };
    let level = |l: Level| if caveat.is_empty() { l } else { l.min(Level::Warn) };
    let present: Vec<&str> = sections
        .iter()
        .filter(|s| !s.rows.is_empty())
        .map(|s| s.source.label())
        .collect();
    let (l, message) = match newest {
        None if present.is_empty() && caveat.is_empty() => (
            Level::Crit,
            "no etcd backup found: no Velero, ETCDSnapshotFile, etcd CronJob or backup directory".to_owned(),
        ),
        None if present.is_empty() => (
            Level::Crit,
            format!("no etcd backup found in the sources kon can read{caveat}"),
        ),
        None => (
            Level::Crit,
            format!("no successful etcd backup in {}{caveat}", present.join(", ")),
        ),
        Some((t, name)) => {
            let old = now.saturating_sub(*t);
            let l = if old > rpo.saturating_mul(2) {
                Level::Crit
            } else if old > rpo {
                Level::Warn
            } else {
                return None;
            };
            let message = format!(
                "newest etcd backup is {} old ({name}), RPO {}{caveat}",
                age(old),
                duration(rpo)
            );
            (l, message)
        }
    };
    Some(Verdict {
        level: level(l),
        message,
    })
}

/// The tile when nothing is wrong.
pub(super) fn all_ok(newest: Option<&(i64, String)>, rpo: i64, settled: bool, now: i64) -> String {
    match newest {
        Some((t, name)) => format!(
            "newest backup {} ago ({name}), RPO {}",
            age(now.saturating_sub(*t)),
            duration(rpo)
        ),
        None if settled => "no etcd backup found".into(),
        None => "checking etcd backups".into(),
    }
}
