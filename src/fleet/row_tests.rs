use super::*;

type Change = fn(&mut Row);

fn healthy(name: &str) -> Row {
    Row {
        context: name.into(),
        server: Some("https://10.0.0.1:6443".into()),
        rtt_ms: Some(12),
        version: Some("v1.31.2".into()),
        nodes_ready: Some(3),
        nodes_total: Some(3),
        problem_pods: Some(ProblemPods::default()),
        critical: Some(0),
        warning: Some(0),
        cert_days: Some(200),
        backup: Some(Backup::Managed),
        ..Row::default()
    }
}

#[test]
fn each_figure_gives_its_verdict_and_the_worst_wins() {
    let t = Thresholds::default();
    assert_eq!(healthy("a").verdict(&t), Verdict::Ok);
    let cases: Vec<(Change, Verdict)> = vec![
        (|r| r.nodes_ready = Some(2), Verdict::Warning),
        (|r| r.nodes_ready = Some(0), Verdict::Critical),
        (
            |r| {
                r.problem_pods = Some(ProblemPods {
                    containers_failing: 1,
                    ..Default::default()
                })
            },
            Verdict::Warning,
        ),
        // Restarted within the hour but running: not a problem by itself.
        (
            |r| {
                r.problem_pods = Some(ProblemPods {
                    restarted: 4,
                    ..Default::default()
                })
            },
            Verdict::Ok,
        ),
        (|r| r.critical = Some(1), Verdict::Critical),
        (|r| r.warning = Some(2), Verdict::Warning),
        (|r| r.cert_days = Some(20), Verdict::Warning),
        (|r| r.cert_days = Some(3), Verdict::Critical),
        (
            |r| {
                r.backup = Some(Backup::Age {
                    age_secs: 100_000,
                    rpo_secs: 86_400,
                })
            },
            Verdict::Warning,
        ),
        (|r| r.unread.push("nodes is forbidden".into()), Verdict::Unknown),
        (
            |r| {
                r.unread.push("nodes is forbidden".into());
                r.critical = Some(1);
            },
            Verdict::Critical,
        ),
        (
            |r| {
                r.unread.push("x".into());
                r.warning = Some(1);
            },
            Verdict::Unknown,
        ),
    ];
    for (i, (change, want)) in cases.into_iter().enumerate() {
        let mut r = healthy("a");
        change(&mut r);
        assert_eq!(r.verdict(&t), want, "case {i}: {r:?}");
    }
    let failed = Row::failed("b", None, "connection refused".into());
    assert_eq!(failed.verdict(&t), Verdict::Unknown);
}

#[test]
fn rows_sort_worst_first_then_by_name() {
    let t = Thresholds::default();
    let mut warn = healthy("w");
    warn.warning = Some(1);
    let mut crit = healthy("c");
    crit.critical = Some(2);
    let mut rows = vec![
        healthy("b-ok"),
        warn,
        Row::failed("down", None, "dial tcp: connection refused".into()),
        healthy("a-ok"),
        crit,
    ];
    sort_worst_first(&mut rows, &t);
    let order: Vec<&str> = rows.iter().map(|r| r.context.as_str()).collect();
    assert_eq!(order, ["c", "down", "w", "a-ok", "b-ok"]);
}

#[test]
fn exit_codes_follow_kon_check() {
    let t = Thresholds::default();
    let ok = healthy("ok");
    let mut warn = healthy("w");
    warn.warning = Some(1);
    let mut crit = healthy("c");
    crit.critical = Some(1);
    let down = Row::failed("down", None, "timeout".into());
    assert_eq!(exit_code(std::slice::from_ref(&ok), &t, Verdict::Critical), 0);
    assert_eq!(exit_code(&[ok.clone(), warn.clone()], &t, Verdict::Critical), 0);
    assert_eq!(exit_code(&[ok.clone(), warn.clone()], &t, Verdict::Warning), 1);
    assert_eq!(exit_code(&[ok.clone(), down.clone()], &t, Verdict::Critical), 2);
    // Something found beats something unjudged.
    assert_eq!(exit_code(&[down, crit, ok], &t, Verdict::Critical), 1);
}

#[test]
fn json_names_every_field_and_the_error() {
    let v = serde_json::to_value(Row::failed("down", Some("https://x".into()), "refused".into())).unwrap();
    assert_eq!(v["context"], "down");
    assert_eq!(v["error"], "refused");
    assert!(v["nodes_ready"].is_null());
    let v = serde_json::to_value(healthy("a")).unwrap();
    assert_eq!(v["backup"]["kind"], "managed");
    assert_eq!(v["problem_pods"]["containers_failing"], 0);
    assert_eq!(serde_json::to_value(Verdict::Unknown).unwrap(), "unknown");
}

#[test]
fn what_was_found_in_a_context_read_in_part_counts_for_fail_on() {
    let t = Thresholds::default();
    let mut partial = healthy("p");
    partial.unread.push("secrets is forbidden".into());
    partial.warning = Some(1);
    assert_eq!(partial.verdict(&t), Verdict::Unknown);
    assert_eq!(partial.found(&t), Verdict::Warning);
    assert_eq!(exit_code(std::slice::from_ref(&partial), &t, Verdict::Warning), 1);
    assert_eq!(
        exit_code(std::slice::from_ref(&partial), &t, Verdict::Critical),
        2
    );
    let json = serde_json::to_value(Backup::NoneFound).unwrap();
    assert_eq!(json["kind"], "none");
}
