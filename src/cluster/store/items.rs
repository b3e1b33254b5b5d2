//! [`Items`]: one table's objects, a persistent map (structurally shared:
//! a clone is O(1), a write to a shared map copies only the path to the
//! entry it changes) whose records are kept behind an `Arc`, so that the
//! map's nodes hold a key and a pointer per slot rather than a whole record
//! (the map's fixed-size nodes are only partly filled: inline records
//! would cost their size in every empty slot). Reads see `&V`; writes copy
//! a record only while a snapshot shares it.

use std::borrow::Borrow;
use std::hash::Hash;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct Items<K: Hash + Eq + Clone, V> {
    map: imbl::HashMap<K, Arc<V>>,
    /// How many writes (of any kind) were made to the map: the table's
    /// change log tells by it whether a write went around it
    /// (`Table::changed_since`).
    writes: u64,
}

impl<K: Hash + Eq + Clone, V> Default for Items<K, V> {
    fn default() -> Self {
        Self {
            map: imbl::HashMap::new(),
            writes: 0,
        }
    }
}

impl<K: Hash + Eq + Clone, V> Items<K, V> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        Q: Hash + Eq + ?Sized,
        K: Borrow<Q>,
    {
        self.map.get(key).map(|v| &**v)
    }

    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        Q: Hash + Eq + ?Sized,
        K: Borrow<Q>,
    {
        self.map.contains_key(key)
    }

    pub fn keys(&self) -> impl ExactSizeIterator<Item = &K> + '_ {
        self.map.keys()
    }

    pub fn values(&self) -> impl ExactSizeIterator<Item = &V> + '_ {
        self.map.values().map(|v| &**v)
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&K, &V)> + '_ {
        self.map.iter().map(|(k, v)| (k, &**v))
    }

    /// Whether both share the same content in memory (a clone not
    /// written since): O(1).
    pub fn ptr_eq(&self, other: &Self) -> bool {
        self.map.ptr_eq(&other.map)
    }

    /// How many writes were made to this map (a clone counts on from
    /// its original's count).
    pub fn writes(&self) -> u64 {
        self.writes
    }

    /// Inserts `value`; the one it replaces, if any.
    pub fn insert(&mut self, key: K, value: V) -> Option<Arc<V>> {
        self.writes += 1;
        self.map.insert(key, Arc::new(value))
    }

    /// The record of `key` as shared (a clone of the `Arc`).
    pub fn get_shared<Q>(&self, key: &Q) -> Option<&Arc<V>>
    where
        Q: Hash + Eq + ?Sized,
        K: Borrow<Q>,
    {
        self.map.get(key)
    }

    pub fn remove<Q>(&mut self, key: &Q) -> Option<Arc<V>>
    where
        Q: Hash + Eq + ?Sized,
        K: Borrow<Q>,
    {
        self.writes += 1;
        self.map.remove(key)
    }

    pub fn clear(&mut self) {
        self.writes += 1;
        self.map.clear();
    }
}

impl<K: Hash + Eq + Clone, V: Clone> Items<K, V> {
    pub fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        Q: Hash + Eq + ?Sized,
        K: Borrow<Q>,
    {
        self.writes += 1;
        self.map.get_mut(key).map(Arc::make_mut)
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&K, &mut V)> + '_ {
        self.writes += 1;
        self.map.iter_mut().map(|(k, v)| (k, Arc::make_mut(v)))
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut V> + '_ {
        self.writes += 1;
        self.map.iter_mut().map(|(_, v)| Arc::make_mut(v))
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&K, &V) -> bool) {
        self.writes += 1;
        self.map.retain(|k, v| keep(k, v));
    }
}

impl<K, V, Q> std::ops::Index<&Q> for Items<K, V>
where
    K: Hash + Eq + Clone + Borrow<Q>,
    Q: Hash + Eq + ?Sized,
{
    type Output = V;

    fn index(&self, key: &Q) -> &V {
        match self.get(key) {
            Some(v) => v,
            None => panic!("no such key in the table"),
        }
    }
}

impl<K: Hash + Eq + Clone, V> FromIterator<(K, V)> for Items<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Self {
            map: iter.into_iter().map(|(k, v)| (k, Arc::new(v))).collect(),
            writes: 0,
        }
    }
}
