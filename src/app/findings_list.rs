//! The findings list's view state: the `/` filter (fuzzy, over rule id,
//! severity, object and message), the cursor and the first visible row.
//! Pure; the findings come from `findings::Report`, already sorted by
//! severity and rule; the list keeps indices into them.

use nucleo_matcher::Utf32Str;

use super::nodes_table::matcher;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FindingsList {
    pub filter: String,
    /// Indices into the report's findings that the filter keeps.
    pub shown: Vec<usize>,
    pub cursor: usize,
    pub offset: usize,
}

impl FindingsList {
    /// Filters again, given each finding's text (`haystacks`); the cursor
    /// stays at its position, clamped.
    pub fn refresh(&mut self, haystacks: &[String], page: usize) {
        self.shown = match matcher(&self.filter) {
            None => (0..haystacks.len()).collect(),
            Some((pattern, mut m)) => {
                let mut buf = Vec::new();
                (0..haystacks.len())
                    .filter(|&i| {
                        let hay = &haystacks[i];
                        pattern.score(Utf32Str::new(hay, &mut buf), &mut m).is_some()
                    })
                    .collect()
            }
        };
        self.clamp(page);
    }

    pub fn move_by(&mut self, delta: isize, page: usize) {
        self.cursor = self.cursor.saturating_add_signed(delta);
        self.clamp(page);
    }

    pub fn to(&mut self, pos: usize, page: usize) {
        self.cursor = pos;
        self.clamp(page);
    }

    /// The index (into the findings) under the cursor.
    pub fn current(&self) -> Option<usize> {
        self.shown.get(self.cursor).copied()
    }

    fn clamp(&mut self, page: usize) {
        let page = page.max(1);
        self.cursor = self.cursor.min(self.shown.len().saturating_sub(1));
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + page {
            self.offset = self.cursor + 1 - page;
        }
        self.offset = self.offset.min(self.shown.len().saturating_sub(page));
    }
}
