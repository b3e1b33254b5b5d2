//! Snapshots of the context and namespace pickers over the console, at
//! 80x24 in the mono theme (the cursor row marked without colour).

use super::pane_snapshots::{app, press, screen};
use crate::app::Msg;
use crate::picker::PickItem;

fn item(name: &str, detail: &str) -> PickItem {
    PickItem {
        name: name.into(),
        detail: detail.into(),
        current: false,
    }
}

#[test]
fn context_picker_over_the_dashboard_80x24() {
    let mut a = app(80, 24);
    press(&mut a, "C");
    a.update(Msg::Contexts(Ok(vec![
        item("prod", "https://10.0.0.1:6443"),
        item("prod-eu", "https://10.8.0.1:6443  ns payments"),
        item("staging", "https://10.1.0.1:6443  ns shop"),
        item("kind-dev", "https://127.0.0.1:40123"),
    ])));
    for c in ["p", "r"] {
        press(&mut a, c);
    }
    let s = screen(&a);
    assert!(s.contains("2/4") && s.contains("> pr"), "{s}");
    assert!(s.contains("prod-eu") && s.contains("ns payments"), "{s}");
    assert!(!s.contains("staging"), "narrowed away:\n{s}");
    assert!(
        s.contains("enter choose") && s.contains("ctrl-s switch+save") && s.contains("ctrl-r ro shell"),
        "{s}"
    );
    insta::assert_snapshot!(s);
}

#[test]
fn namespace_picker_over_the_nodes_table_80x24() {
    let mut a = app(80, 24);
    press(&mut a, "n");
    press(&mut a, "N");
    let s = screen(&a);
    assert!(s.contains("(all)") && s.contains("every namespace"), "{s}");
    assert!(s.contains("web") && s.contains("2 pods"), "{s}");
    assert!(s.contains("4/4"), "{s}");
    assert!(!s.contains("ro shell"), "the shell is the context picker's: {s}");
    insta::assert_snapshot!(s);
}
