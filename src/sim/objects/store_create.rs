//! Creating objects: one at a time (with admission checks and an ADDED event) or
//! in bulk for scenario loading.

use std::sync::Arc;

use serde_json::Value;

use super::api_error::{ApiError, StatusCause};
use super::object_meta::{
    generated_name, meta_or_empty, meta_str, metadata_mut, name_problem, set_meta, uid_from_counter,
};
use super::rfc3339;
use super::store::{ResourceType, Store};
use super::store_watch::EventType;
use super::stored::{Slot, owned};

impl Store {
    /// Creates an object: checks name/namespace, fills uid, resourceVersion,
    /// creationTimestamp, generation, apiVersion/kind, resolves `generateName`, and
    /// records an ADDED event. `namespace` is the URL's; the body's must agree.
    pub fn create(
        &mut self,
        rt: &ResourceType,
        namespace: Option<&str>,
        obj: Value,
    ) -> Result<Value, ApiError> {
        let idx = self.type_index(rt)?;
        let rt = self.entry(idx).map_or_else(|| rt.clone(), |t| t.rt.clone());
        let (key, mut obj) = self.prepare(&rt, idx, namespace, obj, true)?;
        self.check_namespace_open(&rt, &obj)?;
        let rv = self.next_rv();
        set_meta(&mut obj, "resourceVersion", Value::String(rv.to_string()));
        let obj = Arc::new(obj);
        if let Some(t) = self.entry_mut(idx) {
            let put = t.put(key.clone(), Arc::clone(&obj), None);
            self.record(idx, &key, EventType::Added, put.stored, None);
        }
        Ok(owned(obj))
    }

    /// Loads objects in bulk (a scenario): like [`Store::create`] but keeps the
    /// uid, creationTimestamp and deletionTimestamp the objects carry, takes the
    /// namespace from each object, skips namespace checks and records no events.
    /// Afterwards the watch history starts at the new latest resourceVersion, so a
    /// watch from an older version gets 410. Stops at the first bad object.
    pub fn insert_many(
        &mut self,
        rt: &ResourceType,
        objs: impl IntoIterator<Item = Value>,
    ) -> Result<usize, ApiError> {
        let idx = self.type_index(rt)?;
        let rt = self.entry(idx).map_or_else(|| rt.clone(), |t| t.rt.clone());
        let mut n = 0;
        for obj in objs {
            let (key, mut obj) = self.prepare(&rt, idx, None, obj, false)?;
            let rv = self.next_rv();
            set_meta(&mut obj, "resourceVersion", Value::String(rv.to_string()));
            if let Some(t) = self.entry_mut(idx) {
                t.put(key, Arc::new(obj), None);
            }
            n += 1;
        }
        self.log.compact(self.rv);
        Ok(n)
    }

    /// Validates and completes a new object; returns its key.
    fn prepare(
        &mut self,
        rt: &ResourceType,
        idx: usize,
        url_namespace: Option<&str>,
        mut obj: Value,
        fresh: bool,
    ) -> Result<(String, Value), ApiError> {
        if !obj.is_object() {
            return Err(ApiError::bad_request(
                "the body of the request must be a JSON object",
            ));
        }
        check_type_fields(rt, &mut obj)?;
        let body_ns = meta_or_empty(&obj, "namespace").to_string();
        let namespace = if rt.namespaced {
            let ns = match url_namespace {
                Some(u) if !body_ns.is_empty() && body_ns != u => {
                    return Err(ApiError::bad_request(
                        "the namespace of the provided object does not match the namespace sent on the request",
                    ));
                }
                Some(u) => u.to_string(),
                None => body_ns,
            };
            if ns.is_empty() {
                return Err(invalid(rt, "", "metadata.namespace", "Required value"));
            }
            set_meta(&mut obj, "namespace", Value::String(ns.clone()));
            Some(ns)
        } else {
            metadata_mut(&mut obj).remove("namespace");
            None
        };
        let ns = namespace.as_deref();
        let mut name = meta_or_empty(&obj, "name").to_string();
        if name.is_empty() {
            let base = meta_or_empty(&obj, "generateName").to_string();
            if base.is_empty() {
                return Err(invalid(
                    rt,
                    "",
                    "metadata.name",
                    "Required value: name or generateName is required",
                ));
            }
            for _ in 0..16 {
                self.name_counter += 1;
                name = generated_name(&base, self.name_counter);
                if !self.contains(idx, &Self::key(rt, ns, &name)) {
                    break;
                }
            }
            set_meta(&mut obj, "name", Value::String(name.clone()));
        }
        if let Some(problem) = name_problem(&name) {
            let detail = format!("Invalid value: {name:?}: {problem}");
            return Err(invalid(rt, &name, "metadata.name", &detail));
        }
        if fresh {
            // What the API takes; a scenario's objects are loaded as written.
            let rule = super::name_rules::rule_for(&rt.group, &rt.kind);
            let causes: Vec<StatusCause> = super::name_rules::problems(rule, &name)
                .into_iter()
                .map(|p| StatusCause {
                    reason: "FieldValueInvalid".to_string(),
                    message: format!("Invalid value: {name:?}: {p}"),
                    field: "metadata.name".to_string(),
                })
                .collect();
            if !causes.is_empty() {
                return Err(ApiError::invalid(&rt.group, &rt.kind, &name, causes));
            }
        }
        let key = Self::key(rt, ns, &name);
        if self.contains(idx, &key) {
            return Err(ApiError::already_exists(&rt.group, &rt.plural, &name));
        }
        let meta = metadata_mut(&mut obj);
        if fresh || !meta.get("uid").is_some_and(Value::is_string) {
            self.uid_counter += 1;
            meta.insert(
                "uid".to_string(),
                Value::String(uid_from_counter(self.uid_counter)),
            );
        }
        if fresh || !meta.get("creationTimestamp").is_some_and(Value::is_string) {
            meta.insert(
                "creationTimestamp".to_string(),
                Value::String(rfc3339::format(self.now)),
            );
        }
        if fresh {
            meta.remove("deletionTimestamp");
            meta.remove("deletionGracePeriodSeconds");
        }
        if rt.tracks_generation() && (fresh || !meta.contains_key("generation")) {
            meta.insert("generation".to_string(), Value::from(1));
        }
        if fresh && rt.group.is_empty() && rt.kind == "Namespace" {
            // As the namespace strategy does: the name as a label, phase Active
            // (unless given: tests create terminating namespaces directly).
            let labels = meta
                .entry("labels")
                .or_insert_with(|| Value::Object(serde_json::Map::new()));
            if let Value::Object(l) = labels {
                l.insert("kubernetes.io/metadata.name".into(), Value::String(name.clone()));
            }
            if obj.pointer("/status/phase").is_none()
                && let Value::Object(o) = &mut obj
            {
                o.insert("status".into(), serde_json::json!({"phase": "Active"}));
            }
        }
        Ok((key, obj))
    }

    fn contains(&self, idx: usize, key: &str) -> bool {
        self.entry(idx).is_some_and(|t| t.objects.contains_key(key))
    }

    /// NamespaceLifecycle admission: creating in a missing namespace is 404, in a
    /// terminating one 403. Applies only once a core `namespaces` type is registered.
    fn check_namespace_open(&self, rt: &ResourceType, obj: &Value) -> Result<(), ApiError> {
        let Some(ns) = meta_str(obj, "namespace").filter(|_| rt.namespaced) else {
            return Ok(());
        };
        let Some(ns_idx) = self
            .types
            .iter()
            .position(|t| t.rt.group.is_empty() && t.rt.plural == "namespaces")
        else {
            return Ok(());
        };
        let Some(ns_obj) = self
            .entry(ns_idx)
            .and_then(|t| t.objects.get(ns))
            .map(Slot::value)
        else {
            return Err(ApiError::not_found("", "namespaces", ns));
        };
        let terminating = meta_str(&ns_obj, "deletionTimestamp").is_some()
            || ns_obj.pointer("/status/phase").and_then(Value::as_str) == Some("Terminating");
        if terminating {
            return Err(ApiError::forbidden(
                &rt.group,
                &rt.plural,
                meta_or_empty(obj, "name"),
                &format!("unable to create new content in namespace {ns} because it is being terminated"),
            ));
        }
        Ok(())
    }
}

/// Checks `apiVersion`/`kind` in a body against the URL's type and fills them in.
pub(super) fn check_type_fields(rt: &ResourceType, obj: &mut Value) -> Result<(), ApiError> {
    let want_av = rt.api_version();
    if let Some(av) = obj.get("apiVersion").and_then(Value::as_str)
        && !av.is_empty()
        && av != want_av
    {
        return Err(ApiError::bad_request(format!(
            "the API version in the data ({av}) does not match the expected API version ({want_av})"
        )));
    }
    if let Some(kind) = obj.get("kind").and_then(Value::as_str)
        && !kind.is_empty()
        && kind != rt.kind
    {
        return Err(ApiError::bad_request(format!(
            "the kind in the data ({kind}) does not match the expected kind ({})",
            rt.kind
        )));
    }
    if let Value::Object(m) = obj {
        m.insert("apiVersion".to_string(), Value::String(want_av));
        m.insert("kind".to_string(), Value::String(rt.kind.clone()));
    }
    Ok(())
}

/// 422 `Pod "x" is invalid: <field>: <detail>`.
pub(super) fn invalid(rt: &ResourceType, name: &str, field: &str, detail: &str) -> ApiError {
    let reason = if detail.starts_with("Required value") {
        "FieldValueRequired"
    } else {
        "FieldValueInvalid"
    };
    ApiError::invalid(
        &rt.group,
        &rt.kind,
        name,
        vec![StatusCause {
            reason: reason.to_string(),
            message: detail.to_string(),
            field: field.to_string(),
        }],
    )
}
