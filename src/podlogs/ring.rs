//! The log view's ring buffer: the last `capacity` lines, stored in
//! chunks of one `String` each (one allocation per chunk, not per line:
//! at 20000 lines/s this is the hot path), counting what was dropped.
//! Lines are numbered from the first line ever pushed, so positions
//! (the cursor, search matches) stay valid while old lines are dropped.

use std::collections::VecDeque;

/// Lines per chunk: the memory held beyond the capacity is at most one chunk.
const CHUNK_LINES: usize = 1024;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Chunk {
    text: String,
    /// The end of each line in `text` (its start is the previous end).
    ends: Vec<u32>,
}

impl Chunk {
    fn line(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }
}

/// The last `capacity` lines of a log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ring {
    capacity: usize,
    chunks: VecDeque<Chunk>,
    /// Lines of the first chunk already dropped.
    skip: usize,
    /// The number of the oldest line kept.
    first: u64,
    len: usize,
    dropped: u64,
}

impl Ring {
    /// An empty ring keeping at most `capacity` lines (at least one).
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            chunks: VecDeque::new(),
            skip: 0,
            first: 0,
            len: 0,
            dropped: 0,
        }
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Lines kept.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Lines dropped to keep within the capacity.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    /// The number of the oldest line kept.
    pub fn first(&self) -> u64 {
        self.first
    }

    /// One past the number of the newest line.
    pub fn end(&self) -> u64 {
        self.first + self.len as u64
    }

    /// Appends a line (without its newline); the oldest goes when full.
    /// A line longer than 4 GiB in one chunk is cut (it cannot happen with
    /// the API's line limits, but the offsets are `u32`).
    pub fn push(&mut self, line: &str) {
        let full = self
            .chunks
            .back()
            .is_none_or(|c| c.ends.len() >= CHUNK_LINES || c.text.len() + line.len() > u32::MAX as usize);
        if full {
            self.chunks.push_back(Chunk {
                text: String::with_capacity(line.len().min(256) * CHUNK_LINES.min(self.capacity)),
                ends: Vec::with_capacity(CHUNK_LINES.min(self.capacity)),
            });
        }
        if let Some(c) = self.chunks.back_mut() {
            c.text.push_str(line);
            let end = u32::try_from(c.text.len()).unwrap_or(u32::MAX);
            c.ends.push(end);
        }
        self.len += 1;
        while self.len > self.capacity {
            self.drop_oldest();
        }
    }

    fn drop_oldest(&mut self) {
        self.skip += 1;
        self.first += 1;
        self.len -= 1;
        self.dropped += 1;
        if self.chunks.front().is_some_and(|c| self.skip >= c.ends.len()) {
            self.chunks.pop_front();
            self.skip = 0;
        }
    }

    /// Line number `n`, if still kept.
    pub fn get(&self, n: u64) -> Option<&str> {
        let i = usize::try_from(n.checked_sub(self.first)?).ok()?;
        if i >= self.len {
            return None;
        }
        let mut i = i + self.skip;
        for c in &self.chunks {
            if i < c.ends.len() {
                return Some(c.line(i));
            }
            i -= c.ends.len();
        }
        None
    }

    /// The lines kept from number `from` on, oldest first, with their numbers.
    pub fn iter_from(&self, from: u64) -> impl Iterator<Item = (u64, &str)> {
        let from = from.max(self.first);
        let mut skip = usize::try_from(from - self.first).unwrap_or(usize::MAX) + self.skip;
        let mut n = from;
        self.chunks
            .iter()
            .flat_map(move |c| {
                let s = skip.min(c.ends.len());
                skip -= s;
                (s..c.ends.len()).map(move |i| c.line(i))
            })
            .map(move |l| {
                n += 1;
                (n - 1, l)
            })
    }

    /// Forgets every line (a new stream); the dropped count stays.
    pub fn clear(&mut self) {
        self.first = self.end();
        self.chunks.clear();
        self.skip = 0;
        self.len = 0;
    }
}
