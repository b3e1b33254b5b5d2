//! The calling thread's priority, lowered for the work that must not take
//! the CPU from the console's loop: the recompute of the models (a second
//! of CPU at 150000 pods under churn). On 2 cores shared with other
//! processes a key's update and frame then wait less behind it; the
//! recompute still gets the CPU the loop leaves.

/// The nice value of a lowered thread (0 is the default, 19 the lowest).
pub const NICE: i32 = 10;

/// Lowers the calling thread (alone: on Linux the nice value is a
/// thread's); false when the system refused it.
#[cfg(target_os = "linux")]
pub fn lower() -> bool {
    // SAFETY: setpriority takes no pointer; with `PRIO_PROCESS` and id 0
    // it sets the calling thread's nice value.
    unsafe { libc::setpriority(libc::PRIO_PROCESS, 0, NICE) == 0 }
}

/// Elsewhere: left as it is.
#[cfg(not(target_os = "linux"))]
pub fn lower() -> bool {
    false
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    fn nice() -> i32 {
        // SAFETY: getpriority takes no pointer.
        unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) }
    }

    #[test]
    fn only_the_calling_thread_is_lowered() {
        let before = nice();
        let lowered = std::thread::spawn(|| (lower(), nice()))
            .join()
            .expect("the thread");
        if before <= NICE {
            assert_eq!(lowered, (true, NICE));
        }
        assert_eq!(nice(), before, "the other threads keep theirs");
    }
}
