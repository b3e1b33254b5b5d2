//! The `velero.io` group, slim: Velero Backups and Schedules.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};
use serde::Deserialize;

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
