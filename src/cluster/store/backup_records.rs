//! Views of the objects that say when etcd (or the cluster) was last backed
//! up: Velero Backups and Schedules, k3s/RKE2 ETCDSnapshotFiles, and the
//! CronJobs (with their Jobs) that take etcd snapshots.

use std::sync::Arc;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};

use super::intern::Interner;
use crate::cluster::slim::batch::{SlimCronJob, SlimJob};
use crate::cluster::slim::k3s::SlimEtcdSnapshotFile;
use crate::cluster::slim::velero::{SlimVeleroBackup, SlimVeleroSchedule};

/// A Velero `Backup` (velero.io/v1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VeleroBackupRecord {
    pub namespace: Arc<str>,
    pub name: Arc<str>,
    /// `status.phase`: `Completed`, `PartiallyFailed`, `Failed`, `InProgress`, `New`, ...
    pub phase: Arc<str>,
    /// The `velero.io/schedule-name` label.
    pub schedule: Option<Arc<str>>,
    /// `status.startTimestamp`, `status.completionTimestamp`, Unix seconds.
    pub started: Option<i64>,
    pub completed: Option<i64>,
    /// `status.errors`.
    pub errors: u32,
    /// `status.failureReason`.
    pub failure_reason: Option<String>,
}

/// A Velero `Schedule` (velero.io/v1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VeleroScheduleRecord {
    pub namespace: Arc<str>,
    pub name: Arc<str>,
    /// `spec.schedule` (cron).
    pub cron: String,
    pub paused: bool,
    /// `status.lastBackup`, Unix seconds.
    pub last_backup: Option<i64>,
    /// `status.phase` (`Enabled`, `FailedValidation`, ...).
    pub phase: Option<Arc<str>>,
}

/// A k3s/RKE2 `ETCDSnapshotFile` (k3s.cattle.io/v1, cluster-scoped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EtcdSnapshotRecord {
    pub name: Arc<str>,
    /// `spec.nodeName`, `spec.location`.
    pub node: Option<Arc<str>>,
    pub location: Option<String>,
    /// `status.creationTime`, Unix seconds.
    pub created: Option<i64>,
    /// `status.readyToUse`.
    pub ready: Option<bool>,
    /// `status.error.message`.
    pub error: Option<String>,
    /// `status.size`, as the object says it (a quantity).
    pub size: Option<String>,
}

/// A CronJob (batch/v1), any: the backups model picks the etcd ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CronJobRecord {
    pub namespace: Arc<str>,
    pub name: Arc<str>,
    pub labels: Box<[(Arc<str>, Arc<str>)]>,
    pub cron: String,
    pub suspended: bool,
    /// `status.lastScheduleTime`, `status.lastSuccessfulTime`, Unix seconds.
    pub last_schedule: Option<i64>,
    pub last_successful: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobOutcome {
    Running,
    Succeeded,
    Failed,
}

/// A Job (batch/v1): the backups model reads those a CronJob owns, the
/// workloads view every one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobRecord {
    pub namespace: Arc<str>,
    pub name: Arc<str>,
    /// The owning CronJob's name (`None`: a Job of its own).
    pub cronjob: Option<Arc<str>>,
    /// `spec.completions` (default 1), `status.active`, `status.succeeded`,
    /// `status.failed`.
    pub completions: i32,
    pub active: i32,
    pub succeeded: i32,
    pub failed: i32,
    /// `status.startTime` (else creation), `status.completionTime`, Unix seconds.
    pub started: Option<i64>,
    pub finished: Option<i64>,
    pub outcome: JobOutcome,
    /// The `Failed` condition's reason and message.
    pub failure: Option<String>,
}

fn secs(t: &Option<Time>) -> Option<i64> {
    t.as_ref().map(|t| t.0.as_second())
}

fn ns_name(m: &ObjectMeta, i: &mut Interner) -> (Arc<str>, Arc<str>) {
    (
        i.get(m.namespace.as_deref().unwrap_or("")),
        i.get(m.name.as_deref().unwrap_or("")),
    )
}

impl VeleroBackupRecord {
    pub fn from_slim(b: &SlimVeleroBackup, i: &mut Interner) -> Self {
        let (namespace, name) = ns_name(&b.metadata, i);
        let schedule = b
            .metadata
            .labels
            .as_ref()
            .and_then(|l| l.get("velero.io/schedule-name"))
            .map(|s| i.get(s));
        Self {
            namespace,
            name,
            phase: i.get(b.status.phase.as_deref().unwrap_or("New")),
            schedule,
            started: secs(&b.status.start_timestamp),
            completed: secs(&b.status.completion_timestamp),
            errors: b.status.errors.unwrap_or(0),
            failure_reason: b.status.failure_reason.clone().filter(|r| !r.is_empty()),
        }
    }
}

impl VeleroScheduleRecord {
    pub fn from_slim(s: &SlimVeleroSchedule, i: &mut Interner) -> Self {
        let (namespace, name) = ns_name(&s.metadata, i);
        Self {
            namespace,
            name,
            cron: s.spec.schedule.clone(),
            paused: s.spec.paused,
            last_backup: secs(&s.status.last_backup),
            phase: s.status.phase.as_deref().map(|p| i.get(p)),
        }
    }
}

impl EtcdSnapshotRecord {
    pub fn from_slim(s: &SlimEtcdSnapshotFile, i: &mut Interner) -> Self {
        let size = s.status.size.as_ref().map(|v| match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        });
        Self {
            name: i.get(s.metadata.name.as_deref().unwrap_or("")),
            node: s.spec.node_name.as_deref().map(|n| i.get(n)),
            location: s.spec.location.clone(),
            created: secs(&s.status.creation_time),
            ready: s.status.ready_to_use,
            error: s.status.error.as_ref().and_then(|e| e.message.clone()),
            size,
        }
    }
}

impl CronJobRecord {
    pub fn from_slim(c: &SlimCronJob, i: &mut Interner) -> Self {
        let (namespace, name) = ns_name(&c.metadata, i);
        let mut labels: Vec<(Arc<str>, Arc<str>)> = c
            .metadata
            .labels
            .iter()
            .flatten()
            .map(|(k, v)| (i.get(k), i.get(v)))
            .collect();
        labels.sort();
        Self {
            namespace,
            name,
            labels: labels.into_boxed_slice(),
            cron: c.spec.schedule.clone(),
            suspended: c.spec.suspend,
            last_schedule: secs(&c.status.last_schedule_time),
            last_successful: secs(&c.status.last_successful_time),
        }
    }
}

impl JobRecord {
    pub fn from_slim(j: &SlimJob, i: &mut Interner) -> Self {
        let cronjob = j
            .metadata
            .owner_references
            .iter()
            .flatten()
            .find(|o| o.controller == Some(true) && o.kind == "CronJob")
            .map(|o| i.get(&o.name));
        let (namespace, name) = ns_name(&j.metadata, i);
        let cond = |t: &str| {
            j.status
                .conditions
                .iter()
                .find(|c| c.type_ == t && c.status == "True")
        };
        let (outcome, failure) = if let Some(f) = cond("Failed") {
            let why = [f.reason.as_deref(), f.message.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(": ");
            (JobOutcome::Failed, Some(why).filter(|w| !w.is_empty()))
        } else if cond("Complete").is_some() {
            (JobOutcome::Succeeded, None)
        } else {
            (JobOutcome::Running, None)
        };
        let created = j.metadata.creation_timestamp.as_ref().map(|t| t.0.as_second());
        Self {
            namespace,
            name,
            cronjob,
            completions: j.spec.completions.unwrap_or(1),
            active: j.status.active.unwrap_or(0),
            succeeded: j.status.succeeded.unwrap_or(0),
            failed: j.status.failed.unwrap_or(0),
            started: secs(&j.status.start_time).or(created),
            finished: secs(&j.status.completion_time),
            outcome,
            failure,
        }
    }
}
