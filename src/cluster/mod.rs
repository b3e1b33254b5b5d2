//! Talking to clusters: the clients' workers (watchers, readers, the
//! connection probe, the health poll, the certificate scans) and the object
//! store they fill. Workers here send [`Report`]s; they never touch the
//! application state. Which cluster the kubeconfig points at is resolved in
//! `crate::kubeconfig::target`.

pub mod connection;
pub mod discovery;
pub mod events_scope;
pub mod health;
pub mod list;
pub mod object_ref;
pub mod probe;
pub mod readers;
pub mod report;
pub mod retry;
pub mod slim;
pub mod sources;
pub mod store;
pub mod watch;

/// The client as kon builds them all (see [`crate::kubeconfig::client`]).
pub use crate::kubeconfig::client;
pub use connection::Connection;
pub use object_ref::{ObjectKind, ObjectRef};
pub use report::Report;
