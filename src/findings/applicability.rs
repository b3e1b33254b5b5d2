//! Which rules cannot apply on a platform, and why. On a managed control
//! plane (EKS, GKE, AKS) the provider runs and replicates the control plane
//! and runs and backs up etcd; the customer can neither see nor act on
//! them, so the rules about them would only cry wolf. Such rules are not
//! run, not counted in the score, and listed under "not applicable" with
//! the reason, never silently dropped.
//!
//! | rule | self-managed, unknown | EKS, GKE, AKS |
//! |---|---|---|
//! | `control-plane-not-ha` | applies | not applicable: the provider sizes and replicates the control plane |
//! | `control-plane-single-zone` | applies | not applicable: the provider spreads it over zones |
//! | `etcd-backup-missing`, `etcd-backup-stale` | apply | not applicable: the provider runs etcd and backs it up |
//! | `etcd-backup-failed` | applies | applies at info: a failed Velero backup is the customer's cluster backup |
//! | `cert-expired`, `cert-expiring` | apply | apply to the serving chain, Secrets, cert-manager and CSRs; not to kubeadm's PKI files |
//! | `cluster-backup-missing` (info) | reports nothing (`etcd-backup-missing` covers it) | applies |
//!
//! On EKS, GKE and AKS the system namespaces (kube-system & co.) hold the
//! provider's add-ons: no rule reports objects there unless
//! `--judge-system` (on other platforms only the rules marked to skip
//! system namespaces leave them out).
//!
//! Every other rule applies everywhere (`apiserver-check-failing` and
//! `leader-lease-stale` judge what the provider exposes).

use crate::platform::Detection;

/// Why rule `id` cannot apply on `platform` at all, if it cannot.
pub(crate) fn reason(id: &str, platform: &Detection) -> Option<String> {
    if !platform.is_managed() {
        return None;
    }
    let p = platform.platform;
    Some(match id {
        "control-plane-not-ha" => {
            format!("{p} runs and replicates the control plane; its instances are not the customer's to add")
        }
        "control-plane-single-zone" => {
            format!("{p} places the control plane across zones; the customer cannot move it")
        }
        "etcd-backup-missing" | "etcd-backup-stale" => format!(
            "{p} runs etcd and backs it up; the customer cannot back it up or restore it (cluster backups: cluster-backup-missing)"
        ),
        _ => return None,
    })
}

/// Why part of rule `id` cannot apply on `platform`: the rule runs on the
/// rest.
pub(crate) fn partly(id: &str, platform: &Detection) -> Option<String> {
    if !platform.is_managed() {
        return None;
    }
    match id {
        "cert-expired" | "cert-expiring" => Some(format!(
            "kubeadm's PKI files only: {} manages the control plane's certificates (the API server's serving chain is still checked)",
            platform.platform
        )),
        _ => None,
    }
}

#[cfg(test)]
#[path = "applicability_tests.rs"]
mod tests;
