//! The one path every change to the cluster takes, from the console and
//! the headless commands alike: a [`Request`] says what is changed (verb,
//! objects, bounds); it is refused in read-only mode (the refusal
//! recorded), or run under its deadline, reporting progress through a
//! callback and every attempt and result to the audit log, and the caller
//! is told when the audit log could not be written.
//!
//! Two executors share that contract:
//! - [`Executor`] runs the node requests (cordon, uncordon, drain) through
//!   `drain::api::NodeApi`, node by node;
//! - [`OneShot`] runs a request that is ONE operation (delete a pod, patch
//!   a Deployment, take an etcd snapshot…) given as a future, whatever API
//!   it calls, and returns an [`Outcome`] (ok, kubectl's text, an audit
//!   failure); one audit line with context, user, object, options, outcome.
//!
//! A new one-operation action: a [`Request`] variant (or a [`object::Change`]
//! for an operation on one Kubernetes object, with its API request in
//! [`object::ObjectApi`] and its arm in [`object::perform`]), its verb,
//! targets, options and timeout in `request.rs`, and its arm in
//! `tui/mutations.rs` handing the operation to [`OneShot::run`]. The
//! read-only check and the audit come with it.
//! A lower layer: it knows nothing of the console.

pub mod etcd;
pub mod executor;
pub mod object;
#[cfg(test)]
pub mod object_fake;
pub mod one_shot;
pub mod request;
pub mod rollback;
pub mod rollback_fetch;
pub mod rollback_revisions;

pub use executor::{Executor, REFUSED, Refused, refuse, refuse_because, refuse_if_read_only};
pub use one_shot::{OneShot, Outcome};
pub use request::Request;
