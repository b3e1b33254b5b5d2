use super::*;
use crate::signals::test_support::{node, synced};

fn reads(store: Store) -> Reads {
    Reads {
        store,
        readyz: Ok("[+]ping ok\nreadyz check passed".into()),
        livez: Ok("[+]ping ok\nlivez check passed".into()),
        serving: Vec::new(),
        api_groups: vec!["apps".into()],
    }
}

#[test]
fn the_findings_come_out_of_the_panes_and_health_failures_are_unread() {
    let mut store = synced();
    store.nodes.items.insert("a".into(), node("a", None));
    let mut r = reads(store);
    let judged = judge(&r, &Local::default(), Default::default(), None, 1_000);
    assert!(judged.panes.findings.is_none(), "taken into the report");
    let report = judged.report.expect("nodes, pods and leases were read");
    assert!(
        !report.unread.iter().any(|u| u.kind == "readyz"),
        "{:?}",
        report.unread
    );
    assert_eq!(judged.panes.platform_clues.api_groups, ["apps"]);

    r.livez = Err("no answer within 5s (gave up after 3 tries)".into());
    let report = judge(&r, &Local::default(), Default::default(), None, 1_000)
        .report
        .unwrap();
    let livez = report
        .unread
        .iter()
        .find(|u| u.kind == "livez")
        .expect("livez unread");
    assert_eq!(livez.cause, Cause::Failed);
    assert!(livez.why.starts_with("no answer within 5s"));
    assert!(!report.complete && report.score.is_none() && report.grade.is_none());
}

#[test]
fn nothing_read_gives_no_report() {
    let judged = judge(
        &reads(Store::default()),
        &Local::default(),
        Default::default(),
        None,
        0,
    );
    assert!(judged.report.is_none());
}

#[test]
fn an_unread_kind_leaves_no_score() {
    let mut report = judge(&reads(synced()), &Local::default(), Default::default(), None, 0)
        .report
        .unwrap();
    mark_unread(
        &mut report,
        "readyz",
        "no answer within 10s (gave up after 6 tries)",
    );
    assert!(!report.complete);
    assert_eq!((report.score, report.grade), (None, None));
    assert_eq!(report.unread.last().map(|u| u.kind), Some("readyz"));
}
