//! Listing every kind once (what `kon check` does: it reads, it does not
//! watch), paginated, into the same events the watchers send.

use std::fmt::Debug;

use futures::future::join_all;
use kube::api::{Api, ListParams};
use serde::de::DeserializeOwned;

use super::readers::Selectors;
use super::store::kinds::{Event, Kind};
use super::store::{Delta, Store, SyncState};

const PAGE: u32 = 500;

/// What a failed list means: forbidden, absent (not served), or unreachable.
pub fn classify(e: &kube::Error, kind: Kind) -> SyncState {
    match e {
        kube::Error::Api(s) if s.code == 403 => SyncState::Forbidden {
            verb: "list".into(),
            resource: kind.resource().into(),
        },
        kube::Error::Api(s) if s.code == 404 => SyncState::Absent,
        other => SyncState::Unreachable {
            reason: super::probe::error_chain(other),
        },
    }
}

pub(super) async fn list_kind<K, Key>(
    api: Api<K>,
    (labels, fields): Selectors,
    kind: Kind,
    key: fn(&K) -> Key,
    wrap: fn(Delta<Key, K>) -> Event,
) -> Vec<Event>
where
    K: kube::Resource + Clone + DeserializeOwned + Debug,
{
    let mut events = vec![wrap(Delta::InitStart)];
    let mut params = ListParams {
        label_selector: labels.map(str::to_string),
        field_selector: fields.map(str::to_string),
        limit: Some(PAGE),
        ..Default::default()
    };
    loop {
        match api.list(&params).await {
            Ok(page) => {
                events.extend(page.items.into_iter().map(|o| wrap(Delta::InitApply(key(&o), o))));
                match page.metadata.continue_.filter(|c| !c.is_empty()) {
                    Some(c) => params.continue_token = Some(c),
                    None => break,
                }
            }
            Err(e) => return vec![wrap(Delta::State(classify(&e, kind)))],
        }
    }
    events.push(wrap(Delta::InitDone));
    events
}

/// Lists every kind once, concurrently, into a store.
pub async fn list_all(client: &kube::Client) -> Store {
    let lists = super::readers::readers(client).into_iter().map(|r| r.list());
    let mut store = Store::default();
    for events in join_all(lists).await {
        for ev in events {
            store.apply(ev);
        }
    }
    store
}
