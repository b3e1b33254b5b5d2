//! What the control-plane and etcd panes say on a managed control plane
//! (EKS, GKE, AKS): the provider runs the control plane and etcd,
//! replicates them across zones and backs etcd up, and the customer can
//! neither see nor act on them. So the absence of control-plane nodes,
//! static pods, leader leases or etcd backups is not a problem there; what
//! the customer still owns is what they can see (the API server's
//! `/readyz` and `/livez`, its endpoints and the leases the provider
//! exposes) and their workloads' state (cluster backups).

use super::control_plane::InstanceCount;
use super::verdict::{Verdict, age};
use crate::platform::Detection;

/// The line that says who runs the control plane and on what evidence.
pub fn runs_control_plane(p: &Detection) -> String {
    format!(
        "control plane run and replicated across zones by {} ({})",
        p.platform,
        evidence(p)
    )
}

/// What identified the platform: `config.toml`, or the evidence seen.
pub fn evidence(p: &Detection) -> String {
    let how = if p.configured { "named in" } else { "detected from" };
    match p.evidence.as_slice() {
        [] if p.configured => "named in config.toml".to_owned(),
        [] => "no evidence recorded".to_owned(),
        e => format!("{how} {}", e.join("; ")),
    }
}

/// The instance count on a managed control plane: what is visible, never
/// a warning (the provider sizes the control plane).
pub fn count(p: &Detection, c: &InstanceCount) -> Verdict {
    let seen: Vec<String> = [("identity leases", c.identity_leases), ("endpoints", c.endpoints)]
        .into_iter()
        .filter_map(|(what, n)| n.filter(|n| *n > 0).map(|n| format!("{what} {n}")))
        .collect();
    Verdict::ok(if seen.is_empty() {
        format!(
            "{} runs the API server instances; none visible to the customer",
            p.platform
        )
    } else {
        format!(
            "{} API server instance{} visible ({})",
            c.total(),
            if c.total() == 1 { "" } else { "s" },
            seen.join(", ")
        )
    })
}

/// Identity leases of API servers the provider replaced linger until the
/// API server collects them (after an hour): a note, not a problem.
pub fn stale_apiservers(p: &Detection, names: &[(&str, Option<i64>)]) -> Option<Verdict> {
    let (first, ago) = names.first()?;
    Some(Verdict::ok(format!(
        "{} old API server identity lease{} ({first}{}): instances {} replaced",
        names.len(),
        if names.len() == 1 { "" } else { "s" },
        ago.map(|a| format!(", renewed {} ago", age(a)))
            .unwrap_or_default(),
        p.platform
    )))
}

/// The etcd pane's line on a managed control plane.
pub fn etcd(p: &Detection) -> String {
    format!("etcd managed by {} (backed up by it)", p.platform)
}

/// The guidance's disaster-recovery advice: what the provider's etcd
/// backups do not cover.
pub const DR_ADVICE: &str = "the provider's etcd backups are not yours to restore: back up your workloads' state (full-cluster backups with Velero or the provider's backup service) and keep manifests in Git (GitOps)";

/// The info note when no cluster backup exists.
pub fn no_cluster_backup(caveat: &str) -> String {
    format!("no cluster backup found (Velero){caveat}: {DR_ADVICE}")
}

/// The etcd pane's conclusion about backups as a whole, on a managed
/// platform: about cluster backups, at info level. `nothing`: no source
/// has anything and none was unreadable.
pub fn cluster_backup_note(overall: Option<Verdict>, nothing: bool) -> Option<String> {
    let v = overall?;
    if nothing {
        return Some(no_cluster_backup(""));
    }
    let m = v.message.replace("etcd backup", "cluster backup");
    Some(if m.starts_with("no ") {
        format!("{m}: {DR_ADVICE}")
    } else {
        m
    })
}

#[cfg(test)]
#[path = "managed_tests.rs"]
mod tests;
