//! Kon's key chords to and from the terminal library's key events (and the
//! textarea widget's input): the one place that knows both. `keys` holds
//! the chords themselves and their text ("ctrl-c", "shift-tab").

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{Input, Key as TaKey};

use super::keys::{Key, KeyChord};

/// The chord of a key the terminal reported (`None`: a key kon has no name for).
pub fn from_key_event(k: KeyEvent) -> Option<KeyChord> {
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

/// The key event a chord stands for, for widgets that take crossterm's
/// events (the picker).
pub fn to_key_event(chord: KeyChord) -> KeyEvent {
    let code = match chord.key {
        Key::Char(c) => KeyCode::Char(c),
        Key::Enter => KeyCode::Enter,
        Key::Esc => KeyCode::Esc,
        Key::Tab => KeyCode::Tab,
        Key::BackTab => KeyCode::BackTab,
        Key::Backspace => KeyCode::Backspace,
        Key::Delete => KeyCode::Delete,
        Key::Insert => KeyCode::Insert,
        Key::Up => KeyCode::Up,
        Key::Down => KeyCode::Down,
        Key::Left => KeyCode::Left,
        Key::Right => KeyCode::Right,
        Key::Home => KeyCode::Home,
        Key::End => KeyCode::End,
        Key::PageUp => KeyCode::PageUp,
        Key::PageDown => KeyCode::PageDown,
        Key::F(n) => KeyCode::F(n),
    };
    let mut mods = KeyModifiers::NONE;
    if chord.ctrl {
        mods |= KeyModifiers::CONTROL;
    }
    if chord.alt {
        mods |= KeyModifiers::ALT;
    }
    KeyEvent::new(code, mods)
}

/// The textarea widget's input for a chord (the command and filter lines).
pub fn to_textarea_input(chord: KeyChord) -> Input {
    let key = match chord.key {
        Key::Char(c) => TaKey::Char(c),
        Key::Enter => TaKey::Enter,
        Key::Esc => TaKey::Esc,
        Key::Tab | Key::BackTab => TaKey::Tab,
        Key::Backspace => TaKey::Backspace,
        Key::Delete => TaKey::Delete,
        Key::Insert => TaKey::Null,
        Key::Up => TaKey::Up,
        Key::Down => TaKey::Down,
        Key::Left => TaKey::Left,
        Key::Right => TaKey::Right,
        Key::Home => TaKey::Home,
        Key::End => TaKey::End,
        Key::PageUp => TaKey::PageUp,
        Key::PageDown => TaKey::PageDown,
        Key::F(n) => TaKey::F(n),
    };
    Input {
        key,
        ctrl: chord.ctrl,
        alt: chord.alt,
        shift: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_key() -> Vec<Key> {
        let mut keys = vec![
            Key::Enter,
            Key::Esc,
            Key::Tab,
            Key::BackTab,
            Key::Backspace,
            Key::Delete,
            Key::Insert,
            Key::Up,
            Key::Down,
            Key::Left,
            Key::Right,
            Key::Home,
            Key::End,
            Key::PageUp,
            Key::PageDown,
            Key::F(1),
            Key::F(12),
        ];
        keys.extend(['a', 'Z', '?', ':', '/', '1', ' '].map(Key::Char));
        keys
    }

    #[test]
    fn chords_round_trip_through_key_events() {
        for key in every_key() {
            for (ctrl, alt) in [(false, false), (true, false), (false, true), (true, true)] {
                let chord = KeyChord::new(key, ctrl, alt, false);
                let back = from_key_event(to_key_event(chord));
                assert_eq!(back, Some(chord), "{chord}");
            }
        }
    }

    #[test]
    fn chords_round_trip_through_their_text() {
        // Arrows are shown as glyphs (↑ ↓ ← →) and written "up", "down"….
        let arrows = [Key::Up, Key::Down, Key::Left, Key::Right];
        for key in every_key().into_iter().filter(|k| !arrows.contains(k)) {
            for (ctrl, alt) in [(false, false), (true, false), (false, true)] {
                let chord = KeyChord::new(key, ctrl, alt, false);
                assert_eq!(KeyChord::parse(&chord.to_string()), Ok(chord), "{chord}");
            }
        }
    }

    #[test]
    fn arrows_are_shown_as_glyphs_and_written_as_names() {
        for (key, glyph, name) in [
            (Key::Up, "↑", "up"),
            (Key::Down, "↓", "down"),
            (Key::Left, "←", "left"),
            (Key::Right, "→", "right"),
        ] {
            assert_eq!(KeyChord::plain(key).to_string(), glyph);
            assert_eq!(KeyChord::parse(name), Ok(KeyChord::plain(key)));
        }
    }

    #[test]
    fn shift_folds_into_the_key() {
        let shifted = KeyEvent::new(KeyCode::Char('g'), KeyModifiers::SHIFT);
        assert_eq!(from_key_event(shifted), KeyChord::parse("G").ok());
        let f13 = KeyEvent::new(KeyCode::Null, KeyModifiers::NONE);
        assert_eq!(from_key_event(f13), None, "a key kon has no name for");
    }

    #[test]
    fn the_textarea_gets_the_same_key() {
        let i = to_textarea_input(KeyChord::ctrl('w'));
        assert_eq!((i.key, i.ctrl, i.alt), (TaKey::Char('w'), true, false));
        assert_eq!(to_textarea_input(KeyChord::plain(Key::BackTab)).key, TaKey::Tab);
    }
}
