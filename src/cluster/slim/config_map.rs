//! A ConfigMap, slim: its name only (kon reads whether
//! `kube-system/kubeadm-config` exists, never a ConfigMap's data).

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::Deserialize;

use super::meta::slim_meta;
use super::slim_resource;

/// The field selector of the one ConfigMap kon reads (in kube-system).
pub const KUBEADM_CONFIG_SELECTOR: &str = "metadata.name=kubeadm-config";

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct SlimConfigMap {
    #[serde(deserialize_with = "slim_meta", default)]
    pub metadata: ObjectMeta,
}
slim_resource!(
    SlimConfigMap,
    "",
    "v1",
    "ConfigMap",
    "configmaps",
    k8s_openapi::NamespaceResourceScope
);
