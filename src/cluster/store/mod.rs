//! The object store of slim records: one table per kind, fed by watcher
//! messages, with each kind's sync state. Pure data: the event loop applies
//! messages to it; panes read it.

pub mod backup_records;
pub mod cert_records;
pub mod change_log;
pub mod delta;
pub mod event_records;
pub mod intern;
pub mod items;
pub mod kinds;
pub mod namespace_records;
pub mod platform_records;
pub mod pod_records;
pub mod rbac_records;
pub mod records;
pub mod sync;
pub mod workload_records;

use std::hash::Hash;

pub use delta::Delta;
pub use kinds::{Kind, Store};
pub use sync::SyncState;

pub use items::Items;

/// One kind's objects and how far its watch has got, with a counter of
/// real changes ([`Table::changes`]): what the pane models remember to
/// recompute only what moved.
#[derive(Debug, Clone)]
pub struct Table<K: Eq + Hash + Clone, V: Clone> {
    /// Write through [`Table::apply`] (or [`Table::touch`] after writing
    /// here directly, as some tests do): the counter says what changed.
    pub items: Items<K, V>,
    /// Objects of a relist in progress; they replace `items` when it completes.
    pending: Option<Items<K, V>>,
    /// Write through [`Table::set_state`] (or `touch` after).
    pub state: SyncState,
    changes: u64,
    /// The keys written, for [`Table::changed_since`].
    log: change_log::ChangeLog<K>,
}

impl<K: Eq + Hash + Clone, V: Clone> Default for Table<K, V> {
    fn default() -> Self {
        Self {
            items: Items::new(),
            pending: None,
            state: SyncState::NotStarted,
            changes: 0,
            log: change_log::ChangeLog::default(),
        }
    }
}

impl<K: Eq + Hash + Clone, V: Clone + PartialEq> Table<K, V> {
    /// Applies a watch delta. Returns false when nothing changed (a repeated
    /// failure report, an object equal to the one kept), so that an idle
    /// screen is not redrawn. A change to the objects shown or to the sync
    /// state bumps [`Table::changes`]; the count of a list in progress
    /// (shown by the header, read by no model) does not.
    pub fn apply(&mut self, delta: Delta<K, V>) -> bool {
        match delta {
            Delta::InitStart => {
                self.pending = Some(Items::new());
                // A retry after a failure starts with this: the failure stays
                // on screen until objects actually arrive.
                if self.state.is_failure() || self.state == SyncState::Absent {
                    return false;
                }
                return self.set_state(SyncState::Syncing { count: 0 });
            }
            Delta::InitApply(k, v) => {
                let pending = self.pending.get_or_insert_with(Items::new);
                pending.insert(k, v);
                let next = SyncState::Syncing { count: pending.len() };
                if matches!(self.state, SyncState::Syncing { .. }) {
                    self.state = next;
                } else {
                    self.set_state(next);
                }
            }
            Delta::InitDone => {
                if let Some(p) = self.pending.take() {
                    self.items = p;
                }
                self.state = SyncState::Synced;
                self.touch();
            }
            Delta::Apply(k, v) => {
                let recovered = self.recovered();
                if self.items.get(&k) == Some(&v) {
                    return recovered;
                }
                self.items.insert(k.clone(), v);
                self.logged(k);
            }
            Delete(k) => {
                let recovered = self.recovered();
                // Looked up first: a removal from a shared (snapshotted)
                // map copies its path even when the key is not there.
                if !self.items.contains_key(&k) {
                    return recovered;
                }
                self.items.remove(&k);
                self.logged(k);
            }
            Delta::State(s) => {
                let next = self.state.clone().then(s);
                return self.set_state(next);
            }
        }
        true
    }

    /// A watch that resumed after a failure without relisting: events
    /// flowing again prove it works. True when the state changed.
    fn recovered(&mut self) -> bool {
        matches!(self.state, SyncState::Stale { .. }) && self.set_state(SyncState::Synced)
    }
}

impl<K: Eq + Hash + Clone, V: Clone> Table<K, V> {
    /// Sets the sync state; true (and counted as a change) when it differs.
    pub fn set_state(&mut self, next: SyncState) -> bool {
        if next == self.state {
            return false;
        }
        self.state = next;
        self.changes += 1;
        true
    }

    /// Counts a change made by writing `items` or `state` directly (or
    /// by a relist): which objects changed is not known then, so the
    /// change log starts again ([`Table::changed_since`] says `None` for
    /// an earlier clone).
    pub fn touch(&mut self) {
        self.changes += 1;
        self.log.reset(self.changes, self.items.writes());
    }

    /// Counts the write of `key`'s object, just made, in the log.
    fn logged(&mut self, key: K) {
        self.changes += 1;
        self.log.push(self.changes, self.items.writes(), key);
    }

    /// The keys of the objects written (added, changed or deleted) since
    /// `since`, an earlier clone of this table, the latest first, a key
    /// once per write (so maybe more than once); `None` when that is not
    /// known (the log was outrun, the table relisted or written directly
    /// since, or `since` is not an earlier state of this table): then
    /// every object may have changed.
    pub fn changed_since<'a>(&'a self, since: &Self) -> Option<impl Iterator<Item = &'a K> + 'a> {
        self.log
            .since(&since.log, since.changes, self.changes, self.items.writes())
    }

    /// How many real changes the table has seen.
    pub fn changes(&self) -> u64 {
        self.changes
    }

    /// Whether this table holds what `since` (an earlier clone of it)
    /// held: the same change count, state and objects. O(1): the objects
    /// compare by identity (a clone shares them; any write since, even one
    /// made directly to `items` by a test, made new ones), so a table of
    /// another store (another context) is never taken for this one unless
    /// both are empty.
    pub fn unchanged_since(&self, since: &Self) -> bool {
        self.changes == since.changes && self.state == since.state && self.items.ptr_eq(&since.items)
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The objects shown and those of a relist in progress (for bounds
    /// that must hold for both); the caller says whether it changed the
    /// objects shown ([`Table::touch`]).
    pub fn maps_mut(&mut self) -> (&mut Items<K, V>, Option<&mut Items<K, V>>) {
        (&mut self.items, self.pending.as_mut())
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
        // An object equal to the one kept, or the delete of one not kept: no change.
        let seen = t.changes();
        assert!(!t.apply(Delta::Apply(2, "b")));
        assert!(!t.apply(Delta::Delete(9)));
        assert_eq!(t.changes(), seen);
        assert!(t.apply(Delta::Apply(2, "B")));
        assert_eq!(t.changes(), seen + 1);
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
