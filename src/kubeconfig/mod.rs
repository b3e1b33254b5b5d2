//! Kubeconfig files: kubectl's merge rules, lossless edits and safe writes.
//!
//! `merge` reads the files of `KUBECONFIG` the way kubectl does, `edit`
//! changes one file's text without disturbing anything else in it, and
//! `write` replaces a file atomically under kubectl's `<file>.lock`.
//! `target` resolves the selected context into the cluster kon talks to
//! (with what `credentials` can tell before connecting), and [`client`]
//! builds the client for it.

pub mod credentials;
mod doc;
pub mod edit;
mod edit_fast;
mod fast;
mod fast_line;
mod lock;
pub mod merge;
pub mod target;
pub mod write;
mod yaml_line;

pub use edit::{EditError, delete_context, rename_context, set_current_context, set_namespace};
pub use merge::{Cluster, Context, Merged, kubeconfig_paths, load, merge};
pub use write::{Lock, UpdateError, update_locked, write_atomic, write_locked};

pub(crate) use edit::set_current_context_in;
pub(crate) use fast::{Layout, Scan, scan};
pub(crate) use merge::{merge_parsed, read_raw};

/// A client as kon builds them all: no retries hidden inside the client (a
/// 429 from a PodDisruptionBudget or a throttling server must be seen, not
/// retried for minutes by kube-rs's default policy).
pub fn client(mut config: kube::Config) -> kube::Result<kube::Client> {
    config.default_retry = false;
    kube::Client::try_from(config)
}
