//! Helpers shared by the end-to-end tests.
#![allow(dead_code)]

pub mod ctxns_env;
pub mod etcd;
pub mod heavy;
pub mod node_cli;
pub mod process;
pub mod sim;
pub mod tmux;
