//! The `▶` beside a table's cursor row, so that the row shows without
//! colour (NO_COLOR, mono).

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Row, Table};

use crate::config::theme::Theme;
use crate::viewport::Viewport;

/// Draws the marker in `column` (one cell wide, its first row beside the
/// table's header) when the cursor row of `view` is among the `visible` rows.
pub fn draw(frame: &mut Frame, theme: &Theme, column: Rect, view: &Viewport, visible: usize) {
    if view.cursor < view.offset || view.cursor - view.offset >= visible {
        return;
    }
    let y = column.y + 1 + (view.cursor - view.offset) as u16;
    if y < column.bottom() {
        let at = Rect {
            y,
            height: 1,
            ..column
        };
        frame.render_widget(Span::styled("▶", theme.style("selection")), at);
    }
}

/// A table of `rows` under `header` in `inner`, its first two columns kept
/// for the cursor marker of `view` (the pods, workloads and fleet tables).
#[allow(clippy::too_many_arguments)]
pub fn draw_table<'a>(
    frame: &mut Frame,
    theme: &Theme,
    inner: Rect,
    view: &Viewport,
    visible: usize,
    header: Row<'a>,
    rows: Vec<Row<'a>>,
    widths: Vec<Constraint>,
) {
    let marker_col = Rect { width: 2, ..inner };
    let table_area = Rect {
        x: inner.x + 2,
        width: inner.width.saturating_sub(2),
        ..inner
    };
    draw(frame, theme, marker_col, view, visible);
    let table = Table::new(rows, widths)
        .header(header)
        .column_spacing(1)
        .flex(Flex::Start);
    frame.render_widget(table, table_area);
}
