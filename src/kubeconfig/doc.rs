//! A line view of a block-style YAML kubeconfig, for the editor in `edit`.

use std::ops::Range;

use super::edit::{EditError, unsupported};
use super::yaml_line::{key_name, scalar, scalar_at, value_part};

pub(crate) struct Line<'a> {
    /// Byte range of the line in the text, newline included.
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// The line without its newline.
    pub(crate) text: &'a str,
    pub(crate) indent: usize,
    /// Blank or comment only.
    pub(crate) blank: bool,
}

pub(crate) struct Key {
    pub(crate) name: String,
    pub(crate) line: usize,
    pub(crate) col: usize,
}

pub(crate) struct Item {
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Line and column of the `name` key.
    pub(crate) name: (usize, usize),
    pub(crate) context: Option<(usize, usize)>,
}

pub(crate) struct Doc<'a> {
    pub(crate) text: &'a str,
    pub(crate) lines: Vec<Line<'a>>,
}

impl<'a> Doc<'a> {
    /// The caller has checked that `text` parses.
    pub(crate) fn new(text: &'a str) -> Result<Self, EditError> {
        let mut lines = Vec::new();
        let mut start = 0;
        for raw in text.split_inclusive('\n') {
            let body = raw.strip_suffix('\n').unwrap_or(raw);
            let body = body.strip_suffix('\r').unwrap_or(body);
            let indent = body.len() - body.trim_start_matches(' ').len();
            let rest = &body[indent..];
            let blank = rest.trim().is_empty() || rest.starts_with('#');
            if !blank && rest.starts_with('\t') {
                return Err(unsupported(Some(lines.len()), "tab in indentation"));
            }
            lines.push(Line {
                start,
                end: start + raw.len(),
                text: body,
                indent,
                blank,
            });
            start += raw.len();
        }
        let mut seen_content = false;
        for (i, l) in lines.iter().enumerate() {
            if l.blank {
                continue;
            }
            let t = l.text.trim_end();
            if t == "---" && !seen_content {
                continue;
            }
            if t.starts_with("---") || t == "..." || t.starts_with('%') {
                return Err(unsupported(Some(i), "several documents or directives"));
            }
            if !seen_content && (l.indent != 0 || t.starts_with(['{', '[', '-', '&', '!'])) {
                return Err(unsupported(Some(i), "the top level is not a block mapping"));
            }
            seen_content = true;
        }
        Ok(Self { text, lines })
    }

    pub(crate) fn splice(&self, range: Range<usize>, with: &str) -> String {
        let mut out = String::with_capacity(self.text.len() + with.len());
        out.push_str(&self.text[..range.start]);
        out.push_str(with);
        out.push_str(&self.text[range.end..]);
        out
    }

    /// The line of top-level key `key`.
    pub(crate) fn top_key(&self, key: &str) -> Result<Option<usize>, EditError> {
        let all: Vec<usize> = (0..self.lines.len()).collect();
        let keys = self.keys_at(&all, Some(0))?;
        let mut found = keys.iter().filter(|k| k.name == key);
        let first = found.next().map(|k| k.line);
        if let Some(dup) = found.next() {
            return Err(unsupported(Some(dup.line), format!("`{key}` appears twice")));
        }
        Ok(first)
    }

    /// Lines after `from` (up to `end`) indented deeper than `col`.
    pub(crate) fn children(&self, from: usize, end: usize, col: usize) -> Range<usize> {
        let stop = (from..end)
            .find(|&i| !self.lines[i].blank && self.lines[i].indent <= col)
            .unwrap_or(end);
        from..stop
    }

    /// Mapping keys at indent `col` (the least indent among `lines` when
    /// `None`) on `lines`; deeper lines are values and are skipped.
    pub(crate) fn keys_at(&self, lines: &impl LineSet, col: Option<usize>) -> Result<Vec<Key>, EditError> {
        let content: Vec<usize> = lines.line_ids().filter(|&i| !self.lines[i].blank).collect();
        let Some(col) = col.or_else(|| content.iter().map(|&i| self.lines[i].indent).min()) else {
            return Ok(Vec::new());
        };
        let mut keys = Vec::new();
        for i in content {
            let l = &self.lines[i];
            if l.indent != col || l.text[col..].starts_with('-') {
                continue;
            }
            keys.push(Key {
                name: key_name(&l.text[col..]).ok_or_else(|| unsupported(Some(i), "not a plain key"))?,
                line: i,
                col,
            });
        }
        Ok(keys)
    }

    /// The single entry of the top-level `contexts` list named `name`.
    pub(crate) fn find_context(&self, name: &str) -> Result<Item, EditError> {
        let Some(top) = self.top_key("contexts")? else {
            return Err(EditError::NoContext(name.into()));
        };
        let rest = value_part(&self.lines[top].text["contexts:".len()..]);
        if rest == "[]" {
            return Err(EditError::NoContext(name.into()));
        }
        if !rest.is_empty() {
            return Err(unsupported(Some(top), "`contexts` is not a block sequence"));
        }
        // The list's lines: up to the next top-level key (items may sit at column 0).
        let end = (top + 1..self.lines.len())
            .find(|&i| {
                !self.lines[i].blank && self.lines[i].indent == 0 && !self.lines[i].text.starts_with('-')
            })
            .unwrap_or(self.lines.len());
        let content: Vec<usize> = (top + 1..end).filter(|&i| !self.lines[i].blank).collect();
        let Some(seq) = content.first().map(|&i| self.lines[i].indent) else {
            return Err(EditError::NoContext(name.into()));
        };
        let starts: Vec<usize> = content
            .iter()
            .copied()
            .filter(|&i| self.lines[i].indent == seq)
            .collect();
        let mut found = Vec::new();
        for (n, &start) in starts.iter().enumerate() {
            let item_end = starts.get(n + 1).copied().unwrap_or(end);
            let item = self.item(start, item_end, seq)?;
            let name_line = self.lines[item.name.0].text;
            let (_, value) = scalar_at(name_line, item.name.1 + "name".len() + 1, item.name.0)?;
            if value.as_deref() == Some(name) {
                found.push(item);
            }
        }
        match found.len() {
            0 => Err(EditError::NoContext(name.into())),
            1 => Ok(found.remove(0)),
            _ => Err(unsupported(
                Some(found[1].start),
                format!("context \"{name}\" appears twice"),
            )),
        }
    }

    fn item(&self, start: usize, end: usize, seq: usize) -> Result<Item, EditError> {
        let text = self.lines[start].text;
        let after = text[seq..]
            .strip_prefix('-')
            .filter(|r| r.starts_with(' '))
            .ok_or_else(|| unsupported(Some(start), "list entry is not `- key: value`"))?;
        let col = seq + 1 + (after.len() - after.trim_start_matches(' ').len());
        if value_part(&text[col..]).is_empty() && key_name(&text[col..]).is_none() {
            return Err(unsupported(Some(start), "list entry is not `- key: value`"));
        }
        let first = Key {
            name: key_name(&text[col..]).ok_or_else(|| unsupported(Some(start), "not a plain key"))?,
            line: start,
            col,
        };
        let mut keys = vec![first];
        for i in start + 1..end {
            let l = &self.lines[i];
            if !l.blank && l.indent < col {
                return Err(unsupported(Some(i), "unexpected indentation in list entry"));
            }
        }
        keys.extend(self.keys_at(&(start + 1..end), Some(col))?);
        let find = |k: &str| -> Result<Option<(usize, usize)>, EditError> {
            let mut it = keys.iter().filter(|x| x.name == k);
            let first = it.next().map(|x| (x.line, x.col));
            match it.next() {
                Some(dup) => Err(unsupported(Some(dup.line), format!("`{k}` appears twice"))),
                None => Ok(first),
            }
        };
        let name = find("name")?.ok_or_else(|| unsupported(Some(start), "context entry without a name"))?;
        Ok(Item {
            start,
            end,
            name,
            context: find("context")?,
        })
    }

    /// Replaces the single-line scalar value of the key at (`line`, `col`),
    /// whose name is `key_len` bytes long, keeping any trailing comment.
    pub(crate) fn replace_value(
        &self,
        line: usize,
        col: usize,
        key_len: usize,
        value: &str,
    ) -> Result<String, EditError> {
        let l = &self.lines[line];
        let colon = col + key_len + 1;
        let (range, _) = scalar_at(l.text, colon, line)?;
        let (range, new) = match range {
            Some(r) => (r, scalar(value)),
            None => {
                let deeper = self
                    .lines
                    .get(line + 1)
                    .is_some_and(|n| !n.blank && n.indent > col);
                if deeper {
                    return Err(unsupported(Some(line), "value spans several lines"));
                }
                (colon..colon, format!(" {}", scalar(value)))
            }
        };
        Ok(self.splice(l.start + range.start..l.start + range.end, &new))
    }
}

pub(crate) trait LineSet {
    fn line_ids(&self) -> impl Iterator<Item = usize>;
}

impl LineSet for Range<usize> {
    fn line_ids(&self) -> impl Iterator<Item = usize> {
        self.clone()
    }
}

impl LineSet for Vec<usize> {
    fn line_ids(&self) -> impl Iterator<Item = usize> {
        self.as_slice().iter().copied()
    }
}
