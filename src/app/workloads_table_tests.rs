use super::*;

fn row(kind: &str, ns: &str, name: &str, rank: u8, desired: i32, ready: i32) -> WorkloadRow {
    WorkloadRow {
        kind: kind.into(),
        namespace: ns.into(),
        name: name.into(),
        desired,
        ready,
        updated: Some(desired),
        available: Some(ready),
        state: if rank == 0 {
            "ProgressDeadlineExceeded"
        } else {
            "Complete"
        },
        rank,
        problem: rank == 0,
        message: format!("{name} message"),
        revision: None,
        since: None,
        selector: Box::default(),
    }
}

fn names(t: &WorkloadsTable, rows: &[WorkloadRow]) -> Vec<String> {
    t.shown.iter().map(|&i| rows[i].name.to_string()).collect()
}

#[test]
fn worst_first_then_filter_and_sort_keep_the_cursor_on_its_workload() {
    let rows = vec![
        row("Deployment", "web", "api", 14, 2, 2),
        row("Deployment", "web", "checkout", 0, 5, 1),
        row("StatefulSet", "data", "db", 14, 3, 3),
    ];
    let mut t = WorkloadsTable::default();
    t.refresh(&rows, 10);
    assert_eq!(
        names(&t, &rows),
        ["checkout", "db", "api"],
        "worst, then namespace/name"
    );
    t.move_by(1, &rows, 10);
    assert_eq!(t.current(&rows).map(|r| &*r.name), Some("db"));
    // New rows arrive before it: the cursor stays on db.
    let mut more = rows.clone();
    more.insert(0, row("Deployment", "a", "aaa", 0, 1, 0));
    t.refresh(&more, 10);
    assert_eq!(t.current(&more).map(|r| &*r.name), Some("db"));
    t.filter = "web".into();
    t.refresh(&more, 10);
    assert_eq!(names(&t, &more), ["checkout", "api"]);
    t.filter.clear();
    t.sort = Column::Ready;
    t.refresh(&more, 10);
    assert_eq!(names(&t, &more)[0], "checkout", "the largest shortfall first");
    t.reversed = true;
    t.refresh(&more, 10);
    assert_eq!(names(&t, &more).last().map(String::as_str), Some("checkout"));
}

#[test]
fn enter_asks_for_the_pods_of_the_workload() {
    let mut r = row("Deployment", "web", "checkout", 0, 5, 1);
    r.selector = vec![("app".into(), "checkout".into())].into();
    let of = PodsOf::of(&r);
    assert_eq!(
        (&*of.kind, &*of.namespace, &*of.name),
        ("Deployment", "web", "checkout")
    );
    assert_eq!(of.selector.len(), 1);
}
