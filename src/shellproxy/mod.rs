//! The read-only shell's proxy (`kubectx -r`, `kon shell --readonly`): a
//! loopback HTTP server that passes kubectl's reads to the API server with
//! the context's credentials and refuses every write with a Kubernetes
//! `Status`. [`decide`] is the whole policy, pure; [`server`] does the I/O.

pub mod decide;
pub mod server;

pub use decide::{Deny, Verdict, decide};
pub use server::{Proxy, start};

#[cfg(test)]
mod server_tests;
