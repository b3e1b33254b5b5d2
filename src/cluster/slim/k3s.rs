//! The `k3s.cattle.io` group, slim: the ETCDSnapshotFiles of k3s and RKE2.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};
use serde::Deserialize;

use super::meta::slim_meta;
use super::slim_resource;

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
