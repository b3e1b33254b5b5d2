//! Kubernetes strategic merge patch (`application/strategic-merge-patch+json`).
//!
//! Merge-patch semantics (maps merge, `null` deletes) plus, for the lists the
//! built-in types tag with `patchStrategy: merge`, merging by the list's merge key
//! instead of replacing: `containers`/`initContainers`/`ephemeralContainers`/
//! `volumes`/`env`/`imagePullSecrets` by `name`, container `ports` by
//! `containerPort`, Service `spec.ports` by `port`, `volumeMounts` by `mountPath`,
//! `conditions` by `type`, Node `status.addresses` by `type`, `ownerReferences` by
//! `uid`, `metadata.finalizers` as a set. Other lists (`tolerations`, `taints`,
//! `args`...) are replaced, as their Go types carry no patch strategy.
//!
//! Directives: `$patch: replace|delete|merge` on maps and list items,
//! `{"$patch": "replace"}` as a list element, `$deleteFromPrimitiveList/<field>`,
//! `$retainKeys`; `$setElementOrder/<field>` is accepted and ignored (merged lists
//! keep the server's order, new items appended).

use serde_json::{Map, Value};

use super::api_error::ApiError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ListStrategy {
    MergeKey(&'static str),
    MergePrimitive,
    Replace,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ItemFate {
    Keep,
    Delete,
}

fn is_container_list(field: &str) -> bool {
    matches!(field, "containers" | "initContainers" | "ephemeralContainers")
}

/// The patch strategy of list `field` inside a map reached through `parent`.
fn list_strategy(kind: &str, parent: &str, field: &str) -> ListStrategy {
    use ListStrategy::{MergeKey, MergePrimitive, Replace};
    match field {
        f if is_container_list(f) => MergeKey("name"),
        "volumes" | "env" | "imagePullSecrets" | "schedulingGates" => MergeKey("name"),
        "resourceClaims" if parent == "spec" => MergeKey("name"),
        "volumeMounts" => MergeKey("mountPath"),
        "volumeDevices" => MergeKey("devicePath"),
        "ports" if is_container_list(parent) => MergeKey("containerPort"),
        "ports" if kind == "Service" && parent == "spec" => MergeKey("port"),
        "conditions" => MergeKey("type"),
        "addresses" if kind == "Node" && parent == "status" => MergeKey("type"),
        "podIPs" | "hostIPs" | "hostAliases" => MergeKey("ip"),
        "ownerReferences" if parent == "metadata" => MergeKey("uid"),
        "finalizers" if parent == "metadata" => MergePrimitive,
        "topologySpreadConstraints" => MergeKey("topologyKey"),
        "secrets" if kind == "ServiceAccount" => MergeKey("name"),
        _ => Replace,
    }
}

fn bad(msg: String) -> ApiError {
    ApiError::bad_request(msg)
}

/// Applies strategic merge patch `patch` (a JSON object) to `doc` in place.
pub fn apply(doc: &mut Value, patch: &Value, kind: &str) -> Result<(), ApiError> {
    let Value::Object(p) = patch else {
        return Err(bad(
            "error decoding patch: a strategic merge patch must be a JSON object".to_string(),
        ));
    };
    if !doc.is_object() {
        *doc = Value::Object(Map::new());
    }
    if let Value::Object(d) = doc
        && merge_map(d, p, kind, "")? == ItemFate::Delete
    {
        return Err(bad("a patch cannot delete the whole object".to_string()));
    }
    Ok(())
}

fn directive(m: &Map<String, Value>) -> Result<Option<&str>, ApiError> {
    match m.get("$patch") {
        None => Ok(None),
        Some(Value::String(s)) if matches!(s.as_str(), "replace" | "delete" | "merge") => {
            Ok(Some(s.as_str()))
        }
        Some(other) => Err(bad(format!("Unknown patch type: {other}"))),
    }
}

fn merge_map(
    orig: &mut Map<String, Value>,
    patch: &Map<String, Value>,
    kind: &str,
    parent: &str,
) -> Result<ItemFate, ApiError> {
    match directive(patch)? {
        Some("delete") => return Ok(ItemFate::Delete),
        Some("replace") => {
            orig.clear();
            let without: Map<String, Value> = patch
                .iter()
                .filter(|(k, _)| k.as_str() != "$patch")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            return merge_map(orig, &without, kind, parent);
        }
        _ => {}
    }
    match patch.get("$retainKeys") {
        None => {}
        Some(Value::Array(keys)) => {
            orig.retain(|k, _| keys.iter().any(|r| r.as_str() == Some(k.as_str())));
        }
        Some(_) => return Err(bad("$retainKeys must be a list of strings".to_string())),
    }
    for (k, pv) in patch {
        if k.starts_with('$') {
            continue;
        }
        match pv {
            Value::Null => {
                orig.remove(k);
            }
            Value::Object(pm) => {
                let outcome = match orig.get_mut(k) {
                    Some(Value::Object(om)) => merge_map(om, pm, kind, k)?,
                    _ => {
                        let mut fresh = Map::new();
                        let outcome = merge_map(&mut fresh, pm, kind, k)?;
                        orig.insert(k.clone(), Value::Object(fresh));
                        outcome
                    }
                };
                if outcome == ItemFate::Delete {
                    orig.remove(k);
                }
            }
            Value::Array(pa) => {
                let existing = match orig.remove(k) {
                    Some(Value::Array(a)) => a,
                    _ => Vec::new(),
                };
                let merged = merge_list(existing, pa, list_strategy(kind, parent, k), kind, k)?;
                orig.insert(k.clone(), Value::Array(merged));
            }
            scalar => {
                orig.insert(k.clone(), scalar.clone());
            }
        }
    }
    for (k, pv) in patch {
        let Some(field) = k.strip_prefix("$deleteFromPrimitiveList/") else {
            continue;
        };
        let Value::Array(remove) = pv else {
            return Err(bad(format!("{k} must be a list")));
        };
        if let Some(Value::Array(items)) = orig.get_mut(field) {
            items.retain(|i| !remove.contains(i));
        }
    }
    Ok(ItemFate::Keep)
}

/// A patch value with its directives resolved against nothing (for new items).
fn fresh(v: &Value, kind: &str, parent: &str) -> Result<Option<Value>, ApiError> {
    match v {
        Value::Object(pm) => {
            let mut m = Map::new();
            Ok(match merge_map(&mut m, pm, kind, parent)? {
                ItemFate::Keep => Some(Value::Object(m)),
                ItemFate::Delete => None,
            })
        }
        other => Ok(Some(other.clone())),
    }
}

fn is_replace_marker(v: &Value) -> bool {
    v.as_object()
        .is_some_and(|m| m.len() == 1 && m.get("$patch").and_then(Value::as_str) == Some("replace"))
}

fn merge_list(
    mut out: Vec<Value>,
    patch: &[Value],
    strategy: ListStrategy,
    kind: &str,
    field: &str,
) -> Result<Vec<Value>, ApiError> {
    let replace_all = strategy == ListStrategy::Replace || patch.iter().any(is_replace_marker);
    if replace_all {
        let mut replaced = Vec::with_capacity(patch.len());
        for v in patch.iter().filter(|v| !is_replace_marker(v)) {
            replaced.extend(fresh(v, kind, field)?);
        }
        return Ok(replaced);
    }
    for pv in patch {
        match (strategy, pv) {
            (ListStrategy::MergeKey(key), Value::Object(pm)) => {
                let Some(kv) = pm.get(key) else {
                    return Err(bad(format!(
                        "map: {pv} does not contain declared merge key: {key}"
                    )));
                };
                if directive(pm)? == Some("delete") {
                    out.retain(|o| o.get(key) != Some(kv));
                    continue;
                }
                match out.iter_mut().find(|o| o.get(key) == Some(kv)) {
                    Some(Value::Object(om)) => {
                        if merge_map(om, pm, kind, field)? == ItemFate::Delete {
                            out.retain(|o| o.get(key) != Some(kv));
                        }
                    }
                    Some(other) => *other = fresh(pv, kind, field)?.unwrap_or(Value::Null),
                    None => out.extend(fresh(pv, kind, field)?),
                }
            }
            _ => {
                if !out.contains(pv) {
                    out.push(pv.clone());
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
#[path = "strategic_merge_tests.rs"]
mod tests;
