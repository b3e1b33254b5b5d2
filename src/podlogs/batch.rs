//! Lines in batches: the stream client gathers what arrives for a few
//! milliseconds (or up to a count of lines) into one buffer and hands it
//! on whole, so that a pod writing 20000 lines/s costs the console a few
//! dozen messages a second, not 20000.

use std::borrow::Cow;
use std::time::Duration;

/// The longest a line waits in a batch before it is sent.
pub const BATCH_DELAY: Duration = Duration::from_millis(30);
/// The most lines a batch holds.
pub const BATCH_LINES: usize = 4096;

/// Lines as the API sent them (bytes, maybe not UTF-8), without their newlines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Batch {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl Batch {
    pub fn push(&mut self, line: &[u8]) {
        let line = line.strip_suffix(b"\n").unwrap_or(line);
        self.bytes.extend_from_slice(line);
        self.ends.push(self.bytes.len());
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn is_full(&self) -> bool {
        self.ends.len() >= BATCH_LINES
    }

    /// The lines, invalid UTF-8 replaced (borrowed when valid).
    pub fn lines(&self) -> impl Iterator<Item = Cow<'_, str>> {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let l = String::from_utf8_lossy(&self.bytes[start..end]);
            start = end;
            l
        })
    }

    /// A batch of these lines (tests, the bench).
    pub fn of<'a>(lines: impl IntoIterator<Item = &'a str>) -> Self {
        let mut b = Self::default();
        for l in lines {
            b.push(l.as_bytes());
        }
        b
    }
}
