//! `/openapi/v3`: just enough OpenAPI for kubectl. `kubectl apply` (and
//! `create -f`) validate with `fieldValidation=Strict` and first read the
//! OpenAPI document of the object's group-version to learn whether the
//! server validates fields itself (a `fieldValidation` query parameter on
//! the kind's PATCH operation); without one they refuse to run. Each served
//! kind gets its PATCH operation with that parameter; no schemas are served,
//! so kubectl computes patches from its built-in types.

use serde_json::{Map, Value, json};

use super::discovery::TypeInfo;

fn gv_path(group: &str, version: &str) -> String {
    if group.is_empty() {
        format!("api/{version}")
    } else {
        format!("apis/{group}/{version}")
    }
}

/// A stable tag of a document's content, for clients' caches.
fn hash(doc: &Value) -> String {
    use std::hash::{Hash as _, Hasher as _};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    doc.to_string().hash(&mut h);
    format!("{:016X}", h.finish())
}

/// `/openapi/v3`: every served group-version and where its document is.
pub fn index<'a>(types: impl IntoIterator<Item = TypeInfo<'a>> + Clone) -> Value {
    let mut paths = Map::new();
    for t in types.clone() {
        let key = gv_path(t.group, t.version);
        if paths.contains_key(&key) {
            continue;
        }
        let doc = document(t.group, t.version, types.clone()).unwrap_or(Value::Null);
        let url = format!("/openapi/v3/{key}?hash={}", hash(&doc));
        paths.insert(key, json!({"serverRelativeURL": url}));
    }
    json!({"paths": paths})
}

/// The document of one group-version; `None` if nothing is served there.
pub fn document<'a>(
    group: &str,
    version: &str,
    types: impl IntoIterator<Item = TypeInfo<'a>>,
) -> Option<Value> {
    let mut paths = Map::new();
    for t in types
        .into_iter()
        .filter(|t| t.group == group && t.version == version)
    {
        let base = gv_path(group, version);
        let path = if t.namespaced {
            format!("/{base}/namespaces/{{namespace}}/{}/{{name}}", t.plural)
        } else {
            format!("/{base}/{}/{{name}}", t.plural)
        };
        let query = |name: &str| json!({"name": name, "in": "query", "schema": {"type": "string", "uniqueItems": true}});
        paths.insert(
            path,
            json!({"patch": {
                "operationId": format!("patch{}", t.kind),
                "parameters": [query("dryRun"), query("fieldManager"), query("fieldValidation")],
                "responses": {"200": {"description": "OK"}},
                "x-kubernetes-action": "patch",
                "x-kubernetes-group-version-kind": {"group": group, "version": version, "kind": t.kind},
            }}),
        );
    }
    if paths.is_empty() {
        return None;
    }
    Some(json!({
        "openapi": "3.0.0",
        "info": {"title": "Kubernetes", "version": "unversioned"},
        "paths": paths,
        "components": {"schemas": {}},
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types() -> Vec<TypeInfo<'static>> {
        vec![
            TypeInfo {
                group: "",
                version: "v1",
                kind: "ConfigMap",
                plural: "configmaps",
                namespaced: true,
                short_names: &[],
            },
            TypeInfo {
                group: "apps",
                version: "v1",
                kind: "Deployment",
                plural: "deployments",
                namespaced: true,
                short_names: &[],
            },
            TypeInfo {
                group: "",
                version: "v1",
                kind: "Namespace",
                plural: "namespaces",
                namespaced: false,
                short_names: &[],
            },
        ]
    }

    #[test]
    fn the_index_points_at_each_group_version() {
        let idx = index(types());
        let paths = idx["paths"].as_object().unwrap();
        assert_eq!(paths.keys().collect::<Vec<_>>(), ["api/v1", "apis/apps/v1"]);
        let url = paths["apis/apps/v1"]["serverRelativeURL"].as_str().unwrap();
        assert!(url.starts_with("/openapi/v3/apis/apps/v1?hash="), "{url}");
    }

    #[test]
    fn each_kind_patch_takes_field_validation() {
        let doc = document("", "v1", types()).unwrap();
        let op = &doc["paths"]["/api/v1/namespaces/{namespace}/configmaps/{name}"]["patch"];
        assert_eq!(op["x-kubernetes-group-version-kind"]["kind"], "ConfigMap");
        assert!(
            op["parameters"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["name"] == "fieldValidation")
        );
        assert!(doc["paths"]["/api/v1/namespaces/{name}"]["patch"].is_object());
        assert!(document("nope.io", "v1", types()).is_none());
    }
}
