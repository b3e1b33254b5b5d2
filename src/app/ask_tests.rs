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

fn notice(app: &AppState) -> String {
    app.nav.notices.last().map(|n| n.text.clone()).unwrap_or_default()
}

#[test]
fn submit_sends_the_request_cancel_changes_nothing() {
    let mut app = state();
    let ask = Ask::new(delete(false), vec!["delete pod/web-1 -n shop".into()]);
    assert_eq!(ask.title, "Delete pod/web-1 -n shop?");
    assert!(app.ask(ask.clone()).effects.is_empty(), "nothing before the yes");
    assert!(app.features.ask.is_some());
    // Keys of the view under it are not acted on.
    assert!(app.update(key("q")).effects.is_empty());
    let o = app.update(key("enter"));
    assert_eq!(
        o.effects,
        [Effect::Mutate {
            request: delete(false),
            read_only: false
        }]
    );
    assert!(app.features.ask.is_none());
    assert_eq!(notice(&app), "delete pod/web-1 -n shop…");

    app.ask(ask);
    let o = app.update(key("esc"));
    assert!(o.effects.is_empty() && app.features.ask.is_none());
    assert_eq!(notice(&app), "delete cancelled: nothing changed");
}

#[test]
fn the_text_asked_for_must_be_typed() {
    let mut app = state();
    app.ask(Ask::new(delete(false), vec![]).typing("web-1"));
    assert!(app.update(key("enter")).effects.is_empty());
    assert_eq!(notice(&app), "type web-1 to delete");
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
    let risk = "the process may still run on the node";
    app.ask(Ask::new(delete(true), vec![]).typing("web-1").with_risk(risk));
    type_str(&mut app, "web-1");
    assert!(
        app.update(key("enter")).effects.is_empty(),
        "the risk comes first"
    );
    let a = app.features.ask.as_ref().unwrap();
    assert_eq!((a.stage, a.expected()), (Stage::Risk, None));
    let o = app.update(key("enter"));
    assert_eq!(
        o.effects,
        [Effect::Mutate {
            request: delete(true),
            read_only: false
        }]
    );
    // Cancelled at the second question: nothing.
    app.ask(Ask::new(delete(true), vec![]).with_risk(risk));
    app.update(key("enter"));
    assert!(app.update(key("esc")).effects.is_empty());
    assert!(app.features.ask.is_none());
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
    assert!(app.features.ask.is_none());
    assert_eq!(
        notice(&app),
        "read-only: delete pod/web-1 -n shop refused, nothing changed"
    );
    // Turned on while the question was open: the executor refuses.
    app.session.readonly = false;
    app.ask(Ask::new(delete(false), vec![]));
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
