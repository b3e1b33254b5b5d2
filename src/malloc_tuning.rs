//! glibc's allocator, set for a console that replaces models of 150000
//! rows every second under churn: a block of 256 KiB or more (a table's
//! index, the rows' masks and compact texts, a model's rows) is always
//! mapped on its own and given back to the system when freed. By default
//! glibc raises that threshold to the size of the largest block freed (up
//! to 32 MiB), after which such blocks come from its per-thread heaps,
//! where freed ones stay as fragments: 216 MiB of RSS at 150000 pods under
//! a churn of 100 pods/s, 189 MiB with the threshold fixed
//! (docs/benchmarks.md).

/// The threshold: blocks this size or larger are mapped on their own.
pub const MMAP_THRESHOLD: i32 = 256 * 1024;

/// Sets the threshold; call it first thing in `main`, before any other
/// thread runs. False when glibc refused it.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn tune() -> bool {
    // SAFETY: mallopt takes no pointer and only sets an allocator
    // parameter; it is called before any other thread allocates.
    unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1 }
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
