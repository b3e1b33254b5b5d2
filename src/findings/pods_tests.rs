use crate::cluster::store::records::PodRecord;
use crate::cluster::store::{Store, SyncState};
use crate::findings::Severity;
use crate::findings::test_support::*;
use crate::signals::test_support::*;

/// DaemonSet `ns`/agent with 3 pods changed by `f` (the first `bad` of them).
fn store(ns: &str, bad: usize, f: fn(&mut PodRecord)) -> Store {
    let mut s = all_synced();
    for i in 0..3 {
        let mut p = workload_pod(
            ns,
            &format!("agent-{i}"),
            None,
            ("DaemonSet", "agent"),
            &[],
            vec![good_container()],
        );
        if i < bad {
            f(&mut p);
        }
        add_pod(&mut s, p);
    }
    s
}

#[test]
fn host_path_fires_per_workload() {
    let s = store("data", 3, |p| p.host_path = true);
    let out = run("pod-host-path", &inputs(&s));
    assert_eq!(objects(&out), ["DaemonSet data/agent"]);
    assert_eq!(
        out.findings[0].message,
        "mounts a hostPath volume: the node's filesystem is reachable in 3 of 3 pods"
    );
}

#[test]
fn host_path_quiet_without_and_for_static_pods() {
    let mut s = store("data", 0, |p| p.host_path = true);
    let mut etcd = pod("kube-system", "etcd-cp-1", Some("cp-1"));
    etcd.mirror = true;
    etcd.host_path = true;
    etcd.host_namespaces = true;
    add_pod(&mut s, etcd);
    assert!(run("pod-host-path", &inputs(&s)).findings.is_empty());
    assert!(run("pod-host-namespace", &inputs(&s)).findings.is_empty());
}

#[test]
fn host_namespace_counts_the_pods() {
    let s = store("data", 1, |p| p.host_namespaces = true);
    let out = run("pod-host-namespace", &inputs(&s));
    assert_eq!(
        only(&out).message,
        "shares the node's network, PID or IPC namespace in 1 of 3 pods"
    );
    assert_eq!(only(&out).severity, Severity::Warning);
}

#[test]
fn host_namespace_quiet_without() {
    let s = store("data", 0, |p| p.host_namespaces = true);
    assert!(run("pod-host-namespace", &inputs(&s)).findings.is_empty());
}

#[test]
fn default_service_account_fires_when_unset_or_default() {
    let mut s = store("web", 3, |p| p.service_account = Some("default".into()));
    add_pod(&mut s, pod("web", "bare", None));
    let out = run("pod-default-service-account", &inputs(&s));
    assert_eq!(objects(&out), ["DaemonSet web/agent", "Pod web/bare"]);
    assert_eq!(
        out.findings[1].message,
        "runs as the namespace's default service account"
    );
    assert!(out.findings.iter().all(|f| f.severity == Severity::Info));
}

#[test]
fn default_service_account_quiet_with_its_own() {
    let mut s = store("web", 0, |_| {});
    assert!(
        run("pod-default-service-account", &inputs(&s))
            .findings
            .is_empty()
    );
    s.pods.state = SyncState::NotStarted;
    assert_eq!(
        run("pod-default-service-account", &inputs(&s)).not_checked,
        ["pods: not read yet"]
    );
}
