//! The drain plan and PodDisruptionBudgets: which budgets would block now,
//! counted as the Eviction API counts.

use super::*;

#[test]
fn a_budget_with_no_disruption_allowed_blocks() {
    let mut s = with(vec![
        rs_pod("payments", "api-1", &[("app", "api"), ("tier", "backend")]),
        rs_pod("payments", "worker-1", &[("app", "worker")]),
    ]);
    add_pdb(
        &mut s,
        pdb("payments", "api", &[("app", "api")], Some("3"), (0, 3, 3, 3)),
    );
    let p = plan_of(&s, DrainOptions::default());
    assert_eq!(
        p.blockers,
        [Blocker {
            pdb: r("payments", "api"),
            allowed: 0,
            pods: vec![r("payments", "api-1")],
        }]
    );
    assert!(p.can_run(), "a blocker waits; it does not refuse");
    assert_eq!(p.evict.len(), 2, "blocked pods are still planned");
    assert_eq!(
        p.summary(),
        "w-1: evict 2 pods, 1 blocked by PDB payments/api (0 disruptions allowed)"
    );
}

#[test]
fn a_budget_allowing_one_of_two_planned_pods_blocks_and_two_do_not() {
    let pods = || {
        with(vec![
            rs_pod("web", "web-1", &[("app", "web")]),
            rs_pod("web", "web-2", &[("app", "web")]),
            rs_pod("web", "web-3", &[("app", "other")]),
        ])
    };
    let mut s = pods();
    add_pdb(
        &mut s,
        pdb("web", "web", &[("app", "web")], Some("2"), (1, 3, 2, 3)),
    );
    let p = plan_of(&s, DrainOptions::default());
    assert_eq!(
        p.blockers,
        [Blocker {
            pdb: r("web", "web"),
            allowed: 1,
            pods: vec![r("web", "web-1"), r("web", "web-2")],
        }]
    );
    assert_eq!(
        p.summary(),
        "w-1: evict 3 pods, 1 blocked by PDB web/web (1 disruption allowed)"
    );

    let mut s = pods();
    add_pdb(
        &mut s,
        pdb("web", "web", &[("app", "web")], Some("1"), (2, 3, 1, 3)),
    );
    assert!(plan_of(&s, DrainOptions::default()).blockers.is_empty());
}

#[test]
fn a_budget_in_another_namespace_does_not_match() {
    let mut s = with(vec![rs_pod("web", "web-1", &[("app", "web")])]);
    add_pdb(
        &mut s,
        pdb("shop", "web", &[("app", "web")], Some("1"), (0, 1, 1, 1)),
    );
    assert!(plan_of(&s, DrainOptions::default()).blockers.is_empty());
}

#[test]
fn a_selector_matches_only_when_every_label_is_on_the_pod() {
    let mut s = with(vec![rs_pod("web", "web-1", &[("app", "web"), ("tier", "front")])]);
    add_pdb(
        &mut s,
        pdb(
            "web",
            "narrow",
            &[("app", "web"), ("tier", "back")],
            None,
            (0, 1, 1, 1),
        ),
    );
    add_pdb(
        &mut s,
        pdb("web", "other-value", &[("app", "shop")], None, (0, 1, 1, 1)),
    );
    add_pdb(&mut s, pdb("web", "empty", &[], None, (0, 1, 1, 1)));
    let p = plan_of(&s, DrainOptions::default());
    assert!(p.blockers.is_empty() && p.warnings.is_empty(), "{p:?}");

    add_pdb(
        &mut s,
        pdb(
            "web",
            "both",
            &[("tier", "front"), ("app", "web")],
            None,
            (0, 1, 1, 1),
        ),
    );
    let p = plan_of(&s, DrainOptions::default());
    assert_eq!(p.blockers.len(), 1);
    assert_eq!(p.blockers[0].pdb, r("web", "both"));
}

#[test]
fn only_planned_pods_count_against_a_budget() {
    // Refused, skipped and other nodes' pods are not evicted by this drain.
    let mut s = with(vec![
        with_empty_dir(rs_pod("web", "cache-x", &[("app", "web")])),
        owned(
            "web",
            "web-2",
            Some("w-2"),
            "ReplicaSet",
            "web-7d9f",
            &[("app", "web")],
        ),
        ds_pod("fluentd-x"),
    ]);
    add_pdb(&mut s, pdb("web", "web", &[("app", "web")], None, (0, 2, 2, 2)));
    add_pdb(
        &mut s,
        pdb(
            "kube-system",
            "fluentd",
            &[("app", "fluentd")],
            None,
            (0, 2, 2, 2),
        ),
    );
    for opts in [
        DrainOptions::default(),
        DrainOptions {
            ignore_daemonsets: true,
            ..Default::default()
        },
    ] {
        assert!(plan_of(&s, opts).blockers.is_empty(), "{opts:?}");
    }
    // Once allowed, the cache counts.
    let p = plan_of(&s, ALL);
    assert_eq!(p.blockers.len(), 1);
    assert_eq!(p.blockers[0].pods, [r("web", "cache-x")]);
}

#[test]
fn pods_the_eviction_api_deletes_without_a_budget_do_not_count() {
    let labels = &[("app", "web")];
    let mut s = with(vec![
        in_phase(rs_pod("web", "pending", labels), PodPhase::Pending),
        in_phase(rs_pod("web", "done", labels), PodPhase::Succeeded),
        in_phase(rs_pod("web", "failed", labels), PodPhase::Failed),
        terminating(rs_pod("web", "going", labels)),
    ]);
    add_pdb(&mut s, pdb("web", "web", labels, None, (0, 2, 2, 2)));
    let p = plan_of(&s, DrainOptions::default());
    assert_eq!(p.evict.len(), 4);
    assert!(p.blockers.is_empty(), "{:?}", p.blockers);
    // A phase the API does not exempt (Unknown, still Ready) counts.
    let lost = PodRecord {
        phase: PodPhase::Unknown,
        ..rs_pod("web", "lost", labels)
    };
    add_pod(&mut s, lost);
    assert_eq!(
        plan_of(&s, DrainOptions::default()).blockers[0].pods,
        [r("web", "lost")]
    );
}

#[test]
fn an_unready_pod_counts_only_while_its_budget_is_not_met() {
    let labels = &[("app", "web")];
    let pods = || with(vec![unready(rs_pod("web", "sick", labels))]);
    // Met (2 healthy of 2 desired): the unready pod goes without spending it.
    let mut s = pods();
    add_pdb(&mut s, pdb("web", "web", labels, Some("2"), (0, 2, 2, 3)));
    assert!(plan_of(&s, DrainOptions::default()).blockers.is_empty());
    // Not met: it needs a disruption like any other.
    let mut s = pods();
    add_pdb(&mut s, pdb("web", "web", labels, Some("3"), (0, 2, 3, 3)));
    assert_eq!(
        plan_of(&s, DrainOptions::default()).blockers[0].pods,
        [r("web", "sick")]
    );
    // Nothing desired: the API's exemption needs desired > 0.
    let mut s = pods();
    add_pdb(&mut s, pdb("web", "web", labels, Some("0"), (0, 0, 0, 1)));
    assert_eq!(plan_of(&s, DrainOptions::default()).blockers.len(), 1);
}

#[test]
fn a_pod_under_two_budgets_is_warned_about_and_counted_for_neither() {
    let mut s = with(vec![
        rs_pod("web", "web-1", &[("app", "web"), ("tier", "front")]),
        rs_pod("web", "web-2", &[("app", "web")]),
    ]);
    add_pdb(&mut s, pdb("web", "web", &[("app", "web")], None, (1, 2, 1, 2)));
    add_pdb(
        &mut s,
        pdb("web", "front", &[("tier", "front")], None, (0, 1, 1, 1)),
    );
    let p = plan_of(&s, DrainOptions::default());
    assert!(p.blockers.is_empty(), "web allows the one pod it alone gates");
    assert_eq!(
        p.warnings,
        [
            "pod web/web-1 is selected by 2 PodDisruptionBudgets (front, web): the Eviction API refuses to evict it"
        ]
    );
}

#[test]
fn several_blockers_are_sorted_by_budget() {
    let mut s = with(vec![
        rs_pod("web", "web-1", &[("app", "web")]),
        rs_pod("payments", "api-1", &[("app", "api")]),
        rs_pod("payments", "api-2", &[("app", "api")]),
    ]);
    add_pdb(&mut s, pdb("web", "web", &[("app", "web")], None, (0, 1, 1, 1)));
    add_pdb(
        &mut s,
        pdb("payments", "api", &[("app", "api")], None, (0, 3, 3, 3)),
    );
    let p = plan_of(&s, DrainOptions::default());
    assert_eq!(
        p.blockers
            .iter()
            .map(|b| (b.pdb.to_string(), b.pods.len()))
            .collect::<Vec<_>>(),
        [("payments/api".to_string(), 2), ("web/web".to_string(), 1)]
    );
    assert_eq!(
        p.summary(),
        "w-1: evict 3 pods, 2 blocked by PDB payments/api (0 disruptions allowed), \
         1 blocked by PDB web/web (0 disruptions allowed)"
    );
}
