//! Workloads, PodDisruptionBudgets and NetworkPolicies, slim.

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use serde::Deserialize;

use super::meta::slim_meta;
use super::slim_resource;

/// A label selector: `matchLabels`, and whether `matchExpressions` exist.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Selector {
    #[serde(default)]
    pub match_labels: BTreeMap<String, String>,
    #[serde(default)]
    pub match_expressions: Vec<serde_json::Value>,
}

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

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct SlimPdb {
    #[serde(deserialize_with = "slim_meta", default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: PdbSpec,
    #[serde(default)]
    pub status: PdbStatus,
}
slim_resource!(
    SlimPdb,
    "policy",
    "v1",
    "PodDisruptionBudget",
    "poddisruptionbudgets",
    k8s_openapi::NamespaceResourceScope
);

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PdbSpec {
    pub min_available: Option<IntOrString>,
    pub max_unavailable: Option<IntOrString>,
    #[serde(default)]
    pub selector: Selector,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PdbStatus {
    #[serde(default)]
    pub disruptions_allowed: i32,
    #[serde(default)]
    pub current_healthy: i32,
    #[serde(default)]
    pub desired_healthy: i32,
    #[serde(default)]
    pub expected_pods: i32,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct SlimNetworkPolicy {
    #[serde(deserialize_with = "slim_meta", default)]
    pub metadata: ObjectMeta,
}
slim_resource!(
    SlimNetworkPolicy,
    "networking.k8s.io",
    "v1",
    "NetworkPolicy",
    "networkpolicies",
    k8s_openapi::NamespaceResourceScope
);
