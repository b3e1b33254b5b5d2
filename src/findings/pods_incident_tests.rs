use crate::cluster::store::SyncState;
use crate::findings::Severity;
use crate::findings::test_support::*;
use crate::signals::pods_fixtures::*;
use crate::signals::test_support::*;

fn incident_store() -> crate::cluster::store::Store {
    let mut s = all_synced();
    for p in incident(NOW, "w-4") {
        add_pod(&mut s, p);
    }
    add_pod(&mut s, pod("web", "fine", Some("w-1")));
    s
}

#[test]
fn a_crash_looping_pod_is_critical_with_its_restarts_and_last_exit() {
    let out = run("pod-crashlooping", &inputs(&incident_store()));
    assert_eq!(objects(&out), ["Pod payments/ledger-7d9f8-x2x4q"]);
    let f = only(&out);
    assert_eq!(f.severity, Severity::Critical);
    assert_eq!(
        f.message,
        "CrashLoopBackOff (ledger); restarts 17 (3m ago); last termination Error 1"
    );
}

#[test]
fn an_image_that_cannot_be_pulled_says_which() {
    let out = run("pod-image-pull-failing", &inputs(&incident_store()));
    assert_eq!(objects(&out), ["Pod web/recommender-6f5d4-m7n2p"]);
    assert_eq!(
        only(&out).message,
        "ImagePullBackOff (app): Back-off pulling image \"registry.example.com/recommender:v9\""
    );
}

#[test]
fn an_unschedulable_pod_gives_the_schedulers_message() {
    let out = run("pod-pending-unschedulable", &inputs(&incident_store()));
    assert_eq!(objects(&out), ["Pod data/trainer-0"]);
    assert!(
        only(&out)
            .message
            .starts_with("Pending: 0/6 nodes are available: 1 node(s) had untolerated taint"),
        "{}",
        only(&out).message
    );
}

#[test]
fn an_oom_kill_counts_within_the_hour() {
    let s = incident_store();
    let out = run("pod-oomkilled-recently", &inputs(&s));
    assert_eq!(objects(&out), ["Pod data/etl-worker-5c6b7-q8d2k"]);
    assert!(
        only(&out)
            .message
            .starts_with("container etl OOMKilled (exit 137) 10m ago")
    );
    // Two hours later it is history, not an incident.
    let later = crate::findings::Inputs {
        now: NOW + 7200,
        ..inputs(&s)
    };
    assert!(run("pod-oomkilled-recently", &later).findings.is_empty());
}

#[test]
fn pod_rules_are_quiet_on_healthy_pods_and_unchecked_without_pods() {
    let mut s = all_synced();
    add_pod(&mut s, pod("web", "fine", Some("w-1")));
    for id in [
        "pod-crashlooping",
        "pod-image-pull-failing",
        "pod-pending-unschedulable",
        "pod-oomkilled-recently",
    ] {
        assert!(run(id, &inputs(&s)).findings.is_empty(), "{id}");
    }
    s.pods.state = SyncState::Forbidden {
        verb: "list".into(),
        resource: "pods".into(),
    };
    let out = run("pod-crashlooping", &inputs(&s));
    assert!(out.findings.is_empty());
    assert_eq!(out.not_checked, ["pods: forbidden"]);
}

#[test]
fn every_pod_rule_is_an_incident() {
    for id in [
        "pod-crashlooping",
        "pod-image-pull-failing",
        "pod-pending-unschedulable",
        "pod-oomkilled-recently",
        "node-not-ready",
    ] {
        assert!(crate::findings::incident::is_incident(id), "{id}");
        assert!(
            crate::findings::catalog::rule(id).is_some(),
            "{id} in the catalog"
        );
    }
}
