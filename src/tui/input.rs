//! Terminal events to messages.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::app::Msg;
use crate::app::keys::{Key, KeyChord};

pub fn to_msg(event: Event) -> Option<Msg> {
    match event {
        Event::Key(k) if k.kind != KeyEventKind::Release => to_chord(k).map(Msg::Key),
        Event::Paste(s) => Some(Msg::Paste(s)),
        Event::Resize(width, height) => Some(Msg::Resize { width, height }),
        _ => None,
    }
}

pub fn to_chord(k: KeyEvent) -> Option<KeyChord> {
    let key = match k.code {
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Tab => Key::Tab,
        KeyCode::BackTab => Key::BackTab,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Delete => Key::Delete,
        KeyCode::Insert => Key::Insert,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::F(n) => Key::F(n),
        _ => return None,
    };
    let m = k.modifiers;
    Some(KeyChord::new(
        key,
        m.contains(KeyModifiers::CONTROL),
        m.contains(KeyModifiers::ALT),
        m.contains(KeyModifiers::SHIFT),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

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
