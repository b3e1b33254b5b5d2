//! Listing every kind once (what `kon check` does: it reads, it does not
//! watch), paginated, into the same events the watchers send. Each page is
//! retried on a passing failure (throttling, a server error, no answer)
//! within one budget; a list whose continue token expired (410) starts over.

use std::fmt::Debug;
use std::time::Duration;

use futures::future::join_all;
use kube::api::{Api, ListParams};
use serde::de::DeserializeOwned;

use super::readers::Selectors;
use super::retry::{self, Budget, Failure};
use super::store::kinds::{Event, Kind};
use super::store::{Delta, Store, SyncState};

const PAGE: u32 = 500;
/// How often a list may start over after its continue token expired.
const RESTARTS: u32 = 3;
/// [`list_all`]'s budget: each request, and the whole read.
const PER_REQUEST: Duration = Duration::from_secs(10);
const TOTAL: Duration = Duration::from_secs(60);

/// What a failed list means: forbidden, absent (not served), or unreachable.
pub fn classify(e: &kube::Error, kind: Kind) -> SyncState {
    match e {
        kube::Error::Api(s) if s.code == 403 => SyncState::Forbidden {
            verb: "list".into(),
            resource: kind.resource().into(),
        },
        kube::Error::Api(s) if s.code == 404 => SyncState::Absent,
        other => SyncState::Unreachable {
            reason: crate::errors::chain(other),
        },
    }
}

/// The state of a kind whose list failed for good.
fn failed(f: &Failure, kind: Kind) -> SyncState {
    match f {
        Failure::Permanent(e) => classify(e, kind),
        gave_up => SyncState::Unreachable {
            reason: gave_up.to_string(),
        },
    }
}

/// The apiserver's answer to a continue token too old to resume from.
fn expired(f: &Failure) -> bool {
    f.api_status().is_some_and(|s| s.code == 410)
}

pub(super) async fn list_kind<K, Key>(
    api: Api<K>,
    (labels, fields): Selectors,
    kind: Kind,
    key: fn(&K) -> Key,
    wrap: fn(Delta<Key, K>) -> Event,
    budget: Budget,
) -> Vec<Event>
where
    K: kube::Resource + Clone + DeserializeOwned + Debug,
{
    let mut restarts = 0;
    'list: loop {
        let mut events = vec![wrap(Delta::InitStart)];
        let mut params = ListParams {
            label_selector: labels.map(str::to_string),
            field_selector: fields.map(str::to_string),
            limit: Some(PAGE),
            ..Default::default()
        };
        loop {
            match retry::retry(budget, || api.list(&params)).await {
                Ok(page) => {
                    events.extend(page.items.into_iter().map(|o| wrap(Delta::InitApply(key(&o), o))));
                    match page.metadata.continue_.filter(|c| !c.is_empty()) {
                        Some(c) => params.continue_token = Some(c),
                        None => break,
                    }
                }
                Err(f) if expired(&f) && params.continue_token.is_some() && restarts < RESTARTS => {
                    restarts += 1;
                    continue 'list;
                }
                Err(f) => return vec![wrap(Delta::State(failed(&f, kind)))],
            }
        }
        events.push(wrap(Delta::InitDone));
        return events;
    }
}

/// Lists every kind once, concurrently, into a store (10 s a request, 60 s
/// in all).
pub async fn list_all(client: &kube::Client) -> Store {
    list_all_within(client, Budget::new(PER_REQUEST, TOTAL)).await
}

/// Lists every judged kind once, concurrently, into a store, within
/// `budget`: a kind still failing when it runs out is left unreachable, with
/// why. Kinds only shown by the console (Events) are not listed.
pub async fn list_all_within(client: &kube::Client, budget: Budget) -> Store {
    let lists = super::readers::readers(client)
        .into_iter()
        .filter(|r| r.kind().judged())
        .map(|r| r.list(budget));
    let mut store = Store::default();
    for events in join_all(lists).await {
        for ev in events {
            store.apply(ev);
        }
    }
    store
}

#[cfg(test)]
#[path = "list_tests.rs"]
mod tests;
