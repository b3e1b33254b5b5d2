//! The `networking.k8s.io` group, slim: NetworkPolicies (only that they
//! exist).

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::Deserialize;

use super::meta::slim_meta;
use super::slim_resource;

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
