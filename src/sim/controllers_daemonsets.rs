//! The DaemonSet controller's revisions and rolling update: each pod template
//! is a ControllerRevision (`NAME-HASH`; the pods carry the hash in
//! `controller-revision-hash`); a changed template (a restart, an undo)
//! replaces the pods of another revision node by node, within
//! `maxUnavailable` (default 1), each one coming back on its node from the
//! new template. Only a DaemonSet whose spec changed is driven: the
//! scenario's stay as written.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde_json::{Value, json};

use super::statefulsets::{HASH_LABEL, REVISION_LABEL, revision_object, update_revision};
use super::{Controllers, controller_ref, rt, str_at};
use crate::sim::disruption;
use crate::sim::objects::patch::PatchType;
use crate::sim::objects::resource_type::ResourceType;
use crate::sim::objects::store::Store;
use crate::sim::rollout::{equal_ignore_hash, template_hash};

fn int(v: &Value, p: &str) -> i64 {
    v.pointer(p).and_then(Value::as_i64).unwrap_or(0)
}

fn pod_hash(p: &Value) -> Option<&str> {
    p.pointer("/metadata/labels")
        .and_then(|l| l.get(REVISION_LABEL))
        .and_then(Value::as_str)
}

/// The hash of the ControllerRevision holding `ds`'s template, if any.
pub fn daemon_hash(store: &Store, ds: &Value) -> Option<String> {
    let cr_rt = rt(store, "apps", "controllerrevisions")?;
    let ns = str_at(ds, "/metadata/namespace")?;
    let uid = str_at(ds, "/metadata/uid")?;
    let template = ds.pointer("/spec/template")?;
    store
        .objects(&cr_rt, Some(ns))
        .ok()?
        .filter(|c| controller_ref(c).and_then(|o| o["uid"].as_str()) == Some(uid))
        .find(|c| {
            let mut t = c.pointer("/data/spec/template").cloned().unwrap_or_default();
            if let Some(m) = t.as_object_mut() {
                m.remove("$patch");
            }
            equal_ignore_hash(&t, template)
        })
        .and_then(|c| {
            c.pointer("/metadata/labels")?
                .get(HASH_LABEL)?
                .as_str()
                .map(str::to_string)
        })
}

impl Controllers {
    /// Gives every DaemonSet that has none the ControllerRevision of its
    /// template, under the hash its pods carry (at load).
    pub(super) fn adopt_daemon_revisions(&mut self, store: &mut Store) {
        let (Some(ds_rt), Some(cr_rt), Some(pods_rt)) = (
            rt(store, "apps", "daemonsets"),
            rt(store, "apps", "controllerrevisions"),
            rt(store, "", "pods"),
        ) else {
            return;
        };
        let with_revisions: BTreeSet<String> = match store.objects(&cr_rt, None) {
            Ok(it) => it
                .filter_map(|c| controller_ref(&c)?["uid"].as_str().map(str::to_string))
                .collect(),
            Err(_) => return,
        };
        let sets: Vec<Value> = match store.objects(&ds_rt, None) {
            Ok(it) => it
                .filter(|d| str_at(d, "/metadata/uid").is_some_and(|u| !with_revisions.contains(u)))
                .map(Arc::unwrap_or_clone)
                .collect(),
            Err(_) => return,
        };
        if sets.is_empty() {
            return;
        }
        // The hash the pods of each DaemonSet carry (the first of its pods
        // that has one, from the store's index: pods decode on reading).
        let mut hashes: BTreeMap<String, String> = BTreeMap::new();
        for uid in sets.iter().filter_map(|d| str_at(d, "/metadata/uid")) {
            if let Some(h) = store
                .owned_by(&pods_rt, uid)
                .iter()
                .find_map(|p| pod_hash(p).map(str::to_string))
            {
                hashes.insert(uid.to_string(), h);
            }
        }
        let fresh: Vec<Value> = sets
            .iter()
            .filter_map(|d| {
                let name = str_at(d, "/metadata/name")?;
                let hash = hashes
                    .get(str_at(d, "/metadata/uid")?)
                    .cloned()
                    .unwrap_or_else(|| template_hash(d.pointer("/spec/template").unwrap_or(&Value::Null), 0));
                Some(revision_object(
                    d,
                    "DaemonSet",
                    &format!("{name}-{hash}"),
                    &hash,
                    1,
                ))
            })
            .collect();
        let _ = store.insert_many(&cr_rt, fresh);
    }

    /// One sync of the DaemonSets of `ns` whose spec changed or whose update is under way.
    pub(super) fn sync_daemonsets(&mut self, store: &mut Store, ns: &str, pods_rt: &ResourceType) {
        let (Some(ds_rt), Some(cr_rt)) = (
            rt(store, "apps", "daemonsets"),
            rt(store, "apps", "controllerrevisions"),
        ) else {
            return;
        };
        let driven: Vec<Value> = match store.objects(&ds_rt, Some(ns)) {
            Ok(it) => it
                .filter(|d| {
                    int(d, "/metadata/generation") > int(d, "/status/observedGeneration")
                        || str_at(d, "/metadata/name")
                            .is_some_and(|n| self.rolling_daemons.contains(&(ns.to_string(), n.to_string())))
                })
                .map(Arc::unwrap_or_clone)
                .collect(),
            Err(_) => return,
        };
        for ds in driven {
            let (Some(name), Some(uid)) = (str_at(&ds, "/metadata/name"), str_at(&ds, "/metadata/uid"))
            else {
                continue;
            };
            let key = (ns.to_string(), name.to_string());
            let Some((_, hash)) = update_revision(store, &cr_rt, &ds, "DaemonSet") else {
                continue;
            };
            let pods = store.owned_by(pods_rt, uid);
            let owned: Vec<&Value> = pods
                .iter()
                .map(Arc::as_ref)
                .filter(|p| controller_ref(p).and_then(|o| o["uid"].as_str()) == Some(uid))
                .collect();
            let live: Vec<&Value> = owned
                .iter()
                .copied()
                .filter(|p| p.pointer("/metadata/deletionTimestamp").is_none())
                .collect();
            let desired = int(&ds, "/status/desiredNumberScheduled").max(owned.len() as i64);
            let max_unavailable = match ds.pointer("/spec/updateStrategy/rollingUpdate/maxUnavailable") {
                Some(Value::String(p)) => p
                    .strip_suffix('%')
                    .and_then(|n| n.parse::<i64>().ok())
                    .map_or(1, |n| (n * desired / 100).max(1)),
                Some(v) => v.as_i64().unwrap_or(1).max(1),
                None => 1,
            };
            let on_delete = ds.pointer("/spec/updateStrategy/type") == Some(&json!("OnDelete"));
            let unavailable = owned.len() as i64
                - live.iter().filter(|p| disruption::pod_healthy(p)).count() as i64
                + (desired - owned.len() as i64).max(0);
            let mut budget = (max_unavailable - unavailable).max(0);
            if !on_delete {
                // Outdated pods that are not available go first; then available ones within the budget.
                let mut outdated: Vec<&Value> = live
                    .iter()
                    .copied()
                    .filter(|p| pod_hash(p) != Some(&hash))
                    .collect();
                outdated.sort_by_key(|p| {
                    (
                        disruption::pod_healthy(p),
                        str_at(p, "/spec/nodeName").unwrap_or("").to_string(),
                    )
                });
                for p in outdated {
                    let healthy = disruption::pod_healthy(p);
                    if healthy && budget == 0 {
                        break;
                    }
                    if self.delete_pod(store, pods_rt, p) {
                        self.touch(ns);
                        if healthy {
                            budget -= 1;
                        }
                    }
                }
            }
            let updated = live.iter().filter(|p| pod_hash(p) == Some(&hash)).count() as i64;
            let available = live.iter().filter(|p| disruption::pod_healthy(p)).count() as i64;
            let done = updated == desired && available == desired;
            let status = json!({
                "observedGeneration": int(&ds, "/metadata/generation"),
                "updatedNumberScheduled": updated,
                "currentNumberScheduled": live.len(),
                "numberReady": available,
                "numberAvailable": available,
                "numberUnavailable": (desired - available).max(0),
            });
            let _ = store.patch_status(
                &ds_rt,
                Some(ns),
                name,
                PatchType::Merge,
                &json!({"status": status}),
            );
            if done {
                self.rolling_daemons.remove(&key);
            } else {
                self.rolling_daemons.insert(key);
            }
        }
    }
}
