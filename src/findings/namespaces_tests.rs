use std::sync::Arc;

use crate::cluster::store::SyncState;
use crate::findings::test_support::*;
use crate::findings::{Inputs, Severity};
use crate::signals::quotas;
use crate::signals::test_support::*;

const GIB: f64 = 1_073_741_824.0;

fn labelled(name: &str) -> crate::cluster::store::namespace_records::NamespaceRecord {
    crate::cluster::store::namespace_records::NamespaceRecord {
        pod_security_enforce: Some(Arc::from("baseline")),
        ..namespace(name)
    }
}

#[test]
fn no_pod_security_fires_for_unlabelled_namespaces() {
    let mut s = all_synced();
    add_namespace(&mut s, namespace("data"));
    add_namespace(&mut s, labelled("web"));
    add_pod(&mut s, pod("data", "a", None));
    add_pod(&mut s, pod("data", "b", None));
    let out = run("namespace-no-pod-security", &inputs(&s));
    let f = only(&out);
    assert_eq!(
        (f.kind.as_str(), f.namespace.as_deref(), f.name.as_str()),
        ("Namespace", Some("data"), "data")
    );
    assert_eq!(
        f.message,
        "no pod-security.kubernetes.io/enforce label: its pods are not evaluated (2 pods running)"
    );
}

#[test]
fn no_pod_security_quiet_when_labelled_or_terminating() {
    let mut s = all_synced();
    add_namespace(&mut s, labelled("web"));
    let mut going = namespace("old");
    going.terminating = true;
    add_namespace(&mut s, going);
    assert!(run("namespace-no-pod-security", &inputs(&s)).findings.is_empty());
    // Even `privileged` is a decision, not a missing label.
    let mut p = labelled("agents");
    p.pod_security_enforce = Some(Arc::from("privileged"));
    add_namespace(&mut s, p);
    assert!(run("namespace-no-pod-security", &inputs(&s)).findings.is_empty());
}

#[test]
fn no_resourcequota_fires_per_uncovered_namespace() {
    let mut s = all_synced();
    add_namespace(&mut s, labelled("web"));
    add_namespace(&mut s, labelled("data"));
    add_quota(&mut s, quota("web", "compute", &[("pods", 1.0, 10.0)]));
    let out = run("namespace-no-resourcequota", &inputs(&s));
    assert_eq!(objects(&out), ["Namespace data/data"]);
    assert_eq!(
        out.findings[0].message,
        "no ResourceQuota: nothing caps its CPU, memory or object counts (0 pods running)"
    );
}

#[test]
fn no_resourcequota_quiet_when_covered_and_unchecked_when_forbidden() {
    let mut s = all_synced();
    add_namespace(&mut s, labelled("web"));
    add_quota(&mut s, quota("web", "compute", &[]));
    assert!(run("namespace-no-resourcequota", &inputs(&s)).findings.is_empty());
    s.quotas.items.clear();
    s.quotas.state = SyncState::Forbidden {
        verb: "list".into(),
        resource: "resourcequotas".into(),
    };
    let out = run("namespace-no-resourcequota", &inputs(&s));
    assert!(out.findings.is_empty(), "no quota visible is not no quota");
    assert_eq!(out.not_checked, ["resourcequotas: forbidden"]);
}

#[test]
fn no_networkpolicy_fires_per_uncovered_namespace() {
    let mut s = all_synced();
    add_namespace(&mut s, labelled("web"));
    add_namespace(&mut s, labelled("data"));
    add_network_policy(&mut s, "web", "default-deny");
    s.pods.state = SyncState::Syncing { count: 10 };
    let out = run("namespace-no-networkpolicy", &inputs(&s));
    assert_eq!(objects(&out), ["Namespace data/data"]);
    assert_eq!(
        out.findings[0].message, "no NetworkPolicy: every pod accepts traffic from anywhere",
        "pods not read: no count"
    );
}

#[test]
fn no_networkpolicy_quiet_when_covered_and_unchecked_while_syncing() {
    let mut s = all_synced();
    add_namespace(&mut s, labelled("web"));
    add_network_policy(&mut s, "web", "default-deny");
    assert!(run("namespace-no-networkpolicy", &inputs(&s)).findings.is_empty());
    s.network_policies.state = SyncState::Syncing { count: 0 };
    let out = run("namespace-no-networkpolicy", &inputs(&s));
    assert!(out.findings.is_empty());
    assert_eq!(out.not_checked, ["networkpolicies: not read yet"]);
}

fn quota_store() -> crate::cluster::store::Store {
    let mut s = all_synced();
    add_quota(
        &mut s,
        quota(
            "payments",
            "compute",
            &[
                ("requests.memory", 9.5 * GIB, 10.0 * GIB),
                ("requests.cpu", 9.0, 10.0),
                ("pods", 20.0, 50.0),
            ],
        ),
    );
    add_quota(
        &mut s,
        quota("web", "objects", &[("pods", 50.0, 50.0), ("services", 3.0, 0.0)]),
    );
    add_quota(
        &mut s,
        quota("data", "big", &[("pods", 1.0, 100.0), ("services", 0.0, 0.0)]),
    );
    s
}

#[test]
fn quota_near_limit_fires_once_per_quota() {
    let s = quota_store();
    let m = quotas::model(&s, None);
    let out = run(
        "quota-near-limit",
        &Inputs {
            etcd: None,
            quotas: Some(&m),
            ..inputs(&s)
        },
    );
    let f = only(&out);
    assert_eq!(
        (f.kind.as_str(), f.namespace.as_deref(), f.name.as_str()),
        ("ResourceQuota", Some("payments"), "compute")
    );
    assert_eq!(
        f.message,
        "requests.memory at 95% (9.5 GiB of 10 GiB), requests.cpu at 90% (9 cores of 10 cores): new pods are refused once it is full"
    );
    assert_eq!(f.severity, Severity::Warning);
}

#[test]
fn quota_exhausted_fires_at_100_percent_and_when_none_is_allowed() {
    let s = quota_store();
    let m = quotas::model(&s, None);
    let out = run(
        "quota-exhausted",
        &Inputs {
            etcd: None,
            quotas: Some(&m),
            ..inputs(&s)
        },
    );
    let f = only(&out);
    assert_eq!(
        (f.namespace.as_deref(), f.name.as_str()),
        (Some("web"), "objects")
    );
    assert_eq!(f.severity, Severity::Critical);
    assert!(f.message.contains("pods at 100% (50 of 50)"), "{}", f.message);
    assert!(
        f.message.contains("services: 3 used, none allowed"),
        "{}",
        f.message
    );
}

#[test]
fn quota_rules_quiet_below_90_percent_and_unchecked_without_quotas() {
    let mut s = all_synced();
    add_quota(
        &mut s,
        quota("data", "big", &[("pods", 89.0, 100.0), ("services", 0.0, 0.0)]),
    );
    let m = quotas::model(&s, None);
    for id in ["quota-near-limit", "quota-exhausted"] {
        let out = run(
            id,
            &Inputs {
                etcd: None,
                quotas: Some(&m),
                ..inputs(&s)
            },
        );
        assert!(out.findings.is_empty() && out.not_checked.is_empty(), "{id}");
    }
    s.quotas.state = SyncState::Unreachable { reason: "x".into() };
    let m = quotas::model(&s, None);
    let out = run(
        "quota-exhausted",
        &Inputs {
            etcd: None,
            quotas: Some(&m),
            ..inputs(&s)
        },
    );
    assert_eq!(out.not_checked, ["resourcequotas: unreachable"]);
    assert_eq!(
        run("quota-exhausted", &inputs(&s)).not_checked,
        ["quotas: not read yet"]
    );
}
