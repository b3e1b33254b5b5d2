//! Namespaces and Leases, slim.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{MicroTime, ObjectMeta};
use serde::Deserialize;

use super::meta::slim_meta;
use super::slim_resource;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct SlimNamespace {
    #[serde(deserialize_with = "slim_meta", default)]
    pub metadata: ObjectMeta,
}
slim_resource!(
    SlimNamespace,
    "",
    "v1",
    "Namespace",
    "namespaces",
    k8s_openapi::ClusterResourceScope
);

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct SlimLease {
    #[serde(deserialize_with = "slim_meta", default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: LeaseSpec,
}
slim_resource!(
    SlimLease,
    "coordination.k8s.io",
    "v1",
    "Lease",
    "leases",
    k8s_openapi::NamespaceResourceScope
);

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LeaseSpec {
    pub holder_identity: Option<String>,
    pub renew_time: Option<MicroTime>,
    pub lease_duration_seconds: Option<i32>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct SlimResourceQuota {
    #[serde(deserialize_with = "slim_meta", default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub status: QuotaStatus,
}
slim_resource!(
    SlimResourceQuota,
    "",
    "v1",
    "ResourceQuota",
    "resourcequotas",
    k8s_openapi::NamespaceResourceScope
);

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct QuotaStatus {
    #[serde(default)]
    pub hard: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    pub used: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct SlimLimitRange {
    #[serde(deserialize_with = "slim_meta", default)]
    pub metadata: ObjectMeta,
}
slim_resource!(
    SlimLimitRange,
    "",
    "v1",
    "LimitRange",
    "limitranges",
    k8s_openapi::NamespaceResourceScope
);
