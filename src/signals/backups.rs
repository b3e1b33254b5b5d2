//! The etcd backups pane: every source that says when the cluster was last
//! backed up (Velero Backups and Schedules, k3s/RKE2 ETCDSnapshotFiles, the
//! CronJobs that take etcd snapshots with their last Jobs, a snapshot
//! directory on this machine), the newest good backup of them all against
//! the recovery point objective, and what failed. The guidance: back etcd
//! up regularly so that the database can be restored.

use super::certs::unreadable_reason;
use super::verdict::{Level, Verdict, age, sort_worst_first, summarize};
use crate::cluster::store::{Store, SyncState};
pub use crate::local::backup_dir::DirScan;
use crate::platform::{self, Detection};

pub use verdicts::duration;

pub const HOUR: i64 = 3_600;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSettings {
    /// Recovery point objective: the newest good backup may be this old
    /// (warn beyond it, crit beyond twice it).
    pub rpo_secs: i64,
    /// The label (`key`, or `key` and value) that marks etcd backup
    /// CronJobs; `None`: a name with `etcd` and `backup` or `snapshot`.
    pub cronjob_label: Option<(String, Option<String>)>,
}

impl Default for BackupSettings {
    fn default() -> Self {
        Self {
            rpo_secs: 24 * HOUR,
            cronjob_label: None,
        }
    }
}

/// `key` or `key=value`, as a setting names the CronJob label; `None` when empty.
pub fn parse_label(s: &str) -> Option<(String, Option<String>)> {
    let s = s.trim();
    match s.split_once('=') {
        _ if s.is_empty() => None,
        Some((k, v)) => Some((k.trim().to_owned(), Some(v.trim().to_owned()))),
        None => Some((s.to_owned(), None)),
    }
}

/// A source of backups, in the order the pane shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SourceKind {
    Velero,
    EtcdSnapshots,
    CronJobs,
    Directory,
}

impl SourceKind {
    pub const ALL: [SourceKind; 4] = [
        SourceKind::Velero,
        SourceKind::EtcdSnapshots,
        SourceKind::CronJobs,
        SourceKind::Directory,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SourceKind::Velero => "Velero",
            SourceKind::EtcdSnapshots => "ETCDSnapshotFiles",
            SourceKind::CronJobs => "etcd CronJobs",
            SourceKind::Directory => "backup directory",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SectionState {
    /// Read (perhaps stale: the header says so).
    Read,
    /// Still arriving.
    Pending,
    /// Not there: the CRD is not installed, no directory is configured.
    Absent,
    /// Could not be read, and why (`forbidden (list backups.velero.io)`).
    NotChecked(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    VeleroSchedule,
    VeleroBackup,
    EtcdSnapshot,
    CronJob,
    /// The newest file of the backup directory.
    File,
}

/// One backup, schedule, CronJob or file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupRow {
    pub level: Level,
    pub kind: RowKind,
    /// `ns/name`, a snapshot's name, a file's path.
    pub name: String,
    /// When: a backup's completion (else start), a snapshot's creation, a
    /// CronJob's last success, a schedule's last backup, a file's mtime.
    pub time: Option<i64>,
    /// Seconds since `time`.
    pub age: Option<i64>,
    /// A word or two that reads without colour: `Completed`, `Failed`,
    /// `PartiallyFailed`, `ready`, `FAILED`, `paused`, `suspended`, …
    pub status: String,
    /// A restorable backup (its `time` counts for the RPO).
    pub good: bool,
    /// Its latest run failed.
    pub failed: bool,
    /// Where and what: schedule, node, size, location, cron.
    pub detail: String,
    /// Why it failed, what else to know.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub source: SourceKind,
    pub state: SectionState,
    /// Velero: schedules by name, then backups newest first; snapshots
    /// newest first; CronJobs by name; the directory's newest file.
    pub rows: Vec<BackupRow>,
    /// This source's newest good backup: (time, name).
    pub newest_good: Option<(i64, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupsModel {
    /// One per [`SourceKind`], in that order.
    pub sections: Vec<Section>,
    /// The newest good backup of every source: (time, name).
    pub newest_good: Option<(i64, String)>,
    /// Seconds since `newest_good`.
    pub newest_age: Option<i64>,
    pub rpo_secs: i64,
    /// Sources not checked (forbidden, unreachable) and not installed.
    pub missing: Vec<String>,
    /// Kinds still arriving (`"Velero Backups"`, `"CronJobs"`, …).
    pub pending: Vec<&'static str>,
    /// Worst first.
    pub verdicts: Vec<Verdict>,
    /// The dashboard tile's line and level.
    pub summary: Verdict,
    /// The platform judged by: on a managed one the provider backs etcd up.
    pub platform: Detection,
    /// Advice at info level (on a managed platform: no cluster backup, and
    /// the guidance's disaster-recovery advice), never a warning.
    pub notes: Vec<String>,
}

/// Builds the pane's model. `dir` is the scan of the configured snapshot
/// directory (`None`: none configured).
///
/// Conclusions about backups as a whole (none at all, none good, the
/// newest too old) wait until every source kind (Velero Backups and
/// Schedules, ETCDSnapshotFiles, CronJobs) is known: synced, stale,
/// absent, forbidden or unreachable. Jobs only add detail to CronJobs and
/// are not waited for. A kind that could not be read may hide a backup, so
/// while one is not checked such conclusions are at most a warning, and
/// say what was not checked.
pub fn model(
    store: &Store,
    dir: Option<&Result<DirScan, String>>,
    settings: &BackupSettings,
    now: i64,
) -> BackupsModel {
    model_on(store, dir, settings, &platform::UNKNOWN, now)
}

/// [`model`] on `platform`: on a managed one the provider runs etcd and
/// backs it up, so the conclusions about backups as a whole are about the
/// customer's cluster backups (Velero) and stay at info level, in
/// [`BackupsModel::notes`].
pub fn model_on(
    store: &Store,
    dir: Option<&Result<DirScan, String>>,
    settings: &BackupSettings,
    platform: &Detection,
    now: i64,
) -> BackupsModel {
    let managed = platform.is_managed();
    let mut notes = Vec::new();
    let mut verdicts = Vec::new();
    let mut pending = Vec::new();
    let mut missing: Vec<String> = Vec::new();
    let mut not_checked = Vec::new();
    // `hides`: a kind that may hold a good backup (its not being checked
    // weakens the conclusions).
    let mut state = |what: &'static str, s: &SyncState, absent: &str, hides: bool| match s {
        SyncState::Synced | SyncState::Stale { .. } => SectionState::Read,
        SyncState::NotStarted | SyncState::Syncing { .. } => {
            pending.push(what);
            SectionState::Pending
        }
        SyncState::Absent => {
            if !missing.iter().any(|m| m == absent) {
                missing.push(absent.to_owned());
            }
            SectionState::Absent
        }
        SyncState::Forbidden { .. } | SyncState::Unreachable { .. } => {
            let why = unreadable_reason(s).unwrap_or_default();
            let line = format!("{what} not checked: {why}");
            verdicts.push(Verdict::warn(line.clone()));
            missing.push(line);
            if hides {
                not_checked.push(what);
            }
            SectionState::NotChecked(why)
        }
    };
    let velero_absent = "Velero not installed";
    let backups = state("Velero Backups", &store.velero_backups.state, velero_absent, true);
    let schedules = state(
        "Velero Schedules",
        &store.velero_schedules.state,
        velero_absent,
        false,
    );
    let snapshots = state(
        "ETCDSnapshotFiles",
        &store.etcd_snapshots.state,
        "ETCDSnapshotFiles not served (not a k3s or RKE2 cluster)",
        true,
    );
    let cronjobs = state(
        "CronJobs",
        &store.cronjobs.state,
        "CronJobs not served by the API",
        true,
    );
    let jobs = state("Jobs", &store.jobs.state, "Jobs not served by the API", false);
    let conclusive = ![&backups, &schedules, &snapshots, &cronjobs].contains(&&SectionState::Pending);
    let dir_state = match dir {
        None => SectionState::Absent,
        Some(Ok(_)) => SectionState::Read,
        Some(Err(e)) => {
            verdicts.push(Verdict::warn(e.clone()));
            missing.push(e.clone());
            not_checked.push("backup directory");
            SectionState::NotChecked(e.clone())
        }
    };

    let read = |s: &SectionState| *s == SectionState::Read;
    let velero_state = if read(&backups) || read(&schedules) {
        SectionState::Read
    } else {
        backups.clone()
    };
    let (schedules_read, backups_read, jobs_read) = (read(&schedules), read(&backups), read(&jobs));
    let found = &mut verdicts;
    let velero = section(SourceKind::Velero, velero_state, || {
        verdicts::velero_rows(store, schedules_read, backups_read, now, found)
    });
    let snapshots = section(SourceKind::EtcdSnapshots, snapshots, || {
        verdicts::snapshot_rows(store, now, found)
    });
    let cronjobs = section(SourceKind::CronJobs, cronjobs, || {
        cronjob_rows(store, settings, jobs_read, now, found)
    });
    let directory = section(SourceKind::Directory, dir_state, || match dir {
        Some(Ok(scan)) => vec![verdicts::dir_row(scan, now, found)],
        _ => Vec::new(),
    });
    let sections = vec![velero, snapshots, cronjobs, directory];

    let newest_good = newest(sections.iter().filter_map(|s| s.newest_good.clone()));
    let newest_age = newest_good.as_ref().map(|(t, _)| now.saturating_sub(*t));
    if managed {
        verdicts.push(Verdict::ok(super::managed::etcd(platform)));
    }
    if conclusive {
        let overall = verdicts::overall(
            &sections,
            newest_good.as_ref(),
            settings.rpo_secs,
            &not_checked,
            now,
        );
        if managed {
            let nothing = sections.iter().all(|s| s.rows.is_empty()) && not_checked.is_empty();
            notes.extend(super::managed::cluster_backup_note(overall, nothing));
        } else {
            verdicts.extend(overall);
        }
    }
    sort_worst_first(&mut verdicts);
    let summary = summarize(&verdicts, || match (managed, &newest_good) {
        (true, Some((t, name))) => format!(
            "{}; newest cluster backup {} ago ({name})",
            super::managed::etcd(platform),
            age(now.saturating_sub(*t))
        ),
        (true, None) => super::managed::etcd(platform),
        _ => verdicts::all_ok(newest_good.as_ref(), settings.rpo_secs, pending.is_empty(), now),
    });
    BackupsModel {
        sections,
        newest_good,
        newest_age,
        rpo_secs: settings.rpo_secs,
        missing,
        pending,
        verdicts,
        summary,
        platform: platform.clone(),
        notes,
    }
}

/// A section whose rows are built only when it was read.
fn section(source: SourceKind, state: SectionState, rows: impl FnOnce() -> Vec<BackupRow>) -> Section {
    let rows = if state == SectionState::Read {
        rows()
    } else {
        Vec::new()
    };
    let newest_good = newest(
        rows.iter()
            .filter(|r| r.good)
            .filter_map(|r| Some((r.time?, r.name.clone()))),
    );
    Section {
        source,
        state,
        rows,
        newest_good,
    }
}

/// The newest of (time, name); the first of equals.
fn newest(all: impl Iterator<Item = (i64, String)>) -> Option<(i64, String)> {
    all.fold(None, |best, n| match best {
        Some(b) if b.0 >= n.0 => Some(b),
        _ => Some(n),
    })
}

fn row(kind: RowKind, name: String, time: Option<i64>, now: i64) -> BackupRow {
    BackupRow {
        level: Level::Ok,
        kind,
        name,
        time,
        age: time.map(|t| now.saturating_sub(t)),
        status: String::new(),
        good: false,
        failed: false,
        detail: String::new(),
        notes: Vec::new(),
    }
}

/// Velero phases that end a backup without a complete result.
pub const VELERO_FAILED: [&str; 3] = ["Failed", "PartiallyFailed", "FailedValidation"];

#[path = "backups_cronjobs.rs"]
mod cronjobs;
use cronjobs::cronjob_rows;
pub use cronjobs::{is_etcd_cronjob, last_job};

#[path = "backups_verdicts.rs"]
mod verdicts;

#[cfg(test)]
#[path = "backups_tests.rs"]
mod tests;
