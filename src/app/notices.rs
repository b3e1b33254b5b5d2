//! Notices that state a condition ("the plan refuses a pod", "a drain is
//! running") rather than report an event: after every update each is
//! checked again, and recomputed or withdrawn once its condition changed,
//! so the line never shows something that is no longer so.

use super::drain_view::DrainPhase;
use super::{About, AppState, Notice, NoticeLevel};
use crate::pages::{PaneLine, wrap};

/// The mark and theme scope of a notice of `level`.
pub fn mark(level: NoticeLevel) -> (&'static str, &'static str) {
    match level {
        NoticeLevel::Info => ("ℹ", "info"),
        NoticeLevel::Warn => ("▲", "warn"),
        NoticeLevel::Error => ("✖", "error"),
    }
}

/// A notice as rows of a screen `cols` wide: its mark, then its text
/// wrapped (never cut: the status line reads whole).
pub fn rows(n: &Notice, cols: u16) -> Vec<PaneLine> {
    let (symbol, scope) = mark(n.level);
    let line = vec![(format!(" {symbol} "), scope), (n.text.clone(), scope)];
    wrap(vec![line], usize::from(cols).max(1))
}

/// How many rows each notice gets on a `cols` x `height` screen: as many
/// as its text needs, within three rows in all (two under 12 rows, none
/// under 6), the first notice served first.
pub fn heights(notices: &[Notice], cols: u16, height: u16) -> Vec<usize> {
    let mut left: usize = match height {
        0..=5 => 0,
        6..=11 => 2,
        _ => 3,
    };
    notices
        .iter()
        .map(|n| {
            let h = rows(n, cols).len().min(left);
            left -= h;
            h
        })
        .collect()
}

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
    pub(super) fn set_condition_notice(&mut self, level: NoticeLevel, text: String, holds: Holds) {
        self.set_notice(level, About::Command, text);
        if let Some(n) = self.nav.notices.iter_mut().find(|n| n.about == About::Command) {
            n.holds = Some(holds);
        }
    }

    /// Recomputes the notices that state a condition; whether any changed.
    pub(super) fn refresh_notices(&mut self) -> bool {
        let mut changed = false;
        let mut keep = Vec::with_capacity(self.nav.notices.len());
        // The drain page as drawn now, with these notices on screen.
        let page = self.drain_page();
        for mut n in std::mem::take(&mut self.nav.notices) {
            match self.still(&n, page) {
                Some(text) if text == n.text => keep.push(n),
                Some(text) => {
                    n.text = text;
                    keep.push(n);
                    changed = true;
                }
                None => changed = true,
            }
        }
        self.nav.notices = keep;
        changed
    }

    /// What notice `n` should say now; `None`: it no longer holds.
    fn still(&self, n: &Notice, page: usize) -> Option<String> {
        let Some(holds) = n.holds else {
            return Some(n.text.clone());
        };
        let drain = self.features.drain.as_ref();
        match holds {
            Holds::DrainNotReady => drain
                .filter(|d| d.phase == DrainPhase::Confirm)
                .and_then(|d| d.ready(page).err()),
            Holds::DrainRunning => drain
                .filter(|d| d.phase == DrainPhase::Running)
                .map(|_| n.text.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice(level: NoticeLevel, text: &str) -> Notice {
        Notice {
            level,
            text: text.into(),
            about: About::Command,
            holds: None,
        }
    }

    #[test]
    fn a_long_notice_wraps_and_the_rows_are_shared_out() {
        let long = "switched to context arn:aws:eks:eu-west-1:123456789012:cluster/prod-payments; \
                    saved as the kubeconfig's current context";
        let n = notice(NoticeLevel::Error, long);
        let r = rows(&n, 80);
        assert_eq!(r.len(), 2);
        let text: String = r.iter().flatten().map(|(t, _)| t.as_str()).collect();
        assert!(
            text.contains("prod-payments;") && text.ends_with("current context"),
            "{text}"
        );
        assert!(r[0][0].0.starts_with(" ✖ switched") && r[0][0].1 == "error");
        let short = notice(NoticeLevel::Info, "ok");
        assert_eq!(heights(&[n.clone(), short.clone()], 80, 24), [2, 1]);
        assert_eq!(heights(&[n.clone(), short.clone()], 80, 10), [2, 0]);
        assert_eq!(heights(&[short.clone(), n.clone()], 80, 10), [1, 1]);
        assert_eq!(heights(&[n, short], 80, 5), [0, 0]);
    }
}
