//! `u` in the workloads view: read-only refuses at once, the revisions of
//! a Deployment, StatefulSet or DaemonSet are read first, the confirmation
//! names the revisions and the images, only the yes sends kubectl's patch,
//! and a skipped undo asks nothing and goes to the action path to be said
//! and recorded.

use super::super::tests::{key, state, type_str};
use super::*;
use crate::app::Msg;
use crate::signals::test_support::{add_workload, all_synced, workload};

/// Deployment web/checkout, StatefulSet shop/db.
fn cluster() -> AppState {
    let mut app = state();
    app.update(Msg::Resize {
        width: 160,
        height: 48,
    });
    let mut s = all_synced();
    add_workload(
        &mut s,
        workload("Deployment", "web", "checkout", 3, &[("app", "checkout")]),
    );
    add_workload(&mut s, workload("StatefulSet", "shop", "db", 1, &[("app", "db")]));
    app.live.store = s;
    app.update(Msg::Recompute { now: 100 });
    app
}

fn on_workload(app: &mut AppState, name: &str) {
    app.nav.mode = crate::app::action::Mode::Normal;
    // The filter line opens with the filter in force: a new one from scratch.
    app.features.workloads.filter.clear();
    app.update(key("w"));
    app.update(key("/"));
    type_str(app, name);
    app.update(key("enter"));
}

fn notice(app: &AppState) -> String {
    app.nav.notices.last().map(|n| n.text.clone()).unwrap_or_default()
}

fn checkout() -> ObjectRef {
    ObjectRef::namespaced(ObjectKind::Deployment, "web", "checkout")
}

fn plan() -> UndoPlan {
    UndoPlan {
        from_revision: 3,
        from_images: vec!["web=web:3".into()],
        to_revision: 2,
        source: "replicaset.apps/checkout-b".into(),
        to_images: vec!["web=web:2".into()],
        patch: UndoPatch::Json(
            serde_json::json!([{ "op": "replace", "path": "/spec/template", "value": {} }]),
        ),
    }
}

#[test]
fn u_reads_the_revisions_then_asks_naming_them_and_the_images() {
    let mut app = cluster();
    on_workload(&mut app, "checkout");
    let o = app.update(key("u"));
    assert_eq!(
        o.effects,
        [Effect::ReadRevisions {
            generation: app.live.generation,
            object: checkout()
        }]
    );
    assert!(
        app.features.ask.is_none(),
        "nothing asked before the revisions are read"
    );
    assert_eq!(
        notice(&app),
        "reading the revisions of deployment.apps/checkout -n web…"
    );
    let o = app.update(Msg::UndoPlanned {
        generation: app.live.generation,
        object: checkout(),
        plan: Ok(plan()),
    });
    assert!(o.effects.is_empty(), "asked first");
    let ask = app.features.ask.as_ref().expect("a confirmation");
    assert_eq!(
        ask.changes(),
        [
            "rollout undo deployment.apps/checkout -n web to revision 2",
            "revision 3 → revision 2 (replicaset.apps/checkout-b)",
            "images now: web=web:3",
            "images back to: web=web:2",
        ]
    );
    let change = Change::Undo {
        to_revision: 2,
        patch: plan().patch,
    };
    assert_eq!(
        app.update(key("enter")).effects,
        [Effect::Mutate {
            request: Request::Object(ObjectOp::new(checkout(), change)),
            read_only: false
        }]
    );
}

#[test]
fn kubectls_refusal_is_said_and_a_stale_answer_ignored() {
    let mut app = cluster();
    on_workload(&mut app, "checkout");
    app.update(key("u"));
    let refusal = "error: no rollout history found for deployment \"checkout\"";
    app.update(Msg::UndoPlanned {
        generation: app.live.generation,
        object: checkout(),
        plan: Err(refusal.into()),
    });
    assert!(app.features.ask.is_none());
    assert_eq!(notice(&app), refusal);
    // An answer for another context's generation asks nothing.
    app.update(Msg::UndoPlanned {
        generation: app.live.generation + 1,
        object: checkout(),
        plan: Ok(plan()),
    });
    assert!(app.features.ask.is_none());
}

fn db() -> ObjectRef {
    ObjectRef::namespaced(ObjectKind::StatefulSet, "shop", "db")
}

#[test]
fn a_statefulset_is_undone_from_its_controllerrevisions_and_read_only_refuses_before_reading() {
    let mut app = cluster();
    on_workload(&mut app, "'shop/db");
    assert_eq!(
        app.update(key("u")).effects,
        [Effect::ReadRevisions {
            generation: app.live.generation,
            object: db()
        }]
    );
    let data = serde_json::json!({ "spec": { "template": { "$patch": "replace" } } });
    let plan = UndoPlan {
        from_revision: 2,
        from_images: vec!["db=db:2".into()],
        to_revision: 1,
        source: "controllerrevision.apps/db-7c9d".into(),
        to_images: vec!["db=db:1".into()],
        patch: UndoPatch::Strategic(data.clone()),
    };
    app.update(Msg::UndoPlanned {
        generation: app.live.generation,
        object: db(),
        plan: Ok(plan),
    });
    let ask = app.features.ask.as_ref().expect("a confirmation");
    assert_eq!(
        ask.changes(),
        [
            "rollout undo statefulset.apps/db -n shop to revision 1",
            "revision 2 → revision 1 (controllerrevision.apps/db-7c9d)",
            "images now: db=db:2",
            "images back to: db=db:1",
        ]
    );
    let change = Change::Undo {
        to_revision: 1,
        patch: UndoPatch::Strategic(data),
    };
    assert_eq!(
        app.update(key("enter")).effects,
        [Effect::Mutate {
            request: Request::Object(ObjectOp::new(db(), change)),
            read_only: false
        }]
    );
    app.session.readonly = true;
    on_workload(&mut app, "checkout");
    let o = app.update(key("u"));
    assert!(
        matches!(o.effects.as_slice(), [Effect::Mutate { read_only: true, .. }]),
        "{o:?}"
    );
    assert!(app.features.ask.is_none());
    assert_eq!(
        notice(&app),
        "read-only: rollout-undo deployment.apps/checkout -n web refused, nothing changed"
    );
    on_workload(&mut app, "'shop/db");
    let o = app.update(key("u"));
    assert!(
        matches!(o.effects.as_slice(), [Effect::Mutate { read_only: true, .. }]),
        "{o:?}"
    );
    assert_eq!(
        notice(&app),
        "read-only: rollout-undo statefulset.apps/db -n shop refused, nothing changed"
    );
}

#[test]
fn a_skipped_undo_asks_nothing_and_goes_to_the_action_path_to_be_said_and_recorded() {
    let mut app = cluster();
    on_workload(&mut app, "'shop/db");
    app.update(key("u"));
    let plan = UndoPlan {
        patch: UndoPatch::Skip,
        ..plan()
    };
    let o = app.update(Msg::UndoPlanned {
        generation: app.live.generation,
        object: db(),
        plan: Ok(plan),
    });
    assert!(app.features.ask.is_none(), "nothing to confirm");
    let change = Change::Undo {
        to_revision: 2,
        patch: UndoPatch::Skip,
    };
    assert_eq!(
        o.effects,
        [Effect::Mutate {
            request: Request::Object(ObjectOp::new(db(), change)),
            read_only: false
        }]
    );
}
