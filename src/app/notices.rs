//! Notices that state a condition ("the plan refuses a pod", "a drain is
//! running") rather than report an event: after every update each is
//! checked again, and recomputed or withdrawn once its condition changed,
//! so the line never shows something that is no longer so.

use super::drain_view::Phase;
use super::{About, AppState, Level, Notice};

/// The condition a notice states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holds {
    /// The drain plan on screen may not start yet (`DrainView::ready`).
    DrainNotReady,
    /// A drain is running.
    DrainRunning,
}

impl AppState {
    /// Shows `text` about the command for as long as `holds` is so.
    pub(super) fn set_condition_notice(&mut self, level: Level, text: String, holds: Holds) {
        self.set_notice(level, About::Command, text);
        if let Some(n) = self.notices.iter_mut().find(|n| n.about == About::Command) {
            n.holds = Some(holds);
        }
    }

    /// Recomputes the notices that state a condition; whether any changed.
    pub(super) fn refresh_notices(&mut self) -> bool {
        let mut changed = false;
        let mut keep = Vec::with_capacity(self.notices.len());
        for mut n in std::mem::take(&mut self.notices) {
            match self.still(&n) {
                Some(text) if text == n.text => keep.push(n),
                Some(text) => {
                    n.text = text;
                    keep.push(n);
                    changed = true;
                }
                None => changed = true,
            }
        }
        self.notices = keep;
        changed
    }

    /// What notice `n` should say now; `None`: it no longer holds.
    fn still(&self, n: &Notice) -> Option<String> {
        let Some(holds) = n.holds else {
            return Some(n.text.clone());
        };
        let drain = self.drain.as_ref();
        match holds {
            Holds::DrainNotReady => drain
                .filter(|d| d.phase == Phase::Confirm)
                .and_then(|d| d.ready().err()),
            Holds::DrainRunning => drain
                .filter(|d| d.phase == Phase::Running)
                .map(|_| n.text.clone()),
        }
    }
}
