//! The generic confirmation: what it shows, the text to type, the second
//! confirmation naming a risk, cancel, read-only, and a context switch.

use super::*;
use crate::actions::object::{Change, ObjectOp};
use crate::app::Msg;
use crate::app::tests::{key, state, type_str};
use crate::cluster::ObjectRef;

fn delete(force: bool) -> Request {
    let grace = force.then_some(0);
    Request::Object(ObjectOp::new(
        ObjectRef::pod("shop", "web-1"),
        Change::Delete { grace, force },
    ))
}

/// A request that takes no typed value.
fn restart() -> Request {
    Request::Object(ObjectOp::new(
        ObjectRef::namespaced(crate::cluster::ObjectKind::Deployment, "shop", "web"),
        Change::Restart,
    ))
}

fn notice(app: &AppState) -> String {
    app.nav.notices.last().map(|n| n.text.clone()).unwrap_or_default()
}

#[test]
fn submit_sends_the_request_cancel_changes_nothing() {
    let mut app = state();
    let ask = Ask::new(restart(), vec!["3 pods".into()]);
    assert_eq!(ask.title, "Rollout-restart deployment.apps/web -n shop?");
    assert_eq!(
        ask.changes(),
        [
            "rollout restart deployment.apps/web -n shop: every pod is replaced",
            "3 pods"
        ]
    );
    assert!(app.ask(ask.clone()).effects.is_empty(), "nothing before the yes");
    assert!(app.features.ask.is_some());
    // Keys of the view under it are not acted on.
    assert!(app.update(key("q")).effects.is_empty());
    let o = app.update(key("enter"));
    assert_eq!(
        o.effects,
        [Effect::Mutate {
            request: restart(),
            read_only: false
        }]
    );
    assert!(app.features.ask.is_none());
    assert_eq!(notice(&app), "rollout-restart deployment.apps/web -n shop…");

    app.ask(ask);
    let o = app.update(key("esc"));
    assert!(o.effects.is_empty() && app.features.ask.is_none());
    assert_eq!(notice(&app), "rollout-restart cancelled: nothing changed");
}

#[test]
fn the_text_asked_for_must_be_typed() {
    let mut app = state();
    app.ask(Ask::new(restart(), vec![]).typing("web-1"));
    assert!(app.update(key("enter")).effects.is_empty());
    assert_eq!(notice(&app), "type web-1 to rollout-restart");
    type_str(&mut app, "web-");
    assert!(app.update(key("enter")).effects.is_empty(), "not yet");
    type_str(&mut app, "1");
    assert!(matches!(
        app.update(key("enter")).effects.as_slice(),
        [Effect::Mutate { .. }]
    ));
}

#[test]
fn a_risk_takes_a_second_confirmation() {
    let mut app = state();
    let risk = "every replica restarts at once";
    app.ask(Ask::new(restart(), vec![]).typing("web").with_risk(risk));
    type_str(&mut app, "web");
    assert!(
        app.update(key("enter")).effects.is_empty(),
        "the risk comes first"
    );
    let a = app.features.ask.as_ref().unwrap();
    assert_eq!((a.stage, a.expected()), (Stage::Risk, None));
    assert_eq!(a.risk().as_deref(), Some(risk));
    let o = app.update(key("enter"));
    assert_eq!(
        o.effects,
        [Effect::Mutate {
            request: restart(),
            read_only: false
        }]
    );
    // A forced deletion names its own risk; cancelled at the second question: nothing.
    app.ask(Ask::new(delete(false), vec![]));
    type_str(&mut app, "0");
    app.update(key("enter"));
    assert_eq!(app.features.ask.as_ref().unwrap().request, delete(true));
    assert!(app.update(key("enter")).effects.is_empty());
    let a = app.features.ask.as_ref().unwrap();
    assert_eq!(a.stage, Stage::Risk);
    assert!(a.risk().unwrap().contains("may still run on the node"));
    assert!(app.update(key("esc")).effects.is_empty());
    assert!(app.features.ask.is_none());
}

#[test]
fn a_typed_value_completes_the_request_or_is_refused_before_anything_is_sent() {
    let mut app = state();
    let scale = |from, to| {
        Request::Object(ObjectOp::new(
            ObjectRef::namespaced(crate::cluster::ObjectKind::Deployment, "web", "checkout"),
            Change::Scale { from, to },
        ))
    };
    app.ask(Ask::new(scale(5, 5), vec![]));
    assert_eq!(app.features.ask.as_ref().unwrap().stage, Stage::Value);
    assert!(
        app.features.ask.as_ref().unwrap().changes().is_empty(),
        "no target yet"
    );
    for bad in ["-1", "x"] {
        type_str(&mut app, bad);
        assert!(app.update(key("enter")).effects.is_empty());
        assert!(notice(&app).ends_with(": nothing sent"), "{}", notice(&app));
        assert_eq!(app.features.ask.as_ref().unwrap().stage, Stage::Value);
        for _ in 0..bad.len() {
            app.update(key("backspace"));
        }
    }
    type_str(&mut app, "3");
    assert!(app.update(key("enter")).effects.is_empty(), "shown before sent");
    let a = app.features.ask.as_ref().unwrap();
    assert_eq!(a.changes(), ["scale deployment.apps/checkout -n web 5 → 3"]);
    assert_eq!(
        app.update(key("enter")).effects,
        [Effect::Mutate {
            request: scale(5, 3),
            read_only: false
        }]
    );
}

#[test]
fn read_only_refuses_without_asking_and_has_it_recorded() {
    let mut app = state();
    app.session.readonly = true;
    let o = app.ask(Ask::new(delete(false), vec![]));
    assert_eq!(
        o.effects,
        [Effect::Mutate {
            request: delete(false),
            read_only: true
        }]
    );
    assert!(app.features.ask.is_none(), "nothing asked");
    assert!(app.features.ask.is_none());
    assert_eq!(
        notice(&app),
        "read-only: delete pod/web-1 -n shop refused, nothing changed"
    );
    // Turned on while the question was open: the executor refuses.
    app.session.readonly = false;
    app.ask(Ask::new(restart(), vec![]));
    app.session.readonly = true;
    assert!(matches!(
        app.update(key("enter")).effects.as_slice(),
        [Effect::Mutate { read_only: true, .. }]
    ));
}

#[test]
fn quit_cancels_and_quits_and_a_context_switch_drops_the_question() {
    let mut app = state();
    app.ask(Ask::new(delete(false), vec![]));
    assert_eq!(app.update(key("ctrl-c")).effects, [Effect::Quit]);
    assert!(app.features.ask.is_none());
    app.ask(Ask::new(delete(false), vec![]));
    app.update(Msg::Switched(Box::new(crate::app::switch_tests::switched(
        "staging",
    ))));
    assert!(
        app.features.ask.is_none(),
        "never asked about one cluster, sent to another"
    );
}
