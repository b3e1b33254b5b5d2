//! Wrapping a log line to the screen's width: the byte ranges of each
//! screen row, by display width (a wide character, CJK or emoji, takes two
//! columns and never straddles two rows).

use std::ops::Range;

use unicode_width::UnicodeWidthChar;

/// The rows `line` takes at `width` columns (at least one row, even empty).
pub fn rows(line: &str, width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let mut out = Vec::new();
    let (mut start, mut used) = (0, 0);
    for (i, c) in line.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > width && used > 0 {
            out.push(start..i);
            start = i;
            used = 0;
        }
        used += w;
    }
    out.push(start..line.len());
    out
}

/// How many rows `line` takes at `width` columns.
pub fn height(line: &str, width: usize) -> usize {
    let width = width.max(1);
    // Most lines are ASCII and fit: no need to walk them.
    if line.len() <= width {
        return 1;
    }
    rows(line, width).len()
}

/// The part of `line` that fits in `width` columns from column `skip` on
/// (no wrap: the screen shows a window of the line).
pub fn window(line: &str, skip: usize, width: usize) -> Range<usize> {
    let (mut col, mut start, mut end) = (0, None, line.len());
    for (i, c) in line.char_indices() {
        let w = c.width().unwrap_or(0);
        if start.is_none() && col >= skip {
            start = Some(i);
        }
        if let Some(s) = start
            && col + w > skip + width
        {
            end = i;
            return s..end;
        }
        col += w;
    }
    let s = start.unwrap_or(line.len());
    s..end.max(s)
}
