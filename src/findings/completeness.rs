//! Whether a report judged everything: the kinds that could not be read
//! (forbidden, failing, or not read yet). A report with unread kinds is
//! incomplete and has no score: the score counts clean objects, and objects
//! nobody could read are neither clean nor counted.

use crate::cluster::store::{Kind, Store, SyncState};

/// Why a kind was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cause {
    /// The user may not list it: "not checked", a known limit of the check.
    Forbidden,
    /// Reading it failed (server errors, throttling, no answer) even after retries.
    Failed,
    /// Not read yet (the console while it syncs).
    Pending,
}

/// A kind whose objects were not read, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Unread {
    /// As kubectl names the resource: `pods`, `nodes`, `leases`.
    pub kind: &'static str,
    pub why: String,
    pub cause: Cause,
}

/// Why `state` leaves its kind unread (`None`: it was read, or is not served).
/// Stale data (read, then the watch failed) counts as read.
pub fn cause(state: &SyncState) -> Option<(Cause, String)> {
    match state {
        SyncState::Synced | SyncState::Stale { .. } | SyncState::Absent => None,
        SyncState::NotStarted => Some((Cause::Pending, "not read yet".into())),
        SyncState::Syncing { .. } => Some((Cause::Pending, "syncing".into())),
        SyncState::Forbidden { verb, resource } => {
            Some((Cause::Forbidden, format!("forbidden: {verb} {}", short(resource))))
        }
        SyncState::Unreachable { reason } => Some((Cause::Failed, reason.clone())),
    }
}

/// `leases.coordination.k8s.io` → `leases`.
fn short(resource: &str) -> &str {
    resource.split('.').next().unwrap_or(resource)
}

/// Every judged kind of `store` not read, in `Kind::ALL` order.
pub fn unread(store: &Store) -> Vec<Unread> {
    Kind::ALL
        .iter()
        .filter(|k| k.judged())
        .filter_map(|&k| {
            cause(store.state(k)).map(|(cause, why)| Unread {
                kind: short(k.resource()),
                why,
                cause,
            })
        })
        .collect()
}

/// `pods (forbidden: list pods); nodes, jobs (syncing)`: kinds with the
/// same reason are named together, the reason once.
pub fn describe(unread: &[Unread]) -> String {
    let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
    for u in unread {
        match groups.iter_mut().find(|(why, _)| *why == u.why) {
            Some((_, kinds)) => kinds.push(u.kind),
            None => groups.push((&u.why, vec![u.kind])),
        }
    }
    groups
        .iter()
        .map(|(why, kinds)| format!("{} ({why})", kinds.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// `pods, nodes`.
pub fn kinds<'a>(unread: impl IntoIterator<Item = &'a Unread>) -> String {
    unread.into_iter().map(|u| u.kind).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_kinds_not_read_are_listed() {
        let mut s = crate::signals::test_support::all_synced();
        assert!(unread(&s).is_empty());
        assert_eq!(unread(&Store::default()).len(), Kind::judged_count());
        s.etcd_snapshots.state = SyncState::Absent;
        s.nodes.state = SyncState::Stale {
            since: 1,
            reason: "cut".into(),
        };
        assert!(unread(&s).is_empty(), "absent and stale kinds were read");
        s.leases.state = SyncState::Forbidden {
            verb: "list".into(),
            resource: "leases.coordination.k8s.io".into(),
        };
        s.pods.state = SyncState::Unreachable {
            reason: "Internal error (gave up after 5 tries)".into(),
        };
        s.jobs.state = SyncState::Syncing { count: 3 };
        s.cronjobs.state = SyncState::Syncing { count: 0 };
        let u = unread(&s);
        assert_eq!(kinds(&u), "pods, leases, cronjobs, jobs");
        assert_eq!(
            u.iter().map(|u| u.cause).collect::<Vec<_>>(),
            [Cause::Failed, Cause::Forbidden, Cause::Pending, Cause::Pending]
        );
        assert_eq!(
            describe(&u),
            "pods (Internal error (gave up after 5 tries)); leases (forbidden: list leases); cronjobs, jobs (syncing)"
        );
        // A forbidden events watch (shown, not judged) leaves the report complete.
        let mut s = Store::default();
        s.events.state = SyncState::Forbidden {
            verb: "list".into(),
            resource: "events.events.k8s.io".into(),
        };
        assert!(!unread(&s).iter().any(|u| u.kind == "events"));
    }
}
