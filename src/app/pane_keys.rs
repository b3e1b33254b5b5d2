//! Keys in an open pane: scrolling its page.

use super::action::Action;
use super::{AppState, Updated};
use crate::pages;
use crate::viewport::Viewport;

impl AppState {
    /// How many lines of an open pane fit on screen: the body between the
    /// header and the notices and footer, less the pane's borders (what
    /// `ui::pane` draws).
    pub fn pane_page(&self) -> usize {
        let body = self.nav.size.1.saturating_sub(2 + self.notice_rows());
        usize::from(body.saturating_sub(2)).max(1)
    }

    /// How many rows the open pane's lines take, wrapped to its width.
    fn pane_lines(&self) -> usize {
        pages::line_count(
            &self.live.panes,
            self.focused_tile(),
            self.nav.size.0,
            self.live.now,
        )
    }

    pub(super) fn on_pane(&mut self, action: Option<Action>) -> Updated {
        let page = self.pane_page();
        let before = self.nav.pane_scroll;
        if let Some(o) = self.on_view_common(action) {
            return o;
        }
        if self.focused_tile() == pages::TileId::EtcdBackups {
            match action {
                Some(Action::EtcdSnapshot) => return self.etcd_snapshot(None),
                Some(Action::EtcdDefrag) => return self.etcd_defrag(),
                _ => {}
            }
        }
        let len = self.pane_lines();
        let step = Viewport::step(page);
        let s = &mut self.nav.pane_scroll;
        match action {
            Some(Action::Up) => s.scroll_by(-1, len, page),
            Some(Action::Down) => s.scroll_by(1, len, page),
            Some(Action::PageUp) => s.scroll_by(-step, len, page),
            Some(Action::PageDown) => s.scroll_by(step, len, page),
            Some(Action::Top) => s.scroll_to(0, len, page),
            Some(Action::Bottom) => s.scroll_to(usize::MAX, len, page),
            _ => s.clamp_scroll(len, page),
        }
        Updated {
            effects: vec![],
            changed: before != self.nav.pane_scroll,
        }
    }
}
