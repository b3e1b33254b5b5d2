//! The terminal and the event loop: the only place that reads terminal
//! input, draws, and carries out effects.

pub mod console;
pub mod describe_fetch;
pub mod effects;
pub mod etcd_ops;
pub mod event_loop;
pub mod fleet_worker;
pub mod input;
pub mod logs_worker;
pub mod mutations;
pub mod probe;
pub mod recompute;
pub mod terminal;
pub mod workers;

pub use console::run;
