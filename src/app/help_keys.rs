//! Opening the help overlay, and its keys.

use super::action::{Action, Mode};
use super::{About, AppState, Effect, Updated};
use crate::viewport::Viewport;

impl AppState {
    pub(super) fn open_help(&mut self) -> Updated {
        self.nav.return_mode = self.screen();
        self.nav.mode = Mode::Help;
        self.nav.help_scroll = Viewport::default();
        // Help lists the file problems in full; their notice has done its job.
        self.clear_notice(About::Files);
        Updated::changed()
    }

    pub(super) fn on_help(&mut self, action: Option<Action>) -> Updated {
        let page = self.help_page();
        let len = self.help_rows().len();
        let before = self.nav.help_scroll;
        let step = Viewport::step(page);
        let s = &mut self.nav.help_scroll;
        match action {
            Some(Action::Close) => {
                self.nav.mode = self.nav.return_mode;
                return Updated::changed();
            }
            Some(Action::Quit) => return Updated::effect(Effect::Quit),
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
            changed: before != self.nav.help_scroll,
        }
    }
}
