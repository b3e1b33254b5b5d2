//! When to look again at what failed: the watchers of kinds the server does
//! not serve (404) wait for the server's API groups to change (a CRD
//! installed) rather than polling, and failing watchers retry at once when
//! the server answers again instead of finishing a long backoff.
//!
//! One task reads `/apis` (every 30 s while it answers, with backoff while
//! it does not) and bumps a counter on every such change.

use std::time::Duration;

use tokio::sync::mpsc::Sender;
use tokio::sync::watch;

use super::Report;
use super::retry::{self, Backoff};

/// Bumped when the server's API groups change or it answers again.
pub type Changes = watch::Receiver<u64>;

const EVERY: Duration = Duration::from_secs(30);
const TIMEOUT: Duration = Duration::from_secs(10);
const RETRY_FIRST: Duration = Duration::from_secs(1);
const RETRY_MAX: Duration = Duration::from_secs(10);

/// What one read of discovery saw: the served group versions, or `None`
/// when the server did not answer.
pub type Seen = Option<String>;

/// Whether going from `before` to `now` is worth another look: the server
/// answers again, or its groups changed.
pub fn is_change(before: &Seen, now: &Seen) -> bool {
    match (before, now) {
        (None, Some(_)) => true,
        (Some(a), Some(b)) => a != b,
        (_, None) => false,
    }
}

/// The server's group versions, sorted, on one line.
async fn read(client: &kube::Client) -> Seen {
    let groups = tokio::time::timeout(TIMEOUT, client.list_api_groups())
        .await
        .ok()?
        .ok()?;
    let mut gvs: Vec<String> = groups
        .groups
        .into_iter()
        .flat_map(|g| g.versions.into_iter().map(|v| v.group_version))
        .collect();
    gvs.sort();
    Some(gvs.join(","))
}

/// The API groups of what [`read`] saw (`apps/v1,config.openshift.io/v1`
/// → `apps`, `config.openshift.io`), sorted, each once.
pub fn groups_of(seen: &str) -> Vec<String> {
    let mut groups: Vec<String> = seen
        .split(',')
        .filter_map(|gv| gv.split_once('/').map(|(g, _)| g.to_string()))
        .collect();
    groups.dedup();
    groups
}

/// The server's API groups, read once (`kon check`); empty when it did
/// not answer.
pub async fn groups(client: &kube::Client) -> Vec<String> {
    read(client).await.as_deref().map(groups_of).unwrap_or_default()
}

/// A counter for [`run`] and the receiver the watchers share.
pub fn channel() -> (watch::Sender<u64>, Changes) {
    watch::channel(0)
}

/// Reads discovery until every receiver is gone; bumps `changes` on each
/// change after the first read, and reports the API groups (platform
/// detection) whenever they differ from the last report.
pub async fn run(client: kube::Client, changes: watch::Sender<u64>, generation: u64, tx: Sender<Report>) {
    let mut reported: Option<Vec<String>> = None;
    let mut backoff = Backoff::new(RETRY_FIRST, RETRY_MAX, retry::seed());
    let mut last: Option<Seen> = None;
    loop {
        let now = read(&client).await;
        if let Some(before) = &last
            && is_change(before, &now)
        {
            tracing::info!(
                groups = now.as_deref().unwrap_or(""),
                "discovery changed; looking again"
            );
            changes.send_modify(|n| *n += 1);
        }
        if let Some(seen) = &now {
            let groups = groups_of(seen);
            if reported.as_ref() != Some(&groups) {
                reported = Some(groups.clone());
                if tx.send(Report::ApiGroups { generation, groups }).await.is_err() {
                    return;
                }
            }
        }
        let wait = if now.is_some() {
            backoff.reset(RETRY_FIRST);
            EVERY
        } else {
            backoff.wait(None)
        };
        last = Some(now);
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            () = changes.closed() => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answering_again_and_new_groups_are_changes() {
        let a = Some("apps/v1".to_string());
        let b = Some("apps/v1,k3s.cattle.io/v1".to_string());
        assert!(is_change(&None, &a), "answering again");
        assert!(is_change(&a, &b), "a group added");
        assert!(is_change(&b, &a), "a group removed");
        assert!(!is_change(&a, &a), "nothing new");
        assert!(!is_change(&a, &None), "no answer is no reason to look");
        assert!(!is_change(&None, &None));
    }

    #[test]
    fn groups_are_named_once_without_their_versions() {
        let seen = "apps/v1,config.openshift.io/v1,config.openshift.io/v1alpha1,route.openshift.io/v1";
        assert_eq!(
            groups_of(seen),
            ["apps", "config.openshift.io", "route.openshift.io"]
        );
        assert!(groups_of("").is_empty());
    }
}
