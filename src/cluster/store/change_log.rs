//! Which objects of a table changed since an earlier clone of it
//! ([`super::Table::changed_since`]): a bounded log of the keys written,
//! each with the table's change count after it, so that a model computed
//! from a snapshot of the store can be brought up to date from the
//! objects that changed rather than from every object. Persistent (a clone
//! of the store shares it); it says "unknown" (`None`) rather than guess:
//! when it was outrun (more than [`LOG_MAX`] writes), when the table was
//! relisted or written around it, or when the other table is not an
//! earlier state of this one.

use std::sync::Arc;

/// How many writes a table's log keeps: at 100 pod changes a second, a
/// minute and more between two recomputes.
pub const LOG_MAX: usize = 8192;

#[derive(Debug, Clone)]
pub struct ChangeLog<K: Clone> {
    /// The keys written, oldest first, each with the change count after it.
    entries: imbl::Vector<(u64, K)>,
    /// The log holds every write made after this change count.
    from: u64,
    /// The writes the table's map had seen when the log was last
    /// written or reset: another count means a write went around the log.
    writes: u64,
    /// Shared by the clones of one table: which history it is.
    lineage: Arc<()>,
}

impl<K: Clone> Default for ChangeLog<K> {
    fn default() -> Self {
        Self {
            entries: imbl::Vector::new(),
            from: 0,
            writes: 0,
            lineage: Arc::new(()),
        }
    }
}

impl<K: Clone> ChangeLog<K> {
    /// `key` was written, making the table's change count `count` and its
    /// map's write count `writes` (one more than before, unless a write
    /// went around the log meanwhile: then it starts again from here).
    pub fn push(&mut self, count: u64, writes: u64, key: K) {
        if writes != self.writes + 1 {
            self.reset(count, writes);
            return;
        }
        self.entries.push_back((count, key));
        self.writes = writes;
        if self.entries.len() > LOG_MAX
            && let Some((at, _)) = self.entries.pop_front()
        {
            self.from = at;
        }
    }

    /// Forgets every entry: nothing is known of the writes up to `count`.
    pub fn reset(&mut self, count: u64, writes: u64) {
        self.entries = imbl::Vector::new();
        self.from = count;
        self.writes = writes;
    }

    /// The keys written after change count `since` of an earlier clone
    /// (`since_log`) of this log, up to `count` (the table's now), the
    /// latest first, a key as many times as it was written; `None` when
    /// unknown. `writes` is the table's map's write count now.
    pub fn since<'a>(
        &'a self,
        since_log: &Self,
        since: u64,
        count: u64,
        writes: u64,
    ) -> Option<impl Iterator<Item = &'a K> + 'a> {
        let known = Arc::ptr_eq(&self.lineage, &since_log.lineage)
            && self.from <= since
            && since <= count
            && writes == self.writes;
        known.then(|| {
            self.entries
                .iter()
                .rev()
                .take_while(move |(at, _)| *at > since)
                .map(|(_, k)| k)
        })
    }
}

#[cfg(test)]
#[path = "change_log_tests.rs"]
mod tests;
