//! The `:` command line: Tab completion and `:ns` checks.

use super::tests::{key, type_str, with_nodes};
use super::*;

#[test]
fn ns_command_says_when_it_could_not_check_the_namespace() {
    use crate::cluster::store::SyncState;
    let mut app = with_nodes(&["a"]);
    app.store.namespaces.state = SyncState::Forbidden {
        verb: "list".into(),
        resource: "namespaces".into(),
    };
    app.update(key(":"));
    type_str(&mut app, "ns web");
    app.update(key("enter"));
    assert_eq!(app.target.scope.as_deref(), Some("web"));
    let notice = app.notice(About::Command).expect("a notice");
    assert_eq!(notice.level, Level::Warn);
    assert_eq!(
        notice.text,
        "namespaced panes show namespace web, not checked: you may not list namespaces"
    );
}

#[test]
fn tab_completes_the_command_line() {
    let mut app = with_nodes(&["a"]);
    for ns in ["shop", "shop-staging", "web"] {
        let view = crate::signals::fixtures::namespace(ns);
        app.store.namespaces.items.insert(ns.into(), view);
    }
    let o = app.update(key(":"));
    assert_eq!(o.effects, vec![Effect::LoadContexts], "contexts are read for Tab");
    let item = |name: &str| crate::picker::PickItem {
        name: name.into(),
        detail: String::new(),
        current: false,
    };
    app.update(Msg::Contexts(Ok(vec![item("prod"), item("staging-eu")])));
    type_str(&mut app, "nod");
    app.update(key("tab"));
    assert_eq!(app.cmdline.lines(), ["nodes "]);
    app.update(key("esc"));
    app.update(key(":"));
    type_str(&mut app, "ns sh");
    app.update(key("tab"));
    assert_eq!(app.cmdline.lines(), ["ns shop"]);
    let listed = app.notice(About::Command).map(|n| n.text.clone());
    assert_eq!(listed.as_deref(), Some("shop  shop-staging"));
    type_str(&mut app, "-");
    app.update(key("tab"));
    assert_eq!(app.cmdline.lines(), ["ns shop-staging "]);
    assert!(app.notice(About::Command).is_none(), "one match: the list goes");
    app.update(key("esc"));
    app.update(key(":"));
    type_str(&mut app, "ctx st");
    app.update(key("tab"));
    assert_eq!(app.cmdline.lines(), ["ctx staging-eu "]);
    // Typing goes on at the end of the completed line.
    type_str(&mut app, "x");
    assert_eq!(app.cmdline.lines(), ["ctx staging-eu x"]);
}
