use serde_json::{Value, json};

use super::*;

fn template(image: &str, restarted: Option<&str>) -> Value {
    let mut t = json!({
        "metadata": { "labels": { "app": "db" } },
        "spec": { "containers": [ { "name": "db", "image": image } ] }
    });
    if let Some(at) = restarted {
        t["metadata"]["annotations"] = json!({ "kubectl.kubernetes.io/restartedAt": at });
    }
    t
}

fn owner(current: Value) -> Value {
    json!({
        "metadata": { "name": "db", "namespace": "shop", "uid": "s-1" },
        "spec": { "selector": { "matchLabels": { "app": "db" } }, "template": current }
    })
}

/// A ControllerRevision as the controllers write it: the template as a
/// replacing strategic-merge patch.
fn revision(name: &str, number: i64, owner_uid: &str, template: Value) -> Value {
    let mut t = template;
    t["$patch"] = json!("replace");
    json!({
        "metadata": {
            "name": name,
            "labels": { "app": "db", "controller.kubernetes.io/hash": name },
            "ownerReferences": [ { "kind": "StatefulSet", "name": "db", "uid": owner_uid, "controller": true } ]
        },
        "data": { "spec": { "template": t } },
        "revision": number
    })
}

/// Revisions 1 (db:1), 2 (db:2), 3 (db:2 restarted, running now), and one of another owner.
fn history() -> (Value, Vec<Value>) {
    let now = template("db:2", Some("2026-12-06T09:00:00Z"));
    let revisions = vec![
        revision("db-c", 3, "s-1", now.clone()),
        revision("db-a", 1, "s-1", template("db:1", None)),
        revision("db-b", 2, "s-1", template("db:2", None)),
        // Matched by the selector but not controlled by this StatefulSet: never chosen.
        revision("other-x", 9, "s-2", template("other:9", None)),
    ];
    (owner(now), revisions)
}

#[test]
fn the_previous_revision_is_the_second_highest_it_controls_whatever_the_order() {
    let (s, mut revisions) = history();
    let p = plan(&s, &revisions).expect("a plan");
    assert_eq!((p.from_revision, p.to_revision), (3, 2));
    assert_eq!(p.source, "controllerrevision.apps/db-b");
    revisions.reverse();
    assert_eq!(
        plan(&s, &revisions).expect("a plan").source,
        "controllerrevision.apps/db-b"
    );
    // Without revision 3, revision 2 is the current one: back to 1.
    revisions.retain(|r| r["metadata"]["name"] != "db-c");
    let p = plan(&s, &revisions).expect("a plan");
    assert_eq!((p.from_revision, p.to_revision), (2, 1));
}

#[test]
fn the_patch_is_the_revisions_data_as_it_is_recorded() {
    let (s, revisions) = history();
    let p = plan(&s, &revisions).expect("a plan");
    let expected = json!({ "spec": { "template": {
        "$patch": "replace",
        "metadata": { "labels": { "app": "db" } },
        "spec": { "containers": [ { "name": "db", "image": "db:2" } ] }
    } } });
    assert_eq!(p.patch, UndoPatch::Strategic(expected));
}

#[test]
fn the_confirmation_names_the_revisions_the_controllerrevision_and_the_images() {
    let now = template("db:3", None);
    let revisions = vec![
        revision("db-c", 3, "s-1", now.clone()),
        revision("db-b", 2, "s-1", template("db:2", None)),
    ];
    let p = plan(&owner(now), &revisions).expect("a plan");
    assert_eq!(
        p.lines(),
        [
            "revision 3 → revision 2 (controllerrevision.apps/db-b)",
            "images now: db=db:3",
            "images back to: db=db:2",
        ]
    );
    let (s, revisions) = history();
    assert_eq!(
        plan(&s, &revisions).expect("a plan").lines()[1],
        "images unchanged: db=db:2 (the template differs elsewhere)"
    );
}

#[test]
fn no_revision_before_the_current_one_is_kubectls_refusal() {
    let now = template("db:1", None);
    assert_eq!(plan(&owner(now.clone()), &[]).unwrap_err(), NO_LAST_REVISION);
    let one = vec![
        revision("db-a", 1, "s-1", now.clone()),
        revision("other-x", 4, "s-2", template("other:4", None)),
    ];
    assert_eq!(
        plan(&owner(now), &one).unwrap_err(),
        "error: no last revision to roll back to"
    );
}

#[test]
fn a_previous_revision_with_the_current_template_is_skipped() {
    let now = template("db:1", None);
    // Revision 2 holds another template; revision 1 (the previous) is the running one.
    let revisions = vec![
        revision("db-b", 2, "s-1", template("db:2", None)),
        revision("db-a", 1, "s-1", now.clone()),
    ];
    let p = plan(&owner(now.clone()), &revisions).expect("a plan");
    assert_eq!((p.to_revision, p.patch), (1, UndoPatch::Skip));
    // A typed client's nulls and empty maps in the recorded data change nothing.
    let mut typed = revision("db-a", 1, "s-1", now.clone());
    typed["data"]["spec"]["template"]["metadata"]["creationTimestamp"] = Value::Null;
    typed["data"]["spec"]["template"]["spec"]["containers"][0]["resources"] = json!({});
    let revisions = vec![revision("db-b", 2, "s-1", template("db:2", None)), typed];
    assert_eq!(
        plan(&owner(now), &revisions).expect("a plan").patch,
        UndoPatch::Skip
    );
}

#[test]
fn a_revision_without_a_template_is_refused_and_nothing_sent() {
    let now = template("db:2", None);
    let mut empty = revision("db-a", 1, "s-1", template("db:1", None));
    empty["data"] = json!({});
    let revisions = vec![revision("db-b", 2, "s-1", now.clone()), empty];
    assert_eq!(
        plan(&owner(now), &revisions).unwrap_err(),
        "error: controllerrevision.apps/db-a (revision 1) holds no pod template to restore; nothing sent"
    );
}
