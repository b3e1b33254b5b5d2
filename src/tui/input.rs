//! Terminal events to messages.

use crossterm::event::{Event, KeyEventKind};

use crate::app::Msg;
use crate::app::key_events::from_key_event;

pub fn to_msg(event: Event) -> Option<Msg> {
    match event {
        Event::Key(k) if k.kind != KeyEventKind::Release => from_key_event(k).map(Msg::Key),
        Event::Paste(s) => Some(Msg::Paste(s)),
        Event::Resize(width, height) => Some(Msg::Resize { width, height }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keys::KeyChord;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    #[test]
    fn crossterm_keys_match_keymap_chords() {
        let ev = |code, mods| Event::Key(KeyEvent::new(code, mods));
        assert_eq!(
            to_msg(ev(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Msg::Key(KeyChord::parse("ctrl-c").unwrap()))
        );
        assert_eq!(
            to_msg(ev(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Msg::Key(KeyChord::parse("G").unwrap()))
        );
        assert_eq!(
            to_msg(ev(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(Msg::Key(KeyChord::parse("shift-tab").unwrap()))
        );
        let mut release = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
        release.kind = KeyEventKind::Release;
        assert_eq!(to_msg(Event::Key(release)), None);
    }
}
