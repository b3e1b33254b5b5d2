//! The terminal and the event loop: the only place that reads terminal
//! input, draws, and carries out effects.

pub mod event_loop;
pub mod input;
pub mod terminal;

pub use event_loop::run;
