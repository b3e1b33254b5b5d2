//! The events view's state: Warnings only or Normal ones too, the `/`
//! filter (fuzzy over type, reason, object and message), the cursor.
//! Pure; the rows come from `signals::events` (newest first).

use nucleo_matcher::Utf32Str;

use crate::signals::events::EventRow;
use crate::viewport::Viewport;

/// The lines under the list: the selected event whole (wrapped).
pub const DETAIL_ROWS: usize = 4;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventsView {
    /// Normal events are shown too (else Warnings only).
    pub normal: bool,
    pub filter: String,
    /// Indices into the rows that the toggle and the filter keep.
    pub shown: Vec<usize>,
    pub view: Viewport,
}

/// What the filter matches: type, reason, object, message.
fn haystack(r: &EventRow) -> String {
    let kind = if r.warning { "Warning" } else { "Normal" };
    format!("{kind} {} {} {}", r.reason, r.object(), r.message)
}

impl EventsView {
    /// Filters again; the cursor stays at its position, clamped (the
    /// newest event arrives on top: a kept cursor would drift).
    pub fn refresh(&mut self, rows: &[EventRow], page: usize) {
        let wanted = |r: &EventRow| r.warning || self.normal;
        self.shown = match super::nodes_table::matcher(&self.filter) {
            None => (0..rows.len()).filter(|&i| wanted(&rows[i])).collect(),
            Some((pattern, mut m)) => {
                let mut buf = Vec::new();
                (0..rows.len())
                    .filter(|&i| wanted(&rows[i]))
                    .filter(|&i| {
                        let hay = haystack(&rows[i]);
                        pattern.score(Utf32Str::new(&hay, &mut buf), &mut m).is_some()
                    })
                    .collect()
            }
        };
        self.view.clamp(self.shown.len(), page);
    }

    pub fn move_by(&mut self, delta: isize, page: usize) {
        self.view.move_by(delta, self.shown.len(), page);
    }

    pub fn to(&mut self, pos: usize, page: usize) {
        self.view.to(pos, self.shown.len(), page);
    }

    pub fn current<'a>(&self, rows: &'a [EventRow]) -> Option<&'a EventRow> {
        self.shown.get(self.view.cursor).and_then(|&i| rows.get(i))
    }
}
