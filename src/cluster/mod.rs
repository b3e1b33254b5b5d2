//! Talking to clusters: which cluster the kubeconfig points at, and the
//! clients and probes that reach it. Workers here send `Msg`s; they never
//! touch the application state.

pub mod health;
pub mod probe;
pub mod slim;
pub mod store;
pub mod target;
pub mod watch;
