//! `/` search in a log: like less, case-insensitive unless the query has
//! an upper-case letter. The matches are line numbers of the ring (they
//! stay valid while old lines are dropped) kept up to date as lines
//! arrive: only new lines are scanned.

use std::collections::VecDeque;
use std::ops::Range;

use super::ring::Ring;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    query: String,
    /// Case matters (the query has an upper-case letter).
    sensitive: bool,
    /// Numbers of the matching lines, ascending.
    matches: VecDeque<u64>,
    /// Lines before this number were scanned.
    scanned: u64,
}

impl Search {
    /// A search for `query` (None when it is empty: nothing to find).
    pub fn new(query: &str) -> Option<Self> {
        if query.is_empty() {
            return None;
        }
        Some(Self {
            query: query.to_string(),
            sensitive: query.chars().any(char::is_uppercase),
            matches: VecDeque::new(),
            scanned: 0,
        })
    }

    pub fn query(&self) -> &str {
        &self.query
    }

    /// Where the query occurs in `text` (byte ranges, in order, not overlapping).
    pub fn find(&self, text: &str) -> Vec<Range<usize>> {
        if self.sensitive {
            return text
                .match_indices(self.query.as_str())
                .map(|(i, m)| i..i + m.len())
                .collect();
        }
        let mut out = Vec::new();
        let mut i = 0;
        while i < text.len() {
            match self.match_at(text, i) {
                Some(end) => {
                    out.push(i..end);
                    i = end.max(i + 1);
                }
                None => i += 1,
            }
            while !text.is_char_boundary(i) {
                i += 1;
            }
        }
        out
    }

    /// Whether `text` contains the query.
    pub fn is_match(&self, text: &str) -> bool {
        if self.sensitive {
            return text.contains(self.query.as_str());
        }
        !self.find(text).is_empty()
    }

    /// The end of a case-insensitive match starting at byte `i`.
    fn match_at(&self, text: &str, i: usize) -> Option<usize> {
        if self.query.is_ascii() {
            let q = self.query.as_bytes();
            let t = text.as_bytes().get(i..i + q.len())?;
            return t.eq_ignore_ascii_case(q).then_some(i + q.len());
        }
        let mut rest = text[i..].char_indices();
        let mut end = i;
        for q in self.query.chars() {
            let (at, c) = rest.next()?;
            if !c.to_lowercase().eq(q.to_lowercase()) {
                return None;
            }
            end = i + at + c.len_utf8();
        }
        Some(end)
    }

    /// Scans the lines that arrived since the last call (`text` gives the
    /// part of a line searched: with or without its timestamp) and forgets
    /// the matches dropped from the ring.
    pub fn update<'a>(&mut self, ring: &'a Ring, text: impl Fn(&'a str) -> &'a str) {
        while self.matches.front().is_some_and(|&n| n < ring.first()) {
            self.matches.pop_front();
        }
        if self.scanned < ring.first() {
            self.scanned = ring.first();
        }
        for (n, line) in ring.iter_from(self.scanned) {
            if self.is_match(text(line)) {
                self.matches.push_back(n);
            }
        }
        self.scanned = ring.end();
    }

    /// Scans every kept line again (what is searched changed).
    pub fn rescan<'a>(&mut self, ring: &'a Ring, text: impl Fn(&'a str) -> &'a str) {
        self.matches.clear();
        self.scanned = ring.first();
        self.update(ring, text);
    }

    pub fn count(&self) -> usize {
        self.matches.len()
    }

    /// The 1-based position of match `n` among the matches, if it is one.
    pub fn position(&self, n: u64) -> Option<usize> {
        self.matches.binary_search(&n).ok().map(|i| i + 1)
    }

    /// The first match after line `n`, wrapping to the first one.
    pub fn next_after(&self, n: u64) -> Option<u64> {
        let i = self.matches.partition_point(|&m| m <= n);
        self.matches.get(i).or(self.matches.front()).copied()
    }

    /// The last match before line `n`, wrapping to the last one.
    pub fn prev_before(&self, n: u64) -> Option<u64> {
        let i = self.matches.partition_point(|&m| m < n);
        match i {
            0 => self.matches.back().copied(),
            i => self.matches.get(i - 1).copied(),
        }
    }
}
