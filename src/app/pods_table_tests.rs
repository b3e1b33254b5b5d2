use std::sync::Arc;

use super::*;
use crate::signals::pods::{PodRow, PodsModel, Tier};

pub(super) fn row(ns: &str, name: &str, tier: Tier, restarts: u32, node: &str) -> Arc<PodRow> {
    Arc::new(PodRow {
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
    })
}

pub(super) fn names(t: &PodsTable, rows: &[Arc<PodRow>]) -> Vec<String> {
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
    Arc::make_mut(&mut rows[1]).node = Some("n3".into());
    t.refresh(&rows, 10);
    assert_eq!(names(&t, &rows), ["web/front"]);
}

#[test]
fn a_rows_filter_text_names_all_it_matches_on() {
    let mut r = row("pay", "ledger", Tier::Containers, 3, "n1");
    assert_eq!(r.haystack(), "pay/ledger CrashLoopBackOff n1");
    Arc::make_mut(&mut r).owner = Some((Arc::from("Deployment"), Arc::from("ledger")));
    Arc::make_mut(&mut r).last_termination = Some(Box::new(crate::signals::pods::LastTermination {
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

pub(super) fn model(rows: Vec<Arc<PodRow>>) -> Arc<PodsModel> {
    let mut rows = rows;
    rows.sort_by(|a, b| PodRow::worst_first(a, b));
    Arc::new(PodsModel { rows, counts: [0; 4] })
}

/// What a table with the same settings shows when it sorts and filters
/// every row from scratch.
fn from_scratch(t: &PodsTable, rows: &[Arc<PodRow>]) -> Vec<String> {
    let mut fresh = PodsTable {
        sort: t.sort,
        reversed: t.reversed,
        filter: t.filter.clone(),
        node: t.node.clone(),
        owner: t.owner.clone(),
        ..PodsTable::default()
    };
    fresh.refresh(rows, 10);
    names(&fresh, rows)
}

fn many() -> Vec<Arc<PodRow>> {
    let mut rows = Vec::new();
    for i in 0..40u32 {
        let tier = [Tier::Healthy, Tier::Containers, Tier::NotRunning][i as usize % 3];
        let ns = ["api", "payments", "apps", "data"][i as usize % 4];
        let name = format!(
            "{}-{i}",
            ["apiserver", "ledger", "pipeline", "web"][(i as usize % 4) ^ 1]
        );
        rows.push(row(ns, &name, tier, i % 5, &format!("n{}", i % 3)));
    }
    rows
}

#[test]
fn a_filter_typed_further_or_erased_shows_what_a_fresh_filter_shows() {
    let m = model(many());
    let mut t = PodsTable::default();
    for filter in [
        "a", "ap", "api", "api-", "api", "ap", "a", "", "p", "pa", "pay", "!pay", "!pa", "pa y", "pay",
    ] {
        t.filter = filter.into();
        t.refresh_model(Some(&m), 10);
        assert_eq!(names(&t, &m.rows), from_scratch(&t, &m.rows), "filter {filter:?}");
    }
    t.node = Some(Arc::from("n1"));
    t.filter = "pa".into();
    t.refresh_model(Some(&m), 10);
    assert_eq!(
        names(&t, &m.rows),
        from_scratch(&t, &m.rows),
        "narrowed to a node"
    );
    t.node = None;
    t.filter = "pay".into();
    t.refresh_model(Some(&m), 10);
    assert_eq!(names(&t, &m.rows), from_scratch(&t, &m.rows), "the node dropped");
}

#[test]
fn erasing_after_the_node_changed_shows_what_a_fresh_filter_shows() {
    let m = model(many());
    let mut t = PodsTable::default();
    let steps: [(&str, Option<&str>); 14] = [
        ("a", None),
        ("ap", None),
        ("a", Some("n1")),
        ("ap", Some("n1")),
        ("api", Some("n1")),
        ("ap", None),
        ("a", None),
        ("", None),
        ("p", Some("n2")),
        ("pa", Some("n2")),
        ("pay", Some("n2")),
        ("pa", Some("n2")),
        ("p", Some("n0")),
        ("", Some("n0")),
    ];
    for (filter, node) in steps {
        t.filter = filter.into();
        t.node = node.map(Arc::from);
        t.refresh_model(Some(&m), 10);
        assert_eq!(
            names(&t, &m.rows),
            from_scratch(&t, &m.rows),
            "filter {filter:?} on {node:?}"
        );
    }
}

/// A table over `m` with the cursor on payments/apiserver-5.
fn on_apiserver_5(m: &Arc<PodsModel>) -> PodsTable {
    let mut t = PodsTable::default();
    t.refresh_model(Some(m), 10);
    assert!(t.select("payments", "apiserver-5", &m.rows, 10));
    t
}

#[test]
fn the_cursor_stays_on_its_pod_while_the_filter_is_typed_and_erased() {
    let m = model(many());
    let mut t = on_apiserver_5(&m);
    for filter in ["s", "se", "ser", "se", "s", ""] {
        t.filter = filter.into();
        t.refresh_model(Some(&m), 10);
        let r = t.current(&m.rows).expect("a row under the cursor");
        assert_eq!(
            (&*r.namespace, &*r.name),
            ("payments", "apiserver-5"),
            "filter {filter:?}"
        );
    }
}

#[test]
fn a_new_model_or_sort_is_sorted_again() {
    let m = model(many());
    let mut t = PodsTable::default();
    t.refresh_model(Some(&m), 10);
    assert_eq!(names(&t, &m.rows), from_scratch(&t, &m.rows));
    for (sort, reversed) in [
        (Column::Name, false),
        (Column::Restarts, true),
        (Column::Status, true),
    ] {
        (t.sort, t.reversed) = (sort, reversed);
        t.refresh_model(Some(&m), 10);
        assert_eq!(
            names(&t, &m.rows),
            from_scratch(&t, &m.rows),
            "{sort:?} {reversed}"
        );
    }
    // Other rows (a new model): sorted again, not read through the old order.
    let mut rows = many();
    rows.truncate(7);
    Arc::make_mut(&mut rows[0]).restarts = 99;
    let other = model(rows);
    t.refresh_model(Some(&other), 10);
    assert_eq!(names(&t, &other.rows), from_scratch(&t, &other.rows));
    assert_eq!(t.shown.len(), 7);
    t.refresh_model(None, 10);
    assert!(t.shown.is_empty());
}

#[test]
fn only_a_plain_term_typed_further_narrows() {
    assert!(narrows("ap", "api"));
    assert!(narrows("pay", "payments/led"));
    for (old, new) in [
        ("", "a"),
        ("ap", "a"),
        ("!a", "!ab"),
        ("a", "a b"),
        ("^a", "^ab"),
        ("a", "a$"),
        ("a", "ab|c"),
        ("'a", "'ab"),
    ] {
        assert!(!narrows(old, new), "{old:?} -> {new:?}");
    }
}

#[test]
fn the_plain_term_test_agrees_with_nucleos_fuzzy_match() {
    use nucleo_matcher::Utf32Str;
    let texts = [
        "payments/ledger-7d9f CrashLoopBackOff worker-12 Deployment/ledger OOMKilled 137",
        "kube-system/kube-apiserver-cp-1 Running cp-1",
        "Team-01/API-2-x9 ImagePullBackOff",
        "a",
        "",
        "data/trainer-0 Pending",
    ];
    let terms = [
        "a",
        "ap",
        "api",
        "API",
        "led",
        "ledger137",
        "l3",
        "kube-api",
        "cp-1",
        "x",
        "zz",
        "ooM",
        "pay/ledg",
        "te:a",
        "137",
        "crash.loop",
        "a_b",
        "tr0",
        "ab",
        "ba",
    ];
    let mut buf = Vec::new();
    for t in texts {
        for term in terms {
            let (pattern, mut m) = super::super::nodes_table::matcher(term).expect("a term");
            let nucleo = pattern.score(Utf32Str::new(t, &mut buf), &mut m).is_some();
            let ours = subsequence(t, term.to_ascii_lowercase().as_bytes());
            assert_eq!(ours, nucleo, "{term:?} in {t:?}");
        }
    }
}

#[test]
fn a_row_read_part_by_part_matches_as_its_written_text_does() {
    let mut rows = many();
    Arc::make_mut(&mut rows[1]).owner = Some((Arc::from("Deployment"), Arc::from("ledger")));
    Arc::make_mut(&mut rows[2]).node = None;
    Arc::make_mut(&mut rows[3]).namespace = Arc::from("café");
    Arc::make_mut(&mut rows[4]).last_termination = Some(Box::new(crate::signals::pods::LastTermination {
        reason: Some(Arc::from("OOMKilled")),
        exit_code: 137,
        signal: 0,
        finished: None,
    }));
    let mut text = String::new();
    for r in &rows {
        for term in [
            "a",
            "ap",
            "n1",
            "crash",
            "deployment/led",
            "pay/l",
            "zz",
            "s1n",
            "oom137",
            "-1 ru",
        ] {
            r.write_haystack(&mut text);
            let needle = term.to_ascii_lowercase();
            match in_row(r, needle.as_bytes()) {
                Some(found) => assert_eq!(
                    found,
                    subsequence(&text, needle.as_bytes()),
                    "{term:?} in {text:?}"
                ),
                None => assert!(
                    r.last_termination.is_some() || !text.is_ascii(),
                    "{text:?} is read part by part"
                ),
            }
        }
    }
}

#[test]
fn what_is_seen_moves_with_the_cursor_the_filter_and_the_sort_only() {
    let m = model(many());
    let mut t = PodsTable::default();
    t.refresh_model(Some(&m), 10);
    let before = t.seen();
    t.refresh_model(Some(&m), 10);
    assert!(before == t.seen(), "a refresh over the same rows shows the same");
    t.move_by(1, &m.rows, 10);
    assert!(before != t.seen(), "the cursor moved");
    let moved = t.seen();
    t.filter = "led".into();
    t.refresh_model(Some(&m), 10);
    assert!(moved != t.seen(), "the filter changed");
    let filtered = t.seen();
    t.reversed = true;
    t.refresh_model(Some(&m), 10);
    assert!(filtered != t.seen(), "the order changed");
}

#[test]
fn a_new_model_finds_the_cursors_pod_by_its_shared_row_else_by_name() {
    let m = model(many());
    let mut t = on_apiserver_5(&m);
    let on = |t: &PodsTable, m: &PodsModel| {
        let r = t.current(&m.rows).expect("a row under the cursor");
        (format!("{}/{}", r.namespace, r.name), r.restarts)
    };
    // A new model sharing every row, a new problem pod first: the pod is
    // found again by its row, one place further down.
    let mut rows = m.rows.clone();
    rows.push(row("ops", "new", Tier::NotRunning, 0, "n1"));
    let next = model(rows);
    let at = t.view.cursor;
    t.refresh_model(Some(&next), 10);
    assert_eq!(on(&t, &next), ("payments/apiserver-5".into(), 0));
    assert_eq!(t.view.cursor, at + 1);
    // Its own row computed again (the pod changed): found by name.
    let mut rows = next.rows.clone();
    let i = rows
        .iter()
        .position(|r| &*r.name == "apiserver-5")
        .expect("the pod");
    rows[i] = Arc::new(PodRow {
        restarts: 77,
        ..(*rows[i]).clone()
    });
    let third = model(rows);
    t.refresh_model(Some(&third), 10);
    assert_eq!(on(&t, &third), ("payments/apiserver-5".into(), 77));
    // Gone: the cursor stays where it was, on another pod.
    let rows: Vec<_> = third
        .rows
        .iter()
        .filter(|r| &*r.name != "apiserver-5")
        .cloned()
        .collect();
    let fourth = model(rows);
    let at = t.view.cursor;
    t.refresh_model(Some(&fourth), 10);
    assert_eq!(t.view.cursor, at);
    assert_ne!(on(&t, &fourth).0, "payments/apiserver-5");
}
