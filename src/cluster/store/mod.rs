//! The object store of slim records: one table per kind, fed by watcher
//! messages, with each kind's sync state. Pure data: the event loop applies
//! messages to it; panes read it.

pub mod backup_records;
pub mod cert_records;
pub mod delta;
pub mod event_records;
pub mod intern;
pub mod kinds;
pub mod namespace_records;
pub mod platform_records;
pub mod pod_records;
pub mod rbac_records;
pub mod records;
pub mod sync;
pub mod workload_records;

use std::collections::HashMap;
use std::hash::Hash;

pub use delta::Delta;
pub use kinds::{Kind, Store};
pub use sync::SyncState;

/// One kind's objects and how far its watch has got.
#[derive(Debug, Clone)]
pub struct Table<K: Eq + Hash, V> {
    pub items: HashMap<K, V>,
    /// Objects of a relist in progress; they replace `items` when it completes.
    pending: Option<HashMap<K, V>>,
    pub state: SyncState,
}

impl<K: Eq + Hash, V> Default for Table<K, V> {
    fn default() -> Self {
        Self {
            items: HashMap::new(),
            pending: None,
            state: SyncState::NotStarted,
        }
    }
}

impl<K: Eq + Hash, V> Table<K, V> {
    /// Applies a watch delta. Returns false when nothing changed (a repeated
    /// failure report), so that an idle screen is not redrawn.
    pub fn apply(&mut self, delta: Delta<K, V>) -> bool {
        match delta {
            Delta::InitStart => {
                self.pending = Some(HashMap::new());
                // A retry after a failure starts with this: the failure stays
                // on screen until objects actually arrive.
                if self.state.is_failure() || self.state == SyncState::Absent {
                    return false;
                }
                let next = SyncState::Syncing { count: 0 };
                if next == self.state {
                    return false;
                }
                self.state = next;
            }
            Delta::InitApply(k, v) => {
                let pending = self.pending.get_or_insert_with(HashMap::new);
                pending.insert(k, v);
                self.state = SyncState::Syncing { count: pending.len() };
            }
            Delta::InitDone => {
                if let Some(p) = self.pending.take() {
                    self.items = p;
                }
                self.state = SyncState::Synced;
            }
            Delta::Apply(k, v) => {
                self.items.insert(k, v);
                self.recovered();
            }
            Delete(k) => {
                self.items.remove(&k);
                self.recovered();
            }
            Delta::State(s) => {
                let next = self.state.clone().then(s);
                if next == self.state {
                    return false;
                }
                self.state = next;
            }
        }
        true
    }

    /// A watch that resumed after a failure without relisting: events
    /// flowing again prove it works.
    fn recovered(&mut self) {
        if matches!(self.state, SyncState::Stale { .. }) {
            self.state = SyncState::Synced;
        }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The objects shown and those of a relist in progress (for bounds
    /// that must hold for both).
    pub fn maps_mut(&mut self) -> impl Iterator<Item = &mut HashMap<K, V>> {
        std::iter::once(&mut self.items).chain(self.pending.as_mut())
    }
}

use Delta::Delete;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relist_replaces_items_when_done() {
        let mut t: Table<u32, &str> = Table::default();
        t.apply(Delta::InitStart);
        t.apply(Delta::InitApply(1, "a"));
        assert_eq!(t.state, SyncState::Syncing { count: 1 });
        assert!(t.is_empty(), "items appear when the list is complete");
        t.apply(Delta::InitDone);
        assert_eq!((t.len(), &t.state), (1, &SyncState::Synced));
        t.apply(Delta::Apply(2, "b"));
        t.apply(Delta::Delete(1));
        assert_eq!(t.items.keys().collect::<Vec<_>>(), [&2]);
        // A relist: old items stay visible until it completes, then are replaced.
        t.apply(Delta::InitStart);
        t.apply(Delta::InitApply(3, "c"));
        assert_eq!(t.len(), 1);
        t.apply(Delta::InitDone);
        assert_eq!(t.items.keys().collect::<Vec<_>>(), [&3]);
    }

    #[test]
    fn repeated_failures_and_retries_change_nothing() {
        let mut t: Table<u32, ()> = Table::default();
        let down = SyncState::Unreachable {
            reason: "refused".into(),
        };
        assert!(t.apply(Delta::InitStart));
        assert!(t.apply(Delta::State(down.clone())));
        // The watcher retries: Init, then the same error again.
        assert!(!t.apply(Delta::InitStart));
        assert!(!t.apply(Delta::State(down.clone())));
        assert_eq!(t.state, down);
        // A resumed watch delivering events clears staleness.
        let mut s: Table<u32, ()> = Table::default();
        s.apply(Delta::InitDone);
        s.apply(Delta::State(SyncState::Stale {
            since: 1,
            reason: "x".into(),
        }));
        s.apply(Delta::Apply(1, ()));
        assert_eq!(s.state, SyncState::Synced);
        // Data arriving clears it.
        assert!(t.apply(Delta::InitApply(1, ())));
        assert!(t.apply(Delta::InitDone));
        assert_eq!(t.state, SyncState::Synced);
    }
}
