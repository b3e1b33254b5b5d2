//! The deployment controller's rollout, one step per sync as the real one
//! does it: the ReplicaSet whose template is the Deployment's is the new one
//! (created as `NAME-HASH` with the next revision, or an older one given the
//! next revision on a rollback); a rolling update scales it up within
//! `maxSurge`, then the old ones down while `maxUnavailable` allows (Recreate:
//! the old ones to 0 first); the old pods go through the ReplicaSets'
//! controller, the new ones are scheduled and started by the sim's scheduler
//! and kubelet. The status follows (`observedGeneration`, counts, conditions)
//! so that `kubectl rollout status` can watch it end.

use serde_json::{Map, Value, json};

use super::{Controllers, str_at};
use crate::sim::events::{EventType, Report, Reporter};
use crate::sim::objects::patch::PatchType;
use crate::sim::objects::resource_type::ResourceType;
use crate::sim::objects::store::Store;
use crate::sim::rollout::{
    self, Counts, HASH_LABEL, NOT_COPIED, REVISION, REVISION_HISTORY, equal_ignore_hash, revision,
};
use crate::sim::rollout_conditions::{Found, conditions};

fn int(v: &Value, ptr: &str) -> i64 {
    v.pointer(ptr).and_then(Value::as_i64).unwrap_or(0)
}

fn spec(rs: &Value) -> i64 {
    rs.pointer("/spec/replicas").and_then(Value::as_i64).unwrap_or(1)
}

fn counts(rs: &Value) -> Counts {
    Counts {
        spec: spec(rs),
        available: int(rs, "/status/availableReplicas"),
    }
}

/// The Deployment's annotations a ReplicaSet gets (`kubernetes.io/change-cause`...).
fn copied_annotations(d: &Value) -> Map<String, Value> {
    d.pointer("/metadata/annotations")
        .and_then(Value::as_object)
        .map(|a| {
            a.iter()
                .filter(|(k, _)| !NOT_COPIED.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// What the sync of one Deployment works with.
struct Sync<'a> {
    drt: &'a ResourceType,
    rsrt: &'a ResourceType,
    d: &'a Value,
    ns: String,
    name: String,
    desired: i64,
    surge: i64,
    unavailable: i64,
}

impl Sync<'_> {
    fn replica_annotations(&self) -> Value {
        json!({
            "deployment.kubernetes.io/desired-replicas": self.desired.to_string(),
            "deployment.kubernetes.io/max-replicas": (self.desired + self.surge).to_string(),
        })
    }
}

impl Controllers {
    /// One sync of a Deployment the controller drives (see `driven`); true
    /// when there is nothing more to roll out.
    pub(super) fn roll(
        &mut self,
        store: &mut Store,
        drt: &ResourceType,
        rsrt: &ResourceType,
        d: &Value,
        mut rss: Vec<Value>,
    ) -> bool {
        let (Some(ns), Some(name), Some(template)) = (
            str_at(d, "/metadata/namespace"),
            str_at(d, "/metadata/name"),
            d.pointer("/spec/template"),
        ) else {
            return true;
        };
        let desired = spec(d).max(0);
        let strategy = d.pointer("/spec/strategy");
        let recreate = strategy.and_then(|s| s["type"].as_str()) == Some("Recreate");
        let (surge, unavailable) = if recreate {
            (0, 0)
        } else {
            rollout::fenceposts(strategy, desired)
        };
        let s = Sync {
            drt,
            rsrt,
            d,
            ns: ns.to_string(),
            name: name.to_string(),
            desired,
            surge,
            unavailable,
        };
        // Oldest first, as the controller sorts them.
        rss.sort_by(|a, b| {
            let key = |r: &Value| {
                (
                    str_at(r, "/metadata/creationTimestamp").unwrap_or("").to_string(),
                    revision(r),
                )
            };
            key(a).cmp(&key(b))
        });
        let pos = rss.iter().position(|r| {
            r.pointer("/spec/template")
                .is_some_and(|t| equal_ignore_hash(t, template))
        });
        let mut found = Found::Existing;
        let new = match pos {
            Some(i) => {
                let rs = rss.remove(i);
                Some(self.new_revision(store, &s, rs, &rss))
            }
            None if d.pointer("/spec/paused") == Some(&json!(true)) => None,
            None => {
                found = Found::Created;
                let all_spec: i64 = rss.iter().map(spec).sum();
                let target = if recreate {
                    0
                } else {
                    rollout::new_rs_target(desired, surge, all_spec, 0)
                };
                self.create_rs(store, &s, template, &rss, target)
            }
        };
        let Some(mut new) = new else {
            return true;
        };
        let mut olds = rss;
        if found == Found::Existing {
            if recreate {
                self.recreate_step(store, &s, &mut new, &mut olds);
            } else {
                self.rolling_step(store, &s, &mut new, &mut olds);
            }
        }
        self.write_status(store, &s, &new, &olds, found)
    }

    /// A rolling update's step: scale the new ReplicaSet up, else the old ones down.
    fn rolling_step(&mut self, store: &mut Store, s: &Sync, new: &mut Value, olds: &mut [Value]) {
        let all_spec = spec(new) + olds.iter().map(spec).sum::<i64>();
        let target = rollout::new_rs_target(s.desired, s.surge, all_spec, spec(new));
        if target != spec(new) {
            *new = self.scale_rs(store, s, new, target);
            return;
        }
        let old_counts: Vec<Counts> = olds.iter().map(counts).collect();
        let targets = rollout::old_rs_targets(&old_counts, counts(new), s.desired, s.unavailable);
        for (old, t) in olds.iter_mut().zip(targets) {
            if t != spec(old) {
                *old = self.scale_rs(store, s, old, t);
            }
        }
    }

    /// Recreate: the old ReplicaSets to 0, and once their pods are gone the new one up.
    fn recreate_step(&mut self, store: &mut Store, s: &Sync, new: &mut Value, olds: &mut [Value]) {
        let mut waiting = false;
        for old in olds.iter_mut() {
            if spec(old) > 0 {
                *old = self.scale_rs(store, s, old, 0);
                waiting = true;
            }
            waiting |= int(old, "/status/replicas") > 0;
        }
        if !waiting && spec(new) != s.desired {
            *new = self.scale_rs(store, s, new, s.desired);
        }
    }

    /// Sets a ReplicaSet's replicas, with the event the controller writes.
    fn scale_rs(&mut self, store: &mut Store, s: &Sync, rs: &Value, to: i64) -> Value {
        let from = spec(rs);
        let Some(rs_name) = str_at(rs, "/metadata/name") else {
            return rs.clone();
        };
        let patch = json!({"metadata": {"annotations": s.replica_annotations()}, "spec": {"replicas": to}});
        match store.patch_value(s.rsrt, Some(&s.ns), rs_name, PatchType::Merge, &patch) {
            Ok(out) => {
                let way = if to > from { "up" } else { "down" };
                let msg = format!("Scaled {way} replica set {rs_name} from {from} to {to}");
                self.controller_event(store, s.d, &msg);
                self.touch(&s.ns);
                out
            }
            Err(_) => rs.clone(),
        }
    }

    fn controller_event(&mut self, store: &mut Store, d: &Value, msg: &str) {
        let r = Report::new(EventType::Normal, "ScalingReplicaSet", msg);
        self.recorder
            .record(store, d, &r, &Reporter::legacy("deployment-controller", ""));
    }

    /// The existing new ReplicaSet, given the next revision when an older one
    /// had the highest (a rollback), with the Deployment's annotations.
    fn new_revision(&mut self, store: &mut Store, s: &Sync, rs: Value, olds: &[Value]) -> Value {
        let next = olds.iter().map(revision).max().unwrap_or(0) + 1;
        let had = revision(&rs);
        if had >= next {
            return rs;
        }
        let Some(rs_name) = str_at(&rs, "/metadata/name") else {
            return rs;
        };
        let mut annotations = copied_annotations(s.d);
        annotations.insert(REVISION.to_string(), json!(next.to_string()));
        if had > 0 {
            let history = rs
                .pointer("/metadata/annotations")
                .and_then(|a| a.get(REVISION_HISTORY))
                .and_then(Value::as_str)
                .filter(|h| !h.is_empty())
                .map_or_else(|| had.to_string(), |h| format!("{h},{had}"));
            annotations.insert(REVISION_HISTORY.to_string(), json!(history));
        }
        let patch = json!({"metadata": {"annotations": annotations}});
        store
            .patch_value(s.rsrt, Some(&s.ns), rs_name, PatchType::Merge, &patch)
            .unwrap_or(rs)
    }

    /// Creates the new ReplicaSet `NAME-HASH` (another hash on a name collision).
    fn create_rs(
        &mut self,
        store: &mut Store,
        s: &Sync,
        template: &Value,
        olds: &[Value],
        replicas: i64,
    ) -> Option<Value> {
        let first = u32::try_from(int(s.d, "/status/collisionCount")).unwrap_or(0);
        let next_revision = olds.iter().map(revision).max().unwrap_or(0) + 1;
        for collisions in first..first + 8 {
            let hash = rollout::template_hash(template, collisions);
            let rs_name = format!("{}-{hash}", s.name);
            let mut tpl = template.clone();
            if !tpl["metadata"].is_object() {
                tpl["metadata"] = json!({});
            }
            if !tpl["metadata"]["labels"].is_object() {
                tpl["metadata"]["labels"] = json!({});
            }
            tpl["metadata"]["labels"][HASH_LABEL] = json!(hash);
            let mut selector =
                s.d.pointer("/spec/selector")
                    .cloned()
                    .unwrap_or_else(|| json!({}));
            if !selector["matchLabels"].is_object() {
                selector["matchLabels"] = json!({});
            }
            selector["matchLabels"][HASH_LABEL] = json!(hash);
            let mut annotations = copied_annotations(s.d);
            if let Some(a) = s.replica_annotations().as_object() {
                annotations.extend(a.clone());
            }
            annotations.insert(REVISION.to_string(), json!(next_revision.to_string()));
            let mut rs_spec = json!({"replicas": replicas, "selector": selector, "template": tpl.clone()});
            if let Some(m) = s.d.pointer("/spec/minReadySeconds") {
                rs_spec["minReadySeconds"] = m.clone();
            }
            let rs = json!({
                "apiVersion": "apps/v1",
                "kind": "ReplicaSet",
                "metadata": {
                    "name": rs_name, "namespace": s.ns, "labels": tpl["metadata"]["labels"],
                    "annotations": annotations,
                    "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": s.name,
                        "uid": s.d.pointer("/metadata/uid"), "controller": true, "blockOwnerDeletion": true}],
                },
                "spec": rs_spec,
            });
            match store.create(s.rsrt, Some(&s.ns), rs) {
                Ok(created) => {
                    if replicas > 0 {
                        let msg = format!("Scaled up replica set {rs_name} from 0 to {replicas}");
                        self.controller_event(store, s.d, &msg);
                    }
                    if collisions != first {
                        let patch = json!({"status": {"collisionCount": collisions}});
                        let _ = store.patch_status(s.drt, Some(&s.ns), &s.name, PatchType::Merge, &patch);
                    }
                    self.touch(&s.ns);
                    return Some(created);
                }
                Err(e) if e.reason == "AlreadyExists" => continue,
                Err(_) => return None,
            }
        }
        None
    }

    /// The Deployment's status and revision after this sync; old ReplicaSets
    /// beyond `revisionHistoryLimit` go once the rollout is complete.
    fn write_status(
        &mut self,
        store: &mut Store,
        s: &Sync,
        new: &Value,
        olds: &[Value],
        found: Found,
    ) -> bool {
        let all: Vec<&Value> = olds.iter().chain(std::iter::once(new)).collect();
        let mut status = rollout::status_counts(Some(new), &all);
        let new_name = str_at(new, "/metadata/name").unwrap_or_default();
        let conds = conditions(s.d, &status, new_name, found, store.now());
        let complete = ["replicas", "updatedReplicas", "availableReplicas"]
            .iter()
            .all(|k| status[k].as_i64() == Some(s.desired));
        status["observedGeneration"] = json!(int(s.d, "/metadata/generation"));
        status["conditions"] = json!(conds);
        if let Some(c) = s.d.pointer("/status/collisionCount") {
            status["collisionCount"] = c.clone();
        }
        let old = s.d.get("status").cloned().unwrap_or_else(|| json!({}));
        let changed = status
            .as_object()
            .is_some_and(|m| m.iter().any(|(k, v)| old.get(k) != Some(v)));
        if changed {
            let _ = store.patch_status(
                s.drt,
                Some(&s.ns),
                &s.name,
                PatchType::Merge,
                &json!({"status": status}),
            );
        }
        let rev = revision(new).to_string();
        let current =
            s.d.pointer("/metadata/annotations")
                .and_then(|a| a.get(REVISION))
                .and_then(Value::as_str);
        if revision(new) > 0 && current != Some(rev.as_str()) {
            let patch = json!({"metadata": {"annotations": {REVISION: rev}}});
            let _ = store.patch_value(s.drt, Some(&s.ns), &s.name, PatchType::Merge, &patch);
        }
        if complete {
            self.clean_up_history(store, s, olds);
        }
        complete
    }

    /// Deletes the oldest scaled-down ReplicaSets beyond `revisionHistoryLimit` (default 10).
    fn clean_up_history(&mut self, store: &mut Store, s: &Sync, olds: &[Value]) {
        let limit =
            s.d.pointer("/spec/revisionHistoryLimit")
                .and_then(Value::as_i64)
                .unwrap_or(10)
                .max(0);
        let mut idle: Vec<&Value> = olds
            .iter()
            .filter(|r| spec(r) == 0 && int(r, "/status/replicas") == 0)
            .filter(|r| r.pointer("/metadata/deletionTimestamp").is_none())
            .collect();
        let extra = usize::try_from(idle.len() as i64 - limit).unwrap_or(0);
        idle.sort_by_key(|r| revision(r));
        for r in idle.into_iter().take(extra) {
            if let Some(n) = str_at(r, "/metadata/name") {
                let _ = store.delete(s.rsrt, Some(&s.ns), n, None);
            }
        }
    }
}
