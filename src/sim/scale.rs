//! The `scale` subresource of Deployments, ReplicaSets and StatefulSets
//! (`autoscaling/v1` Scale), which `kubectl scale` reads and patches.

use serde_json::{Value, json};

use super::objects::api_error::ApiError;
use super::objects::patch::{self, PatchType};
use super::objects::resource_type::ResourceType;
use super::state::World;

/// Whether `rt` has a scale subresource here.
pub fn scalable(rt: &ResourceType) -> bool {
    rt.group == "apps" && matches!(rt.plural.as_str(), "deployments" | "replicasets" | "statefulsets")
}

/// `app=web,tier=front` from a label selector's matchLabels.
fn selector(obj: &Value) -> String {
    obj.pointer("/spec/selector/matchLabels")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default()
}

/// The Scale of a workload.
pub fn of(obj: &Value) -> Value {
    let meta = obj.get("metadata").cloned().unwrap_or_else(|| json!({}));
    json!({
        "kind": "Scale",
        "apiVersion": "autoscaling/v1",
        "metadata": {
            "name": meta.get("name"), "namespace": meta.get("namespace"), "uid": meta.get("uid"),
            "resourceVersion": meta.get("resourceVersion"), "creationTimestamp": meta.get("creationTimestamp"),
        },
        "spec": {"replicas": obj.pointer("/spec/replicas").and_then(Value::as_i64).unwrap_or(1)},
        "status": {
            "replicas": obj.pointer("/status/replicas").and_then(Value::as_i64).unwrap_or(0),
            "selector": selector(obj),
        },
    })
}

/// Applies a PATCH (or, with `patch_type` None, a PUT) of the Scale to the workload.
pub fn write(
    w: &mut World,
    rt: &ResourceType,
    ns: Option<&str>,
    name: &str,
    patch_type: Option<PatchType>,
    body: &[u8],
) -> Result<Value, ApiError> {
    let current = w.store.get(rt, ns, name)?;
    let scale = match patch_type {
        Some(pt) => patch::apply(&of(&current), pt, body, "Scale")?,
        None => serde_json::from_slice(body)
            .map_err(|e| ApiError::bad_request(format!("the request body is not JSON: {e}")))?,
    };
    let replicas = scale
        .pointer("/spec/replicas")
        .and_then(Value::as_i64)
        .filter(|r| *r >= 0)
        .ok_or_else(|| {
            ApiError::bad_request("spec.replicas: Invalid value: must be greater than or equal to 0")
        })?;
    let out = w.store.patch_value(
        rt,
        ns,
        name,
        PatchType::Merge,
        &json!({"spec": {"replicas": replicas}}),
    )?;
    if let Some(ns) = ns {
        w.controllers.touch(ns);
    }
    Ok(of(&out))
}
