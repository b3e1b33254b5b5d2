//! Repeated warnings and errors are written once a minute with a count:
//! a line whose text (after its timestamp) was written less than a minute
//! ago is held back and counted; when the minute is over the last one is
//! written with "(repeated N times in the last 60s)" and a new minute
//! starts. A line that stopped repeating is forgotten.

use std::collections::HashMap;
use std::io::{self, Write};
use std::time::{Duration, Instant};

/// At most this many distinct lines are tracked at once; past it lines are
/// written as they come.
const MAX_TRACKED: usize = 512;

struct Held {
    since: Instant,
    count: u64,
    last: String,
}

/// The pure part: which lines to write, given each line and the time.
pub struct Collapser {
    window: Duration,
    held: HashMap<String, Held>,
}

/// A line's text without its leading timestamp, when it is a warning or an
/// error (other lines are never held back).
fn key(line: &str) -> Option<&str> {
    let (_, rest) = line.split_once(' ')?;
    let level = rest.trim_start();
    (level.starts_with("WARN") || level.starts_with("ERROR")).then_some(rest)
}

fn summary(h: &Held, now: Instant) -> String {
    let times = if h.count == 1 { "time" } else { "times" };
    let secs = now.saturating_duration_since(h.since).as_secs().max(1);
    format!("{} (repeated {} {times} in the last {secs}s)", h.last, h.count)
}

impl Collapser {
    pub fn new(window: Duration) -> Self {
        Self {
            window,
            held: HashMap::new(),
        }
    }

    /// The lines to write for `line` (without its newline) seen at `now`.
    pub fn line(&mut self, line: &str, now: Instant) -> Vec<String> {
        let mut out = self.expire(now);
        let Some(k) = key(line) else {
            out.push(line.to_string());
            return out;
        };
        if let Some(h) = self.held.get_mut(k) {
            h.count += 1;
            h.last = line.to_string();
        } else {
            if self.held.len() < MAX_TRACKED {
                self.held.insert(
                    k.to_string(),
                    Held {
                        since: now,
                        count: 0,
                        last: line.to_string(),
                    },
                );
            }
            out.push(line.to_string());
        }
        out
    }

    /// For each line whose window is over (at `now`): its count, if it
    /// repeated (and a new window, so that a line repeating all along is
    /// written once a window); forgotten if it did not.
    fn expire(&mut self, now: Instant) -> Vec<String> {
        let window = self.window;
        let mut out = Vec::new();
        self.held.retain(|_, h| {
            if now.saturating_duration_since(h.since) < window {
                return true;
            }
            if h.count == 0 {
                return false;
            }
            out.push(summary(h, now));
            h.since = now;
            h.count = 0;
            true
        });
        out
    }

    /// Every count still held (at exit).
    pub fn finish(&mut self, now: Instant) -> Vec<String> {
        let out = self
            .held
            .values()
            .filter(|h| h.count > 0)
            .map(|h| summary(h, now))
            .collect();
        self.held.clear();
        out
    }
}

/// A writer that collapses repeated lines before `inner`.
pub struct Collapse<W: Write> {
    inner: W,
    collapser: Collapser,
    partial: Vec<u8>,
}

impl<W: Write> Collapse<W> {
    pub fn new(inner: W, window: Duration) -> Self {
        Self {
            inner,
            collapser: Collapser::new(window),
            partial: Vec::new(),
        }
    }

    fn put(&mut self, lines: Vec<String>) -> io::Result<()> {
        for l in lines {
            self.inner.write_all(l.as_bytes())?;
            self.inner.write_all(b"\n")?;
        }
        Ok(())
    }
}

impl<W: Write> Write for Collapse<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.partial.extend_from_slice(buf);
        while let Some(end) = self.partial.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = self.partial.drain(..=end).collect();
            let text = String::from_utf8_lossy(&line[..end]).into_owned();
            let lines = self.collapser.line(&text, Instant::now());
            self.put(lines)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<W: Write> Drop for Collapse<W> {
    fn drop(&mut self) {
        let mut lines = self.collapser.finish(Instant::now());
        if !self.partial.is_empty() {
            lines.push(String::from_utf8_lossy(&self.partial).into_owned());
        }
        let _ = self.put(lines);
        let _ = self.inner.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ERR: &str = "ERROR kube_client: failed with error connection refused";

    fn at(t0: Instant, secs: u64) -> Instant {
        t0 + Duration::from_secs(secs)
    }

    #[test]
    fn a_repeated_error_is_written_once_then_counted() {
        let t0 = Instant::now();
        let mut c = Collapser::new(Duration::from_secs(60));
        let mut written = Vec::new();
        for i in 0..58 {
            written.extend(c.line(&format!("2026-12-06T00:00:{i:02}Z {ERR}"), at(t0, i)));
        }
        assert_eq!(written, vec![format!("2026-12-06T00:00:00Z {ERR}")]);
        // The minute is over: the count, and the next minute begins.
        let out = c.line(&format!("2026-12-06T00:01:00Z {ERR}"), at(t0, 60));
        assert_eq!(
            out,
            vec![format!(
                "2026-12-06T00:00:57Z {ERR} (repeated 57 times in the last 60s)"
            )]
        );
        // Repeating all along: one line a minute.
        let out = c.line(&format!("2026-12-06T00:02:00Z {ERR}"), at(t0, 120));
        assert_eq!(
            out,
            vec![format!(
                "2026-12-06T00:01:00Z {ERR} (repeated 1 time in the last 60s)"
            )]
        );
        // Once it stops repeating it is forgotten, and written again when it comes back.
        assert!(c.line("t  INFO other", at(t0, 200)).len() == 2);
        assert_eq!(c.line(&format!("t {ERR}"), at(t0, 300)), vec![format!("t {ERR}")]);
    }

    #[test]
    fn other_lines_and_other_errors_are_not_held_back() {
        let t0 = Instant::now();
        let mut c = Collapser::new(Duration::from_secs(60));
        let info = "t1  INFO kon: probe";
        assert_eq!(c.line(info, t0), vec![info.to_string()]);
        assert_eq!(c.line(info, t0), vec![info.to_string()]);
        assert_eq!(c.line("t2  WARN a", t0).len(), 1);
        assert_eq!(c.line("t3  WARN b", t0).len(), 1);
        assert!(c.line("t4  WARN a", t0).is_empty());
        assert_eq!(
            c.finish(t0 + Duration::from_secs(5)),
            vec!["t4  WARN a (repeated 1 time in the last 5s)".to_string()]
        );
    }

    #[test]
    fn the_writer_splits_lines_and_flushes_counts_when_dropped() {
        let mut out = Vec::new();
        {
            let mut w = Collapse::new(&mut out, Duration::from_secs(60));
            for i in 0..5 {
                // Written in two pieces, as a writer may be.
                w.write_all(format!("t{i} {ERR}").as_bytes()).unwrap();
                w.write_all(b"\n").unwrap();
            }
        }
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert_eq!(lines[0], format!("t0 {ERR}"));
        assert!(
            lines[1].starts_with(&format!("t4 {ERR} (repeated 4 times in the last ")),
            "{text}"
        );
    }
}
