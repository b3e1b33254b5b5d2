//! Draining a node (issue 7): the pure plan of what a drain would do, then
//! the run that carries it out through the Eviction API.

pub mod describe;
pub mod plan;
pub mod run;
