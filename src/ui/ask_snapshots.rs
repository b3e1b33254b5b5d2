//! Snapshots of the generic confirmation of a request over the pods table,
//! at 80x24 in the mono theme: the changes with the text to type, then
//! the second question naming the risk.

use super::pane_snapshots::{app, press, screen};
use crate::actions::Request;
use crate::actions::object::{Change, ObjectOp};
use crate::app::ask::Ask;
use crate::cluster::ObjectRef;

fn delete() -> Ask {
    let request = Request::Object(ObjectOp::new(
        ObjectRef::pod("shop", "web-1"),
        Change::Delete {
            grace: None,
            force: false,
        },
    ));
    Ask::new(request, vec!["on node w-1, owned by StatefulSet/web".into()])
}

#[test]
fn force_delete_asked_twice_80x24() {
    let mut a = app(80, 24);
    press(&mut a, "p");
    a.ask(delete());
    let s = screen(&a);
    assert!(s.contains("Delete pod/web-1 -n shop?"), "{s}");
    assert!(s.contains("on node w-1, owned by StatefulSet/web"), "{s}");
    assert!(
        s.contains("grace period in seconds (empty: the pod's own; 0: --force):"),
        "{s}"
    );
    insta::assert_snapshot!("delete_grace_period_80x24", s);
    for k in ["0", "enter"] {
        press(&mut a, k);
    }
    let s = screen(&a);
    assert!(
        s.contains("delete pod/web-1 -n shop --grace-period=0 --force"),
        "{s}"
    );
    assert!(s.contains("enter: go on"), "{s}");
    assert!(!s.contains("exist twice"), "the risk comes second:\n{s}");
    press(&mut a, "enter");
    let s = screen(&a);
    assert!(s.contains("StatefulSet pod can then exist twice"), "{s}");
    assert!(
        s.contains("enter: delete anyway   esc: cancel, nothing changes"),
        "{s}"
    );
    insta::assert_snapshot!("force_delete_second_question_80x24", s);
}
