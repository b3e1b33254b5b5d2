use super::*;
use crate::cluster::store::records::{PodPhase, PodRecord};
use crate::signals::test_support::*;

const NODE: &str = "w-1";

const ALL: DrainOptions = DrainOptions {
    ignore_daemonsets: true,
    delete_emptydir_data: true,
    force: true,
};

/// A synced store with nodes `w-1` and `w-2`, and DaemonSet `kube-system/fluentd`.
fn store() -> Store {
    let mut s = all_synced();
    add_node(&mut s, node(NODE, Some("a")));
    add_node(&mut s, node("w-2", Some("b")));
    add_workload(
        &mut s,
        workload("DaemonSet", "kube-system", "fluentd", 2, &[("app", "fluentd")]),
    );
    s
}

/// A ReplicaSet pod on `w-1` labelled `labels`.
fn rs_pod(ns: &str, name: &str, labels: &[(&str, &str)]) -> PodRecord {
    owned(ns, name, Some(NODE), "ReplicaSet", "web-7d9f", labels)
}

/// A pod of DaemonSet `kube-system/fluentd` on `w-1`.
fn ds_pod(name: &str) -> PodRecord {
    owned(
        "kube-system",
        name,
        Some(NODE),
        "DaemonSet",
        "fluentd",
        &[("app", "fluentd")],
    )
}

/// An unmanaged pod on `w-1`.
fn bare(ns: &str, name: &str) -> PodRecord {
    pod(ns, name, Some(NODE))
}

fn with_empty_dir(p: PodRecord) -> PodRecord {
    PodRecord { empty_dir: true, ..p }
}

fn in_phase(p: PodRecord, phase: PodPhase) -> PodRecord {
    PodRecord {
        phase,
        ready: phase == PodPhase::Running,
        ..p
    }
}

fn terminating(p: PodRecord) -> PodRecord {
    PodRecord {
        terminating: true,
        ..p
    }
}

fn unready(p: PodRecord) -> PodRecord {
    PodRecord { ready: false, ..p }
}

fn r(ns: &str, name: &str) -> PodRef {
    PodRef::new(ns, name)
}

fn plan_of(s: &Store, opts: DrainOptions) -> Plan {
    plan(s, NODE, opts).expect("node w-1 exists")
}

fn with(pods: Vec<PodRecord>) -> Store {
    let mut s = store();
    for p in pods {
        add_pod(&mut s, p);
    }
    s
}

// The PodDisruptionBudget tests, with the helpers above.
#[path = "plan_budget_tests.rs"]
mod budgets;

// ---- The node ----

#[test]
fn an_unknown_node_is_an_error() {
    let s = store();
    assert_eq!(
        plan(&s, "nope", DrainOptions::default()),
        Err("node nope not found".to_string())
    );
    let mut unsynced = store();
    unsynced.nodes.state = SyncState::Syncing { count: 1 };
    assert_eq!(
        plan(&unsynced, "nope", DrainOptions::default()),
        Err("node nope not found (the node list is not synced yet)".to_string())
    );
}

#[test]
fn an_empty_node_plans_nothing_and_can_run() {
    let s = store();
    let p = plan_of(&s, DrainOptions::default());
    assert_eq!(
        p,
        Plan {
            node: NODE.into(),
            opts: DrainOptions::default(),
            already_cordoned: false,
            evict: vec![],
            skipped: vec![],
            refused: vec![],
            blockers: vec![],
            warnings: vec![],
        }
    );
    assert!(p.can_run());
    assert_eq!(p.summary(), "w-1: nothing to evict");
}

#[test]
fn an_already_cordoned_node_says_so() {
    let mut s = with(vec![rs_pod("web", "web-1", &[])]);
    let mut n = node(NODE, Some("a"));
    n.unschedulable = true;
    add_node(&mut s, n);
    let p = plan_of(&s, DrainOptions::default());
    assert!(p.already_cordoned);
    assert_eq!(p.evict, [r("web", "web-1")]);
    assert_eq!(p.summary(), "w-1 (already cordoned): evict 1 pod");
    assert!(!plan(&s, "w-2", DrainOptions::default()).unwrap().already_cordoned);
}

#[test]
fn only_the_pods_bound_to_the_node_are_planned() {
    let s = with(vec![
        rs_pod("web", "here", &[]),
        owned("web", "elsewhere", Some("w-2"), "ReplicaSet", "web-7d9f", &[]),
        owned("web", "unscheduled", None, "ReplicaSet", "web-7d9f", &[]),
        // Would be refused, were it on the node.
        pod("default", "bare-elsewhere", Some("w-2")),
    ]);
    let p = plan_of(&s, DrainOptions::default());
    assert_eq!(p.evict, [r("web", "here")]);
    assert!(p.skipped.is_empty() && p.refused.is_empty() && p.warnings.is_empty());
}

// ---- One rule at a time ----

#[test]
fn controlled_pods_are_evicted_sorted_by_namespace_then_name() {
    let s = with(vec![
        rs_pod("web", "b", &[]),
        owned("db", "pg-0", Some(NODE), "StatefulSet", "pg", &[]),
        rs_pod("web", "a", &[]),
        owned("batch", "job-x", Some(NODE), "Job", "job", &[]),
    ]);
    let p = plan_of(&s, DrainOptions::default());
    assert_eq!(
        p.evict,
        [r("batch", "job-x"), r("db", "pg-0"), r("web", "a"), r("web", "b")]
    );
    assert!(p.can_run());
    assert_eq!(p.summary(), "w-1: evict 4 pods");
}

#[test]
fn mirror_pods_are_always_skipped() {
    // A control-plane static pod (owner: its Node), and a mirror pod without
    // an owner and with emptyDir: neither is refused, whatever the options.
    let odd = PodRecord {
        mirror: true,
        empty_dir: true,
        ..bare("default", "static-web-w-1")
    };
    let s = with(vec![static_pod("etcd", NODE), odd]);
    for opts in [DrainOptions::default(), ALL] {
        let p = plan_of(&s, opts);
        assert_eq!(
            p.skipped,
            [
                (r("default", "static-web-w-1"), SkipReason::Mirror),
                (r("kube-system", "etcd-w-1"), SkipReason::Mirror),
            ],
            "{opts:?}"
        );
        assert!(p.evict.is_empty() && p.refused.is_empty() && p.warnings.is_empty());
        assert!(p.can_run());
        assert_eq!(p.summary(), "w-1: nothing to evict, skip 2 (mirror)");
    }
}

#[test]
fn daemonset_pods_are_refused_unless_ignored_then_skipped() {
    let s = with(vec![ds_pod("fluentd-x")]);
    let p = plan_of(&s, DrainOptions::default());
    assert_eq!(
        p.refused,
        [(r("kube-system", "fluentd-x"), vec![RefuseReason::DaemonSet])]
    );
    assert!(p.evict.is_empty() && !p.can_run());
    assert_eq!(
        p.summary(),
        "w-1: nothing to evict, refuse 1 (needs ignore DaemonSets)"
    );

    let p = plan_of(
        &s,
        DrainOptions {
            ignore_daemonsets: true,
            ..Default::default()
        },
    );
    assert_eq!(
        p.skipped,
        [(r("kube-system", "fluentd-x"), SkipReason::DaemonSet)]
    );
    assert!(p.refused.is_empty() && p.evict.is_empty() && p.warnings.is_empty());
    assert!(p.can_run());
    assert_eq!(p.summary(), "w-1: nothing to evict, skip 1 (DaemonSet)");
}

#[test]
fn an_ignored_daemonset_pod_is_skipped_even_with_empty_dir() {
    // kubectl stops at the DaemonSet filter: the emptyDir is not looked at.
    let s = with(vec![with_empty_dir(ds_pod("fluentd-x"))]);
    let p = plan_of(
        &s,
        DrainOptions {
            ignore_daemonsets: true,
            ..Default::default()
        },
    );
    assert_eq!(
        p.skipped,
        [(r("kube-system", "fluentd-x"), SkipReason::DaemonSet)]
    );
    assert!(p.can_run() && p.warnings.is_empty());
}

#[test]
fn a_pod_of_a_deleted_daemonset_needs_force() {
    let orphan = owned("kube-system", "gone-x", Some(NODE), "DaemonSet", "gone", &[]);
    let s = with(vec![orphan]);
    // Refused without force, even with ignore DaemonSets (kubectl: not found).
    for ignore_daemonsets in [false, true] {
        let opts = DrainOptions {
            ignore_daemonsets,
            ..Default::default()
        };
        let p = plan_of(&s, opts);
        assert_eq!(
            p.refused,
            [(r("kube-system", "gone-x"), vec![RefuseReason::Unmanaged])]
        );
    }
    let p = plan_of(
        &s,
        DrainOptions {
            force: true,
            ..Default::default()
        },
    );
    assert_eq!(p.evict, [r("kube-system", "gone-x")]);
    assert_eq!(
        p.warnings,
        ["deleting pod kube-system/gone-x, whose DaemonSet gone no longer exists (force)"]
    );
}

#[test]
fn daemonsets_not_synced_are_assumed_to_exist() {
    let mut s = with(vec![owned(
        "kube-system",
        "gone-x",
        Some(NODE),
        "DaemonSet",
        "gone",
        &[],
    )]);
    s.daemonsets.state = SyncState::Forbidden {
        verb: "list".into(),
        resource: "daemonsets.apps".into(),
    };
    let p = plan_of(&s, DrainOptions::default());
    assert_eq!(
        p.refused,
        [(r("kube-system", "gone-x"), vec![RefuseReason::DaemonSet])]
    );
    let p = plan_of(&s, ALL);
    assert_eq!(p.skipped, [(r("kube-system", "gone-x"), SkipReason::DaemonSet)]);
    assert!(p.evict.is_empty());
}

#[test]
fn empty_dir_is_refused_unless_its_data_may_go_then_warned() {
    let s = with(vec![with_empty_dir(rs_pod("web", "cache-x", &[]))]);
    let p = plan_of(&s, DrainOptions::default());
    assert_eq!(p.refused, [(r("web", "cache-x"), vec![RefuseReason::EmptyDir])]);
    assert_eq!(
        p.summary(),
        "w-1: nothing to evict, refuse 1 (needs delete emptyDir data)"
    );
    let p = plan_of(
        &s,
        DrainOptions {
            delete_emptydir_data: true,
            ..Default::default()
        },
    );
    assert_eq!(p.evict, [r("web", "cache-x")]);
    assert_eq!(p.warnings, ["emptyDir data of web/cache-x will be lost"]);
    assert_eq!(p.summary(), "w-1: evict 1 pod, 1 warning");
}

#[test]
fn unmanaged_pods_are_refused_unless_forced_then_warned() {
    let s = with(vec![bare("default", "debug")]);
    let p = plan_of(&s, DrainOptions::default());
    assert_eq!(
        p.refused,
        [(r("default", "debug"), vec![RefuseReason::Unmanaged])]
    );
    assert!(!p.can_run());
    assert_eq!(p.summary(), "w-1: nothing to evict, refuse 1 (needs force)");
    let p = plan_of(
        &s,
        DrainOptions {
            force: true,
            ..Default::default()
        },
    );
    assert_eq!(p.evict, [r("default", "debug")]);
    assert_eq!(p.warnings, ["deleting unmanaged pod default/debug (force)"]);
}

#[test]
fn finished_pods_are_evicted_whatever_their_controller_and_volumes() {
    let s = with(vec![
        // Unmanaged, emptyDir: both would need an option were it running.
        in_phase(with_empty_dir(bare("default", "done")), PodPhase::Succeeded),
        in_phase(bare("default", "crashed"), PodPhase::Failed),
        in_phase(ds_pod("fluentd-old"), PodPhase::Failed),
        in_phase(
            owned("kube-system", "gone-x", Some(NODE), "DaemonSet", "gone", &[]),
            PodPhase::Succeeded,
        ),
    ]);
    let p = plan_of(&s, DrainOptions::default());
    assert_eq!(
        p.evict,
        [
            r("default", "crashed"),
            r("default", "done"),
            r("kube-system", "fluentd-old"),
            r("kube-system", "gone-x"),
        ]
    );
    assert!(p.refused.is_empty() && p.skipped.is_empty() && p.warnings.is_empty());
    assert!(p.can_run());
}

#[test]
fn terminating_pods_pass_the_same_filters() {
    // kubectl's skip-wait-for-delete-timeout is 0 by default: never skipped.
    let s = with(vec![
        terminating(rs_pod("web", "going", &[])),
        terminating(bare("default", "debug")),
    ]);
    let p = plan_of(&s, DrainOptions::default());
    assert_eq!(p.evict, [r("web", "going")]);
    assert_eq!(
        p.refused,
        [(r("default", "debug"), vec![RefuseReason::Unmanaged])]
    );
}

#[test]
fn pending_and_unknown_pods_are_planned_like_running_ones() {
    let s = with(vec![
        in_phase(rs_pod("web", "pending", &[]), PodPhase::Pending),
        in_phase(bare("web", "lost"), PodPhase::Unknown),
    ]);
    let p = plan_of(&s, DrainOptions::default());
    assert_eq!(p.evict, [r("web", "pending")]);
    assert_eq!(p.refused, [(r("web", "lost"), vec![RefuseReason::Unmanaged])]);
}

// ---- Several refusals, rules combined ----

#[test]
fn a_pod_lists_every_refusal_in_kubectls_order() {
    let s = with(vec![
        with_empty_dir(bare("default", "scratch")),
        with_empty_dir(ds_pod("fluentd-x")),
        with_empty_dir(owned(
            "kube-system",
            "gone-x",
            Some(NODE),
            "DaemonSet",
            "gone",
            &[],
        )),
    ]);
    let p = plan_of(&s, DrainOptions::default());
    assert_eq!(
        p.refused,
        [
            (
                r("default", "scratch"),
                vec![RefuseReason::EmptyDir, RefuseReason::Unmanaged]
            ),
            (
                r("kube-system", "fluentd-x"),
                vec![RefuseReason::DaemonSet, RefuseReason::EmptyDir]
            ),
            (
                r("kube-system", "gone-x"),
                vec![RefuseReason::Unmanaged, RefuseReason::EmptyDir]
            ),
        ]
    );
    assert_eq!(
        p.summary(),
        "w-1: nothing to evict, refuse 3 (needs ignore DaemonSets, needs delete emptyDir data, needs force)"
    );
    // One option is not enough: the other reason remains.
    let p = plan_of(
        &s,
        DrainOptions {
            force: true,
            ..Default::default()
        },
    );
    assert_eq!(
        p.refused,
        [
            (r("default", "scratch"), vec![RefuseReason::EmptyDir]),
            (
                r("kube-system", "fluentd-x"),
                vec![RefuseReason::DaemonSet, RefuseReason::EmptyDir]
            ),
            (r("kube-system", "gone-x"), vec![RefuseReason::EmptyDir]),
        ]
    );
    assert!(
        p.evict.is_empty() && p.warnings.is_empty(),
        "refused pods are not warned about"
    );
}

#[test]
fn a_forced_unmanaged_pod_with_empty_dir_gets_both_warnings() {
    let s = with(vec![with_empty_dir(bare("default", "scratch"))]);
    let p = plan_of(&s, ALL);
    assert_eq!(p.evict, [r("default", "scratch")]);
    assert_eq!(
        p.warnings,
        [
            "emptyDir data of default/scratch will be lost",
            "deleting unmanaged pod default/scratch (force)",
        ]
    );
}

/// A node as an on-call engineer finds it: two DaemonSet pods, a static
/// pod, replicas, a cache with emptyDir, a debug pod and a finished job.
fn busy_node() -> Store {
    let mut s = with(vec![
        ds_pod("fluentd-x"),
        owned(
            "kube-system",
            "kube-proxy-x",
            Some(NODE),
            "DaemonSet",
            "kube-proxy",
            &[],
        ),
        static_pod("kube-apiserver", NODE),
        rs_pod("web", "web-1", &[("app", "web")]),
        rs_pod("web", "web-2", &[("app", "web")]),
        with_empty_dir(rs_pod("web", "cache-x", &[("app", "cache")])),
        bare("default", "debug"),
        in_phase(
            owned("batch", "report-1", Some(NODE), "Job", "report", &[]),
            PodPhase::Succeeded,
        ),
    ]);
    add_workload(&mut s, workload("DaemonSet", "kube-system", "kube-proxy", 2, &[]));
    s
}

#[test]
fn a_busy_node_without_options_is_refused_for_each_option_it_needs() {
    let p = plan_of(&busy_node(), DrainOptions::default());
    assert_eq!(
        p.refused,
        [
            (r("default", "debug"), vec![RefuseReason::Unmanaged]),
            (r("kube-system", "fluentd-x"), vec![RefuseReason::DaemonSet]),
            (r("kube-system", "kube-proxy-x"), vec![RefuseReason::DaemonSet]),
            (r("web", "cache-x"), vec![RefuseReason::EmptyDir]),
        ]
    );
    assert_eq!(
        p.skipped,
        [(r("kube-system", "kube-apiserver-w-1"), SkipReason::Mirror)]
    );
    assert_eq!(
        p.evict,
        [r("batch", "report-1"), r("web", "web-1"), r("web", "web-2")]
    );
    assert!(!p.can_run());
}

#[test]
fn a_busy_node_with_every_option_can_run() {
    let p = plan_of(&busy_node(), ALL);
    assert!(p.can_run());
    assert_eq!(
        p.evict,
        [
            r("batch", "report-1"),
            r("default", "debug"),
            r("web", "cache-x"),
            r("web", "web-1"),
            r("web", "web-2"),
        ]
    );
    assert_eq!(
        p.skipped,
        [
            (r("kube-system", "fluentd-x"), SkipReason::DaemonSet),
            (r("kube-system", "kube-apiserver-w-1"), SkipReason::Mirror),
            (r("kube-system", "kube-proxy-x"), SkipReason::DaemonSet),
        ]
    );
    assert_eq!(
        p.warnings,
        [
            "deleting unmanaged pod default/debug (force)",
            "emptyDir data of web/cache-x will be lost",
        ]
    );
    assert!(p.blockers.is_empty());
    assert_eq!(
        p.summary(),
        "w-1: evict 5 pods, skip 3 (2 DaemonSet, 1 mirror), 2 warnings"
    );
}

// ---- What the plan cannot vouch for ----

#[test]
fn unsynced_pods_or_budgets_are_warned_about() {
    let mut s = with(vec![rs_pod("web", "web-1", &[])]);
    s.pods.state = SyncState::Syncing { count: 1 };
    s.pdbs.state = SyncState::NotStarted;
    let p = plan_of(&s, DrainOptions::default());
    assert_eq!(
        p.warnings,
        [
            "pods are not synced (… syncing (1)): the plan may miss some",
            "PodDisruptionBudgets are not synced (… waiting): blockers may be missing",
        ]
    );
    assert_eq!(p.evict, [r("web", "web-1")]);
}

// ---- Texts ----

#[test]
fn reasons_and_refs_read_well() {
    assert_eq!(r("web", "cache-x").to_string(), "web/cache-x");
    assert_eq!(
        SkipReason::Mirror.text(),
        "mirror of a static pod: the kubelet owns it"
    );
    assert_eq!(SkipReason::DaemonSet.text(), "DaemonSet-managed: ignored");
    assert_eq!(
        RefuseReason::DaemonSet.text(),
        "DaemonSet-managed: needs ignore DaemonSets"
    );
    assert_eq!(
        RefuseReason::EmptyDir.text(),
        "emptyDir data: needs delete emptyDir data"
    );
    assert_eq!(
        RefuseReason::Unmanaged.text(),
        "no controller (or it is gone): needs force"
    );
}

#[test]
fn the_summary_of_the_issue_example() {
    let mut s = with(vec![
        ds_pod("fluentd-x"),
        owned(
            "kube-system",
            "kube-proxy-x",
            Some(NODE),
            "DaemonSet",
            "kube-proxy",
            &[],
        ),
        rs_pod("payments", "api-1", &[("app", "api")]),
        rs_pod("web", "web-1", &[]),
        rs_pod("web", "web-2", &[]),
        rs_pod("web", "web-3", &[]),
        rs_pod("web", "web-4", &[]),
    ]);
    add_workload(&mut s, workload("DaemonSet", "kube-system", "kube-proxy", 2, &[]));
    add_pdb(
        &mut s,
        pdb("payments", "api", &[("app", "api")], Some("2"), (0, 2, 2, 2)),
    );
    let mut n = node(NODE, None);
    n.name = "worker-a-2".into();
    add_node(&mut s, n);
    for p in s.pods.items.values_mut() {
        p.node = Some("worker-a-2".into());
    }
    let p = plan(
        &s,
        "worker-a-2",
        DrainOptions {
            ignore_daemonsets: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        p.summary(),
        "worker-a-2: evict 5 pods, skip 2 (DaemonSet), 1 blocked by PDB payments/api (0 disruptions allowed)"
    );
}
