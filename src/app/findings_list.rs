//! The findings list's view state: the `/` filter (fuzzy, over rule id,
//! severity, object and message), the cursor and the first visible row.
//! Pure; the findings come from `findings::Report`, already sorted by
//! severity and rule; the list keeps indices into them.

use nucleo_matcher::Utf32Str;

use super::nodes_table::matcher;
use crate::findings::{Cause, Report, Unread, completeness};
use crate::viewport::Viewport;

/// `score 45 (F)`, or why there is none.
pub fn verdict(r: &Report) -> String {
    match (r.score, r.grade) {
        (Some(score), Some(grade)) if r.complete => format!("score {score} ({grade})"),
        _ if r.unread.iter().all(|u| u.cause == Cause::Pending) => "syncing, no score yet".into(),
        _ => "incomplete, no score".into(),
    }
}

/// What was not read, e.g. `incomplete, not read: pods (forbidden: list
/// pods)`; `None` when the report is complete.
pub fn unread_line(r: &Report) -> Option<String> {
    if r.complete {
        return None;
    }
    let (pending, failed): (Vec<Unread>, Vec<Unread>) =
        r.unread.iter().cloned().partition(|u| u.cause == Cause::Pending);
    Some(if failed.is_empty() {
        format!(
            "syncing: {} of {} kinds not read yet, no score until they are",
            pending.len(),
            crate::cluster::store::Kind::judged_count(),
        )
    } else {
        format!("incomplete, not read: {}", completeness::describe(&failed))
    })
}

/// The lines `text` takes wrapped at word boundaries in `width` columns
/// (an estimate on the safe side: words do not fill whole lines), at most 6.
pub fn wrapped_height(text: &str, width: u16) -> u16 {
    let fill = (usize::from(width) * 4 / 5).max(1);
    text.chars().count().div_ceil(fill).clamp(1, 6) as u16
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FindingsList {
    pub filter: String,
    /// Indices into the report's findings that the filter keeps.
    pub shown: Vec<usize>,
    /// The cursor (a position in `shown`) and the first row on screen.
    pub view: Viewport,
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
        self.view.move_by(delta, self.shown.len(), page);
    }

    pub fn to(&mut self, pos: usize, page: usize) {
        self.view.to(pos, self.shown.len(), page);
    }

    /// The index (into the findings) under the cursor.
    pub fn current(&self) -> Option<usize> {
        self.shown.get(self.view.cursor).copied()
    }

    fn clamp(&mut self, page: usize) {
        self.view.clamp(self.shown.len(), page);
    }
}
