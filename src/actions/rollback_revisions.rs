//! `kubectl rollout undo` of a StatefulSet or DaemonSet, as kubectl's
//! `StatefulSetRollbacker` and `DaemonSetRollbacker` do it
//! (`pkg/polymorphichelpers/rollback.go`): the ControllerRevisions the
//! object controls, sorted by `.revision`; the previous one is the second
//! highest; none before the current one is kubectl's `no last revision to
//! roll back to`; a revision whose `data` is the current template (as the
//! patch `{"spec":{"template":{…,"$patch":"replace"}}}` the controller
//! records) is skipped; else that `data` is sent as a strategic-merge
//! patch. Pure: the objects come as JSON, fetched by `rollback_fetch`.

use serde_json::{Value, json};

use super::rollback::{UndoPatch, UndoPlan, controlled, images, pruned, str_at};

/// kubectl's refusal when there is no revision before the current one.
pub const NO_LAST_REVISION: &str = "error: no last revision to roll back to";

/// A ControllerRevision's number (`.revision`; none is 0).
fn number(revision: &Value) -> i64 {
    revision.get("revision").and_then(Value::as_i64).unwrap_or(0)
}

/// The patch restoring `template`, as the controllers record it in a
/// ControllerRevision's `data` (kubectl's `getStatefulSetPatch`).
fn patch_of(template: &Value) -> Value {
    let mut t = template.clone();
    if let Some(m) = t.as_object_mut() {
        m.insert("$patch".into(), json!("replace"));
    }
    json!({ "spec": { "template": t } })
}

/// The undo of `owner` (a StatefulSet or DaemonSet) to its previous
/// revision among `revisions` (its namespace's ControllerRevisions that its
/// selector matches), or kubectl's refusal.
pub fn plan(owner: &Value, revisions: &[Value]) -> Result<UndoPlan, String> {
    let mut history = controlled(owner, revisions);
    if history.len() <= 1 {
        return Err(NO_LAST_REVISION.into());
    }
    // By revision (kubectl's `historiesByRevision`); equal numbers by name, so the choice is stable.
    history.sort_by(|a, b| {
        (number(a), str_at(a, "/metadata/name")).cmp(&(number(b), str_at(b, "/metadata/name")))
    });
    let (to, latest) = (history[history.len() - 2], history[history.len() - 1]);
    let to_name = str_at(to, "/metadata/name").unwrap_or_default();
    let data = match to.get("data") {
        Some(d) if d.pointer("/spec/template").is_some_and(Value::is_object) => d.clone(),
        _ => {
            return Err(format!(
                "error: controllerrevision.apps/{to_name} (revision {}) holds no pod template to restore; nothing sent",
                number(to)
            ));
        }
    };
    let current = owner.pointer("/spec/template").cloned().unwrap_or(json!({}));
    let target = data.pointer("/spec/template").cloned().unwrap_or(json!({}));
    let patch = if pruned(&data) == pruned(&patch_of(&current)) {
        UndoPatch::Skip
    } else {
        UndoPatch::Strategic(data)
    };
    Ok(UndoPlan {
        from_revision: number(latest),
        from_images: images(&current),
        to_revision: number(to),
        source: format!("controllerrevision.apps/{to_name}"),
        to_images: images(&target),
        patch,
    })
}

#[cfg(test)]
#[path = "rollback_revisions_tests.rs"]
mod tests;
