//! The `▶` beside a table's cursor row, so that the row shows without
//! colour (NO_COLOR, mono).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;

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
