//! One run of a container's log as a function of time, pure. Line `i` is
//! written at `start + i × interval`; nothing is stored: a request computes
//! which lines it reads (`window`) and writes them into its own buffer
//! (`Writer`), so a chatty container costs nothing while nobody reads it.
//! A run that exited with an error ends with its crash lines, written at
//! its end.

use std::io::Write as _;
use std::sync::Arc;

use super::scenarios::sim_time::civil_from_days;

/// How many lines of a run the sim keeps (the kubelet rotates a
/// container's log at 10 MiB; older lines are gone).
pub const RETAINED_LINES: u64 = 100_000;
pub const NANOS: i128 = 1_000_000_000;

/// What the lines say.
#[derive(Debug, Clone, PartialEq)]
pub enum Text {
    /// A scenario's declared lines, cycled.
    Lines(Arc<[String]>),
    /// `PREFIX log line N`, N from 1 (pods without a declaration).
    Numbered(String),
}

/// One run's log.
#[derive(Debug, Clone, PartialEq)]
pub struct LogStream {
    pub text: Text,
    /// When line 0 is written (ns since the epoch).
    pub start_ns: i128,
    /// Between two lines (ns, at least 1).
    pub interval_ns: i128,
    /// When the run ended: no line at or after it.
    pub end_ns: Option<i128>,
    /// Written at the end (a run that exited with an error).
    pub crash: Arc<[String]>,
}

impl LogStream {
    /// Lines written by `t` (inclusive), none at or after the end.
    pub fn count_at(&self, t: i128) -> u64 {
        let by_time = if t < self.start_ns {
            0
        } else {
            ((t - self.start_ns) / self.interval_ns + 1) as u64
        };
        match self.end_ns {
            Some(end) => by_time.min(self.first_at_or_after(end)),
            None => by_time,
        }
    }

    /// The index of the first line written at or after `t`.
    pub fn first_at_or_after(&self, t: i128) -> u64 {
        if t <= self.start_ns {
            0
        } else {
            ((t - self.start_ns + self.interval_ns - 1) / self.interval_ns) as u64
        }
    }

    pub fn time_of(&self, i: u64) -> i128 {
        self.start_ns + i128::from(i) * self.interval_ns
    }

    /// When the crash lines are written.
    pub fn crash_time(&self) -> i128 {
        self.end_ns.unwrap_or(self.start_ns)
    }

    /// Ends the run at `end_ns` with these crash lines.
    pub fn end(&mut self, end_ns: i128, crash: Arc<[String]>) {
        self.end_ns = Some(end_ns);
        self.crash = crash;
    }
}

/// What a request reads: lines `first..upto`, then crash lines `crash_from..`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub first: u64,
    pub upto: u64,
    pub crash_from: usize,
}

/// The lines of `s` written by `now`, kept (the last `RETAINED_LINES`),
/// since `since_ns`, the last `tail` of them: the kubelet's selection.
pub fn window(s: &LogStream, now_ns: i128, since_ns: Option<i128>, tail: Option<u64>) -> Window {
    let upto = s.count_at(now_ns);
    let mut first = upto.saturating_sub(RETAINED_LINES);
    let crash_len = if s.end_ns.is_some_and(|e| e <= now_ns) {
        s.crash.len()
    } else {
        0
    };
    let mut crash_from = s.crash.len() - crash_len;
    if let Some(c) = since_ns {
        first = first.max(s.first_at_or_after(c)).min(upto);
        if s.crash_time() < c {
            crash_from = s.crash.len();
        }
    }
    if let Some(n) = tail {
        let crash_n = (s.crash.len() - crash_from) as u64;
        if crash_n >= n {
            first = upto;
            crash_from = s.crash.len() - n as usize;
        } else {
            first = first.max(upto.saturating_sub(n - crash_n));
        }
    }
    Window {
        first,
        upto,
        crash_from,
    }
}

/// Writes lines into a buffer: timestamps as the kubelet prints them, and
/// `limitBytes` (the last line cut where the limit falls).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Writer {
    pub timestamps: bool,
    /// Bytes still allowed; `None`: no limit.
    pub left: Option<u64>,
}

impl Writer {
    /// Appends line `i` of `s`; false once the byte limit is reached.
    pub fn line(&mut self, s: &LogStream, i: u64, out: &mut Vec<u8>) -> bool {
        let at = out.len();
        if self.timestamps {
            write_rfc3339_nano(s.time_of(i), out);
            out.push(b' ');
        }
        match &s.text {
            Text::Lines(lines) if !lines.is_empty() => {
                let k = (i % lines.len() as u64) as usize;
                out.extend_from_slice(lines[k].as_bytes());
            }
            Text::Lines(_) => {}
            Text::Numbered(prefix) => {
                let _ = write!(out, "{prefix} log line {}", i + 1);
            }
        }
        out.push(b'\n');
        self.charge(at, out)
    }

    /// Appends crash line `k` of `s`; false once the byte limit is reached.
    pub fn crash_line(&mut self, s: &LogStream, k: usize, out: &mut Vec<u8>) -> bool {
        let at = out.len();
        if self.timestamps {
            write_rfc3339_nano(s.crash_time(), out);
            out.push(b' ');
        }
        out.extend_from_slice(s.crash.get(k).map_or(&b""[..], |l| l.as_bytes()));
        out.push(b'\n');
        self.charge(at, out)
    }

    /// Writes the window; false once the byte limit is reached.
    pub fn window(&mut self, s: &LogStream, w: Window, out: &mut Vec<u8>) -> bool {
        (w.first..w.upto).all(|i| self.line(s, i, out))
            && (w.crash_from..s.crash.len()).all(|k| self.crash_line(s, k, out))
    }

    fn charge(&mut self, at: usize, out: &mut Vec<u8>) -> bool {
        let Some(left) = self.left.as_mut() else {
            return true;
        };
        let written = (out.len() - at) as u64;
        if written >= *left {
            out.truncate(at + *left as usize);
            *left = 0;
            return false;
        }
        *left -= written;
        true
    }

    pub fn exhausted(&self) -> bool {
        self.left == Some(0)
    }
}

/// Go's `time.RFC3339Nano` in UTC (trailing zeros of the fraction dropped):
/// `2026-03-01T12:00:00.05Z`.
pub fn write_rfc3339_nano(t_ns: i128, out: &mut Vec<u8>) {
    let secs = t_ns.div_euclid(NANOS) as i64;
    let nanos = t_ns.rem_euclid(NANOS) as u32;
    let (y, mo, d) = civil_from_days(secs.div_euclid(86_400));
    let sod = secs.rem_euclid(86_400);
    let _ = write!(
        out,
        "{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}",
        sod / 3_600,
        sod % 3_600 / 60,
        sod % 60
    );
    if nanos > 0 {
        let mut digits = [0u8; 9];
        let mut n = nanos;
        for slot in digits.iter_mut().rev() {
            *slot = b'0' + (n % 10) as u8;
            n /= 10;
        }
        let len = 9 - digits.iter().rev().take_while(|c| **c == b'0').count();
        out.push(b'.');
        out.extend_from_slice(&digits[..len]);
    }
    out.push(b'Z');
}

#[cfg(test)]
#[path = "pod_logs_tests.rs"]
mod tests;
