//! Draining a node (issue 7): the pure plan of what a drain would do, then
//! the one runner (console and headless) that cordons and evicts through
//! the API, bounded, retried where safe, and audited.

pub mod api;
pub mod describe;
pub mod evict;
pub mod plan;
pub mod read;
pub mod run;
pub mod runner;
