//! The context picker's "read-only shell here" key (issue 16).

use super::tests::{key, state, type_str};
use super::*;
use crate::picker::PickItem;

fn contexts() -> Msg {
    let item = |name: &str| PickItem {
        name: name.into(),
        detail: String::new(),
        current: false,
    };
    Msg::Contexts(Ok(vec![item("prod"), item("staging")]))
}

#[test]
fn ctrl_r_in_the_context_picker_asks_for_a_readonly_shell_in_the_chosen_context() {
    for readonly in [false, true] {
        let mut app = state();
        // Read-only kon: the read-only shell changes nothing, so it is offered too.
        app.session.readonly = readonly;
        app.update(key("n"));
        app.update(key("C"));
        app.update(contexts());
        type_str(&mut app, "stag");
        let o = app.update(key("ctrl-r"));
        assert_eq!(
            o.effects,
            vec![Effect::ReadonlyShell {
                context: "staging".into()
            }]
        );
        assert!(app.features.picker.is_none(), "the picker closes");
        assert_eq!(app.nav.mode, Mode::Nodes, "back to the view under it");
    }
}

#[test]
fn ctrl_r_does_nothing_in_the_namespace_picker_or_with_no_match() {
    let mut app = state();
    app.update(key("N"));
    let o = app.update(key("ctrl-r"));
    assert!(o.effects.is_empty(), "{:?}", o.effects);
    assert_eq!(app.nav.mode, Mode::Picker);

    let mut app = state();
    app.update(key("C"));
    app.update(contexts());
    type_str(&mut app, "zzz");
    let o = app.update(key("ctrl-r"));
    assert!(o.effects.is_empty(), "{:?}", o.effects);
    assert_eq!(app.nav.mode, Mode::Picker, "nothing chosen: the picker stays");
}
