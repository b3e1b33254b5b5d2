//! The `discovery.k8s.io` group, slim: the EndpointSlices of the
//! `default/kubernetes` Service (the API server addresses).

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::Deserialize;

use super::meta::slim_meta;
use super::slim_resource;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct SlimEndpointSlice {
    #[serde(deserialize_with = "slim_meta", default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub endpoints: Vec<Endpoint>,
}
slim_resource!(
    SlimEndpointSlice,
    "discovery.k8s.io",
    "v1",
    "EndpointSlice",
    "endpointslices",
    k8s_openapi::NamespaceResourceScope
);

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Endpoint {
    #[serde(default)]
    pub addresses: Vec<String>,
    #[serde(default)]
    pub conditions: EndpointConditions,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct EndpointConditions {
    /// Unset means ready (the API's documented default).
    pub ready: Option<bool>,
}

/// The label that ties an EndpointSlice to its Service.
pub const SERVICE_NAME_LABEL: &str = "kubernetes.io/service-name";

/// The label selector of the `default/kubernetes` Service's EndpointSlices.
pub const API_ENDPOINTS_SELECTOR: &str = "kubernetes.io/service-name=kubernetes";
