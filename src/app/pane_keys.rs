//! Keys in an open pane: scrolling its page.

use super::action::Action;
use super::{AppState, Outcome, pane_view, pane_wrap};

impl AppState {
    pub(super) fn on_pane(&mut self, action: Option<Action>) -> Outcome {
        let page = usize::from(self.nav.size.1.saturating_sub(6)).max(1);
        let before = self.nav.pane_scroll;
        if let Some(o) = self.on_view_common(action) {
            return o;
        }
        match action {
            Some(Action::Up) => self.nav.pane_scroll = self.nav.pane_scroll.saturating_sub(1),
            Some(Action::Down) => self.nav.pane_scroll += 1,
            Some(Action::PageUp) => self.nav.pane_scroll = self.nav.pane_scroll.saturating_sub(page),
            Some(Action::PageDown) => self.nav.pane_scroll += page,
            Some(Action::Top) => self.nav.pane_scroll = 0,
            Some(Action::Bottom) => self.nav.pane_scroll = usize::MAX,
            _ => {}
        }
        let lines = pane_view::lines(&self.live.panes, self.focused_tile());
        let lines = pane_wrap::wrap(lines, pane_wrap::pane_width(self.nav.size.0)).len();
        self.nav.pane_scroll = self.nav.pane_scroll.min(lines.saturating_sub(page));
        Outcome {
            effects: vec![],
            changed: before != self.nav.pane_scroll,
        }
    }
}
