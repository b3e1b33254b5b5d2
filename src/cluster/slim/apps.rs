//! The `apps` group, slim: Deployments, StatefulSets and DaemonSets (their
//! replicas and selector), and ReplicaSets (only their owner).

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::Deserialize;

use super::meta::{Selector, slim_meta};
use super::slim_resource;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkloadSpec {
    pub replicas: Option<i32>,
    #[serde(default)]
    pub selector: Selector,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkloadStatus {
    pub replicas: Option<i32>,
    pub ready_replicas: Option<i32>,
    pub available_replicas: Option<i32>,
    pub desired_number_scheduled: Option<i32>,
    pub number_ready: Option<i32>,
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

/// A ReplicaSet: kon needs only which Deployment owns it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct SlimReplicaSet {
    #[serde(deserialize_with = "slim_meta", default)]
    pub metadata: ObjectMeta,
}
slim_resource!(
    SlimReplicaSet,
    "apps",
    "v1",
    "ReplicaSet",
    "replicasets",
    k8s_openapi::NamespaceResourceScope
);
