use super::*;
use crate::platform::{Detection, Platform};

fn on(p: Platform) -> Detection {
    Detection {
        platform: p,
        ..Detection::default()
    }
}

#[test]
fn on_a_managed_platform_the_control_plane_and_etcd_rules_do_not_apply() {
    for p in [Platform::Eks, Platform::Gke, Platform::Aks] {
        for id in [
            "control-plane-not-ha",
            "control-plane-single-zone",
            "etcd-backup-missing",
            "etcd-backup-stale",
        ] {
            let why = reason(id, &on(p)).unwrap_or_default();
            assert!(why.starts_with(p.label()), "{id} on {p}: {why}");
        }
        for id in [
            "apiserver-check-failing",
            "leader-lease-stale",
            "etcd-backup-failed",
            "cluster-backup-missing",
        ] {
            assert_eq!(reason(id, &on(p)), None, "{id} on {p}");
        }
        assert!(partly("cert-expired", &on(p)).is_some_and(|w| w.starts_with("kubeadm's PKI files only")));
        assert!(partly("cert-expiring", &on(p)).is_some());
    }
}

#[test]
fn elsewhere_every_rule_applies() {
    for p in [
        Platform::Kubeadm,
        Platform::K3s,
        Platform::Rke2,
        Platform::OpenShift,
        Platform::Unknown,
    ] {
        for r in crate::findings::catalog() {
            assert_eq!(reason(r.id, &on(p)), None, "{} on {p}", r.id);
            assert_eq!(partly(r.id, &on(p)), None, "{} on {p}", r.id);
        }
    }
}

#[test]
fn docs_findings_md_says_for_every_rule_where_it_applies() {
    let doc = include_str!("../../docs/findings.md");
    let section = doc
        .split("## Platforms")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("a Platforms section");
    for r in crate::findings::catalog() {
        let row = section
            .lines()
            .find(|l| l.starts_with(&format!("| {} |", r.id)))
            .unwrap_or_else(|| panic!("{} has no row", r.id));
        let managed = row.rsplit(" | ").next().unwrap_or_default();
        assert_eq!(
            managed.starts_with("not applicable"),
            reason(r.id, &on(Platform::Eks)).is_some(),
            "{row}"
        );
        assert_eq!(
            managed.contains("not applicable to"),
            partly(r.id, &on(Platform::Eks)).is_some(),
            "{row}"
        );
    }
}
