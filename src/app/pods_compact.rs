//! The pods table's filter texts kept compact, so that a filter pass over
//! 150000 rows reads contiguous memory instead of every row's own
//! allocations scattered across the heap (one cache miss or more per row:
//! ~500 ns a row, 80 ms a pass). A row's text is its namespace, `/`, its
//! name, its status, node and owner (`PodRow::haystack_parts`): the name
//! is the only part each pod has alone, so the names are kept one after
//! another in one buffer, and each other part is a number into one table
//! of the distinct parts (54 namespaces, a few statuses, 5000 nodes, the
//! workloads), which a pass reads once per part and needle position, not
//! once per row. About 36 bytes a row. Pure.

use std::collections::HashMap;
use std::sync::Arc;

use crate::signals::pods::PodRow;

/// A part a row has not (no node, no owner), or a row kept out: its text
/// is not all ASCII or it has a last termination (read the row).
const NONE: u16 = u16::MAX;

/// One row: where its name is, and its other parts' numbers.
#[derive(Debug, Clone, Copy)]
struct Entry {
    name_at: u32,
    name_len: u16,
    namespace: u16,
    status: u16,
    node: u16,
    owner: u16,
}

/// The compact texts of a model's rows, index for index.
#[derive(Debug, Clone, Default)]
pub struct Compact {
    rows: Vec<Entry>,
    names: Vec<u8>,
    /// The distinct parts: namespaces, statuses, nodes, owners as
    /// `Kind/name`.
    parts: Vec<Box<str>>,
}

/// Numbers the distinct parts while the rows are read.
#[derive(Default)]
struct Parts<'a> {
    ids: HashMap<(&'a str, &'a str), u16>,
    parts: Vec<Box<str>>,
}

impl<'a> Parts<'a> {
    /// The number of `a` followed by `b` (`b` empty but for owners).
    fn id(&mut self, a: &'a str, b: &'a str) -> Option<u16> {
        if let Some(&id) = self.ids.get(&(a, b)) {
            return Some(id);
        }
        let id = u16::try_from(self.parts.len()).ok().filter(|&id| id != NONE)?;
        self.parts.push(if b.is_empty() {
            a.into()
        } else {
            format!("{a}/{b}").into()
        });
        self.ids.insert((a, b), id);
        Some(id)
    }
}

impl Compact {
    /// The compact texts of `rows`; `None` when they do not fit (more
    /// than 65535 distinct parts, a name longer than 65535 bytes, 4 GiB
    /// of names): then every row is read.
    pub fn new(rows: &[Arc<PodRow>]) -> Option<Compact> {
        let mut parts = Parts::default();
        let mut names = Vec::new();
        let mut entries = Vec::with_capacity(rows.len());
        for r in rows {
            let kept_out =
                r.last_termination.is_some() || !r.haystack_parts().into_iter().flatten().all(str::is_ascii);
            if kept_out {
                entries.push(Entry {
                    name_at: 0,
                    name_len: 0,
                    namespace: NONE,
                    status: NONE,
                    node: NONE,
                    owner: NONE,
                });
                continue;
            }
            let name_at = u32::try_from(names.len()).ok()?;
            let name_len = u16::try_from(r.name.len()).ok()?;
            names.extend_from_slice(r.name.as_bytes());
            let node = match r.node.as_deref() {
                Some(n) => parts.id(n, "")?,
                None => NONE,
            };
            let owner = match &r.owner {
                Some((kind, name)) => parts.id(kind, name)?,
                None => NONE,
            };
            entries.push(Entry {
                name_at,
                name_len,
                namespace: parts.id(&r.namespace, "")?,
                status: parts.id(&r.status, "")?,
                node,
                owner,
            });
        }
        names.shrink_to_fit();
        Some(Compact {
            rows: entries,
            names,
            parts: parts.parts,
        })
    }

    /// Whether it holds the texts of `rows` rows (index for index).
    pub fn holds(&self, rows: usize) -> bool {
        self.rows.len() == rows
    }

    /// Whether row `i`'s text holds `walk`'s needle in order (ASCII case
    /// ignored), as `pods_table::in_row` answers; `None` for a row kept
    /// out or not held (read the row).
    pub fn matches(&self, i: usize, walk: &mut Walk<'_>) -> Option<bool> {
        let e = self.rows.get(i)?;
        if e.namespace == NONE {
            return None;
        }
        let n = walk.needle.len();
        let mut k = walk.part(self, e.namespace, 0);
        if k < n && walk.needle[k] == b'/' {
            k += 1;
        }
        if k < n {
            let at = e.name_at as usize;
            let name = &self.names[at..at + usize::from(e.name_len)];
            k = n - advance(name, &walk.needle[k..]).len();
        }
        // The spaces between the parts: a plain needle holds none.
        for part in [e.status, e.node, e.owner] {
            if k < n && part != NONE {
                k = walk.part(self, part, k);
            }
        }
        Some(k == n)
    }
}

/// One pass's needle and what each part does to it: `memo[part][k]`, how
/// many of the needle's bytes are matched after the part when `k` were
/// before it, worked out the first time a row reads it.
pub struct Walk<'n> {
    needle: &'n [u8],
    memo: Vec<u8>,
}

/// Not worked out yet.
const UNSEEN: u8 = u8::MAX;

impl<'n> Walk<'n> {
    /// A pass for `needle` (lowercase ASCII, shorter than 255 bytes) over
    /// `compact`'s rows; `None` for a longer needle (read the rows).
    pub fn new(needle: &'n [u8], compact: &Compact) -> Option<Walk<'n>> {
        (needle.len() < usize::from(UNSEEN)).then(|| Walk {
            needle,
            memo: vec![UNSEEN; compact.parts.len() * (needle.len() + 1)],
        })
    }

    fn part(&mut self, compact: &Compact, part: u16, k: usize) -> usize {
        let slot = usize::from(part) * (self.needle.len() + 1) + k;
        if self.memo[slot] == UNSEEN {
            let text = compact.parts[usize::from(part)].as_bytes();
            let after = self.needle.len() - advance(text, &self.needle[k..]).len();
            // `after` ≤ the needle's length < 255.
            self.memo[slot] = after as u8;
        }
        usize::from(self.memo[slot])
    }
}

/// What is left of `needle` (lowercase ASCII) once the bytes of `part`
/// are read, ignoring ASCII case: each byte is searched for with `memchr`
/// (a letter in both cases), as nucleo's prefilter does, rather than
/// comparing every byte of every row.
pub fn advance<'n>(part: &[u8], mut rest: &'n [u8]) -> &'n [u8] {
    let mut at = 0;
    while let Some((&n, tail)) = rest.split_first() {
        let hay = part.get(at..).unwrap_or_default();
        let found = if n.is_ascii_lowercase() {
            memchr::memchr2(n, n.to_ascii_uppercase(), hay)
        } else {
            memchr::memchr(n, hay)
        };
        let Some(i) = found else { break };
        at += i + 1;
        rest = tail;
    }
    rest
}

#[cfg(test)]
#[path = "pods_compact_tests.rs"]
mod tests;
