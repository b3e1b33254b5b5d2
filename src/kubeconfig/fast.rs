//! A fast reader for the common layout of kubeconfig files.
//!
//! serde-saphyr takes tens of milliseconds on a kubeconfig of a megabyte;
//! this line scanner reads the block-style YAML that kubectl and the cloud
//! CLIs write in about a millisecond. It checks every line of the file and
//! gives up (`None`) on anything outside the subset below, leaving the text
//! to serde-saphyr, which also reports the errors. On what it accepts it
//! gives exactly serde-saphyr's result (see `fast_diff_tests.rs`).
//!
//! The subset: one document (after an optional `---`) that is a block
//! mapping at column 0; block mappings with plain keys
//! (`[A-Za-z_][A-Za-z0-9_./-]*`, not null, no duplicates); block sequences
//! (`- ` entries, compact `- key: v` and `- - x`, indentless under a key);
//! comments and blank lines; plain, single- and double-quoted scalars on one
//! line (double quotes with the escapes `\\ \" \n \t` only); `{}` and `[]`.
//! Where the value is not read, also plain scalars continued on simple
//! lines (gcloud wraps long values) and block scalars (`|`, `>`, with
//! chomping and, in mappings, indentation indicators).
//!
//! Everything else is left to serde-saphyr: tabs, control characters, a
//! byte order mark, anchors, aliases, tags, flow collections with content,
//! other multi-line scalars, directives, several documents, quoted or
//! complex keys, non-finite floats (which serde-saphyr rejects where a value
//! is not typed), nesting deeper than 64, and values of the wrong shape for
//! the fields that are read.

use std::collections::HashSet;

pub(crate) use super::fast_line::string_line;
use super::fast_line::{
    Scalar, check_chars, decode, flow_empty, is_blank_or_comment, is_entry, key_at, scalar,
};
use super::merge::{
    RawCluster, RawClusterEntry, RawConfig, RawContext, RawContextEntry, RawUserEntry, is_empty_document,
};

/// The text is outside the subset.
pub(super) struct NotHandled;

pub(super) type R<T> = Result<T, NotHandled>;

const MAX_DEPTH: usize = 64;

/// What the fast reader read from one text.
#[derive(Debug)]
pub(crate) struct Scan {
    pub(crate) raw: RawConfig,
    pub(crate) layout: Layout,
}

/// Where a text, known to be in the fast reader's subset, sets the
/// top-level `current-context`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Layout {
    /// Length of the scanned text (a guard against using the wrong one).
    pub(crate) len: usize,
    /// Byte range (newline included) of the `current-context: <scalar>` line.
    pub(crate) current: Option<(usize, usize)>,
}

/// Reads `text`; `None` when it is outside the subset.
pub(crate) fn scan(text: &str) -> Option<Scan> {
    let mut parser = Parser::new(text).ok()?;
    let (raw, current) = parser.document(text).ok()?;
    let current = current.map(|i| (parser.lines[i].start, parser.lines[i].end));
    Some(Scan {
        raw,
        layout: Layout {
            len: text.len(),
            current,
        },
    })
}

struct Line<'a> {
    /// Without the line break.
    text: &'a str,
    indent: usize,
    /// Empty, spaces only, or a comment.
    blank: bool,
    /// Byte range in the text, line break included.
    start: usize,
    end: usize,
}

/// A node's shape; mappings and sequences are not read yet: (line, column)
/// of their first entry.
#[derive(Clone, Copy)]
enum Val<'a> {
    Scalar(Scalar<'a>),
    EmptyMap,
    EmptySeq,
    BlockScalar,
    Map(usize, usize),
    Seq(usize, usize),
}

type MapFn<'f, 'a> = dyn FnMut(&mut Parser<'a>, &'a str, usize, Val<'a>) -> R<()> + 'f;
type SeqFn<'f, 'a> = dyn FnMut(&mut Parser<'a>, Val<'a>) -> R<()> + 'f;

struct Parser<'a> {
    lines: Vec<Line<'a>>,
    /// The first line not read yet.
    pos: usize,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> R<Self> {
        check_chars(text)?;
        let mut lines = Vec::with_capacity(text.len() / 40 + 1);
        let mut start = 0;
        for raw in text.split_inclusive('\n') {
            let body = raw.strip_suffix('\n').unwrap_or(raw);
            let body = body.strip_suffix('\r').unwrap_or(body);
            let rest = body.trim_start_matches(' ');
            lines.push(Line {
                text: body,
                indent: body.len() - rest.len(),
                blank: rest.is_empty() || rest.starts_with('#'),
                start,
                end: start + raw.len(),
            });
            start += raw.len();
        }
        Ok(Self { lines, pos: 0 })
    }

    fn next_content(&self, from: usize) -> Option<usize> {
        (from..self.lines.len()).find(|&i| !self.lines[i].blank)
    }

    /// The whole text, and the line of the top-level `current-context`.
    fn document(&mut self, text: &str) -> R<(RawConfig, Option<usize>)> {
        let mut raw = RawConfig::default();
        let mut current = None;
        let mut marker = false;
        let first = loop {
            let Some(i) = self.next_content(self.pos) else {
                // No content: what merge takes as empty (not `--- # c`,
                // which serde-saphyr reads as a null document).
                if !is_empty_document(text) {
                    return Err(NotHandled);
                }
                return Ok((raw, None));
            };
            let rest = self.lines[i].text.strip_prefix("---");
            let bare = rest.is_some_and(|r| {
                r.is_empty() || r.starts_with(' ') && is_blank_or_comment(r.trim_start_matches(' '))
            });
            if marker || !bare {
                break i;
            }
            marker = true;
            self.pos = i + 1;
        };
        if self.lines[first].indent != 0 {
            return Err(NotHandled);
        }
        self.map(first, 0, 0, &mut |p, key, line, v| match key {
            "current-context" => {
                raw.current_context = opt_str(v)?;
                current = Some(line);
                Ok(())
            }
            "contexts" => {
                raw.contexts = p.opt_seq(v, 1, Self::context_entry)?;
                Ok(())
            }
            "clusters" => {
                raw.clusters = p.opt_seq(v, 1, Self::cluster_entry)?;
                Ok(())
            }
            "users" => {
                raw.users = p.opt_seq(v, 1, Self::user_entry)?;
                Ok(())
            }
            _ => p.skip(v, 1),
        })?;
        if self.next_content(self.pos).is_some() {
            return Err(NotHandled);
        }
        Ok((raw, current))
    }

    fn context_entry(&mut self, v: Val<'a>, depth: usize) -> R<RawContextEntry> {
        let (mut name, mut context) = (None, None);
        self.entry(v, depth, &mut |p, key, _, v| {
            match key {
                "name" => name = Some(req_str(v)?),
                "context" => {
                    context = p.opt_map(v, depth + 1, |c: &mut RawContext, p, key, v| {
                        match key {
                            "cluster" => c.cluster = opt_str(v)?,
                            "user" => c.user = opt_str(v)?,
                            "namespace" => c.namespace = opt_str(v)?,
                            _ => p.skip(v, depth + 2)?,
                        }
                        Ok(())
                    })?
                }
                _ => p.skip(v, depth + 1)?,
            }
            Ok(())
        })?;
        Ok(RawContextEntry {
            name: name.ok_or(NotHandled)?,
            context,
        })
    }

    fn cluster_entry(&mut self, v: Val<'a>, depth: usize) -> R<RawClusterEntry> {
        let (mut name, mut cluster) = (None, None);
        self.entry(v, depth, &mut |p, key, _, v| {
            match key {
                "name" => name = Some(req_str(v)?),
                "cluster" => {
                    cluster = p.opt_map(v, depth + 1, |c: &mut RawCluster, p, key, v| {
                        match key {
                            "server" => c.server = opt_str(v)?,
                            _ => p.skip(v, depth + 2)?,
                        }
                        Ok(())
                    })?
                }
                _ => p.skip(v, depth + 1)?,
            }
            Ok(())
        })?;
        Ok(RawClusterEntry {
            name: name.ok_or(NotHandled)?,
            cluster,
        })
    }

    fn user_entry(&mut self, v: Val<'a>, depth: usize) -> R<RawUserEntry> {
        let mut name = None;
        self.entry(v, depth, &mut |p, key, _, v| {
            match key {
                "name" => name = Some(req_str(v)?),
                _ => p.skip(v, depth + 1)?,
            }
            Ok(())
        })?;
        Ok(RawUserEntry {
            name: name.ok_or(NotHandled)?,
        })
    }

    /// A list entry, which must be a block mapping.
    fn entry(&mut self, v: Val<'a>, depth: usize, f: &mut MapFn<'_, 'a>) -> R<()> {
        match v {
            Val::Map(line, col) => self.map(line, col, depth, f),
            _ => Err(NotHandled),
        }
    }

    fn opt_seq<T>(
        &mut self,
        v: Val<'a>,
        depth: usize,
        mut item: impl FnMut(&mut Self, Val<'a>, usize) -> R<T>,
    ) -> R<Option<Vec<T>>> {
        match v {
            Val::Scalar(Scalar::Null) => Ok(None),
            Val::EmptySeq => Ok(Some(Vec::new())),
            Val::Seq(line, col) => {
                let mut out = Vec::new();
                self.seq(line, col, depth, &mut |p, v| {
                    out.push(item(p, v, depth + 1)?);
                    Ok(())
                })?;
                Ok(Some(out))
            }
            _ => Err(NotHandled),
        }
    }

    fn opt_map<T: Default>(
        &mut self,
        v: Val<'a>,
        depth: usize,
        mut field: impl FnMut(&mut T, &mut Self, &'a str, Val<'a>) -> R<()>,
    ) -> R<Option<T>> {
        match v {
            Val::Scalar(Scalar::Null) => Ok(None),
            Val::EmptyMap => Ok(Some(T::default())),
            Val::Map(line, col) => {
                let mut out = T::default();
                self.map(line, col, depth, &mut |p, key, _, v| field(&mut out, p, key, v))?;
                Ok(Some(out))
            }
            _ => Err(NotHandled),
        }
    }

    /// Checks a node that is not read.
    fn skip(&mut self, v: Val<'a>, depth: usize) -> R<()> {
        match v {
            Val::Map(line, col) => self.map(line, col, depth, &mut |p, _, _, v| p.skip(v, depth + 1)),
            Val::Seq(line, col) => self.seq(line, col, depth, &mut |p, v| p.skip(v, depth + 1)),
            _ => Ok(()),
        }
    }

    /// A block mapping whose first key is at (`line`, `col`); `f` gets each
    /// key, its line and its value, and must read or skip the value.
    fn map(&mut self, mut line: usize, col: usize, depth: usize, f: &mut MapFn<'_, 'a>) -> R<()> {
        if depth > MAX_DEPTH {
            return Err(NotHandled);
        }
        let mut keys = Keys::default();
        loop {
            let (key, after) = key_at(self.lines[line].text, col).ok_or(NotHandled)?;
            keys.insert(key)?;
            self.pos = line + 1;
            let v = self.value(line, after, col, false)?;
            f(self, key, line, v)?;
            let Some(next) = self.next_content(self.pos) else {
                return Ok(());
            };
            match self.lines[next].indent {
                i if i < col => return Ok(()),
                i if i > col => return Err(NotHandled),
                _ => line = next,
            }
        }
    }

    /// A block sequence whose first `-` is at (`line`, `col`).
    fn seq(&mut self, mut line: usize, col: usize, depth: usize, f: &mut SeqFn<'_, 'a>) -> R<()> {
        if depth > MAX_DEPTH {
            return Err(NotHandled);
        }
        loop {
            self.pos = line + 1;
            let v = self.value(line, col + 1, col, true)?;
            f(self, v)?;
            let Some(next) = self.next_content(self.pos) else {
                return Ok(());
            };
            let l = &self.lines[next];
            match l.indent {
                i if i < col => return Ok(()),
                i if i > col => return Err(NotHandled),
                // Not an entry: the sequence ends here (indentless under a
                // key), and the parent checks the line.
                _ if !is_entry(&l.text[col..]) => return Ok(()),
                _ => line = next,
            }
        }
    }

    /// The value starting after byte `p` of `line` (after `key:` or `-`, so
    /// at a space or the end), in a mapping or sequence at column `base`.
    fn value(&mut self, line: usize, p: usize, base: usize, in_seq: bool) -> R<Val<'a>> {
        let text = self.lines[line].text;
        let s = text[p..].trim_start_matches(' ');
        let col = text.len() - s.len();
        if is_blank_or_comment(s) {
            return self.below(base, in_seq);
        }
        if in_seq && is_entry(s) {
            return Ok(Val::Seq(line, col));
        }
        if in_seq && key_at(text, col).is_some() {
            return Ok(Val::Map(line, col));
        }
        match s.as_bytes()[0] {
            b'{' => flow_empty(s, "{}").map(|()| Val::EmptyMap),
            b'[' => flow_empty(s, "[]").map(|()| Val::EmptySeq),
            b'|' | b'>' => self
                .block_scalar(&s[1..], base, in_seq)
                .map(|()| Val::BlockScalar),
            _ => {
                let first = scalar(s)?;
                let plain = matches!(first, Scalar::Plain(_) | Scalar::Null);
                if plain && self.continued(base, s.contains(" #"))? {
                    return Ok(Val::Scalar(Scalar::Folded));
                }
                Ok(Val::Scalar(first))
            }
        }
    }

    /// Whether the plain scalar just read goes on over the next lines
    /// (indented deeper than `base`, as gcloud wraps long values), which
    /// are then skipped. Only simple continuation lines are taken: no
    /// blank or comment line inside, nothing YAML could read otherwise.
    fn continued(&mut self, base: usize, comment: bool) -> R<bool> {
        let mut j = self.pos;
        while let Some(l) = self.lines.get(j).filter(|l| !l.blank && l.indent > base) {
            let t = &l.text[l.indent..];
            let odd = t.starts_with(|c| "-?:,[]{}#&*!|>'\"%@`".contains(c))
                || t.contains(": ")
                || t.contains(" #")
                || t.ends_with(':');
            if comment || odd {
                return Err(NotHandled);
            }
            j += 1;
        }
        let continued = j > self.pos;
        self.pos = j;
        Ok(continued)
    }

    /// The value of a `key:` or `-` with nothing after it: a block node on
    /// the next lines, or null.
    fn below(&self, base: usize, in_seq: bool) -> R<Val<'a>> {
        let Some(j) = self.next_content(self.pos) else {
            return Ok(Val::Scalar(Scalar::Null));
        };
        let l = &self.lines[j];
        if l.indent > base {
            if is_entry(&l.text[l.indent..]) {
                return Ok(Val::Seq(j, l.indent));
            }
            if key_at(l.text, l.indent).is_some() {
                return Ok(Val::Map(j, l.indent));
            }
            // A scalar continued on the next line, or worse.
            return Err(NotHandled);
        }
        if !in_seq && l.indent == base && is_entry(&l.text[base..]) {
            return Ok(Val::Seq(j, base));
        }
        Ok(Val::Scalar(Scalar::Null))
    }

    /// Skips the content of a block scalar whose header is `|` or `>`
    /// followed by `header`, in a node at column `base`.
    fn block_scalar(&mut self, header: &str, base: usize, in_seq: bool) -> R<()> {
        let (mut chomp, mut digit, mut n) = (false, None, 0);
        for b in header.bytes().take(2) {
            match b {
                b'+' | b'-' if !chomp => chomp = true,
                b'1'..=b'9' if digit.is_none() => digit = Some(usize::from(b - b'0')),
                _ => break,
            }
            n += 1;
        }
        let tail = &header[n..];
        if !(tail.is_empty() || tail.starts_with(' ') && is_blank_or_comment(tail.trim_start_matches(' '))) {
            return Err(NotHandled);
        }
        if digit.is_some() && in_seq {
            return Err(NotHandled);
        }
        let mut j = self.pos;
        // Lines of spaces before the first content line: only empty ones.
        while let Some(l) = self.lines.get(j).filter(|l| l.text.len() == l.indent) {
            if l.indent > 0 {
                return Err(NotHandled);
            }
            j += 1;
        }
        let indent = match (digit, self.lines.get(j)) {
            (Some(d), _) => base + d,
            (None, Some(l)) if l.indent > base => l.indent,
            _ => {
                self.pos = j;
                return Ok(());
            }
        };
        while let Some(l) = self.lines.get(j) {
            if l.text.len() != l.indent && l.indent < indent {
                break;
            }
            j += 1;
        }
        self.pos = j;
        Ok(())
    }
}

/// Keys of one mapping, for refusing duplicates.
#[derive(Default)]
struct Keys<'a> {
    few: Vec<&'a str>,
    many: HashSet<&'a str>,
}

impl<'a> Keys<'a> {
    fn insert(&mut self, key: &'a str) -> R<()> {
        let fresh = if self.few.len() < 16 {
            let fresh = !self.few.contains(&key);
            self.few.push(key);
            fresh
        } else {
            !self.few.contains(&key) && self.many.insert(key)
        };
        fresh.then_some(()).ok_or(NotHandled)
    }
}

/// A field typed `Option<String>`.
fn opt_str(v: Val<'_>) -> R<Option<String>> {
    match v {
        Val::Scalar(Scalar::Null) => Ok(None),
        Val::Scalar(Scalar::Folded) => Err(NotHandled),
        Val::Scalar(s) => Ok(Some(decode(s))),
        _ => Err(NotHandled),
    }
}

/// A field typed `String`: null is an error for serde-saphyr.
fn req_str(v: Val<'_>) -> R<String> {
    opt_str(v)?.ok_or(NotHandled)
}

#[cfg(test)]
#[path = "fast_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "fast_gen_tests.rs"]
mod generator;

#[cfg(test)]
#[path = "fast_diff_tests.rs"]
mod diff_tests;
