//! `evaluate` on a managed control plane: the rules that cannot apply are
//! listed as not applicable with their reason, not run and not scored; no
//! finding about what the provider runs; a missing cluster backup at info.

use crate::certs::Origin;
use crate::cluster::store::Store;
use crate::findings::test_support::NOW;
use crate::findings::{Config, Inputs, Report, Severity, evaluate};
use crate::platform::{Detection, Platform, UNKNOWN};
use crate::signals::backups::{self, BackupSettings};
use crate::signals::certs::{self, DAY, Thresholds};
use crate::signals::control_plane;
use crate::signals::health_text::parse;
use crate::signals::test_support::*;

fn eks() -> Detection {
    Detection {
        platform: Platform::Eks,
        evidence: vec!["gitVersion v1.31.2-eks-7f9249a".into()],
        configured: false,
    }
}

/// Two workers in two zones, two API server identity leases, no
/// control-plane node, static pod, leader lease or backup of any kind.
fn eks_store() -> Store {
    let mut s = all_synced();
    add_node(&mut s, node("ip-10-0-1-5", Some("eu-west-1a")));
    add_node(&mut s, node("ip-10-0-2-5", Some("eu-west-1b")));
    for i in 0..2 {
        add_lease(&mut s, identity_lease(&format!("apiserver-{i}"), NOW - 5));
    }
    s
}

/// The report on `platform`, with an expired kubeadm file and a serving
/// chain that is fine.
fn report(s: &Store, platform: &Detection) -> Report {
    let health = parse("[+]ping ok\n[+]etcd ok\nreadyz check passed\n").map_err(|e| e.to_string());
    let cp = control_plane::model_on(s, Some(&health), Some(&health), platform, NOW);
    let backups = backups::model_on(s, None, &BackupSettings::default(), platform, NOW);
    let found = [
        found(
            Origin::Kubeadm,
            "apiserver",
            "/etc/kubernetes/pki/apiserver.crt",
            Ok(cert_info("kube-apiserver", "ca", NOW - 400 * DAY, NOW - DAY)),
        ),
        found(
            Origin::Serving,
            "serving chain 1/1",
            "https://ABC.gr7.eu-west-1.eks.amazonaws.com",
            Ok(cert_info("kube-apiserver", "ca", NOW - 10 * DAY, NOW + 300 * DAY)),
        ),
    ];
    let certs = certs::model(s, &found, &[], Thresholds::default(), NOW);
    let inputs = Inputs {
        etcd: None,
        store: s,
        control_plane: Some(&cp),
        certs: Some(&certs),
        backups: Some(&backups),
        quotas: None,
        zones: None,
        platform,
        now: NOW,
    };
    evaluate(&inputs, &Config::default())
}

fn ids(r: &Report) -> Vec<(&str, Severity)> {
    r.findings.iter().map(|f| (f.id, f.severity)).collect()
}

#[test]
fn judged_as_self_managed_eks_cries_wolf() {
    let r = report(&eks_store(), &UNKNOWN);
    let found = ids(&r);
    for want in [
        ("etcd-backup-missing", Severity::Critical),
        ("cert-expired", Severity::Critical),
        ("control-plane-not-ha", Severity::Warning),
    ] {
        assert!(found.contains(&want), "{want:?} in {found:?}");
    }
    assert!(r.not_applicable.is_empty());
}

#[test]
fn on_eks_the_provider_s_rules_are_not_applicable_with_their_reason() {
    let r = report(&eks_store(), &eks());
    assert_eq!(
        ids(&r),
        [
            ("cluster-backup-missing", Severity::Info),
            ("node-problem-detector-missing", Severity::Info),
        ],
        "{:#?}",
        r.findings
    );
    assert_eq!(
        r.findings[0].message,
        "no cluster backup found (no Velero Backup or Schedule); EKS backs up etcd, not the workloads' state"
    );
    let na: Vec<&str> = r.not_applicable.iter().map(|n| n.id).collect();
    assert_eq!(
        na,
        [
            "control-plane-not-ha",
            "control-plane-single-zone",
            "etcd-backup-missing",
            "etcd-backup-stale",
            "cert-expired",
            "cert-expiring",
        ]
    );
    assert!(
        r.not_applicable[0]
            .reason
            .starts_with("EKS runs and replicates the control plane")
    );
    assert_eq!((r.critical, r.warning, r.info), (0, 0, 2));
    assert_eq!(r.score, Some(100), "not-applicable rules are not scored");
    assert!(
        !r.not_checked.iter().any(|n| n.contains("control-plane")),
        "{:?}",
        r.not_checked
    );
}

#[test]
fn on_eks_the_serving_chain_is_still_checked() {
    let s = eks_store();
    let health = parse("[+]ping ok\nreadyz check passed\n").map_err(|e| e.to_string());
    let cp = control_plane::model_on(&s, Some(&health), Some(&health), &eks(), NOW);
    let expired = [found(
        Origin::Serving,
        "serving chain 1/1",
        "https://ABC.gr7.eu-west-1.eks.amazonaws.com",
        Ok(cert_info("kube-apiserver", "ca", NOW - 400 * DAY, NOW - DAY)),
    )];
    let certs = certs::model(&s, &expired, &[], Thresholds::default(), NOW);
    let platform = eks();
    let inputs = Inputs {
        etcd: None,
        store: &s,
        control_plane: Some(&cp),
        certs: Some(&certs),
        backups: None,
        quotas: None,
        zones: None,
        platform: &platform,
        now: NOW,
    };
    let r = evaluate(&inputs, &Config::default());
    assert!(
        ids(&r).contains(&("cert-expired", Severity::Critical)),
        "{:?}",
        ids(&r)
    );
}

#[test]
fn a_rule_left_out_by_the_user_is_not_listed_as_not_applicable() {
    let s = eks_store();
    let platform = eks();
    let cp = control_plane::model_on(&s, None, None, &platform, NOW);
    let mut inputs = crate::findings::test_support::inputs(&s);
    inputs.control_plane = Some(&cp);
    inputs.platform = &platform;
    let config = Config {
        skip: vec!["control-plane-not-ha".into()],
        ..Config::default()
    };
    let r = evaluate(&inputs, &config);
    assert!(!r.not_applicable.iter().any(|n| n.id == "control-plane-not-ha"));
    assert!(
        r.not_applicable
            .iter()
            .any(|n| n.id == "control-plane-single-zone")
    );
}

#[test]
fn on_eks_a_failed_velero_backup_is_told_at_info_as_a_cluster_backup() {
    let mut s = eks_store();
    add_velero_backup(
        &mut s,
        velero_backup("velero", "nightly-1", "Failed", Some("nightly"), Some(NOW - 3600)),
    );
    let failed = |r: &Report| {
        r.findings
            .iter()
            .find(|f| f.id == "etcd-backup-failed")
            .map(|f| (f.severity, f.message.clone()))
    };
    let (severity, _) = failed(&report(&s, &UNKNOWN)).expect("self-managed: reported");
    assert_eq!(severity, Severity::Warning);
    let (severity, message) = failed(&report(&s, &eks())).expect("on EKS: still reported");
    assert_eq!(
        severity,
        Severity::Info,
        "no etcd backup finding above info on EKS"
    );
    assert!(
        message.ends_with("(a cluster backup: EKS backs up etcd)"),
        "{message}"
    );
}

#[test]
fn on_eks_the_provider_s_add_ons_in_kube_system_are_not_judged() {
    let mut s = eks_store();
    // aws-node: a DaemonSet without a liveness probe, as EKS ships it.
    let mut no_probe = good_container();
    no_probe.liveness_probe = false;
    let mut p = pod("kube-system", "aws-node-x1", Some("ip-10-0-1-5"));
    p.containers = vec![no_probe].into();
    add_pod(&mut s, p);
    let probe_findings = |r: &Report| {
        r.findings
            .iter()
            .filter(|f| f.id == "container-no-liveness-probe")
            .count()
    };
    assert_eq!(
        probe_findings(&report(&s, &UNKNOWN)),
        1,
        "self-managed: kube-system is judged by this rule"
    );
    assert_eq!(
        probe_findings(&report(&s, &eks())),
        0,
        "EKS's add-on is not the customer's"
    );
}
