//! Talking to clusters: which cluster the kubeconfig points at, and the
//! clients and probes that reach it. Workers here send `Msg`s; they never
//! touch the application state.

pub mod credentials;
pub mod discovery;
pub mod health;
pub mod list;

/// A client as kon builds them all: no retries hidden inside the client (a
/// 429 from a PodDisruptionBudget or a throttling server must be seen, not
/// retried for minutes by kube-rs's default policy).
pub fn client(mut config: kube::Config) -> kube::Result<kube::Client> {
    config.default_retry = false;
    kube::Client::try_from(config)
}
pub mod probe;
pub mod readers;
pub mod retry;
pub mod slim;
pub mod sources;
pub mod store;
pub mod switcher;
pub mod target;
pub mod watch;
