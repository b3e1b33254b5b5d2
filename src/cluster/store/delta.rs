//! What a watcher sends for one kind ([`Delta`]), how its objects are keyed
//! ([`ObjectKey`], from the slim type's API scope) and how a delta of slim
//! objects becomes a change to the kind's table of interned records
//! ([`Normalize`], [`apply_to`]). Generic over the kind: the declaration in
//! `kinds.rs` only names the types.

use std::hash::Hash;
use std::sync::Arc;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::{ClusterResourceScope, NamespaceResourceScope};

use super::Table;
use super::intern::Interner;

/// A change to one kind's table.
#[derive(Debug, Clone, PartialEq)]
pub enum Delta<K, V> {
    /// A (re)list starts; the table keeps showing the old items until it is done.
    InitStart,
    InitApply(K, V),
    InitDone,
    Apply(K, V),
    Delete(K),
    State(super::SyncState),
}

/// How the objects of an API scope are keyed: cluster-scoped ones by name,
/// namespaced ones by namespace and name.
pub trait ObjectKey {
    /// The key a watcher sends (owned strings).
    type Wire: Clone + std::fmt::Debug + PartialEq + Send + 'static;
    /// The key the store keeps (the namespace interned).
    type Stored: Clone + std::fmt::Debug + Eq + Hash;
    fn wire(meta: &ObjectMeta) -> Self::Wire;
    fn intern(key: Self::Wire, i: &mut Interner) -> Self::Stored;
}

impl ObjectKey for ClusterResourceScope {
    type Wire = String;
    type Stored = Arc<str>;
    fn wire(meta: &ObjectMeta) -> String {
        meta.name.clone().unwrap_or_default()
    }
    fn intern(key: String, i: &mut Interner) -> Arc<str> {
        i.get(&key)
    }
}

impl ObjectKey for NamespaceResourceScope {
    type Wire = (String, String);
    type Stored = (Arc<str>, Box<str>);
    fn wire(meta: &ObjectMeta) -> (String, String) {
        (
            meta.namespace.clone().unwrap_or_default(),
            meta.name.clone().unwrap_or_default(),
        )
    }
    fn intern((ns, name): (String, String), i: &mut Interner) -> (Arc<str>, Box<str>) {
        (i.get(&ns), name.into_boxed_str())
    }
}

/// The scope of slim type `S`, which keys its objects.
type ScopeOf<S> = <S as kube::Resource>::Scope;
/// The key a watcher sends with an object of slim type `S`.
pub type WireKey<S> = <ScopeOf<S> as ObjectKey>::Wire;
/// The key the store keeps an object of slim type `S` under.
pub type StoredKey<S> = <ScopeOf<S> as ObjectKey>::Stored;

/// How a kind's slim objects become the records its table keeps.
pub enum Normalize<S, V> {
    /// Every object is kept.
    Every(fn(&S, &mut Interner) -> V),
    /// Only the objects it returns `Some` for: an update to one it drops
    /// deletes it (it may have been kept before), a listed one is skipped.
    Only(fn(&S, &mut Interner) -> Option<V>),
}

/// Applies one delta of slim objects to their kind's table; false when
/// nothing changed.
pub fn apply_to<S, V>(
    table: &mut Table<StoredKey<S>, V>,
    i: &mut Interner,
    d: Delta<WireKey<S>, S>,
    normalize: Normalize<S, V>,
) -> bool
where
    S: kube::Resource,
    ScopeOf<S>: ObjectKey,
    V: Clone + PartialEq,
{
    let key = <ScopeOf<S> as ObjectKey>::intern;
    match normalize {
        Normalize::Every(record) => table.apply(convert(d, i, key, record)),
        Normalize::Only(record) => match keep_some(convert(d, i, key, record)) {
            Some(d) => table.apply(d),
            None => false,
        },
    }
}

/// Converts a delta's keys and slim objects with the interner.
fn convert<K, V, K2, V2>(
    d: Delta<K, V>,
    i: &mut Interner,
    key: fn(K, &mut Interner) -> K2,
    record: fn(&V, &mut Interner) -> V2,
) -> Delta<K2, V2> {
    match d {
        Delta::InitStart => Delta::InitStart,
        Delta::InitApply(k, v) => Delta::InitApply(key(k, i), record(&v, i)),
        Delta::InitDone => Delta::InitDone,
        Delta::Apply(k, v) => Delta::Apply(key(k, i), record(&v, i)),
        Delta::Delete(k) => Delta::Delete(key(k, i)),
        Delta::State(s) => Delta::State(s),
    }
}

/// A delta of records that may be `None` (objects kon does not keep): an
/// update to such an object deletes it (it may have been kept before), a
/// listed one is skipped.
fn keep_some<K, V>(d: Delta<K, Option<V>>) -> Option<Delta<K, V>> {
    Some(match d {
        Delta::InitStart => Delta::InitStart,
        Delta::InitApply(k, v) => Delta::InitApply(k, v?),
        Delta::InitDone => Delta::InitDone,
        Delta::Apply(k, Some(v)) => Delta::Apply(k, v),
        Delta::Apply(k, None) | Delta::Delete(k) => Delta::Delete(k),
        Delta::State(s) => Delta::State(s),
    })
}
