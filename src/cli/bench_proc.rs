//! What `kon bench` reads of a process in /proc: CPU time (utime + stime
//! of /proc/PID/stat) and memory (VmRSS, VmHWM of /proc/PID/status), for
//! kon itself and for a peer console, sampled the same way.

use std::time::{Duration, Instant};

/// Clock ticks per second of /proc/PID/stat's times: USER_HZ, 100 on
/// every Linux ABI kon runs on.
const TICKS_PER_SECOND: f64 = 100.0;

/// One reading of a process.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    pub at: Instant,
    /// User and system CPU time so far, in clock ticks.
    pub ticks: u64,
    pub rss_kib: u64,
    /// Peak resident set size so far.
    pub hwm_kib: u64,
}

/// utime + stime from the text of /proc/PID/stat (the command name, in
/// parentheses, may hold spaces: fields are counted after its last `)`).
pub fn stat_ticks(stat: &str) -> Option<u64> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // Field 3 (state) is the first after the name; utime is 14, stime 15.
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(utime + stime)
}

/// The value in KiB of `key` (`VmRSS`, `VmHWM`) in /proc/PID/status.
pub fn status_kib(status: &str, key: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.split(':').next() == Some(key))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Reads process `pid` (`None`: this one) now.
pub fn sample(pid: Option<u32>) -> Option<Sample> {
    let dir = match pid {
        Some(p) => format!("/proc/{p}"),
        None => "/proc/self".to_string(),
    };
    let stat = std::fs::read_to_string(format!("{dir}/stat")).ok()?;
    let status = std::fs::read_to_string(format!("{dir}/status")).ok()?;
    Some(Sample {
        at: Instant::now(),
        ticks: stat_ticks(&stat)?,
        rss_kib: status_kib(&status, "VmRSS")?,
        hwm_kib: status_kib(&status, "VmHWM")?,
    })
}

/// CPU seconds per minute of wall time between two samples.
pub fn cpu_per_minute(a: &Sample, b: &Sample) -> f64 {
    let wall = b.at.saturating_duration_since(a.at).max(Duration::from_millis(1));
    let cpu = b.ticks.saturating_sub(a.ticks) as f64 / TICKS_PER_SECOND;
    cpu * 60.0 / wall.as_secs_f64()
}

/// One line of figures between two samples of the same process.
pub fn describe(a: &Sample, b: &Sample) -> String {
    format!(
        "CPU {:.2} s/min over {:.0} s, RSS {} MiB, peak RSS {} MiB",
        cpu_per_minute(a, b),
        b.at.saturating_duration_since(a.at).as_secs_f64(),
        b.rss_kib / 1024,
        b.hwm_kib / 1024
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_ticks_are_counted_after_the_command_name() {
        let stat = "4242 (kdash (v1) x) S 1 4242 4242 34816 4242 4194304 100 0 0 0 \
                    250 75 0 0 20 0 9 0 12345 1000 200 18446744073709551615";
        assert_eq!(stat_ticks(stat), Some(325));
        assert_eq!(stat_ticks("4242 (cut"), None);
    }

    #[test]
    fn memory_lines_are_read_by_their_key() {
        let status = "Name:\tkon\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n";
        assert_eq!(status_kib(status, "VmRSS"), Some(102400));
        assert_eq!(status_kib(status, "VmHWM"), Some(204800));
        assert_eq!(status_kib(status, "VmSwap"), None);
    }

    #[test]
    fn cpu_per_minute_scales_ticks_to_a_minute_of_wall_time() {
        let t0 = Instant::now();
        let a = Sample {
            at: t0,
            ticks: 1000,
            rss_kib: 0,
            hwm_kib: 0,
        };
        let b = Sample {
            at: t0 + Duration::from_secs(30),
            ticks: 1050,
            ..a
        };
        // 0.5 s of CPU in 30 s: 1 s per minute.
        assert!((cpu_per_minute(&a, &b) - 1.0).abs() < 1e-9);
        assert!(self::describe(&a, &b).starts_with("CPU 1.00 s/min over 30 s"));
    }

    #[test]
    fn this_process_can_be_sampled() {
        let s = sample(None).expect("/proc/self");
        assert!(s.rss_kib > 0 && s.hwm_kib >= s.rss_kib);
    }
}
