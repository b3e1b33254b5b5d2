//! The `meta/v1` types, slim. `ObjectMeta`: name, namespace, uid,
//! resourceVersion, generation, labels, owner references, creation and deletion times,
//! and only the annotations kon reads; everything else (managedFields above
//! all) is skipped. A label selector, and a status condition.

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, OwnerReference, Time};
use serde::{Deserialize, Deserializer};

/// The annotations kon keeps.
pub const KEPT_ANNOTATIONS: &[&str] = &[
    "kubernetes.io/config.mirror",
    "cert-manager.io/issuer-name",
    REVISION_ANNOTATION,
];

/// A Deployment's (and its ReplicaSets') revision, as `kubectl rollout
/// history` numbers it.
pub const REVISION_ANNOTATION: &str = "deployment.kubernetes.io/revision";

/// The annotations kon keeps by prefix: k3s's and RKE2's on their nodes
/// (platform detection).
pub const KEPT_ANNOTATION_PREFIXES: &[&str] = &["k3s.io/", "rke2.io/"];

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Lite {
    name: Option<String>,
    namespace: Option<String>,
    uid: Option<String>,
    resource_version: Option<String>,
    generation: Option<i64>,
    #[serde(default)]
    labels: Option<BTreeMap<String, String>>,
    #[serde(default)]
    annotations: Option<BTreeMap<String, String>>,
    #[serde(default)]
    owner_references: Option<Vec<OwnerReference>>,
    creation_timestamp: Option<Time>,
    deletion_timestamp: Option<Time>,
    deletion_grace_period_seconds: Option<i64>,
}

/// `#[serde(deserialize_with = "slim_meta")]` on a `metadata: ObjectMeta` field.
pub fn slim_meta<'de, D: Deserializer<'de>>(d: D) -> Result<ObjectMeta, D::Error> {
    let l = Lite::deserialize(d)?;
    let annotations = l
        .annotations
        .map(|a| {
            a.into_iter()
                .filter(|(k, _)| {
                    KEPT_ANNOTATIONS.contains(&k.as_str())
                        || KEPT_ANNOTATION_PREFIXES.iter().any(|p| k.starts_with(p))
                })
                .collect::<BTreeMap<_, _>>()
        })
        .filter(|a| !a.is_empty());
    Ok(ObjectMeta {
        name: l.name,
        namespace: l.namespace,
        uid: l.uid,
        resource_version: l.resource_version,
        generation: l.generation,
        labels: l.labels,
        annotations,
        owner_references: l.owner_references,
        creation_timestamp: l.creation_timestamp,
        deletion_timestamp: l.deletion_timestamp,
        deletion_grace_period_seconds: l.deletion_grace_period_seconds,
        ..ObjectMeta::default()
    })
}

/// A label selector: `matchLabels`, and whether `matchExpressions` exist.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Selector {
    #[serde(default)]
    pub match_labels: BTreeMap<String, String>,
    #[serde(default)]
    pub match_expressions: Vec<serde_json::Value>,
}

/// A status condition (`meta/v1` Condition): type, status, reason, message.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Condition {
    #[serde(rename = "type", default)]
    pub type_: String,
    #[serde(default)]
    pub status: String,
    pub reason: Option<String>,
    pub message: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Wrap {
        #[serde(deserialize_with = "slim_meta")]
        metadata: ObjectMeta,
    }

    #[test]
    fn keeps_what_kon_reads_and_drops_the_rest() {
        let w: Wrap = serde_json::from_value(serde_json::json!({"metadata": {
            "name": "p", "namespace": "ns", "uid": "u", "resourceVersion": "7",
            "labels": {"app": "web"},
            "annotations": {"kubernetes.io/config.mirror": "x", "kubectl.kubernetes.io/last-applied-configuration": "{...}"},
            "managedFields": [{"manager": "kubectl", "operation": "Apply"}],
            "creationTimestamp": "2026-01-01T00:00:00Z"
        }}))
        .unwrap();
        let m = w.metadata;
        assert_eq!(m.name.as_deref(), Some("p"));
        assert_eq!(m.labels.unwrap()["app"], "web");
        let a = m.annotations.unwrap();
        assert_eq!(a.len(), 1);
        assert!(a.contains_key("kubernetes.io/config.mirror"));
        assert!(m.managed_fields.is_none());
        assert!(m.creation_timestamp.is_some());
    }

    #[test]
    fn keeps_the_generation_and_a_deployment_revision() {
        let w: Wrap = serde_json::from_value(serde_json::json!({"metadata": {
            "name": "d", "generation": 4,
            "annotations": {"deployment.kubernetes.io/revision": "7"}
        }}))
        .unwrap();
        assert_eq!(w.metadata.generation, Some(4));
        assert_eq!(w.metadata.annotations.unwrap()[REVISION_ANNOTATION], "7");
    }
}
