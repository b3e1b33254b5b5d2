//! `kubectl rollout undo` of a Deployment, as kubectl's `DeploymentRollbacker`
//! does it (`pkg/polymorphichelpers/rollback.go`): the Deployment's
//! ReplicaSets (those it controls), the previous revision (the second
//! highest `deployment.kubernetes.io/revision`), kubectl's refusals, and the
//! JSON patch it sends (the template of that revision, the annotations).
//! StatefulSets and DaemonSets keep their history in ControllerRevisions:
//! `rollback_revisions`. Pure: the objects come as JSON, fetched by
//! `rollback_fetch`.

use serde_json::{Map, Value, json};

/// The annotation holding a ReplicaSet's revision.
pub const REVISION: &str = "deployment.kubernetes.io/revision";
/// The label a ReplicaSet's template carries its hash in (removed from the patch).
const HASH_LABEL: &str = "pod-template-hash";
/// The Deployment's annotations a rollback keeps (kubectl's `annotationsToSkip`).
const KEPT: &[&str] = &[
    "kubectl.kubernetes.io/last-applied-configuration",
    REVISION,
    "deployment.kubernetes.io/revision-history",
    "deployment.kubernetes.io/desired-replicas",
    "deployment.kubernetes.io/max-replicas",
    "deprecated.deployment.rollback.to",
];

/// What a rollout undo sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UndoPatch {
    /// The revisions were not read (a read-only refusal before reading):
    /// nothing can be sent.
    Unread,
    /// A Deployment: kubectl's JSON patch (RFC 6902) of the template and
    /// the annotations.
    Json(Value),
    /// A StatefulSet or DaemonSet: the ControllerRevision's `data`, sent as
    /// a strategic-merge patch.
    Strategic(Value),
    /// The current template already matches the revision: nothing is sent
    /// (kubectl's `skipped rollback`).
    Skip,
}

/// What an undo goes back to, and from what, before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndoPlan {
    /// The revision running now (the highest), and its images.
    pub from_revision: i64,
    pub from_images: Vec<String>,
    /// The revision gone back to, where it is kept as kubectl names it
    /// (`replicaset.apps/web-b`, `controllerrevision.apps/db-7c9d`), its images.
    pub to_revision: i64,
    pub source: String,
    pub to_images: Vec<String>,
    /// What kubectl sends, or [`UndoPatch::Skip`].
    pub patch: UndoPatch,
}

pub(super) fn str_at<'a>(v: &'a Value, pointer: &str) -> Option<&'a str> {
    v.pointer(pointer).and_then(Value::as_str)
}

/// A ReplicaSet's revision as `deploymentutil.Revision` reads it: none is 0,
/// one that is not a number is skipped.
fn revision(rs: &Value) -> Option<i64> {
    match rs.pointer("/metadata/annotations").and_then(|a| a.get(REVISION)) {
        None => Some(0),
        Some(v) => v.as_str().and_then(|s| s.parse().ok()),
    }
}

/// `container=image` of each container of a pod template (init containers
/// first, marked `init:`).
pub fn images(template: &Value) -> Vec<String> {
    let list = |key: &str, mark: &str| -> Vec<String> {
        template
            .pointer(&format!("/spec/{key}"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|c| {
                let name = str_at(c, "/name").unwrap_or("?");
                let image = str_at(c, "/image").unwrap_or("<none>");
                format!("{mark}{name}={image}")
            })
            .collect()
    };
    let mut all = list("initContainers", "init:");
    all.extend(list("containers", ""));
    all
}

/// The objects `owner` controls (a controller owner reference with its
/// uid, as `deploymentutil.GetAllReplicaSets` and `metav1.IsControlledBy`
/// keep them).
pub(super) fn controlled<'a>(owner: &Value, objects: &'a [Value]) -> Vec<&'a Value> {
    let uid = str_at(owner, "/metadata/uid");
    objects
        .iter()
        .filter(|rs| {
            rs.pointer("/metadata/ownerReferences")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .any(|o| o.get("controller") == Some(&Value::Bool(true)) && str_at(o, "/uid") == uid)
        })
        .collect()
}

/// The template without the hash label, for comparison and for the patch.
fn without_hash(template: &Value) -> Value {
    let mut t = template.clone();
    if let Some(labels) = t.pointer_mut("/metadata/labels").and_then(Value::as_object_mut) {
        labels.remove(HASH_LABEL);
    }
    t
}

/// Empty maps, lists and nulls dropped (a typed DeepEqual sees no difference).
pub(super) fn pruned(v: &Value) -> Option<Value> {
    match v {
        Value::Null => None,
        Value::Object(m) => {
            let m: Map<String, Value> = m
                .iter()
                .filter_map(|(k, v)| Some((k.clone(), pruned(v)?)))
                .collect();
            (!m.is_empty()).then_some(Value::Object(m))
        }
        Value::Array(a) if a.is_empty() => None,
        Value::Array(a) => Some(Value::Array(
            a.iter().map(|v| pruned(v).unwrap_or(Value::Null)).collect(),
        )),
        other => Some(other.clone()),
    }
}

/// The undo of `deployment` (`name` as kubectl quotes it) to its previous
/// revision among `replica_sets` ([`UndoPatch::Skip`] when its template is
/// the one running), or kubectl's refusal.
pub fn plan(deployment: &Value, replica_sets: &[Value]) -> Result<UndoPlan, String> {
    let name = str_at(deployment, "/metadata/name").unwrap_or_default();
    if deployment.pointer("/spec/paused") == Some(&Value::Bool(true)) {
        return Err("error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again".into());
    }
    type Seen<'a> = Option<(i64, &'a Value)>;
    let (mut latest, mut previous): (Seen, Seen) = (None, None);
    for rs in controlled(deployment, replica_sets) {
        let Some(v) = revision(rs) else { continue };
        if latest.is_none_or(|(l, _)| l < v) {
            previous = latest;
            latest = Some((v, rs));
        } else if previous.is_none_or(|(p, _)| p < v) {
            previous = Some((v, rs));
        }
    }
    let Some((to_revision, rs)) = previous else {
        return Err(format!("error: no rollout history found for deployment {name:?}"));
    };
    let current = deployment.pointer("/spec/template").cloned().unwrap_or(json!({}));
    let target = without_hash(rs.pointer("/spec/template").unwrap_or(&json!({})));
    let from_revision = latest.map_or(0, |(v, _)| v);
    let source = format!(
        "replicaset.apps/{}",
        str_at(rs, "/metadata/name").unwrap_or_default()
    );
    if pruned(&target) == pruned(&without_hash(&current)) {
        return Ok(UndoPlan {
            from_revision,
            from_images: images(&current),
            to_revision,
            source,
            to_images: images(&target),
            patch: UndoPatch::Skip,
        });
    }
    let mut annotations = Map::new();
    let own = |v: &Value| {
        v.pointer("/metadata/annotations")
            .and_then(Value::as_object)
            .cloned()
    };
    for (k, v) in own(deployment).unwrap_or_default() {
        if KEPT.contains(&k.as_str()) {
            annotations.insert(k, v);
        }
    }
    for (k, v) in own(rs).unwrap_or_default() {
        if !KEPT.contains(&k.as_str()) {
            annotations.insert(k, v);
        }
    }
    let patch = json!([
        { "op": "replace", "path": "/spec/template", "value": target },
        { "op": "replace", "path": "/metadata/annotations", "value": annotations },
    ]);
    Ok(UndoPlan {
        from_revision,
        from_images: images(&current),
        to_revision,
        source,
        to_images: images(&target),
        patch: UndoPatch::Json(patch),
    })
}

impl UndoPlan {
    /// What the confirmation shows: the revisions and the images, from → to.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![format!(
            "revision {} → revision {} ({})",
            self.from_revision, self.to_revision, self.source
        )];
        let from = self.from_images.join(", ");
        let to = self.to_images.join(", ");
        if from == to {
            lines.push(format!("images unchanged: {to} (the template differs elsewhere)"));
        } else {
            lines.push(format!("images now: {from}"));
            lines.push(format!("images back to: {to}"));
        }
        lines
    }
}

/// kubectl's text of a skipped undo of `object` (`statefulset.apps/db`),
/// naming the revision (kubectl names the one asked for: 0 for "the
/// previous"; kon names the one it found).
pub fn skipped_text(object: &impl std::fmt::Display, to_revision: i64) -> String {
    format!("{object} skipped rollback (current template already matches revision {to_revision})")
}

#[cfg(test)]
#[path = "rollback_tests.rs"]
mod tests;
