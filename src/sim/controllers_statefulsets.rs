//! The StatefulSet controller's revisions, rolling update and scale-down:
//! each pod template is a ControllerRevision (`NAME-HASH`, its `revision`
//! number, the template as the strategic-merge patch `kubectl rollout undo`
//! applies); a changed template makes (or, on an undo, renumbers) the update
//! revision, and pods of another revision are replaced from the highest
//! ordinal down, one at a time, each once the others are Ready. Replicas
//! removed by a scale go from the highest ordinal down.

use std::sync::Arc;

use serde_json::{Value, json};

use super::{Controllers, controller_ref, rt, str_at};
use crate::sim::disruption;
use crate::sim::objects::patch::PatchType;
use crate::sim::objects::resource_type::ResourceType;
use crate::sim::objects::store::Store;
use crate::sim::rollout::{equal_ignore_hash, template_hash};

/// The pod label naming the ControllerRevision a pod was made from.
pub const REVISION_LABEL: &str = "controller-revision-hash";
pub(super) const HASH_LABEL: &str = "controller.kubernetes.io/hash";

fn int(v: &Value, p: &str) -> i64 {
    v.pointer(p).and_then(Value::as_i64).unwrap_or(0)
}

/// The ordinal of a StatefulSet's pod (`web-2` → 2).
pub fn ordinal(set_name: &str, pod_name: &str) -> Option<i64> {
    pod_name.strip_prefix(set_name)?.strip_prefix('-')?.parse().ok()
}

/// A ControllerRevision of `owner`'s template.
pub(super) fn revision_object(owner: &Value, kind: &str, name: &str, hash: &str, number: i64) -> Value {
    let template = owner
        .pointer("/spec/template")
        .cloned()
        .unwrap_or_else(|| json!({}));
    let mut labels = template
        .pointer("/metadata/labels")
        .cloned()
        .filter(Value::is_object)
        .unwrap_or_else(|| json!({}));
    labels[HASH_LABEL] = json!(hash);
    let mut data_template = template;
    data_template["$patch"] = json!("replace");
    json!({
        "apiVersion": "apps/v1",
        "kind": "ControllerRevision",
        "metadata": {
            "name": name, "namespace": owner.pointer("/metadata/namespace"), "labels": labels,
            "ownerReferences": [{"apiVersion": "apps/v1", "kind": kind, "name": owner.pointer("/metadata/name"),
                "uid": owner.pointer("/metadata/uid"), "controller": true, "blockOwnerDeletion": true}],
        },
        "data": {"spec": {"template": data_template}},
        "revision": number,
    })
}

/// The update revision of `owner` (a StatefulSet or DaemonSet) as `(name,
/// hash)`: the ControllerRevision holding its template (renumbered as the
/// newest when an older one holds it: an undo), or a new one.
pub(super) fn update_revision(
    store: &mut Store,
    cr_rt: &ResourceType,
    owner: &Value,
    kind: &str,
) -> Option<(String, String)> {
    let ns = str_at(owner, "/metadata/namespace")?.to_string();
    let name = str_at(owner, "/metadata/name")?;
    let uid = str_at(owner, "/metadata/uid")?;
    let template = owner.pointer("/spec/template")?;
    let revisions: Vec<Value> = store
        .objects(cr_rt, Some(&ns))
        .ok()?
        .filter(|c| controller_ref(c).and_then(|o| o["uid"].as_str()) == Some(uid))
        .map(Arc::unwrap_or_clone)
        .collect();
    let max = revisions.iter().map(|c| int(c, "/revision")).max().unwrap_or(0);
    let same = revisions
        .iter()
        .find(|c| equal_ignore_hash(&revision_template(c), template));
    if let Some(c) = same {
        let cr_name = str_at(c, "/metadata/name")?.to_string();
        let hash = c
            .pointer("/metadata/labels")
            .and_then(|l| l.get(HASH_LABEL))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        if int(c, "/revision") < max {
            // An undo: the old revision is the newest again.
            let patch = json!({"revision": max + 1});
            let _ = store.patch_value(cr_rt, Some(&ns), &cr_name, PatchType::Merge, &patch);
        }
        return Some((cr_name, hash));
    }
    let collisions = u32::try_from(int(owner, "/status/collisionCount")).unwrap_or(0);
    let hash = template_hash(template, collisions);
    let cr_name = format!("{name}-{hash}");
    store
        .create(
            cr_rt,
            Some(&ns),
            revision_object(owner, kind, &cr_name, &hash, max + 1),
        )
        .ok()?;
    Some((cr_name, hash))
}

/// The template a ControllerRevision holds.
fn revision_template(cr: &Value) -> Value {
    let mut t = cr
        .pointer("/data/spec/template")
        .cloned()
        .unwrap_or_else(|| json!({}));
    if let Some(m) = t.as_object_mut() {
        m.remove("$patch");
    }
    t
}

impl Controllers {
    /// Gives every StatefulSet that has none the ControllerRevision of its
    /// current template (named as its `status.currentRevision`, else
    /// `NAME-HASH`), as a cluster that ran the controller has (at load).
    pub fn adopt_revisions(&mut self, store: &mut Store) {
        self.adopt_daemon_revisions(store);
        let (Some(sts_rt), Some(cr_rt)) = (
            rt(store, "apps", "statefulsets"),
            rt(store, "apps", "controllerrevisions"),
        ) else {
            return;
        };
        let owners_with_revisions: std::collections::BTreeSet<String> = match store.objects(&cr_rt, None) {
            Ok(it) => it
                .filter_map(|c| {
                    controller_ref(&c)
                        .and_then(|o| o["uid"].as_str())
                        .map(str::to_string)
                })
                .collect(),
            Err(_) => return,
        };
        let fresh: Vec<Value> = match store.objects(&sts_rt, None) {
            Ok(it) => it
                .filter(|s| str_at(s, "/metadata/uid").is_some_and(|u| !owners_with_revisions.contains(u)))
                .filter_map(|s| {
                    let s: &Value = &s;
                    let name = str_at(s, "/metadata/name")?;
                    let hash = template_hash(s.pointer("/spec/template")?, 0);
                    let cr_name = str_at(s, "/status/currentRevision")
                        .map_or_else(|| format!("{name}-{hash}"), str::to_string);
                    let hash = cr_name
                        .strip_prefix(&format!("{name}-"))
                        .unwrap_or(&hash)
                        .to_string();
                    Some(revision_object(s, "StatefulSet", &cr_name, &hash, 1))
                })
                .collect(),
            Err(_) => return,
        };
        if !fresh.is_empty() {
            let _ = store.insert_many(&cr_rt, fresh);
        }
    }

    /// Whether `sts`'s template changed since observed, or an update is under way.
    fn stateful_driven(sts: &Value) -> bool {
        int(sts, "/metadata/generation") > int(sts, "/status/observedGeneration")
            || sts.pointer("/status/updateRevision") != sts.pointer("/status/currentRevision")
    }

    /// One sync of a StatefulSet's revisions and rolling update; returns the
    /// StatefulSet as it now stands (its status names the update revision).
    pub(super) fn sync_statefulset(
        &mut self,
        store: &mut Store,
        pods_rt: &ResourceType,
        sts_rt: &ResourceType,
        sts: Value,
        pods: &[Arc<Value>],
    ) -> Value {
        if !Self::stateful_driven(&sts) {
            return sts;
        }
        let (Some(cr_rt), Some(ns), Some(name), Some(uid)) = (
            rt(store, "apps", "controllerrevisions"),
            str_at(&sts, "/metadata/namespace").map(str::to_string),
            str_at(&sts, "/metadata/name").map(str::to_string),
            str_at(&sts, "/metadata/uid").map(str::to_string),
        ) else {
            return sts;
        };
        let Some((update, _)) = update_revision(store, &cr_rt, &sts, "StatefulSet") else {
            return sts;
        };
        let current = str_at(&sts, "/status/currentRevision")
            .unwrap_or(&update)
            .to_string();
        let owned: Vec<&Value> = pods
            .iter()
            .map(Arc::as_ref)
            .filter(|p| controller_ref(p).and_then(|o| o["uid"].as_str()) == Some(uid.as_str()))
            .collect();
        let revision_of = |p: &Value| {
            p.pointer("/metadata/labels")
                .and_then(|l| l.get(REVISION_LABEL))
                .and_then(Value::as_str)
                .unwrap_or(&current)
                .to_string()
        };
        let desired = sts.pointer("/spec/replicas").and_then(Value::as_i64).unwrap_or(1);
        let partition = int(&sts, "/spec/updateStrategy/rollingUpdate/partition");
        let on_delete = sts.pointer("/spec/updateStrategy/type") == Some(&json!("OnDelete"));
        let settled = owned.len() as i64 == desired
            && owned
                .iter()
                .all(|p| p.pointer("/metadata/deletionTimestamp").is_none() && disruption::pod_healthy(p));
        if settled && !on_delete {
            // The highest ordinal of another revision goes; the set's controller makes it again.
            let outdated = owned
                .iter()
                .filter(|p| revision_of(p) != update)
                .filter_map(|p| Some((ordinal(&name, str_at(p, "/metadata/name")?)?, *p)))
                .filter(|(o, _)| *o >= partition)
                .max_by_key(|(o, _)| *o);
            if let Some((_, p)) = outdated {
                self.delete_pod(store, pods_rt, p);
                self.touch(&ns);
            }
        }
        let live: Vec<&&Value> = owned
            .iter()
            .filter(|p| p.pointer("/metadata/deletionTimestamp").is_none())
            .collect();
        let updated = live.iter().filter(|p| revision_of(p) == update).count() as i64;
        let done = settled && updated == desired;
        let status = json!({
            "observedGeneration": int(&sts, "/metadata/generation"),
            "updateRevision": update,
            "currentRevision": if done { &update } else { &current },
            "updatedReplicas": updated,
            "currentReplicas": if done { updated } else { live.iter().filter(|p| revision_of(p) == current).count() as i64 },
        });
        store
            .patch_status(
                sts_rt,
                Some(&ns),
                &name,
                PatchType::Merge,
                &json!({"status": status}),
            )
            .unwrap_or(sts)
    }

    /// Removes the pods at ordinals beyond `desired`: the highest first, one
    /// at a time once none is terminating (all at once with `Parallel`).
    pub(super) fn stateful_scale_down(
        &mut self,
        store: &mut Store,
        pods_rt: &ResourceType,
        sts: &Value,
        owned: &[&Value],
        desired: i64,
    ) -> Vec<String> {
        let name = str_at(sts, "/metadata/name").unwrap_or_default();
        let parallel = sts.pointer("/spec/podManagementPolicy") == Some(&json!("Parallel"));
        if !parallel
            && owned
                .iter()
                .any(|p| p.pointer("/metadata/deletionTimestamp").is_some())
        {
            return Vec::new();
        }
        let mut extra: Vec<(i64, &Value)> = owned
            .iter()
            .filter(|p| p.pointer("/metadata/deletionTimestamp").is_none())
            .filter_map(|p| Some((ordinal(name, str_at(p, "/metadata/name")?)?, *p)))
            .filter(|(o, _)| *o >= desired)
            .collect();
        extra.sort_by_key(|(o, _)| std::cmp::Reverse(*o));
        let take = if parallel { extra.len() } else { 1 };
        let mut removed = Vec::new();
        for (_, p) in extra.into_iter().take(take) {
            if self.delete_pod(store, pods_rt, p)
                && let Some(pod) = str_at(p, "/metadata/name")
            {
                removed.push(pod.to_string());
            }
        }
        removed
    }
}
