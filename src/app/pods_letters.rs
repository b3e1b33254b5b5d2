//! Which characters each pod row's filter text holds, one bit each: a
//! 64-bit mask per row, kept in one contiguous `Vec` per model. A plain
//! filter term (see `pods_table::narrows`) can only match a row that holds
//! every one of its characters, and a one-character term matches exactly
//! the rows holding it, so the first letter typed is decided for 150000
//! rows without reading one of them, and a longer term reads only the
//! rows that hold all its letters. Pure.

use std::sync::{Arc, Weak};

use super::pods_compact::Compact;
use crate::signals::pods::{PodRow, PodsModel};

/// The row's text is not all ASCII: the fuzzy matcher may fold its
/// characters (`é` matching `e`), so its mask decides nothing.
pub const UNKNOWN: u64 = 1 << 63;

/// The bit of byte `b`, case folded: ASCII letters, digits and the
/// punctuation a plain term may hold (`-`, `_`, `.`, `/`, `:`).
fn bit(b: u8) -> Option<u64> {
    let i = match b.to_ascii_lowercase() {
        c @ b'a'..=b'z' => c - b'a',
        c @ b'0'..=b'9' => 26 + c - b'0',
        b'-' => 36,
        b'_' => 37,
        b'.' => 38,
        b'/' => 39,
        b':' => 40,
        _ => return None,
    };
    Some(1 << i)
}

/// The mask of a row's filter text.
pub fn of_text(text: &str) -> u64 {
    if !text.is_ascii() {
        return UNKNOWN;
    }
    text.bytes().filter_map(bit).fold(0, |m, b| m | b)
}

/// [`of_text`] of the row's filter text ([`PodRow::write_haystack`]),
/// read part by part: only a last termination's text is written (into
/// `buf`).
pub fn of_row(r: &PodRow, buf: &mut String) -> u64 {
    let mut mask = 0;
    for part in r.haystack_parts().into_iter().flatten() {
        mask |= of_text(part);
    }
    if let Some(t) = &r.last_termination {
        buf.clear();
        buf.push_str(&t.text());
        mask |= of_text(buf);
    }
    mask
}

/// The bits a row must hold to match `needle` (lowercase ASCII), or
/// `None` when one of its bytes has no bit (the masks cannot decide).
pub fn of_needle(needle: &[u8]) -> Option<u64> {
    needle.iter().try_fold(0, |m, &b| Some(m | bit(b)?))
}

/// What a row's mask says about a needle whose bits are `need`:
/// `Some(false)`, it cannot match; `Some(true)`, it matches (a needle of
/// one byte, `single`, held by the row); `None`, read the row to know.
pub fn decide(mask: u64, need: u64, single: bool) -> Option<bool> {
    if mask & UNKNOWN != 0 {
        None
    } else if mask & need != need {
        Some(false)
    } else if single {
        Some(true)
    } else {
        None
    }
}

/// The masks of a model's rows (index for index), and which model they
/// are of (held weakly, as `pods_table::Sorted` holds it: the same
/// pointer is the same rows), or of no model (rows passed by
/// `PodsTable::refresh`, computed again each time).
#[derive(Debug, Clone, Default)]
pub struct Letters {
    pub of: Weak<PodsModel>,
    pub masks: Vec<u64>,
    /// The rows' filter texts, compact (`None`: they did not fit).
    pub compact: Option<Compact>,
}

impl Letters {
    /// The masks of `rows`.
    pub fn new(model: Option<&Arc<PodsModel>>, rows: &[Arc<PodRow>]) -> Letters {
        let mut text = String::new();
        let masks = rows.iter().map(|r| of_row(r, &mut text)).collect();
        Letters {
            of: model.map(Arc::downgrade).unwrap_or_default(),
            masks,
            compact: Compact::new(rows),
        }
    }

    /// Whether these are the masks of `model`'s rows.
    pub fn of(&self, model: Option<&Arc<PodsModel>>) -> bool {
        model.is_some_and(|m| std::ptr::eq(self.of.as_ptr(), Arc::as_ptr(m)))
    }
}

#[cfg(test)]
#[path = "pods_letters_tests.rs"]
mod tests;
