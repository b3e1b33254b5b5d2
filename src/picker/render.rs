//! Draws a picker into a rectangle: a bordered block with the title, the
//! query line with the `matched/total` count, and the visible matches.
//! Drawing reads the picker; it only records the list height (the page
//! size) and the scroll position, in cells. Matches are never recomputed here.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear};
use unicode_width::UnicodeWidthChar;

use super::PickItem;
use super::model::Picker;
use crate::config::theme::Theme;

const PROMPT: &str = "> ";
const ELLIPSIS: char = '…';
/// Columns before the name: the cursor marker and a space.
const GUTTER: usize = 2;
/// Columns after the name: a space and the current marker.
const CURRENT: usize = 2;
/// Columns between the current marker and the detail.
const GAP: usize = 2;

/// Draws `picker` into `area` of `frame`. Areas under 10x3 get no border;
/// an empty area gets nothing.
pub fn render(frame: &mut Frame, area: Rect, picker: &Picker, theme: &Theme) {
    let area = area.intersection(frame.area());
    if area.width == 0 || area.height == 0 {
        return;
    }
    frame.render_widget(Clear, area);
    let inner = if area.width >= 10 && area.height >= 3 {
        let title = Line::styled(format!(" {} ", picker.title().trim()), theme.style("title"));
        let mut block = Block::bordered()
            .border_style(theme.style("border"))
            .style(theme.style("text"))
            .title(title);
        if area.width >= 40 {
            let hint = Line::styled(" enter choose · esc cancel ", theme.style("hint"));
            block = block.title_bottom(hint.right_aligned());
        }
        let inner = block.inner(area);
        frame.render_widget(block, area);
        inner
    } else {
        frame.buffer_mut().set_style(area, theme.style("text"));
        area
    };
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    render_query(frame, Rect { height: 1, ..inner }, picker, theme);
    let list = Rect {
        y: inner.y.saturating_add(1),
        height: inner.height.saturating_sub(1),
        ..inner
    };
    if list.height > 0 {
        render_list(frame, list, picker, theme);
    }
}

/// `> query` with the textarea, and `matched/total` on the right.
fn render_query(frame: &mut Frame, row: Rect, picker: &Picker, theme: &Theme) {
    let width = usize::from(row.width);
    frame.render_widget(Line::styled(PROMPT, theme.style("key")), row);
    let count = format!("{}/{}", picker.matched(), picker.total());
    // The count only when the query keeps at least a few columns.
    let count_cols = if width >= PROMPT.len() + count.len() + 1 + 4 {
        count.len() + 1
    } else {
        0
    };
    if count_cols > 0 {
        let line = Line::styled(count, theme.style("muted")).right_aligned();
        frame.render_widget(line, row);
    }
    let query_cols = width.saturating_sub(PROMPT.len() + count_cols);
    if query_cols == 0 {
        return;
    }
    let rect = Rect {
        x: row.x.saturating_add(PROMPT.len() as u16),
        width: u16::try_from(query_cols).unwrap_or(row.width),
        ..row
    };
    // The textarea draws with no style of its own, over the text style.
    frame.buffer_mut().set_style(rect, theme.style("text"));
    frame.render_widget(picker.input(), rect);
}

fn render_list(frame: &mut Frame, list: Rect, picker: &Picker, theme: &Theme) {
    let height = usize::from(list.height);
    let offset = picker.scroll_to_cursor(height);
    let width = usize::from(list.width);
    if picker.matches().is_empty() {
        let text = if picker.total() == 0 {
            "  no items"
        } else {
            "  no match"
        };
        frame.render_widget(
            Line::styled(text, theme.style("muted")),
            Rect { height: 1, ..list },
        );
        return;
    }
    let shown = picker.matches().iter().skip(offset).take(height);
    let rows: Vec<(&PickItem, &[u32])> = shown
        .filter_map(|m| picker.item(m.index).map(|item| (item, m.positions.as_slice())))
        .collect();
    let longest = rows
        .iter()
        .map(|(item, _)| text_width(&item.name))
        .max()
        .unwrap_or(0);
    let name_col = longest.min(width.saturating_sub(GUTTER + CURRENT));
    let styles = RowStyles::of(theme);
    let cursor = picker.cursor();
    for (i, (item, positions)) in rows.iter().enumerate() {
        let Ok(dy) = u16::try_from(i) else { break };
        let rect = Rect {
            y: list.y.saturating_add(dy),
            height: 1,
            ..list
        };
        let on_cursor = offset.saturating_add(i) == cursor;
        if on_cursor {
            frame.buffer_mut().set_style(rect, styles.selection);
        }
        let line = row_line(item, positions, on_cursor, name_col, width, &styles);
        frame.render_widget(line, rect);
    }
}

struct RowStyles {
    text: Style,
    muted: Style,
    key: Style,
    ok: Style,
    selection: Style,
    /// The cursor marker: a bar where the selection is coloured, `>` where
    /// nothing but the marker tells the cursor row apart.
    marker: &'static str,
}

impl RowStyles {
    fn of(theme: &Theme) -> Self {
        RowStyles {
            text: theme.style("text"),
            muted: theme.style("muted"),
            key: theme.style("key").add_modifier(Modifier::BOLD),
            ok: theme.style("ok").add_modifier(Modifier::BOLD),
            selection: theme.style("selection"),
            marker: if theme.is_colourless() { ">" } else { "▌" },
        }
    }
}

/// One row: marker, name (matched characters highlighted), current marker,
/// then the detail aligned at `name_col`, all within `width` columns.
fn row_line(
    item: &PickItem,
    positions: &[u32],
    on_cursor: bool,
    name_col: usize,
    width: usize,
    styles: &RowStyles,
) -> Line<'static> {
    let base = if on_cursor { styles.selection } else { styles.text };
    let marker = if on_cursor { styles.marker } else { " " };
    let mut spans = vec![Span::styled(format!("{marker} "), base.patch(styles.key))];
    let key = base.patch(styles.key);
    let (name, used) = fitted_cut(&item.name, positions, name_col, base, key, Cut::Middle);
    spans.extend(name);
    let pad = name_col.saturating_sub(used);
    spans.push(Span::styled(" ".repeat(pad + 1), base));
    let current = if item.current { "*" } else { " " };
    spans.push(Span::styled(current, base.patch(styles.ok)));
    let room = width.saturating_sub(GUTTER + name_col + CURRENT + GAP);
    if !item.detail.is_empty() && room >= 2 {
        spans.push(Span::styled(" ".repeat(GAP), base));
        let muted = base.patch(styles.muted);
        let (detail, _) = fitted(&item.detail, &[], room, muted, muted);
        spans.extend(detail);
    }
    Line::from(spans)
}

/// `text` within `max` columns, as spans: the chars at `positions` (char
/// indices, sorted) in `hl`, the rest in `base`. A name too long is cut in
/// the middle (its end tells contexts apart: `arn:aws:eks:…/prod`); a detail
/// at its end. Control characters show as `?`. Returns the spans and width.
fn fitted(text: &str, positions: &[u32], max: usize, base: Style, hl: Style) -> (Vec<Span<'static>>, usize) {
    fitted_cut(text, positions, max, base, hl, Cut::End)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Cut {
    Middle,
    End,
}

fn fitted_cut(
    text: &str,
    positions: &[u32],
    max: usize,
    base: Style,
    hl: Style,
    how: Cut,
) -> (Vec<Span<'static>>, usize) {
    if max == 0 {
        return (Vec::new(), 0);
    }
    let len = text.chars().count();
    let (head, tail) = match how {
        Cut::Middle => crate::term::cut::middle_cut(text, max, |c| char_width(shown(c))),
        Cut::End => end_cut(text, max),
    }
    .unwrap_or((len, len));
    let mut spans = Vec::new();
    let mut run = String::new();
    let mut run_hl = false;
    let mut used = 0;
    for (i, c) in text.chars().enumerate() {
        if i == head && head < len {
            if !run.is_empty() {
                spans.push(Span::styled(
                    std::mem::take(&mut run),
                    if run_hl { hl } else { base },
                ));
            }
            spans.push(Span::styled(ELLIPSIS.to_string(), base));
            used += 1;
        }
        if i >= head && i < tail {
            continue;
        }
        let c = shown(c);
        let is_hl = u32::try_from(i).is_ok_and(|i| positions.binary_search(&i).is_ok());
        if is_hl != run_hl && !run.is_empty() {
            spans.push(Span::styled(
                std::mem::take(&mut run),
                if run_hl { hl } else { base },
            ));
        }
        run_hl = is_hl;
        run.push(c);
        used += char_width(c);
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, if run_hl { hl } else { base }));
    }
    (spans, used)
}

/// An end cut as `(head, tail)`: the chars that fit before `…`, nothing after.
fn end_cut(text: &str, max: usize) -> Option<(usize, usize)> {
    if text_width(text) <= max {
        return None;
    }
    let budget = max.saturating_sub(1);
    let mut used = 0;
    let head = text
        .chars()
        .take_while(|c| {
            used += char_width(shown(*c));
            used <= budget
        })
        .count();
    Some((head, text.chars().count()))
}

fn shown(c: char) -> char {
    if c.is_control() { '?' } else { c }
}

fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// Display width as drawn by `fitted`.
fn text_width(s: &str) -> usize {
    s.chars().map(|c| char_width(shown(c))).sum()
}

#[cfg(test)]
#[path = "render_tests.rs"]
mod tests;
