//! A pod's log for the console's log view: the ring buffer that bounds
//! its memory, the batches lines travel in, `/` search, wrapping to the
//! screen, the choice of container and of its previous run, making lines
//! safe for a terminal, and the stream client over kube-rs (timeout,
//! reconnect, the API's error text). Everything but `stream` is pure.

pub mod batch;
pub mod choice;
pub mod ring;
pub mod search;
pub mod stream;
pub mod text;
pub mod wrap;

#[cfg(test)]
mod choice_tests;
#[cfg(test)]
mod ring_tests;
#[cfg(test)]
mod search_tests;
#[cfg(test)]
mod stream_tests;
#[cfg(test)]
mod text_tests;
