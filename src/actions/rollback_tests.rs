use serde_json::{Value, json};

use super::*;

fn template(image: &str, hash: &str, restarted: Option<&str>) -> Value {
    let mut t = json!({
        "metadata": { "labels": { "app": "web", "pod-template-hash": hash } },
        "spec": { "containers": [ { "name": "web", "image": image } ] }
    });
    if let Some(at) = restarted {
        t["metadata"]["annotations"] = json!({ "kubectl.kubernetes.io/restartedAt": at });
    }
    t
}

fn deployment(current: Value) -> Value {
    let mut t = current;
    if let Some(l) = t.pointer_mut("/metadata/labels").and_then(Value::as_object_mut) {
        l.remove("pod-template-hash");
    }
    json!({
        "metadata": { "name": "web", "uid": "d-1", "annotations": {
            "deployment.kubernetes.io/revision": "3",
            "kubectl.kubernetes.io/last-applied-configuration": "{}",
            "team": "shop"
        } },
        "spec": { "template": t }
    })
}

fn rs(name: &str, revision: Option<&str>, owner: &str, template: Value) -> Value {
    let mut annotations = json!({ "deployment.kubernetes.io/desired-replicas": "3", "note": name });
    if let Some(r) = revision {
        annotations["deployment.kubernetes.io/revision"] = json!(r);
    }
    json!({
        "metadata": {
            "name": name,
            "annotations": annotations,
            "ownerReferences": [ { "kind": "Deployment", "name": "web", "uid": owner, "controller": true } ]
        },
        "spec": { "template": template }
    })
}

/// Revisions 1 (web:1), 2 (web:2), 3 (web:2 restarted, running now).
fn history() -> (Value, Vec<Value>) {
    let now = template("web:2", "c", Some("2026-12-06T09:00:00Z"));
    let sets = vec![
        rs("web-c", Some("3"), "d-1", now.clone()),
        rs("web-a", Some("1"), "d-1", template("web:1", "a", None)),
        rs("web-b", Some("2"), "d-1", template("web:2", "b", None)),
        // Not controlled by this Deployment: never chosen, even with a higher revision.
        rs("other-x", Some("9"), "d-2", template("other:9", "x", None)),
    ];
    (deployment(now), sets)
}

#[test]
fn the_previous_revision_is_the_second_highest_whatever_the_order() {
    let (d, mut sets) = history();
    let p = plan(&d, &sets).expect("a plan");
    assert_eq!((p.from_revision, p.to_revision), (3, 2));
    assert_eq!(p.source, "replicaset.apps/web-b");
    sets.reverse();
    assert_eq!(plan(&d, &sets).expect("a plan").to_revision, 2);
    // A revision that is not a number is skipped, as kubectl skips it.
    sets.push(rs("web-z", Some("x"), "d-1", template("web:0", "z", None)));
    assert_eq!(plan(&d, &sets).expect("a plan").source, "replicaset.apps/web-b");
}

#[test]
fn the_patch_replaces_the_template_without_its_hash_and_the_annotations_as_kubectl_does() {
    let (d, sets) = history();
    let p = plan(&d, &sets).expect("a plan");
    let expected = json!([
        { "op": "replace", "path": "/spec/template", "value": {
            "metadata": { "labels": { "app": "web" } },
            "spec": { "containers": [ { "name": "web", "image": "web:2" } ] }
        } },
        // The Deployment's kept annotations, then the ReplicaSet's others
        // (its desired-replicas is skipped; the Deployment's own `team` goes).
        { "op": "replace", "path": "/metadata/annotations", "value": {
            "deployment.kubernetes.io/revision": "3",
            "kubectl.kubernetes.io/last-applied-configuration": "{}",
            "note": "web-b"
        } },
    ]);
    assert_eq!(p.patch, UndoPatch::Json(expected));
}

#[test]
fn the_confirmation_names_the_revisions_and_the_images() {
    let now = template("web:3", "c", None);
    let sets = vec![
        rs("web-c", Some("3"), "d-1", now.clone()),
        rs("web-b", Some("2"), "d-1", template("web:2", "b", None)),
    ];
    let p = plan(&deployment(now), &sets).expect("a plan");
    assert_eq!(
        p.lines(),
        [
            "revision 3 → revision 2 (replicaset.apps/web-b)",
            "images now: web=web:3",
            "images back to: web=web:2",
        ]
    );
    // A restart changed no image: said so.
    let (d, sets) = history();
    assert_eq!(
        plan(&d, &sets).expect("a plan").lines()[1],
        "images unchanged: web=web:2 (the template differs elsewhere)"
    );
}

#[test]
fn kubectls_refusals() {
    let now = template("web:1", "a", None);
    let only = vec![rs("web-a", Some("1"), "d-1", now.clone())];
    assert_eq!(
        plan(&deployment(now.clone()), &only).unwrap_err(),
        "error: no rollout history found for deployment \"web\""
    );
    let mut paused = deployment(now.clone());
    paused["spec"]["paused"] = json!(true);
    let err = plan(&paused, &only).unwrap_err();
    assert!(
        err.starts_with("error: you cannot rollback a paused deployment"),
        "{err}"
    );
    // The previous revision's template is the one running: kubectl skips,
    // and nothing is to be sent.
    let same = vec![
        rs("web-a", Some("2"), "d-1", now.clone()),
        rs("web-b", Some("1"), "d-1", template("web:1", "b", None)),
    ];
    let p = plan(&deployment(now), &same).expect("a skipped plan");
    assert_eq!((p.to_revision, p.patch), (1, UndoPatch::Skip));
    assert_eq!(
        skipped_text(&"deployment.apps/web", 1),
        "deployment.apps/web skipped rollback (current template already matches revision 1)"
    );
}

#[test]
fn images_name_init_containers_apart() {
    let t = json!({ "spec": {
        "initContainers": [ { "name": "migrate", "image": "db:1" } ],
        "containers": [ { "name": "web", "image": "web:1" }, { "name": "proxy" } ]
    } });
    assert_eq!(images(&t), ["init:migrate=db:1", "web=web:1", "proxy=<none>"]);
}
