//! Opening the help overlay, and its keys.

use super::action::{Action, Mode};
use super::{About, AppState, Effect, Outcome};

impl AppState {
    pub(super) fn open_help(&mut self) -> Outcome {
        self.nav.return_mode = self.screen();
        self.nav.mode = Mode::Help;
        self.nav.help_scroll = 0;
        // Help lists the file problems in full; their notice has done its job.
        self.clear_notice(About::Files);
        Outcome::changed()
    }

    pub(super) fn on_help(&mut self, action: Option<Action>) -> Outcome {
        let page = self.help_page();
        let last = self.help_rows().len().saturating_sub(page);
        let before = self.nav.help_scroll;
        match action {
            Some(Action::Close) => {
                self.nav.mode = self.nav.return_mode;
                return Outcome::changed();
            }
            Some(Action::Quit) => return Outcome::effect(Effect::Quit),
            Some(Action::Up) => self.nav.help_scroll = self.nav.help_scroll.saturating_sub(1),
            Some(Action::Down) => self.nav.help_scroll += 1,
            Some(Action::PageUp) => self.nav.help_scroll = self.nav.help_scroll.saturating_sub(page),
            Some(Action::PageDown) => self.nav.help_scroll += page,
            Some(Action::Top) => self.nav.help_scroll = 0,
            Some(Action::Bottom) => self.nav.help_scroll = last,
            _ => {}
        }
        self.nav.help_scroll = self.nav.help_scroll.min(last);
        Outcome {
            effects: vec![],
            changed: before != self.nav.help_scroll,
        }
    }
}
