//! Keymaps resolved into the console's actions: each mode's actions with
//! their key chords. `config::keymap` reads the files (`keymaps/*.toml`,
//! built-in or the user's) into raw tables with their positions; this
//! module checks their action and key names against the actions of each
//! mode. A user file in `<config>/keymaps/NAME.toml` overlays the built-in of
//! that name (or, for a new name, the one it `inherits`).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use toml::Spanned;

use super::action::{Action, Mode};
use super::keys::KeyChord;
use crate::config::error::FileError;
use crate::config::keymap::{BUILTIN, RawKeymap};
use crate::config::load::{UserFile, read_user_file};

/// The resolved bindings: for each mode, each action's keys in help order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    pub name: String,
    modes: BTreeMap<Mode, ModeBindings>,
    lookup: HashMap<(Mode, KeyChord), Action>,
}

impl Keymap {
    /// The action bound to `chord` in `mode`.
    pub fn action(&self, mode: Mode, chord: KeyChord) -> Option<Action> {
        self.lookup.get(&(mode, chord)).copied()
    }

    /// The keys bound to `action` in `mode` (empty if none).
    pub fn keys(&self, mode: Mode, action: Action) -> &[KeyChord] {
        self.modes
            .get(&mode)
            .and_then(|v| v.iter().find(|(a, _)| *a == action))
            .map_or(&[], |(_, k)| k.as_slice())
    }

    /// Every binding of a mode, in the order help lists them.
    pub fn bindings(&self, mode: Mode) -> impl Iterator<Item = (Action, &[KeyChord])> {
        self.modes
            .get(&mode)
            .into_iter()
            .flatten()
            .filter(|(_, k)| !k.is_empty())
            .map(|(a, k)| (*a, k.as_slice()))
    }

    fn from_layer(name: &str, layer: &Layer) -> Self {
        let mut km = Self {
            name: name.to_string(),
            modes: BTreeMap::new(),
            lookup: HashMap::new(),
        };
        km.overlay(layer);
        km
    }

    /// Applies a layer: each action it names gets exactly the keys it lists,
    /// and those keys are taken away from whatever they were bound to before.
    fn overlay(&mut self, layer: &Layer) {
        for (mode, actions) in &layer.modes {
            let current = self.modes.entry(*mode).or_default();
            for (action, keys) in actions {
                for (_, existing) in current.iter_mut() {
                    existing.retain(|k| !keys.contains(k));
                }
                match current.iter_mut().find(|(a, _)| a == action) {
                    Some((_, k)) => *k = keys.clone(),
                    None => current.push((*action, keys.clone())),
                }
            }
            let order = |a: &Action| mode.actions().iter().position(|x| x == a).unwrap_or(usize::MAX);
            current.sort_by_key(|(a, _)| order(a));
        }
        self.lookup = self
            .modes
            .iter()
            .flat_map(|(m, v)| {
                v.iter()
                    .flat_map(move |(a, ks)| ks.iter().map(move |k| ((*m, *k), *a)))
            })
            .collect();
    }
}

/// Each action of a mode with its keys, in order.
type ModeBindings = Vec<(Action, Vec<KeyChord>)>;

/// One parsed keymap file, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layer {
    pub inherits: Option<String>,
    modes: Vec<(Mode, ModeBindings)>,
}

/// Parses and validates a keymap file: unknown actions, unknown keys and a
/// key bound to two actions of one mode are errors with their position.
pub fn parse(path: &Path, src: &str) -> Result<Layer, FileError> {
    let raw = RawKeymap::parse(path, src)?;
    let mut modes = Vec::new();
    for (mode_name, entries) in raw.modes {
        let Some(mode) = Mode::from_name(mode_name) else {
            continue;
        };
        let mut seen: HashMap<KeyChord, (Action, String)> = HashMap::new();
        let mut actions = Vec::new();
        for (action_name, keys) in entries {
            let action = Action::from_name(action_name.get_ref())
                .filter(|a| mode.actions().contains(a))
                .ok_or_else(|| {
                    let valid: Vec<_> = mode.actions().iter().map(|a| a.name()).collect();
                    FileError::at(
                        path,
                        src,
                        Some(action_name.span()),
                        format!(
                            "unknown action `{}` in mode {mode} (valid: {})",
                            action_name.get_ref(),
                            valid.join(", ")
                        ),
                    )
                })?;
            let mut chords = Vec::new();
            for key in keys {
                let chord = KeyChord::parse(key.get_ref())
                    .map_err(|m| FileError::at(path, src, Some(key.span()), m))?;
                if let Some((other, other_text)) = seen.get(&chord)
                    && *other != action
                {
                    return Err(FileError::at(
                        path,
                        src,
                        Some(key.span()),
                        format!(
                            "key `{}` is bound to both `{}` (as `{}`) and `{}` in mode {mode}",
                            key.get_ref(),
                            other.name(),
                            other_text,
                            action.name()
                        ),
                    ));
                }
                seen.insert(chord, (action, key.get_ref().clone()));
                if !chords.contains(&chord) {
                    chords.push(chord);
                }
            }
            actions.push((action, chords));
        }
        modes.push((mode, actions));
    }
    Ok(Layer {
        inherits: raw.inherits.map(Spanned::into_inner),
        modes,
    })
}

fn builtin(name: &str) -> Option<Keymap> {
    let (n, src) = BUILTIN.iter().find(|(n, _)| *n == name)?;
    // Built-ins are tested to parse; a failure here is a bug, not user input.
    let layer = parse(Path::new(&format!("<built-in keymaps/{n}.toml>")), src).ok()?;
    Some(Keymap::from_layer(n, &layer))
}

/// The `default` keymap, always available.
pub fn default_keymap() -> Keymap {
    builtin("default").unwrap_or_else(|| Keymap {
        name: "default".into(),
        modes: BTreeMap::new(),
        lookup: HashMap::new(),
    })
}

/// Loads keymap `name`: the built-in overlaid by the user's file. Problems
/// are returned as messages and the built-in (or `default`) stays in force.
pub fn load(name: &str, user_dir: &Path) -> (Keymap, Vec<String>) {
    let mut problems = Vec::new();
    let path = user_dir.join(format!("{name}.toml"));
    let user = match read_user_file(&path) {
        UserFile::Missing => None,
        UserFile::Unreadable(e) => {
            problems.push(e.to_string());
            None
        }
        UserFile::Text(src) => match parse(&path, &src) {
            Ok(layer) => Some(layer),
            Err(e) => {
                problems.push(format!("{e} (keymap file ignored)"));
                None
            }
        },
    };
    let base_name = match (&user, builtin(name)) {
        (_, Some(_)) => name.to_string(),
        (Some(layer), None) => layer.inherits.clone().unwrap_or_else(|| "default".into()),
        (None, None) => {
            if problems.is_empty() {
                let names: Vec<_> = BUILTIN.iter().map(|(n, _)| *n).collect();
                problems.push(format!(
                    "no keymap named `{name}` (built-in: {}; or create {})",
                    names.join(", "),
                    path.display()
                ));
            }
            return (default_keymap(), problems);
        }
    };
    let mut km = match builtin(&base_name) {
        Some(k) => k,
        None => {
            problems.push(format!(
                "{}: inherits unknown built-in keymap `{base_name}`; using `default`",
                path.display()
            ));
            default_keymap()
        }
    };
    if let Some(layer) = user {
        km.overlay(&layer);
        km.name = name.to_string();
    }
    (km, problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keys::Key;

    fn chord(s: &str) -> KeyChord {
        KeyChord::parse(s).unwrap()
    }

    #[test]
    fn builtins_parse_and_bind_quit() {
        for (name, src) in BUILTIN {
            let layer = parse(Path::new(name), src).unwrap_or_else(|e| panic!("{e}"));
            let km = Keymap::from_layer(name, &layer);
            assert_eq!(
                km.action(Mode::Normal, chord("ctrl-c")),
                Some(Action::Quit),
                "{name}"
            );
            assert_eq!(km.action(Mode::Normal, chord("?")), Some(Action::Help), "{name}");
            assert_eq!(
                km.action(Mode::Command, chord("enter")),
                Some(Action::Submit),
                "{name}"
            );
            // The context and namespace pickers, from every view, in every built-in keymap.
            // The pods table: `p` opens it, Enter on a node lists its pods,
            // and it filters and sorts as the nodes table does.
            assert_eq!(km.action(Mode::Normal, chord("p")), Some(Action::Pods), "{name}");
            assert_eq!(
                km.action(Mode::Nodes, chord("enter")),
                Some(Action::Open),
                "{name}"
            );
            for (key, action) in [("/", Action::Filter), ("s", Action::Sort), ("S", Action::Reverse)] {
                assert_eq!(km.action(Mode::Pods, chord(key)), Some(action), "{name} {key}");
            }
            for mode in [
                Mode::Normal,
                Mode::Pane,
                Mode::Nodes,
                Mode::Pods,
                Mode::Findings,
                Mode::Workloads,
                Mode::Events,
            ] {
                assert_eq!(
                    km.action(mode, chord("C")),
                    Some(Action::Contexts),
                    "{name} {mode}"
                );
                assert_eq!(
                    km.action(mode, chord("N")),
                    Some(Action::Namespaces),
                    "{name} {mode}"
                );
            }
            // The events view, from the dashboard: filter and the Normal toggle.
            assert_eq!(
                km.action(Mode::Normal, chord("e")),
                Some(Action::Events),
                "{name}"
            );
            assert_eq!(
                km.action(Mode::Events, chord("/")),
                Some(Action::Filter),
                "{name}"
            );
            assert_eq!(
                km.action(Mode::Events, chord("t")),
                Some(Action::ToggleNormal),
                "{name}"
            );
            // The workloads view, from the dashboard, with the table keys.
            assert_eq!(
                km.action(Mode::Normal, chord("w")),
                Some(Action::Workloads),
                "{name}"
            );
            for (key, action) in [
                ("/", Action::Filter),
                ("s", Action::Sort),
                ("S", Action::Reverse),
                ("enter", Action::Open),
            ] {
                assert_eq!(
                    km.action(Mode::Workloads, chord(key)),
                    Some(action),
                    "{name} {key}"
                );
            }
            assert_eq!(
                km.action(Mode::Picker, chord("ctrl-s")),
                Some(Action::Save),
                "{name}"
            );
            assert_eq!(
                km.action(Mode::Picker, chord("esc")),
                Some(Action::Cancel),
                "{name}"
            );
            assert_eq!(
                km.action(Mode::Picker, chord("ctrl-r")),
                Some(Action::Shell),
                "{name}: the read-only shell from the context picker"
            );
        }
        let default = default_keymap();
        assert_eq!(default.action(Mode::Normal, chord("q")), Some(Action::Quit));
        assert_eq!(default.action(Mode::Normal, chord("j")), Some(Action::Down));
        assert_eq!(
            default.action(Mode::Normal, KeyChord::plain(Key::Up)),
            Some(Action::Up)
        );
    }

    #[test]
    fn user_overlay_rebinds_and_steals_keys() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("default.toml"), "[normal]\nhelp = [\"h\"]\n").unwrap();
        let (km, problems) = load("default", dir.path());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(km.action(Mode::Normal, chord("h")), Some(Action::Help));
        // `?` was help's key; the overlay replaced help's keys entirely.
        assert_eq!(km.action(Mode::Normal, chord("?")), None);
        // `h` no longer moves left, but the arrow still does.
        assert_eq!(km.keys(Mode::Normal, Action::Left), &[KeyChord::plain(Key::Left)]);
        // Untouched bindings survive.
        assert_eq!(km.action(Mode::Normal, chord("q")), Some(Action::Quit));
    }

    #[test]
    fn new_user_keymap_inherits() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("mine.toml"),
            "inherits = \"k9s\"\n[normal]\nquit = [\"Q\"]\n",
        )
        .unwrap();
        let (km, problems) = load("mine", dir.path());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(km.name, "mine");
        assert_eq!(km.action(Mode::Normal, chord("Q")), Some(Action::Quit));
        assert_eq!(km.action(Mode::Normal, chord("ctrl-c")), None);
        assert_eq!(km.action(Mode::Help, chord("G")), Some(Action::Bottom));
    }

    #[test]
    fn conflict_names_both_actions_and_position() {
        let src = "[normal]\nup = [\"k\"]\ndown = [\"j\", \"shift-k\", \"K\"]\nhelp = [\"k\"]\n";
        let err = parse(Path::new("/u/keymaps/x.toml"), src).unwrap_err();
        assert_eq!(err.position, Some((4, 9)), "{err}");
        assert!(
            err.to_string().contains("`up`") && err.to_string().contains("`help`"),
            "{err}"
        );
        assert!(err.to_string().starts_with("/u/keymaps/x.toml:4:9:"), "{err}");
    }

    #[test]
    fn same_chord_spelled_two_ways_conflicts() {
        let src = "[normal]\nquit = [\"ctrl-c\"]\nhelp = [\"C-c\"]\n";
        let err = parse(Path::new("k.toml"), src).unwrap_err();
        assert!(err.message.contains("`quit` (as `ctrl-c`) and `help`"), "{err}");
        assert_eq!(err.position, Some((3, 9)));
    }

    #[test]
    fn bad_files_report_line_and_column_and_keep_defaults() {
        let cases = [
            ("[normal]\nquit = [\"q\"\n", (2, 12)),                 // syntax
            ("[normal]\nfly = [\"q\"]\n", (2, 1)),                  // unknown action
            ("[normal]\n\nquit = [\"q\", \"hyper-q\"]\n", (3, 14)), // unknown key
            ("[normall]\nquit = [\"q\"]\n", (1, 2)),                // unknown mode
            ("[help]\nnext-tile = [\"n\"]\n", (2, 1)),              // action not valid in mode
        ];
        for (src, pos) in cases {
            let err = parse(Path::new("k.toml"), src).unwrap_err();
            assert_eq!(err.position, Some(pos), "{src:?}: {err}");
        }
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("default.toml"), cases[1].0).unwrap();
        let (km, problems) = load("default", dir.path());
        assert_eq!(problems.len(), 1);
        assert!(problems[0].contains("default.toml:2:1:"), "{problems:?}");
        assert_eq!(km, default_keymap());
    }

    #[test]
    fn unknown_name_falls_back_with_message() {
        let dir = tempfile::tempdir().unwrap();
        let (km, problems) = load("emacs", dir.path());
        assert_eq!(km.name, "default");
        assert!(problems[0].contains("no keymap named `emacs`"), "{problems:?}");
    }
}
