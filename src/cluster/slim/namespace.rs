//! Namespaces and what constrains them (ResourceQuotas, LimitRanges), slim:
//! core `v1`.

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
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
