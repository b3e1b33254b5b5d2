//! Writes to existing objects: update (PUT), patch, delete with grace periods and
//! finalizers, and the final removal of terminating objects.

use std::sync::Arc;

use serde_json::Value;

use super::api_error::ApiError;
use super::object_meta::{has_finalizers, meta_or_empty, meta_str, metadata_mut, set_meta};
use super::patch::{self, PatchType};
use super::rfc3339;
use super::store::{ResourceType, Store};
use super::store_create::{check_type_fields, invalid};
use super::store_watch::EventType;
use super::stored::{Slot, Stored, owned};

/// Default `spec.terminationGracePeriodSeconds` of a pod.
const DEFAULT_POD_GRACE: i64 = 30;

impl Store {
    /// Replaces an object (PUT). A non-empty `metadata.resourceVersion` in the
    /// body must equal the current one (else 409 Conflict); uid, creationTimestamp,
    /// generation and deletion fields are server-owned; `status` is kept (it
    /// belongs to the status subresource, see [`Store::update_status`]). A write
    /// that changes nothing keeps the resourceVersion and records no event.
    pub fn update(
        &mut self,
        rt: &ResourceType,
        namespace: Option<&str>,
        name: &str,
        obj: Value,
    ) -> Result<Value, ApiError> {
        self.put(rt, namespace, name, obj, Target::Main)
    }

    /// PUT on the `status` subresource: like [`Store::update`] but only `status`
    /// changes.
    pub fn update_status(
        &mut self,
        rt: &ResourceType,
        namespace: Option<&str>,
        name: &str,
        obj: Value,
    ) -> Result<Value, ApiError> {
        self.put(rt, namespace, name, obj, Target::Status)
    }

    fn put(
        &mut self,
        rt: &ResourceType,
        namespace: Option<&str>,
        name: &str,
        mut obj: Value,
        target: Target,
    ) -> Result<Value, ApiError> {
        let (idx, key, old) = self.lookup(rt, namespace, name)?;
        if !obj.is_object() {
            return Err(ApiError::bad_request(
                "the body of the request must be a JSON object",
            ));
        }
        let meta = metadata_mut(&mut obj);
        meta.entry("name")
            .or_insert_with(|| Value::String(name.to_string()));
        if rt.namespaced
            && let Some(ns) = namespace
        {
            meta.entry("namespace")
                .or_insert_with(|| Value::String(ns.to_string()));
        }
        self.finish_write(rt, idx, key, &old, obj, target)
    }

    /// Applies a raw PATCH body of the given type to the main resource (changes
    /// to `status` are ignored). A `metadata.resourceVersion` in the patch is a
    /// precondition (409 when stale). A patch that changes nothing keeps the
    /// resourceVersion and records no event.
    pub fn patch(
        &mut self,
        rt: &ResourceType,
        namespace: Option<&str>,
        name: &str,
        patch_type: PatchType,
        body: &[u8],
    ) -> Result<Value, ApiError> {
        let patch_body: Value = serde_json::from_slice(body)
            .map_err(|e| ApiError::bad_request(format!("error decoding patch: {e}")))?;
        self.patch_value(rt, namespace, name, patch_type, &patch_body)
    }

    /// [`Store::patch`] with an already parsed patch (for controllers).
    pub fn patch_value(
        &mut self,
        rt: &ResourceType,
        namespace: Option<&str>,
        name: &str,
        patch_type: PatchType,
        patch_body: &Value,
    ) -> Result<Value, ApiError> {
        let (idx, key, old) = self.lookup(rt, namespace, name)?;
        let patched = patch::apply_value(&old, patch_type, patch_body, &rt.kind)?;
        self.finish_write(rt, idx, key, &old, patched, Target::Main)
    }

    /// PATCH on the `status` subresource: only `status` changes.
    pub fn patch_status(
        &mut self,
        rt: &ResourceType,
        namespace: Option<&str>,
        name: &str,
        patch_type: PatchType,
        patch_body: &Value,
    ) -> Result<Value, ApiError> {
        let (idx, key, old) = self.lookup(rt, namespace, name)?;
        let patched = patch::apply_value(&old, patch_type, patch_body, &rt.kind)?;
        self.finish_write(rt, idx, key, &old, patched, Target::Status)
    }

    /// Common tail of update and patch: identity checks, optimistic concurrency,
    /// server-owned metadata, no-op detection, generation, event, and deletion
    /// once a terminating object's finalizers are gone.
    fn finish_write(
        &mut self,
        rt: &ResourceType,
        idx: usize,
        key: String,
        old: &Arc<Value>,
        new: Value,
        target: Target,
    ) -> Result<Value, ApiError> {
        let name = meta_or_empty(old, "name").to_string();
        let new_name = meta_or_empty(&new, "name");
        if new_name != name {
            return Err(ApiError::bad_request(format!(
                "the name of the object ({new_name}) does not match the name on the URL ({name})"
            )));
        }
        if rt.namespaced && meta_str(&new, "namespace") != meta_str(old, "namespace") {
            return Err(ApiError::bad_request(
                "the namespace of the provided object does not match the namespace sent on the request",
            ));
        }
        let old_rv = meta_or_empty(old, "resourceVersion").to_string();
        match meta_str(&new, "resourceVersion") {
            Some(rv) if !rv.is_empty() && rv != old_rv => {
                return Err(ApiError::conflict_modified(&rt.group, &rt.plural, &name));
            }
            _ => {}
        }
        let old_uid = meta_or_empty(old, "uid").to_string();
        match meta_str(&new, "uid") {
            Some(uid) if !uid.is_empty() && uid != old_uid => {
                let detail = format!("Invalid value: {uid:?}: field is immutable");
                return Err(invalid(rt, &name, "metadata.uid", &detail));
            }
            _ => {}
        }
        let mut new = match target {
            Target::Main => keep_status(new, old),
            Target::Status => status_only(new, old),
        };
        check_type_fields(rt, &mut new)?;
        let old_meta = old.get("metadata").and_then(Value::as_object);
        let meta = metadata_mut(&mut new);
        meta.insert("resourceVersion".to_string(), Value::String(old_rv));
        for field in [
            "uid",
            "creationTimestamp",
            "deletionTimestamp",
            "deletionGracePeriodSeconds",
            "generation",
        ] {
            match old_meta.and_then(|m| m.get(field)) {
                Some(v) => meta.insert(field.to_string(), v.clone()),
                None => meta.remove(field),
            };
        }
        if new == **old {
            return Ok((**old).clone());
        }
        let bump_generation = if rt.is_builtin() {
            has_generation(old) && new.get("spec") != old.get("spec")
        } else {
            body_changed(old, &new)
        };
        if bump_generation {
            let next = old
                .pointer("/metadata/generation")
                .and_then(Value::as_i64)
                .unwrap_or(0)
                + 1;
            set_meta(&mut new, "generation", Value::from(next));
        }
        let rv = self.next_rv();
        set_meta(&mut new, "resourceVersion", Value::String(rv.to_string()));
        let new = Arc::new(new);
        let gone = meta_str(&new, "deletionTimestamp").is_some()
            && !has_finalizers(&new)
            && new
                .pointer("/metadata/deletionGracePeriodSeconds")
                .and_then(Value::as_i64)
                .unwrap_or(0)
                == 0;
        if gone {
            self.drop_object(idx, &key, &new, old);
        } else if let Some(t) = self.entry_mut(idx) {
            let put = t.put(key.clone(), Arc::clone(&new), Some(old));
            self.record(idx, &key, EventType::Modified, put.stored, put.prev);
        }
        Ok(owned(new))
    }

    /// Deletes an object. Pods that are scheduled and not finished, with a grace
    /// period > 0 (`grace` or `spec.terminationGracePeriodSeconds`, default 30),
    /// get `deletionTimestamp` = now + grace and `deletionGracePeriodSeconds`
    /// (MODIFIED) and stay until [`Store::finalize_deletions`] or
    /// [`Store::remove`]. Objects with finalizers get `deletionTimestamp` = now and
    /// stay until a write empties the finalizers. Anything else is removed at once
    /// (DELETED). Returns the object as it now stands (or stood).
    pub fn delete(
        &mut self,
        rt: &ResourceType,
        namespace: Option<&str>,
        name: &str,
        grace: Option<i64>,
    ) -> Result<Value, ApiError> {
        let (idx, key, old) = self.lookup(rt, namespace, name)?;
        let grace = if rt.is_pod() { pod_grace(&old, grace) } else { 0 };
        let terminating_since = old
            .pointer("/metadata/deletionGracePeriodSeconds")
            .and_then(Value::as_i64);
        if grace == 0 && !has_finalizers(&old) {
            let rv = self.next_rv();
            let mut gone = (*old).clone();
            set_meta(&mut gone, "resourceVersion", Value::String(rv.to_string()));
            self.drop_object(idx, &key, &gone, &old);
            return Ok(gone);
        }
        let deadline = self.now.saturating_add(grace);
        let shortens = match terminating_since {
            None => true,
            Some(current) => grace < current,
        };
        if meta_str(&old, "deletionTimestamp").is_some() && !shortens {
            return Ok((*old).clone());
        }
        let mut obj = (*old).clone();
        let rv = self.next_rv();
        let meta = metadata_mut(&mut obj);
        meta.insert(
            "deletionTimestamp".to_string(),
            Value::String(rfc3339::format(deadline)),
        );
        meta.insert("deletionGracePeriodSeconds".to_string(), Value::from(grace));
        meta.insert("resourceVersion".to_string(), Value::String(rv.to_string()));
        let obj = Arc::new(obj);
        if grace > 0 {
            self.terminating.insert((idx, key.clone()), deadline);
        } else {
            self.terminating.remove(&(idx, key.clone()));
        }
        if let Some(t) = self.entry_mut(idx) {
            let put = t.put(key.clone(), Arc::clone(&obj), Some(&old));
            self.record(idx, &key, EventType::Modified, put.stored, put.prev);
        }
        Ok(owned(obj))
    }

    /// Keeps an object in graceful deletion until something removes it: the
    /// deadline is dropped (a pod whose node's kubelet is gone stays
    /// Terminating until it is force-deleted).
    pub fn hold_deletion(&mut self, rt: &ResourceType, namespace: Option<&str>, name: &str) {
        if let Ok(idx) = self.type_index(rt) {
            self.terminating.remove(&(idx, Self::key(rt, namespace, name)));
        }
    }

    /// Removes an object at once, whatever its grace period or finalizers (the
    /// kubelet's final delete, or a force delete), with a DELETED event.
    pub fn remove(
        &mut self,
        rt: &ResourceType,
        namespace: Option<&str>,
        name: &str,
    ) -> Result<Value, ApiError> {
        let (idx, key, old) = self.lookup(rt, namespace, name)?;
        let rv = self.next_rv();
        let mut gone = (*old).clone();
        set_meta(&mut gone, "resourceVersion", Value::String(rv.to_string()));
        self.drop_object(idx, &key, &gone, &old);
        Ok(gone)
    }

    /// Ends graceful deletions whose deadline (`deletionTimestamp`) is at or before
    /// the store's clock: objects without finalizers are removed (DELETED) and
    /// returned; those with finalizers get `deletionGracePeriodSeconds: 0` and go
    /// once their finalizers are emptied.
    pub fn finalize_deletions(&mut self) -> Vec<Value> {
        let mut due: Vec<(usize, String)> = self
            .terminating
            .iter()
            .filter(|(_, deadline)| **deadline <= self.now)
            .map(|(k, _)| k.clone())
            .collect();
        due.sort();
        let mut removed = Vec::new();
        for (idx, key) in due {
            self.terminating.remove(&(idx, key.clone()));
            let Some(old) = self.entry(idx).and_then(|t| t.objects.get(&key)).map(Slot::value) else {
                continue;
            };
            let rv = self.next_rv();
            let mut obj = (*old).clone();
            set_meta(&mut obj, "resourceVersion", Value::String(rv.to_string()));
            if has_finalizers(&obj) {
                set_meta(&mut obj, "deletionGracePeriodSeconds", Value::from(0));
                if let Some(t) = self.entry_mut(idx) {
                    let put = t.put(key.clone(), Arc::new(obj), Some(&old));
                    self.record(idx, &key, EventType::Modified, put.stored, put.prev);
                }
            } else {
                self.drop_object(idx, &key, &obj, &old);
                removed.push(obj);
            }
        }
        removed
    }

    /// Removes `key` (whose object was `old`) and records DELETED with `last`
    /// (already at the new rv).
    fn drop_object(&mut self, idx: usize, key: &str, last: &Value, old: &Value) {
        if let Some(t) = self.entry_mut(idx) {
            t.take(key, Some(old));
        }
        self.terminating.remove(&(idx, key.to_string()));
        self.record(
            idx,
            key,
            EventType::Deleted,
            Arc::new(Stored::from_value(last)),
            None,
        );
    }
}

/// Which part of the object a write may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// The main resource: everything but `status` (the status subresource's).
    Main,
    /// The `status` subresource: only `status`.
    Status,
}

/// Main-resource writes cannot change `status`, as on kinds with a status
/// subresource.
fn keep_status(mut new: Value, old: &Value) -> Value {
    if let Value::Object(m) = &mut new {
        match old.get("status") {
            Some(s) => m.insert("status".to_string(), s.clone()),
            None => m.remove("status"),
        };
    }
    new
}

/// Status writes change only `status` (and carry the body's resourceVersion as a
/// precondition, already checked).
fn status_only(new: Value, old: &Value) -> Value {
    let status = new.get("status").cloned();
    let mut out = old.clone();
    if let Value::Object(m) = &mut out {
        match status {
            Some(s) => m.insert("status".to_string(), s),
            None => m.remove("status"),
        };
    }
    out
}

fn has_generation(obj: &Value) -> bool {
    obj.pointer("/metadata/generation").is_some()
}

/// For custom resources every change outside metadata and status bumps generation.
fn body_changed(old: &Value, new: &Value) -> bool {
    let strip = |v: &Value| {
        let mut v = v.clone();
        if let Value::Object(m) = &mut v {
            m.remove("metadata");
            m.remove("status");
        }
        v
    };
    strip(old) != strip(new)
}

/// The effective grace period of a pod deletion, as the pod strategy computes it.
fn pod_grace(pod: &Value, requested: Option<i64>) -> i64 {
    let unscheduled = pod
        .pointer("/spec/nodeName")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty);
    let finished = matches!(
        pod.pointer("/status/phase").and_then(Value::as_str),
        Some("Succeeded" | "Failed")
    );
    if unscheduled || finished {
        return 0;
    }
    match requested {
        Some(g) if g >= 0 => g,
        _ => pod
            .pointer("/spec/terminationGracePeriodSeconds")
            .and_then(Value::as_i64)
            .filter(|g| *g >= 0)
            .unwrap_or(DEFAULT_POD_GRACE),
    }
}

#[cfg(test)]
#[path = "store_write_tests.rs"]
mod tests;
