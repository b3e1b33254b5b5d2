//! Keys in the open context or namespace picker.

use super::action::Action;
use super::key_events::to_key_event;
use super::keys::KeyChord;
use super::switch::{ALL_NAMESPACES, PickKind};
use super::{AppState, Effect, Updated};
use crate::picker::PickerOutcome;

impl AppState {
    pub(super) fn on_picker(&mut self, action: Option<Action>, chord: KeyChord) -> Updated {
        let Some(open) = self.features.picker.as_mut() else {
            self.nav.mode = self.nav.return_mode;
            return Updated::changed();
        };
        let kind = open.kind;
        let chosen = match action {
            Some(Action::Cancel) => return self.close_picker(),
            Some(Action::Shell) if kind == PickKind::Context => {
                let Some(context) = open.picker.selected().map(|i| i.name.clone()) else {
                    return Updated::default();
                };
                self.close_picker();
                return Updated::effect(Effect::ReadonlyShell { context });
            }
            Some(Action::Submit) => open.picker.selected().map(|i| (i.name.clone(), false)),
            Some(Action::Save) => open.picker.selected().map(|i| (i.name.clone(), true)),
            _ => match open.picker.handle_key(to_key_event(chord)) {
                PickerOutcome::Continue => return Updated::changed(),
                PickerOutcome::Cancelled => return self.close_picker(),
                PickerOutcome::Chosen(name) => Some((name, false)),
            },
        };
        let Some((name, persist)) = chosen else {
            return Updated::default();
        };
        self.close_picker();
        let persist = persist || self.session.persist_switches;
        match kind {
            PickKind::Context => self.switch_context(name, persist),
            PickKind::Namespace => {
                let scope = (name != ALL_NAMESPACES).then_some(name);
                self.set_scope(scope, persist)
            }
        }
    }

    pub(super) fn paste_picker(&mut self, text: &str) -> Updated {
        match self.features.picker.as_mut() {
            Some(open) => {
                open.picker.handle_paste(text);
                Updated::changed()
            }
            None => Updated::default(),
        }
    }

    pub(super) fn close_picker(&mut self) -> Updated {
        self.features.picker = None;
        self.nav.mode = self.nav.return_mode;
        Updated::changed()
    }
}
