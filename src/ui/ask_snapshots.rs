//! Snapshots of the generic confirmation of a request over the pods table,
//! at 80x24 in the mono theme: the changes with the text to type, then
//! the second question naming the risk.

use super::pane_snapshots::{app, press, screen};
use crate::actions::Request;
use crate::actions::object::{Change, ObjectOp};
use crate::app::ask::Ask;
use crate::cluster::ObjectRef;

const RISK: &str = "--force does not wait for the kubelet: the process may still run on the node, \
                    and a StatefulSet pod can then exist twice.";

fn force_delete() -> Ask {
    let request = Request::Object(ObjectOp::new(
        ObjectRef::pod("shop", "web-1"),
        Change::Delete {
            grace: Some(0),
            force: true,
        },
    ));
    Ask::new(
        request,
        vec![
            "delete pod/web-1 -n shop --grace-period=0 --force".into(),
            "on node w-1, owned by statefulset.apps/web".into(),
        ],
    )
    .typing("web-1")
    .with_risk(RISK)
}

#[test]
fn force_delete_asked_twice_80x24() {
    let mut a = app(80, 24);
    press(&mut a, "p");
    a.ask(force_delete());
    let s = screen(&a);
    assert!(s.contains("Delete pod/web-1 -n shop?"), "{s}");
    assert!(s.contains("on node w-1, owned by statefulset.apps/web"), "{s}");
    assert!(s.contains("type web-1 to delete:"), "{s}");
    assert!(!s.contains("exist twice"), "the risk comes second:\n{s}");
    insta::assert_snapshot!("force_delete_first_question_80x24", s);
    for k in ["w", "e", "b", "-", "1", "enter"] {
        press(&mut a, k);
    }
    let s = screen(&a);
    assert!(s.contains("StatefulSet pod can then exist twice"), "{s}");
    assert!(
        s.contains("enter: delete anyway   esc: cancel, nothing changes"),
        "{s}"
    );
    insta::assert_snapshot!("force_delete_second_question_80x24", s);
}
