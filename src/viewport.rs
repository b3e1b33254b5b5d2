//! One list cursor and viewport for every scrolled list and page of the
//! console (the nodes table, the findings list, an open pane, help, the
//! pickers): where the cursor is, which row is first on screen, and the
//! moves that keep the cursor inside the list and on screen. Pure: the
//! caller says how long the list is and how many rows the screen shows.
//!
//! A list with a cursor uses `move_by`, `to` and `clamp`; a page of text
//! with no cursor (a pane, help) uses only `offset`, through `scroll_by`,
//! `scroll_to` and `clamp_scroll`.

use std::ops::Range;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Viewport {
    /// The row under the cursor.
    pub cursor: usize,
    /// The first row on screen.
    pub offset: usize,
}

impl Viewport {
    /// Moves the cursor by `delta` rows (negative: up), within `len` rows.
    pub fn move_by(&mut self, delta: isize, len: usize, page: usize) {
        self.cursor = self.cursor.saturating_add_signed(delta);
        self.clamp(len, page);
    }

    /// Puts the cursor on row `pos` (`usize::MAX`: the last row).
    pub fn to(&mut self, pos: usize, len: usize, page: usize) {
        self.cursor = pos;
        self.clamp(len, page);
    }

    /// Keeps the cursor inside the `len` rows and on a screen of `page`
    /// rows, and the screen as full as the rows allow (a list that shrank
    /// scrolls back).
    pub fn clamp(&mut self, len: usize, page: usize) {
        let page = page.max(1);
        self.cursor = self.cursor.min(len.saturating_sub(1));
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + page {
            self.offset = self.cursor + 1 - page;
        }
        self.offset = self.offset.min(len.saturating_sub(page));
    }

    /// Scrolls a page of `len` lines by `delta` lines (no cursor).
    pub fn scroll_by(&mut self, delta: isize, len: usize, page: usize) {
        self.offset = self.offset.saturating_add_signed(delta);
        self.clamp_scroll(len, page);
    }

    /// Scrolls a page of `len` lines to line `line` (`usize::MAX`: the end).
    pub fn scroll_to(&mut self, line: usize, len: usize, page: usize) {
        self.offset = line;
        self.clamp_scroll(len, page);
    }

    /// Keeps the last screen full: never past the line that shows the end.
    pub fn clamp_scroll(&mut self, len: usize, page: usize) {
        self.offset = self.offset.min(len.saturating_sub(page.max(1)));
    }

    /// The rows on a screen of `page` rows, of `len`.
    pub fn visible(&self, len: usize, page: usize) -> Range<usize> {
        self.offset.min(len)..len.min(self.offset + page)
    }

    /// The number of rows a page key moves, for `move_by` and `scroll_by`.
    pub fn step(page: usize) -> isize {
        isize::try_from(page.max(1)).unwrap_or(isize::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_stays_in_the_list_and_on_screen() {
        let mut v = Viewport::default();
        v.move_by(1, 10, 3);
        assert_eq!((v.cursor, v.offset), (1, 0));
        v.move_by(4, 10, 3);
        assert_eq!((v.cursor, v.offset), (5, 3), "the screen follows down");
        v.move_by(-4, 10, 3);
        assert_eq!((v.cursor, v.offset), (1, 1), "and up");
        v.move_by(-9, 10, 3);
        assert_eq!((v.cursor, v.offset), (0, 0));
        v.to(usize::MAX, 10, 3);
        assert_eq!((v.cursor, v.offset), (9, 7), "end: the last row at the bottom");
        v.move_by(100, 10, 3);
        assert_eq!((v.cursor, v.offset), (9, 7));
    }

    #[test]
    fn a_list_that_shrinks_scrolls_back() {
        let mut v = Viewport { cursor: 9, offset: 7 };
        v.clamp(5, 3);
        assert_eq!((v.cursor, v.offset), (4, 2));
        v.clamp(0, 3);
        assert_eq!((v.cursor, v.offset), (0, 0), "empty");
        let mut v = Viewport { cursor: 4, offset: 2 };
        v.clamp(5, 10);
        assert_eq!((v.cursor, v.offset), (4, 0), "a taller screen shows it all");
    }

    #[test]
    fn a_page_scrolls_to_its_last_full_screen() {
        let mut v = Viewport::default();
        v.scroll_by(Viewport::step(4), 10, 4);
        assert_eq!(v.offset, 4);
        v.scroll_by(Viewport::step(4), 10, 4);
        assert_eq!(v.offset, 6, "the last line at the bottom, no blank rows");
        v.scroll_to(usize::MAX, 10, 4);
        assert_eq!(v.offset, 6);
        v.scroll_by(-100, 10, 4);
        assert_eq!(v.offset, 0);
        v.scroll_to(usize::MAX, 3, 4);
        assert_eq!(v.offset, 0, "a short page does not scroll");
        assert_eq!(v.cursor, 0, "a page has no cursor");
    }

    #[test]
    fn visible_rows() {
        let v = Viewport { cursor: 5, offset: 4 };
        assert_eq!(v.visible(10, 3), 4..7);
        assert_eq!(v.visible(5, 3), 4..5);
        assert_eq!(v.visible(2, 3), 2..2);
    }
}
