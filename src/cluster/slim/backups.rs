//! Backup-bearing objects, slim: Velero Backups and Schedules, k3s/RKE2
//! ETCDSnapshotFiles, CronJobs and Jobs.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};
use serde::Deserialize;

use super::certs::Condition;
use super::meta::slim_meta;
use super::slim_resource;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct SlimVeleroBackup {
    #[serde(deserialize_with = "slim_meta", default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub status: VeleroBackupStatus,
}
slim_resource!(
    SlimVeleroBackup,
    "velero.io",
    "v1",
    "Backup",
    "backups",
    k8s_openapi::NamespaceResourceScope
);

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VeleroBackupStatus {
    pub phase: Option<String>,
    pub start_timestamp: Option<Time>,
    pub completion_timestamp: Option<Time>,
    pub errors: Option<u32>,
    pub failure_reason: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct SlimVeleroSchedule {
    #[serde(deserialize_with = "slim_meta", default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: VeleroScheduleSpec,
    #[serde(default)]
    pub status: VeleroScheduleStatus,
}
slim_resource!(
    SlimVeleroSchedule,
    "velero.io",
    "v1",
    "Schedule",
    "schedules",
    k8s_openapi::NamespaceResourceScope
);

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct VeleroScheduleSpec {
    #[serde(default)]
    pub schedule: String,
    #[serde(default)]
    pub paused: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VeleroScheduleStatus {
    pub phase: Option<String>,
    pub last_backup: Option<Time>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct SlimEtcdSnapshotFile {
    #[serde(deserialize_with = "slim_meta", default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: EtcdSnapshotSpec,
    #[serde(default)]
    pub status: EtcdSnapshotStatus,
}
slim_resource!(
    SlimEtcdSnapshotFile,
    "k3s.cattle.io",
    "v1",
    "ETCDSnapshotFile",
    "etcdsnapshotfiles",
    k8s_openapi::ClusterResourceScope
);

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EtcdSnapshotSpec {
    pub node_name: Option<String>,
    pub location: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EtcdSnapshotStatus {
    pub creation_time: Option<Time>,
    pub ready_to_use: Option<bool>,
    pub error: Option<SnapshotError>,
    /// A quantity; the API may send a string or a number.
    pub size: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct SnapshotError {
    pub message: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct SlimCronJob {
    #[serde(deserialize_with = "slim_meta", default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: CronJobSpec,
    #[serde(default)]
    pub status: CronJobStatus,
}
slim_resource!(
    SlimCronJob,
    "batch",
    "v1",
    "CronJob",
    "cronjobs",
    k8s_openapi::NamespaceResourceScope
);

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct CronJobSpec {
    #[serde(default)]
    pub schedule: String,
    #[serde(default)]
    pub suspend: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CronJobStatus {
    pub last_schedule_time: Option<Time>,
    pub last_successful_time: Option<Time>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct SlimJob {
    #[serde(deserialize_with = "slim_meta", default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub status: JobStatus,
}
slim_resource!(
    SlimJob,
    "batch",
    "v1",
    "Job",
    "jobs",
    k8s_openapi::NamespaceResourceScope
);

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobStatus {
    #[serde(default)]
    pub conditions: Vec<Condition>,
    pub start_time: Option<Time>,
    pub completion_time: Option<Time>,
}
