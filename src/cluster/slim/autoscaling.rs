//! The `autoscaling` group, slim: HorizontalPodAutoscalers (their target
//! only).

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::Deserialize;

use super::meta::slim_meta;
use super::slim_resource;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct SlimHpa {
    #[serde(deserialize_with = "slim_meta", default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: HpaSpec,
}
slim_resource!(
    SlimHpa,
    "autoscaling",
    "v2",
    "HorizontalPodAutoscaler",
    "horizontalpodautoscalers",
    k8s_openapi::NamespaceResourceScope
);

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HpaSpec {
    #[serde(default)]
    pub scale_target_ref: TargetRef,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct TargetRef {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub name: String,
}
