//! How long this process has been running, read from Linux's /proc, so that
//! `kon sim` can say truthfully how long it took from start to serving (the
//! time to exec and parse arguments included).

use std::time::Duration;

/// Clock ticks per second of /proc/*/stat's times (USER_HZ: 100 on every
/// Linux ABI).
const TICKS_PER_SECOND: f64 = 100.0;

/// The age of a process from its `/proc/PID/stat` line and `/proc/uptime`:
/// uptime now minus the process's start time (field 22, in ticks since boot).
pub fn age(stat: &str, uptime: &str) -> Option<Duration> {
    // The command name (field 2) is in parentheses and may hold spaces.
    let after_comm = &stat[stat.rfind(')')? + 1..];
    // Fields from 3 on; start time is field 22, the 20th of these.
    let start_ticks: f64 = after_comm.split_whitespace().nth(19)?.parse().ok()?;
    let up: f64 = uptime.split_whitespace().next()?.parse().ok()?;
    let secs = up - start_ticks / TICKS_PER_SECOND;
    (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs))
}

/// This process's age, where /proc tells it.
pub fn this_process() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let uptime = std::fs::read_to_string("/proc/uptime").ok()?;
    age(&stat, &uptime)
}

#[cfg(test)]
mod tests {
    use super::*;

    const STAT: &str = "4242 (kon sim (x)) S 1 4242 4242 0 -1 4194560 612 0 0 0 3 1 0 0 20 0 9 0 123456 1000 200 18446744073709551615";

    #[test]
    fn age_is_uptime_minus_start() {
        // Started 1234.56 s after boot; now 1244.06 s.
        let age = age(STAT, "1244.06 999.0\n").expect("parsed");
        assert_eq!(age.as_millis(), 9_500);
    }

    #[test]
    fn garbage_is_none() {
        assert_eq!(age("nonsense", "1.0 1.0"), None);
        assert_eq!(age(STAT, "x"), None);
        // A start after "now" (clocks disagree): no age rather than a wrong one.
        assert_eq!(age(STAT, "10.0 1.0"), None);
    }

    #[test]
    fn this_process_has_an_age() {
        if std::path::Path::new("/proc/self/stat").exists() {
            assert!(this_process().is_some());
        }
    }
}
