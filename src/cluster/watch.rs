//! Watchers: one `kube::runtime::watcher` per kind (list once, then watch
//! with bookmarks; relist only when the server says), each sending slim
//! deltas as messages. They never touch the application state.

use std::fmt::Debug;
use std::time::Duration;

use futures::StreamExt;
use kube::api::{Api, ListParams};
use kube::runtime::WatchStreamExt;
use kube::runtime::watcher;
use serde::de::DeserializeOwned;
use tokio::sync::mpsc::Sender;
use tokio::task::JoinSet;

use super::store::kinds::{Event, Kind};
use super::store::{Delta, SyncState};
use crate::app::Msg;

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
        None => super::probe::error_chain(e),
    };
    if synced_once {
        SyncState::Stale { since: now, reason }
    } else {
        SyncState::Unreachable { reason }
    }
}

/// How long a failed watch of a synced kind waits between checks that the
/// API answers again.
const RESUME_CHECK: Duration = Duration::from_secs(5);

pub(super) async fn watch_kind<K, Key>(
    api: Api<K>,
    (labels, fields): super::readers::Selectors,
    kind: Kind,
    key: fn(&K) -> Key,
    wrap: fn(Delta<Key, K>) -> Event,
    generation: u64,
    tx: Sender<Msg>,
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
    let check = api.clone();
    let check_params = ListParams {
        label_selector: labels.map(str::to_string),
        field_selector: fields.map(str::to_string),
        limit: Some(1),
        ..Default::default()
    };
    let mut stream = watcher(api, config).default_backoff().boxed();
    let mut synced_once = false;
    // After a failure of a kind that was synced, the watcher resumes from its
    // last resourceVersion without a new list, so a quiet kind would stay
    // "stale" until its next change. A cheap list (limit 1) that answers
    // proves the API is back and the watch resuming.
    let mut failing = false;
    loop {
        let ev = if failing {
            tokio::select! {
                ev = stream.next() => ev,
                () = tokio::time::sleep(RESUME_CHECK) => {
                    let answer = tokio::time::timeout(RESUME_CHECK, check.list_metadata(&check_params)).await;
                    if matches!(answer, Ok(Ok(_))) {
                        failing = false;
                        if !send(&tx, generation, wrap(Delta::State(SyncState::Synced))).await {
                            return;
                        }
                    }
                    continue;
                }
            }
        } else {
            stream.next().await
        };
        let Some(ev) = ev else { return };
        let delta = match ev {
            Ok(watcher::Event::Init) => Delta::InitStart,
            Ok(watcher::Event::InitApply(o)) => Delta::InitApply(key(&o), o),
            Ok(watcher::Event::InitDone) => {
                synced_once = true;
                Delta::InitDone
            }
            Ok(watcher::Event::Apply(o)) => Delta::Apply(key(&o), o),
            Ok(watcher::Event::Delete(o)) => Delta::Delete(key(&o)),
            Err(e) => {
                tracing::debug!(?kind, error = %e, "watch failed; retrying with backoff");
                let state = classify(&e, kind, synced_once, crate::clock::unix_now());
                failing = matches!(state, SyncState::Stale { .. });
                Delta::State(state)
            }
        };
        if !matches!(delta, Delta::State(_)) {
            failing = false;
        }
        if !send(&tx, generation, wrap(delta)).await {
            return;
        }
    }
}

/// Sends a watcher's event; false when the console is gone.
async fn send(tx: &Sender<Msg>, generation: u64, event: Event) -> bool {
    tx.send(Msg::Cluster {
        generation,
        event: Box::new(event),
    })
    .await
    .is_ok()
}

/// Starts every watcher for `client` into `set`.
pub fn spawn_all(set: &mut JoinSet<()>, client: &kube::Client, generation: u64, tx: &Sender<Msg>) {
    for r in super::readers::readers(client) {
        set.spawn(r.watch(generation, tx.clone()));
    }
}
