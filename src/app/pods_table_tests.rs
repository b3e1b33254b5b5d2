use std::sync::Arc;

use super::*;
use crate::signals::pods::{PodRow, Tier};

fn row(ns: &str, name: &str, tier: Tier, restarts: u32, node: &str) -> PodRow {
    PodRow {
        namespace: Arc::from(ns),
        name: name.into(),
        tier,
        status: Arc::from(if tier == Tier::Healthy {
            "Running"
        } else {
            "CrashLoopBackOff"
        }),
        ready: (1, 1),
        restarts,
        last_restart: None,
        last_termination: None,
        node: Some(Arc::from(node)),
        created: Some(0),
        owner: None,
        why: Box::new([]),
    }
}

fn names(t: &PodsTable, rows: &[PodRow]) -> Vec<String> {
    t.shown
        .iter()
        .map(|&i| format!("{}/{}", rows[i].namespace, rows[i].name))
        .collect()
}

#[test]
fn worst_first_then_by_restarts_and_the_cursor_follows_the_pod() {
    let rows = vec![
        row("web", "fine", Tier::Healthy, 0, "n1"),
        row("pay", "ledger", Tier::Containers, 17, "n1"),
        row("pay", "other", Tier::Containers, 3, "n2"),
        row("data", "trainer", Tier::NotRunning, 0, "n2"),
    ];
    let mut t = PodsTable::default();
    t.refresh(&rows, 10);
    assert_eq!(
        names(&t, &rows),
        ["data/trainer", "pay/ledger", "pay/other", "web/fine"]
    );
    t.move_by(1, &rows, 10);
    assert_eq!(&*t.current(&rows).unwrap().name, "ledger");
    // The rows change order (a new problem pod): the cursor stays on ledger.
    let mut next = rows.clone();
    next.push(row("ops", "a-new-one", Tier::NotRunning, 0, "n1"));
    t.refresh(&next, 10);
    assert_eq!(&*t.current(&next).unwrap().name, "ledger");
    // Sorted by name, ascending.
    t.sort = Column::Name;
    t.refresh(&next, 10);
    assert_eq!(names(&t, &next)[0], "data/trainer");
    assert_eq!(&*t.current(&next).unwrap().name, "ledger");
}

#[test]
fn the_filter_and_the_node_narrow_the_rows() {
    let rows = vec![
        row("pay", "ledger", Tier::Containers, 17, "n1"),
        row("pay", "other", Tier::Containers, 3, "n2"),
        row("web", "front", Tier::Healthy, 0, "n2"),
    ];
    let mut t = PodsTable {
        filter: "ledger".into(),
        ..PodsTable::default()
    };
    t.refresh(&rows, 10);
    assert_eq!(names(&t, &rows), ["pay/ledger"]);
    t.filter = "!pay".into();
    t.refresh(&rows, 10);
    assert_eq!(names(&t, &rows), ["web/front"]);
    t.filter.clear();
    t.node = Some("n2".into());
    t.refresh(&rows, 10);
    assert_eq!(names(&t, &rows), ["pay/other", "web/front"]);
    assert!(t.select("web", "front", &rows, 10));
    assert!(!t.select("pay", "ledger", &rows, 10), "not on n2: not shown");
}

#[test]
fn the_filter_matches_the_rows_as_they_are_now() {
    let mut rows = vec![
        row("pay", "ledger", Tier::Containers, 17, "n1"),
        row("web", "front", Tier::Healthy, 0, "n2"),
    ];
    let mut t = PodsTable {
        filter: "n3".into(),
        ..PodsTable::default()
    };
    t.refresh(&rows, 10);
    assert!(names(&t, &rows).is_empty());
    // As many rows, one moved to n3: no text of the old rows is matched.
    rows[1].node = Some("n3".into());
    t.refresh(&rows, 10);
    assert_eq!(names(&t, &rows), ["web/front"]);
}

#[test]
fn a_rows_filter_text_names_all_it_matches_on() {
    let mut r = row("pay", "ledger", Tier::Containers, 3, "n1");
    assert_eq!(r.haystack(), "pay/ledger CrashLoopBackOff n1");
    r.owner = Some((Arc::from("Deployment"), Arc::from("ledger")));
    r.last_termination = Some(Box::new(crate::signals::pods::LastTermination {
        reason: Some(Arc::from("OOMKilled")),
        exit_code: 137,
        signal: 0,
        finished: None,
    }));
    let mut text = String::from("left over");
    r.write_haystack(&mut text);
    assert_eq!(
        text,
        "pay/ledger CrashLoopBackOff n1 Deployment/ledger OOMKilled 137"
    );
}
