//! The one path every change to the cluster takes, from the console and
//! the headless commands alike: a [`Request`] says what is changed (verb,
//! objects, bounds); the [`Executor`] refuses it in read-only mode (the
//! refusal recorded), or runs it under its deadline, reporting progress
//! through a callback and every attempt and result to the audit log, and
//! tells the caller when the audit log could not be written.
//!
//! Cordon, uncordon and drain are its first requests. A new action (delete
//! a pod, scale, restart, …) is a new [`Request`] variant and its arm in
//! [`Executor::execute`]; the read-only check and the audit come with it.
//! A lower layer: it knows nothing of the console.

pub mod executor;
pub mod request;

pub use executor::{Executor, REFUSED, Refused, refuse, refuse_because, refuse_if_read_only};
pub use request::Request;
