//! The fleet view's state, pure: a round's progress (waiting, probing,
//! probed), rows kept across rounds, older sessions dropped.

use super::*;

fn started(names: &[&str]) -> FleetUpdate {
    FleetUpdate::Started {
        contexts: names.iter().map(|n| (n.to_string(), None)).collect(),
        thresholds: Thresholds::default(),
        refresh_secs: 60,
    }
}

fn probed(name: &str, error: Option<&str>) -> FleetUpdate {
    let mut r = Row {
        context: name.into(),
        nodes_ready: Some(3),
        nodes_total: Some(3),
        ..Row::default()
    };
    r.error = error.map(str::to_string);
    FleetUpdate::Probed(Box::new(r))
}

#[test]
fn a_round_goes_from_waiting_to_probing_to_probed() {
    let mut f = FleetView {
        session: 1,
        ..FleetView::default()
    };
    assert!(f.apply(1, 1000, started(&["a", "b"])));
    assert!(f.running);
    assert_eq!(f.probing(), (0, 2));
    f.apply(1, 2000, FleetUpdate::Probing("a".into()));
    assert_eq!(f.probing(), (1, 1));
    assert_eq!(f.entries[0].probing_since, Some(2000));
    f.apply(1, 2500, probed("a", None));
    assert_eq!(f.probing(), (0, 1));
    assert!(f.entries[0].row.is_some());
    f.apply(1, 2600, probed("b", Some("refused")));
    f.apply(1, 2700, FleetUpdate::Done);
    assert!(!f.running);
    assert_eq!((f.last_done_ms, f.now_ms), (Some(2700), 2700));
    f.refresh(10);
    // b could not be judged: above a.
    assert_eq!(f.shown, [1, 0]);
}

#[test]
fn the_next_round_keeps_the_last_rows_and_drops_contexts_gone() {
    let mut f = FleetView {
        session: 4,
        ..FleetView::default()
    };
    f.apply(4, 0, started(&["a", "b"]));
    f.apply(4, 1, probed("a", None));
    f.apply(4, 2, started(&["a", "c"]));
    let names: Vec<&str> = f.entries.iter().map(|e| e.context.as_str()).collect();
    assert_eq!(names, ["a", "c"]);
    assert!(f.entries[0].row.is_some() && f.entries[0].queued);
    // Another session's word changes nothing.
    let before = f.clone();
    assert!(!f.apply(3, 9, probed("c", Some("x"))));
    assert_eq!(f, before);
}

#[test]
fn a_failure_ends_the_round_and_is_kept() {
    let mut f = FleetView::default();
    f.apply(0, 5, started(&["a"]));
    f.apply(0, 6, FleetUpdate::Failed("no kubeconfig found".into()));
    assert!(!f.running);
    assert_eq!(f.error.as_deref(), Some("no kubeconfig found"));
}
