//! glibc's allocator, set for a console that replaces models of 150000
//! rows every second under churn, built on one thread and freed on
//! another:
//! - a block of 256 KiB or more (a table's index, the rows' masks and
//!   compact texts, a model's rows) is always mapped on its own and given
//!   back to the system when freed. By default glibc raises that threshold
//!   to the size of the largest block freed (up to 32 MiB), after which
//!   such blocks come from its heaps, where freed ones stay as fragments;
//! - two heaps (arenas) at most, not eight per core: each thread that
//!   allocates gets its own by default, and each keeps its free fragments.
//!
//! At 150000 pods under a churn of 100 pods/s: RSS 216 MiB (peak 219) by
//! default, 189 (198) with the threshold, 181 (190) with both
//! (docs/benchmarks.md).

/// The threshold: blocks this size or larger are mapped on their own.
pub const MMAP_THRESHOLD: i32 = 256 * 1024;

/// The most arenas.
pub const ARENAS: i32 = 2;

/// Sets both; call it first thing in `main`, before any other thread
/// runs. False when glibc refused one.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn tune() -> bool {
    // SAFETY: mallopt takes no pointer and only sets allocator
    // parameters; it is called before any other thread allocates.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
            && libc::mallopt(libc::M_ARENA_MAX, ARENAS) == 1
    }
}

/// Another allocator: nothing to set.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn tune() -> bool {
    true
}

#[cfg(test)]
mod tests {
    #[test]
    fn glibc_takes_the_threshold() {
        assert!(super::tune());
    }
}
