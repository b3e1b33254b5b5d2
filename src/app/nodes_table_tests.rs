use super::*;
use crate::signals::nodes::NodeStatus;

fn row(name: &str, status: NodeStatus, zone: &str, pods: u32, created: i64) -> NodeRow {
    NodeRow {
        name: name.into(),
        status,
        cordoned: false,
        roles: "<none>".into(),
        zone: Some(zone.into()),
        version: "v1.35.0".into(),
        created: Some(created),
        pods,
        pods_capacity: 110,
        pressure: vec![],
    }
}

fn rows() -> Vec<NodeRow> {
    let mut cordoned = row("node-c", NodeStatus::Ready, "zone-b", 10, 300);
    cordoned.cordoned = true;
    let mut pressed = row("node-d", NodeStatus::Ready, "zone-b", 5, 400);
    pressed.pressure = vec!["Disk"];
    vec![
        row("node-a", NodeStatus::Ready, "zone-a", 100, 100),
        row("node-b", NodeStatus::NotReady, "zone-a", 0, 200),
        cordoned,
        pressed,
        row("worker-e", NodeStatus::Unknown, "zone-c", 50, 500),
    ]
}

fn names(t: &NodesTable, rows: &[NodeRow]) -> Vec<String> {
    t.shown.iter().map(|&i| rows[i].name.to_string()).collect()
}

#[test]
fn default_order_puts_problems_first() {
    let rows = rows();
    let mut t = NodesTable::default();
    t.refresh(&rows, 10);
    assert_eq!(
        names(&t, &rows),
        ["worker-e", "node-b", "node-c", "node-d", "node-a"]
    );
}

#[test]
fn each_column_sorts_and_reverse_flips() {
    let rows = rows();
    let mut t = NodesTable::default();
    let cases = [
        (Column::Name, ["node-a", "node-b", "node-c", "node-d", "worker-e"]),
        (Column::Pods, ["node-a", "worker-e", "node-c", "node-d", "node-b"]),
        (Column::Age, ["worker-e", "node-d", "node-c", "node-b", "node-a"]),
        (Column::Zone, ["node-a", "node-b", "node-c", "node-d", "worker-e"]),
        (
            Column::Pressure,
            ["node-d", "node-a", "node-b", "node-c", "worker-e"],
        ),
        (
            Column::Cordoned,
            ["node-c", "node-a", "node-b", "node-d", "worker-e"],
        ),
    ];
    for (col, want) in cases {
        t.sort = col;
        t.reversed = false;
        t.refresh(&rows, 10);
        assert_eq!(names(&t, &rows), want, "{col:?}");
        t.reversed = true;
        t.refresh(&rows, 10);
        let mut rev: Vec<_> = want.iter().map(|s| s.to_string()).collect();
        rev.reverse();
        assert_eq!(names(&t, &rows), rev, "{col:?} reversed");
    }
}

#[test]
fn fuzzy_filter_matches_any_column_and_supports_negation() {
    let rows = rows();
    let mut t = NodesTable {
        sort: Column::Name,
        ..Default::default()
    };
    for (filter, want) in [
        // fuzzy: the letters in order, anywhere in the row
        ("nda", vec!["node-a", "node-b", "node-c", "node-d"]),
        ("zone-b", vec!["node-c", "node-d"]),
        ("cordoned", vec!["node-c"]),
        // worker-e's Ready condition is Unknown: kubectl (and the table) say NotReady.
        ("notready", vec!["node-b", "worker-e"]),
        ("diskpressure", vec!["node-d"]),
        ("wrkr", vec!["worker-e"]),
        // fuzzy "zone-a" also finds zone-b's node-c (z-o-n-e-…-a in "SchedulingDisabled");
        // a leading ' asks for the exact text
        ("zone-a !notready", vec!["node-a", "node-c"]),
        ("'zone-a !notready", vec!["node-a"]),
        ("nothing-like-this", vec![]),
    ] {
        t.filter = filter.into();
        t.refresh(&rows, 10);
        assert_eq!(names(&t, &rows), want, "filter {filter:?}");
    }
}

#[test]
fn cursor_follows_its_node_and_stays_on_screen() {
    let mut rows = rows();
    let mut t = NodesTable {
        sort: Column::Name,
        ..Default::default()
    };
    t.refresh(&rows, 2);
    t.move_by(2, &rows, 2);
    assert_eq!(t.current(&rows).map(|r| &*r.name), Some("node-c"));
    assert_eq!(t.view.offset, 1, "the cursor row is on screen");
    // node-a disappears: the cursor stays on node-c.
    rows.remove(0);
    t.refresh(&rows, 2);
    assert_eq!(t.current(&rows).map(|r| &*r.name), Some("node-c"));
    // A filter that hides it: the cursor is clamped, not lost.
    t.filter = "worker".into();
    t.refresh(&rows, 2);
    assert_eq!(t.current(&rows).map(|r| &*r.name), Some("worker-e"));
    assert_eq!(t.view.offset, 0);
    t.move_by(-5, &rows, 2);
    t.to_bottom(&rows, 2);
    assert_eq!(t.view.cursor, 0);
    t.filter.clear();
    t.refresh(&rows, 2);
    t.to_bottom(&rows, 2);
    assert_eq!((t.view.cursor, t.view.offset), (3, 2));
    t.to_top(&rows, 2);
    assert_eq!((t.view.cursor, t.view.offset), (0, 0));
    // No rows at all: nothing selected, no panic.
    t.refresh(&[], 2);
    assert_eq!(t.current(&[]), None);
    t.move_by(3, &[], 2);
    assert_eq!((t.view.cursor, t.view.offset), (0, 0));
}
