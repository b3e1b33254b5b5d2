//! kon: a terminal operations console for the Kubernetes on-call engineer.
//!
//! The crate is split the way `shared/DESIGN.md` describes: `app` holds the
//! pure state machine, `ui` draws it, `tui` owns the terminal and the event
//! loop, `config` loads settings, themes and keymaps.

pub mod actions;
pub mod app;
pub mod audit;
pub mod certs;
pub mod cli;
pub mod clock;
pub mod cluster;
pub mod config;
pub mod ctxns;
pub mod drain;
pub mod errors;
pub mod findings;
pub mod kubeconfig;
pub mod local;
pub mod logging;
pub mod names;
pub mod pages;
pub mod panes;
pub mod picker;
pub mod signals;
pub mod sim;
pub mod term;
pub mod tui;
pub mod ui;
pub mod viewport;

#[cfg(test)]
#[path = "layering_tests.rs"]
mod layering;
