//! A process-wide limit on the tests that start processes (tmux, `kon sim`)
//! or a simulated cluster for kubectl. All integration tests run as threads
//! of one binary, so without it they could all start their processes at
//! once (e.g. under `--test-threads=16` on two cores); with it, no more of
//! them run at a time than the machine has cores, and the others wait.
//!
//! The helpers that start such a process take a slot and hold it as long as
//! what they return lives ([`super::tmux::Tmux`], [`super::process::SimProcess`],
//! [`super::sim::KubectlSim`]). A slot belongs to the test's thread: a thread
//! that holds one takes no second (a test with a sim and a tmux does not wait
//! for itself). The limit bounds how many run at once, never how long.

use std::sync::{Condvar, Mutex, PoisonError};
use std::thread::ThreadId;

/// The threads holding a slot, each with how many helpers hold it.
static HOLDERS: Mutex<Vec<(ThreadId, usize)>> = Mutex::new(Vec::new());
static FREED: Condvar = Condvar::new();

/// How many threads may hold a slot at once: `KON_TEST_HEAVY` if set, else
/// the number of cores.
fn limit() -> usize {
    std::env::var("KON_TEST_HEAVY")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
        .max(1)
}

/// A slot, given back when dropped.
#[derive(Debug)]
pub struct Slot {
    thread: ThreadId,
}

/// Takes a slot for the current thread, waiting while all are taken (at
/// once if the thread holds one already).
pub fn slot() -> Slot {
    let thread = std::thread::current().id();
    let mut holders = HOLDERS.lock().unwrap_or_else(PoisonError::into_inner);
    loop {
        if let Some(h) = holders.iter_mut().find(|h| h.0 == thread) {
            h.1 += 1;
            return Slot { thread };
        }
        if holders.len() < limit() {
            holders.push((thread, 1));
            return Slot { thread };
        }
        holders = FREED.wait(holders).unwrap_or_else(PoisonError::into_inner);
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut holders = HOLDERS.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(i) = holders.iter().position(|h| h.0 == self.thread) {
            holders[i].1 -= 1;
            if holders[i].1 == 0 {
                holders.swap_remove(i);
                FREED.notify_all();
            }
        }
    }
}
