//! The `apps` group, slim: Deployments, StatefulSets and DaemonSets (their
//! replicas, selector, and what `kubectl rollout status` reads), and
//! ReplicaSets (owner, revision, replicas).

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};
use serde::Deserialize;

use super::meta::{Selector, slim_meta};
use super::slim_resource;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkloadSpec {
    pub replicas: Option<i32>,
    #[serde(default)]
    pub selector: Selector,
    /// Deployments: `spec.paused`.
    #[serde(default)]
    pub paused: bool,
    /// StatefulSets and DaemonSets: `spec.updateStrategy`.
    pub update_strategy: Option<UpdateStrategy>,
}

/// `spec.updateStrategy` of a StatefulSet or DaemonSet.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateStrategy {
    #[serde(rename = "type")]
    pub type_: Option<String>,
    pub rolling_update: Option<RollingUpdate>,
}

/// `spec.updateStrategy.rollingUpdate` (kon reads only the partition).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RollingUpdate {
    pub partition: Option<i32>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkloadStatus {
    pub observed_generation: Option<i64>,
    pub replicas: Option<i32>,
    pub ready_replicas: Option<i32>,
    pub available_replicas: Option<i32>,
    pub unavailable_replicas: Option<i32>,
    pub updated_replicas: Option<i32>,
    /// StatefulSets.
    pub current_replicas: Option<i32>,
    pub current_revision: Option<String>,
    pub update_revision: Option<String>,
    /// DaemonSets.
    pub desired_number_scheduled: Option<i32>,
    pub current_number_scheduled: Option<i32>,
    pub number_ready: Option<i32>,
    pub updated_number_scheduled: Option<i32>,
    pub number_available: Option<i32>,
    pub number_unavailable: Option<i32>,
    #[serde(default)]
    pub conditions: Vec<WorkloadCondition>,
}

/// A Deployment's (or StatefulSet's) status condition, with its times.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkloadCondition {
    #[serde(rename = "type", default)]
    pub type_: String,
    #[serde(default)]
    pub status: String,
    pub reason: Option<String>,
    pub message: Option<String>,
    pub last_update_time: Option<Time>,
    pub last_transition_time: Option<Time>,
}

macro_rules! workload {
    ($name:ident, $kind:literal, $plural:literal) => {
        #[derive(Debug, Clone, Default, PartialEq, Deserialize)]
        pub struct $name {
            #[serde(deserialize_with = "slim_meta", default)]
            pub metadata: ObjectMeta,
            #[serde(default)]
            pub spec: WorkloadSpec,
            #[serde(default)]
            pub status: WorkloadStatus,
        }
        slim_resource!(
            $name,
            "apps",
            "v1",
            $kind,
            $plural,
            k8s_openapi::NamespaceResourceScope
        );
    };
}
workload!(SlimDeployment, "Deployment", "deployments");
workload!(SlimStatefulSet, "StatefulSet", "statefulsets");
workload!(SlimDaemonSet, "DaemonSet", "daemonsets");

/// A ReplicaSet: its owner (the Deployment), its revision (annotation) and
/// replicas.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct SlimReplicaSet {
    #[serde(deserialize_with = "slim_meta", default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: ReplicaSetSpec,
    #[serde(default)]
    pub status: ReplicaSetStatus,
}
slim_resource!(
    SlimReplicaSet,
    "apps",
    "v1",
    "ReplicaSet",
    "replicasets",
    k8s_openapi::NamespaceResourceScope
);

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplicaSetSpec {
    pub replicas: Option<i32>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplicaSetStatus {
    pub replicas: Option<i32>,
    pub ready_replicas: Option<i32>,
}
