//! Views of the objects that say when etcd (or the cluster) was last backed
//! up: Velero Backups and Schedules, k3s/RKE2 ETCDSnapshotFiles, and the
//! CronJobs (with their Jobs) that take etcd snapshots.

use std::sync::Arc;

/// A Velero `Backup` (velero.io/v1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VeleroBackupView {
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
pub struct VeleroScheduleView {
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
pub struct EtcdSnapshotView {
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
pub struct CronJobView {
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

/// A Job (batch/v1) owned by a CronJob; other Jobs are not kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobView {
    pub namespace: Arc<str>,
    pub name: Arc<str>,
    /// The owning CronJob's name.
    pub cronjob: Arc<str>,
    /// `status.startTime` (else creation), `status.completionTime`, Unix seconds.
    pub started: Option<i64>,
    pub finished: Option<i64>,
    pub outcome: JobOutcome,
    /// The `Failed` condition's reason and message.
    pub failure: Option<String>,
}
