//! How kon reads each kind: its API (and selectors, from the kind's
//! `Query`), the key of its objects and the event that carries them, for
//! every kind of the table in `store::kinds`. The console watches every kind
//! (`watch::spawn_all`); `kon check` lists each once (`list::list_all`).

use std::fmt::Debug;

use futures::future::BoxFuture;
use k8s_openapi::{ClusterResourceScope, NamespaceResourceScope};
use kube::api::Api;
use serde::de::DeserializeOwned;
use tokio::sync::mpsc::Sender;

use super::Report;
use super::discovery::Changes;
use super::slim;
use super::store::Delta;
use super::store::delta::{ObjectKey, WireKey};
use super::store::kinds::{Event, Kind, watched_kinds};

/// Label and field selectors of a kind's list and watch.
pub type Selectors = (Option<&'static str>, Option<&'static str>);

/// Reads one kind: by watching it (the console), or by listing it once.
pub trait KindReader: Send {
    fn kind(&self) -> Kind;
    /// Watches until the receiver is gone; `changes` says when to look
    /// again at a kind the server did not serve.
    fn watch(
        self: Box<Self>,
        generation: u64,
        tx: Sender<Report>,
        changes: Changes,
    ) -> BoxFuture<'static, ()>;
    /// Lists every object once within `budget`: `InitStart`, the objects,
    /// `InitDone`, or the state that says why not.
    fn list(self: Box<Self>, budget: super::retry::Budget) -> BoxFuture<'static, Vec<Event>>;
}

struct Reader<K, Key> {
    api: Api<K>,
    selectors: Selectors,
    kind: Kind,
    key: fn(&K) -> Key,
    wrap: fn(Delta<Key, K>) -> Event,
}

impl<K, Key> KindReader for Reader<K, Key>
where
    K: kube::Resource + Clone + DeserializeOwned + Debug + Send + Sync + 'static,
    Key: Send + 'static,
{
    fn kind(&self) -> Kind {
        self.kind
    }

    fn watch(
        self: Box<Self>,
        generation: u64,
        tx: Sender<Report>,
        changes: Changes,
    ) -> BoxFuture<'static, ()> {
        let r = *self;
        let to = super::watch::To {
            generation,
            tx,
            changes,
        };
        Box::pin(super::watch::watch_kind(
            r.api,
            r.selectors,
            r.kind,
            r.key,
            r.wrap,
            to,
        ))
    }

    fn list(self: Box<Self>, budget: super::retry::Budget) -> BoxFuture<'static, Vec<Event>> {
        let r = *self;
        Box::pin(super::list::list_kind(
            r.api,
            r.selectors,
            r.kind,
            r.key,
            r.wrap,
            budget,
        ))
    }
}

/// Builds a kind's `Api` in its scope: cluster-scoped kinds are read
/// cluster-wide, namespaced ones in every namespace or in the one their
/// query names.
trait Scoped {
    fn api<K>(client: kube::Client, namespace: Option<&str>) -> Api<K>
    where
        K: kube::Resource<Scope = Self, DynamicType = ()>;
}

impl Scoped for ClusterResourceScope {
    fn api<K>(client: kube::Client, namespace: Option<&str>) -> Api<K>
    where
        K: kube::Resource<Scope = Self, DynamicType = ()>,
    {
        debug_assert!(namespace.is_none(), "{} is cluster-scoped", K::plural(&()));
        Api::all(client)
    }
}

impl Scoped for NamespaceResourceScope {
    fn api<K>(client: kube::Client, namespace: Option<&str>) -> Api<K>
    where
        K: kube::Resource<Scope = Self, DynamicType = ()>,
    {
        match namespace {
            Some(ns) => Api::namespaced(client, ns),
            None => Api::all(client),
        }
    }
}

fn key_of<S>(o: &S) -> WireKey<S>
where
    S: kube::Resource,
    S::Scope: ObjectKey,
{
    <S::Scope as ObjectKey>::wire(o.meta())
}

/// The reader of `kind`, whose objects are of slim type `S`, as its query says.
fn reader<S>(
    client: &kube::Client,
    kind: Kind,
    wrap: fn(Delta<WireKey<S>, S>) -> Event,
) -> Box<dyn KindReader>
where
    S: kube::Resource<DynamicType = ()> + Clone + DeserializeOwned + Debug + Send + Sync + 'static,
    S::Scope: ObjectKey + Scoped,
{
    let q = kind.query();
    Box::new(Reader {
        api: <S::Scope as Scoped>::api::<S>(client.clone(), q.namespace),
        selectors: (q.labels, q.fields),
        kind,
        key: key_of::<S>,
        wrap,
    })
}

/// Expands the kinds table (`store::kinds`) into [`readers`].
macro_rules! declare_readers {
    ($(
        $(#[$doc:meta])*
        $kind:ident, $event:ident($slim:ty), $resource:literal, $query:expr,
            $field:ident: $view:ty = $keep:ident($normalize:ident);
    )*) => {
        /// How kon reads every kind, for `client`, in `Kind::ALL` order.
        pub fn readers(client: &kube::Client) -> Vec<Box<dyn KindReader>> {
            vec![$(reader::<$slim>(client, Kind::$kind, Event::$event)),*]
        }
    };
}

watched_kinds!(declare_readers);

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn one_reader_per_kind_in_kind_order() {
        let config = kube::Config::new("https://127.0.0.1:1".parse().unwrap());
        let client = kube::Client::try_from(config).unwrap();
        let kinds: Vec<Kind> = readers(&client).iter().map(|r| r.kind()).collect();
        assert_eq!(kinds, Kind::ALL);
    }
}
