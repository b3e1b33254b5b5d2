//! Watchers: one `kube::runtime::watcher` per kind (list once, then watch
//! with bookmarks; relist only when the server says), each sending slim
//! deltas as messages. They never touch the application state. After a
//! failure a watcher waits (capped exponential backoff with jitter) before
//! trying again; a kind the server does not serve waits for discovery to
//! change.

use std::fmt::Debug;
use std::time::Duration;

use futures::StreamExt;
use kube::api::{Api, ListParams};
use kube::runtime::watcher;
use serde::de::DeserializeOwned;
use tokio::sync::mpsc::Sender;
use tokio::task::JoinSet;

use super::Report;
use super::discovery::Changes;
use super::retry::{self, Backoff};
use super::store::kinds::{Event, Kind};
use super::store::{Delta, SyncState};

/// Page size of the initial lists.
const PAGE: u32 = 500;

/// What a watch failure means for the pane: forbidden, stale, or unreachable.
pub fn classify(e: &watcher::Error, kind: Kind, synced_once: bool, now: i64) -> SyncState {
    let api_status = match e {
        watcher::Error::InitialListFailed(kube::Error::Api(s))
        | watcher::Error::WatchStartFailed(kube::Error::Api(s))
        | watcher::Error::WatchFailed(kube::Error::Api(s)) => Some((s.code, s.message.clone())),
        watcher::Error::WatchError(s) => Some((s.code, s.message.clone())),
        _ => None,
    };
    // The resource is not served (its CRD is not installed): the source is
    // absent, not failing.
    if matches!(api_status, Some((404, _))) && matches!(e, watcher::Error::InitialListFailed(_)) {
        return SyncState::Absent;
    }
    if let Some((403, _)) = api_status {
        let verb = if matches!(e, watcher::Error::InitialListFailed(_)) {
            "list"
        } else {
            "watch"
        };
        return SyncState::Forbidden {
            verb: verb.into(),
            resource: kind.resource().into(),
        };
    }
    let reason = match api_status {
        Some((code, msg)) => format!("{code}: {msg}"),
        None => crate::errors::chain(e),
    };
    if synced_once {
        SyncState::Stale { since: now, reason }
    } else {
        SyncState::Unreachable { reason }
    }
}

/// The first wait after a failure; each failure in a row doubles it, up to
/// [`retry::MAX_WAIT`] (30 s), with jitter.
const FIRST: Duration = Duration::from_secs(1);
/// How long the cheap check that a resumed watch's API answers may take.
const CHECK_TIMEOUT: Duration = Duration::from_secs(10);
/// A failure this long after the last one starts the backoff afresh (a
/// quiet kind that came back sends no data that would reset it).
const FRESH_AFTER: Duration = Duration::from_secs(120);

/// Where a watcher's reports go, and when it should look again.
pub struct To {
    pub generation: u64,
    pub tx: Sender<Report>,
    pub changes: Changes,
}

impl To {
    async fn send(&self, event: Event) -> bool {
        send(&self.tx, self.generation, event).await
    }
}

/// A cheap list (limit 1) that proves the API answers for this kind again.
struct Check<K: Clone> {
    api: Api<K>,
    params: ListParams,
}

pub(crate) async fn watch_kind<K, Key>(
    api: Api<K>,
    (labels, fields): super::readers::Selectors,
    kind: Kind,
    key: fn(&K) -> Key,
    wrap: fn(Delta<Key, K>) -> Event,
    mut to: To,
) where
    K: kube::Resource + Clone + DeserializeOwned + Debug + Send + 'static,
{
    let mut config = watcher::Config::default().page_size(PAGE);
    if let Some(l) = labels {
        config = config.labels(l);
    }
    if let Some(f) = fields {
        config = config.fields(f);
    }
    let check = Check {
        api: api.clone(),
        params: ListParams {
            label_selector: labels.map(str::to_string),
            field_selector: fields.map(str::to_string),
            limit: Some(1),
            ..Default::default()
        },
    };
    // Not kube's `default_backoff()`: its StreamBackoff resets on every `Ok`
    // item, and the watcher yields `Ok(Event::Init)` before each relist, so a
    // failing list was retried every 0.8 s forever. The backoff here resets
    // only on data (a list done, a watch event).
    let mut stream = watcher(api, config).boxed();
    let mut backoff = Backoff::new(FIRST, retry::MAX_WAIT, retry::seed());
    let mut synced_once = false;
    let mut last_failure: Option<tokio::time::Instant> = None;
    loop {
        let Some(ev) = stream.next().await else { return };
        let delta = match ev {
            Ok(watcher::Event::Init) => Delta::InitStart,
            Ok(watcher::Event::InitApply(o)) => Delta::InitApply(key(&o), o),
            Ok(watcher::Event::InitDone) => {
                synced_once = true;
                backoff.reset(FIRST);
                Delta::InitDone
            }
            Ok(watcher::Event::Apply(o)) => {
                backoff.reset(FIRST);
                Delta::Apply(key(&o), o)
            }
            Ok(watcher::Event::Delete(o)) => {
                backoff.reset(FIRST);
                Delta::Delete(key(&o))
            }
            Err(e) => {
                if starts_afresh(last_failure, tokio::time::Instant::now()) {
                    backoff.reset(FIRST);
                }
                let state = classify(&e, kind, synced_once, crate::clock::unix_now());
                let resumes = matches!(state, SyncState::Stale { .. }) && resumes_watch(&e);
                if !to.send(wrap(Delta::State(state.clone()))).await {
                    return;
                }
                let recovered = match state {
                    SyncState::Absent => {
                        tracing::info!(
                            kind = kind.resource(),
                            "not served; looked at again when the API groups change"
                        );
                        wait_for_change(&mut to.changes).await;
                        continue;
                    }
                    _ => {
                        let why = match &state {
                            SyncState::Stale { reason, .. } | SyncState::Unreachable { reason } => {
                                reason.clone()
                            }
                            other => other.label(),
                        };
                        tracing::warn!(kind = kind.resource(), "watch failed: {why}");
                        let r = recover(&e, resumes, &mut backoff, &check, &mut to).await;
                        last_failure = Some(tokio::time::Instant::now());
                        r
                    }
                };
                match recovered {
                    Some(true) => {
                        if !to.send(wrap(Delta::State(SyncState::Synced))).await {
                            return;
                        }
                    }
                    Some(false) => {}
                    None => return,
                }
                continue;
            }
        };
        if !to.send(wrap(delta)).await {
            return;
        }
    }
}

/// Whether a failure at `now` starts the backoff afresh: the last one (if
/// any) was long ago.
fn starts_afresh(last_failure: Option<tokio::time::Instant>, now: tokio::time::Instant) -> bool {
    last_failure.is_some_and(|t| now.saturating_duration_since(t) > FRESH_AFTER)
}

/// Whether the watcher goes on from its last resourceVersion after `e`
/// (nothing tells that it is back then) rather than listing again.
fn resumes_watch(e: &watcher::Error) -> bool {
    match e {
        watcher::Error::WatchStartFailed(_) | watcher::Error::WatchFailed(_) => true,
        watcher::Error::WatchError(s) => s.code != 410,
        _ => false,
    }
}

/// The server's `Retry-After`, when `e` carries one.
fn retry_after(e: &watcher::Error) -> Option<Duration> {
    match e {
        watcher::Error::InitialListFailed(e)
        | watcher::Error::WatchStartFailed(e)
        | watcher::Error::WatchFailed(e) => retry::transient(e).flatten(),
        _ => None,
    }
}

/// Waits before the stream is polled again: the backoff, cut short when
/// the server answers again (or its API groups change). A watch that resumes
/// is first checked with a cheap list, until it answers (`Some(true)`: say
/// synced). `None`: the console is gone.
async fn recover<K>(
    e: &watcher::Error,
    resumes: bool,
    backoff: &mut Backoff,
    check: &Check<K>,
    to: &mut To,
) -> Option<bool>
where
    K: kube::Resource + Clone + DeserializeOwned + Debug,
{
    let mut hint = retry_after(e);
    loop {
        let wait = backoff.wait(hint);
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            () = wait_for_change(&mut to.changes) => {}
            () = to.tx.closed() => return None,
        }
        if !resumes {
            return Some(false);
        }
        match tokio::time::timeout(CHECK_TIMEOUT, check.api.list_metadata(&check.params)).await {
            Ok(Ok(_)) => return Some(true),
            Ok(Err(e)) => hint = retry::transient(&e).flatten(),
            Err(_) => hint = None,
        }
    }
}

/// Until the server's API groups change or it answers again after failing
/// (forever, when nothing reports changes any more).
async fn wait_for_change(changes: &mut Changes) {
    if changes.changed().await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// Sends a watcher's event; false when the console is gone.
async fn send(tx: &Sender<Report>, generation: u64, event: Event) -> bool {
    tx.send(Report::Store {
        generation,
        event: Box::new(event),
    })
    .await
    .is_ok()
}

/// Starts every watcher for `client` into `set`, and the discovery reader
/// that tells them when to look again.
/// Starts the watchers of every kind; Events are read in
/// `events_namespace` when the user may not list them cluster-wide.
pub fn spawn_all(
    set: &mut JoinSet<()>,
    client: &kube::Client,
    generation: u64,
    tx: &Sender<Report>,
    events_namespace: &str,
) {
    let (changed, changes) = super::discovery::channel();
    set.spawn(super::discovery::run(
        client.clone(),
        changed,
        generation,
        tx.clone(),
    ));
    for r in super::readers::readers(client) {
        if r.kind() == Kind::Events {
            continue;
        }
        set.spawn(r.watch(generation, tx.clone(), changes.clone()));
    }
    let to = To {
        generation,
        tx: tx.clone(),
        changes,
    };
    set.spawn(super::events_scope::watch_events(
        client.clone(),
        events_namespace.to_string(),
        to,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_failure_long_after_the_last_starts_the_backoff_afresh() {
        let t0 = tokio::time::Instant::now();
        let later = |s| t0 + Duration::from_secs(s);
        assert!(
            !starts_afresh(None, t0),
            "the first failure goes on from the first wait"
        );
        assert!(
            !starts_afresh(Some(t0), later(30)),
            "a failure every 30 s keeps backing off"
        );
        assert!(starts_afresh(Some(t0), later(121)), "an outage long over");
    }
}
