//! kon: a terminal operations console for the Kubernetes on-call engineer.
//!
//! The console (`cli`, `tui`, `ui`, `app`: the pure state machine) sits on
//! lower layers that never name it (`cluster`, `kubeconfig`, `signals`,
//! `findings`, `actions`, …). `docs/architecture.md` is the map: the layers,
//! the data flow, and where to add a kind, a pane, a view or an action;
//! `layering_tests.rs` keeps the layers honest.

pub mod actions;
pub mod app;
pub mod audit;
pub mod certs;
pub mod cli;
pub mod clock;
pub mod cluster;
pub mod config;
pub mod ctxns;
pub mod describe;
pub mod drain;
pub mod errors;
pub mod etcd;
pub mod findings;
pub mod fleet;
pub mod judge;
pub mod kubeconfig;
pub mod local;
pub mod logging;
pub mod malloc_tuning;
pub mod names;
pub mod pages;
pub mod panes;
pub mod picker;
pub mod platform;
pub mod podlogs;
pub mod shell;
pub mod shellproxy;
pub mod signals;
pub mod sim;
pub mod term;
pub mod thread_priority;
pub mod tui;
pub mod ui;
pub mod viewport;

#[cfg(test)]
#[path = "layering_tests.rs"]
mod layering;
