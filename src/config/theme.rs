//! Themes: `themes/*.toml` with a palette and semantic styles, `inherits`,
//! dotted scope fallback (`header.context` falls back to `header`), and
//! adaptation to the terminal's colour depth.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use toml::Spanned;

use super::color::{ColorDepth, adapt};
use super::error::FileError;
use super::load::{UserFile, read_user_file};

pub const BUILTIN: &[(&str, &str)] = &[
    ("default", include_str!("../../themes/default.toml")),
    ("light", include_str!("../../themes/light.toml")),
    ("high-contrast", include_str!("../../themes/high-contrast.toml")),
    ("mono", include_str!("../../themes/mono.toml")),
];

/// Scopes every complete theme defines (directly or by inheritance).
pub const REQUIRED_SCOPES: &[&str] = &[
    "text",
    "muted",
    "ok",
    "warn",
    "crit",
    "info",
    "selection",
    "border",
    "border.focus",
    "title",
    "title.focus",
    "header",
    "header.context",
    "badge.readonly",
    "key",
    "hint",
    "error",
    "cmdline",
];

/// A resolved theme: one `Style` per scope, already adapted to the terminal.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: String,
    pub depth: ColorDepth,
    styles: HashMap<String, Style>,
}

impl Theme {
    /// The style of `scope`, falling back along its dots, then to `text`.
    pub fn style(&self, scope: &str) -> Style {
        let mut s = scope;
        loop {
            if let Some(st) = self.styles.get(s) {
                return *st;
            }
            match s.rfind('.') {
                Some(i) => s = &s[..i],
                None => return self.styles.get("text").copied().unwrap_or_default(),
            }
        }
    }

    /// True if no style carries a colour (what `mono` promises).
    pub fn is_colourless(&self) -> bool {
        self.styles
            .values()
            .all(|s| s.fg.is_none_or(|c| c == Color::Reset) && s.bg.is_none_or(|c| c == Color::Reset))
    }
}

/// A value with the place it was written, for errors found after merging.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Located {
    value: String,
    at: FileError,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct StyleSpec {
    fg: Option<Located>,
    bg: Option<Located>,
    modifiers: Vec<Located>,
}

/// One parsed theme file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layer {
    inherits: Option<Located>,
    palette: BTreeMap<String, Located>,
    palette16: BTreeMap<String, Located>,
    styles: BTreeMap<String, StyleSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    inherits: Option<Spanned<String>>,
    #[serde(default)]
    palette: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    palette16: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    styles: BTreeMap<String, RawStyle>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStyle {
    fg: Option<Spanned<String>>,
    bg: Option<Spanned<String>>,
    #[serde(default)]
    modifiers: Vec<Spanned<String>>,
}

/// Parses a theme file. Colour names are checked when the theme is resolved
/// (they may name palette entries of a child theme).
pub fn parse(path: &Path, src: &str) -> Result<Layer, FileError> {
    let raw: RawFile = toml::from_str(src).map_err(|e| FileError::from_toml(path, src, &e))?;
    let loc = |s: Spanned<String>| Located {
        at: FileError::at(path, src, Some(s.span()), ""),
        value: s.into_inner(),
    };
    let layer = Layer {
        inherits: raw.inherits.map(loc),
        palette: raw.palette.into_iter().map(|(k, v)| (k, loc(v))).collect(),
        palette16: raw.palette16.into_iter().map(|(k, v)| (k, loc(v))).collect(),
        styles: raw
            .styles
            .into_iter()
            .map(|(k, s)| {
                let spec = StyleSpec {
                    fg: s.fg.map(loc),
                    bg: s.bg.map(loc),
                    modifiers: s.modifiers.into_iter().map(loc).collect(),
                };
                (k, spec)
            })
            .collect(),
    };
    // Modifiers can be checked now.
    for spec in layer.styles.values() {
        for m in &spec.modifiers {
            parse_modifier(&m.value)
                .ok_or_else(|| located_error(m, format!("unknown modifier `{}`", m.value)))?;
        }
    }
    for entry in layer.palette16.values() {
        parse_ansi16(&entry.value).ok_or_else(|| {
            located_error(
                entry,
                format!("`{}` is not one of the 16 ANSI colours", entry.value),
            )
        })?;
    }
    Ok(layer)
}

fn located_error(l: &Located, message: String) -> FileError {
    FileError {
        message,
        ..l.at.clone()
    }
}

fn parse_modifier(s: &str) -> Option<Modifier> {
    Some(match s.to_ascii_lowercase().replace('-', "_").as_str() {
        "bold" => Modifier::BOLD,
        "dim" => Modifier::DIM,
        "italic" => Modifier::ITALIC,
        "underlined" | "underline" => Modifier::UNDERLINED,
        "reversed" | "reverse" => Modifier::REVERSED,
        "crossed_out" | "strikethrough" => Modifier::CROSSED_OUT,
        "slow_blink" | "blink" => Modifier::SLOW_BLINK,
        "hidden" => Modifier::HIDDEN,
        _ => return None,
    })
}

fn parse_ansi16(s: &str) -> Option<Color> {
    match Color::from_str(s).ok()? {
        Color::Rgb(..) | Color::Indexed(_) | Color::Reset => None,
        c => Some(c),
    }
}

/// Where theme files come from: the embedded ones and a user directory.
pub struct ThemeFiles<'a> {
    pub user_dir: &'a Path,
}

impl ThemeFiles<'_> {
    /// The chain of layers for `name`, child first. A user file named like a
    /// built-in replaces it; `inherits` of its own name means the built-in.
    fn chain(&self, name: &str) -> Result<Vec<Layer>, FileError> {
        let mut chain: Vec<Layer> = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        let mut next = Some((name.to_string(), true, None::<FileError>));
        while let Some((n, allow_user, requested_at)) = next.take() {
            let key = format!("{n}:{allow_user}");
            if seen.contains(&key) {
                let at = requested_at.unwrap_or_else(|| FileError::new(Path::new(&n), ""));
                return Err(FileError {
                    message: format!(
                        "theme inheritance cycle: {} -> {n}",
                        seen.iter()
                            .map(|s| s.split(':').next().unwrap_or(s))
                            .collect::<Vec<_>>()
                            .join(" -> ")
                    ),
                    ..at
                });
            }
            seen.push(key);
            let user_path = self.user_dir.join(format!("{n}.toml"));
            let user = if allow_user {
                match read_user_file(&user_path) {
                    UserFile::Missing => None,
                    UserFile::Unreadable(e) => return Err(e),
                    UserFile::Text(src) => Some(parse(&user_path, &src)?),
                }
            } else {
                None
            };
            let (layer, from_user) = match user {
                Some(l) => (l, true),
                None => match BUILTIN.iter().find(|(b, _)| *b == n) {
                    Some((b, src)) => (
                        parse(&PathBuf::from(format!("<built-in themes/{b}.toml>")), src)?,
                        false,
                    ),
                    None => {
                        let names: Vec<_> = BUILTIN.iter().map(|(b, _)| *b).collect();
                        let msg = format!("no theme named `{n}` (built-in: {})", names.join(", "));
                        return Err(match requested_at {
                            Some(at) => FileError { message: msg, ..at },
                            None => FileError::new(&user_path, msg),
                        });
                    }
                },
            };
            if let Some(parent) = &layer.inherits {
                // A user theme inheriting its own name means the built-in one.
                let parent_allows_user = !(from_user && parent.value == n);
                next = Some((parent.value.clone(), parent_allows_user, Some(parent.at.clone())));
            }
            chain.push(layer);
        }
        Ok(chain)
    }

    /// Resolves theme `name` for a terminal of `depth`.
    pub fn resolve(&self, name: &str, depth: ColorDepth) -> Result<Theme, FileError> {
        let chain = self.chain(name)?;
        let mut palette: BTreeMap<&str, &Located> = BTreeMap::new();
        let mut palette16: BTreeMap<&str, &Located> = BTreeMap::new();
        let mut specs: BTreeMap<&str, &StyleSpec> = BTreeMap::new();
        for layer in chain.iter().rev() {
            palette.extend(layer.palette.iter().map(|(k, v)| (k.as_str(), v)));
            palette16.extend(layer.palette16.iter().map(|(k, v)| (k.as_str(), v)));
            specs.extend(layer.styles.iter().map(|(k, v)| (k.as_str(), v)));
        }
        let colour = |l: &Located| -> Result<Color, FileError> {
            if depth == ColorDepth::Ansi16
                && let Some(c) = palette16
                    .get(l.value.as_str())
                    .and_then(|p| parse_ansi16(&p.value))
            {
                return Ok(c);
            }
            let raw = palette.get(l.value.as_str()).map_or(l, |p| *p);
            let c = Color::from_str(&raw.value).map_err(|_| {
                located_error(
                    raw,
                    format!(
                        "unknown colour `{}` (use a palette name, an ANSI name like `light-red`, `#rrggbb` or 0-255)",
                        raw.value
                    ),
                )
            })?;
            Ok(adapt(c, depth))
        };
        let mut styles = HashMap::new();
        for (scope, spec) in specs {
            let mut st = Style::default();
            if let Some(fg) = &spec.fg {
                st = st.fg(colour(fg)?);
            }
            if let Some(bg) = &spec.bg {
                st = st.bg(colour(bg)?);
            }
            for m in &spec.modifiers {
                st = st.add_modifier(parse_modifier(&m.value).unwrap_or_default());
            }
            styles.insert(scope.to_string(), st);
        }
        Ok(Theme {
            name: name.to_string(),
            depth,
            styles,
        })
    }
}

/// The built-in theme for `depth`, which cannot fail (tests guarantee it).
pub fn fallback(depth: ColorDepth) -> Theme {
    let name = if depth == ColorDepth::Mono {
        "mono"
    } else {
        "default"
    };
    let empty = Path::new("/nonexistent-kon-themes");
    ThemeFiles { user_dir: empty }
        .resolve(name, depth)
        .unwrap_or_else(|_| Theme {
            name: name.into(),
            depth,
            styles: HashMap::new(),
        })
}

/// Loads theme `name` for `depth`. Without colour, `mono` is used whatever
/// was asked. Problems come back as messages and a built-in stays in force.
pub fn load(name: &str, depth: ColorDepth, user_dir: &Path) -> (Theme, Vec<String>) {
    let name = if depth == ColorDepth::Mono { "mono" } else { name };
    match (ThemeFiles { user_dir }).resolve(name, depth) {
        Ok(t) => (t, vec![]),
        Err(e) => (fallback(depth), vec![format!("{e} (using the built-in theme)")]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin_source() -> ThemeFiles<'static> {
        ThemeFiles {
            user_dir: Path::new("/nonexistent-kon-themes"),
        }
    }

    #[test]
    fn builtins_resolve_with_every_required_scope() {
        for (name, src) in BUILTIN {
            let layer = parse(Path::new(name), src).unwrap_or_else(|e| panic!("{e}"));
            let chain_has = |scope: &str| layer.styles.contains_key(scope);
            let theme = builtin_source()
                .resolve(name, ColorDepth::TrueColor)
                .unwrap_or_else(|e| panic!("{e}"));
            for scope in REQUIRED_SCOPES {
                assert!(
                    theme.styles.contains_key(*scope) || chain_has(scope),
                    "theme {name} lacks scope {scope}"
                );
            }
        }
    }

    #[test]
    fn mono_has_no_colour_and_distinguishes_states_by_modifiers() {
        let t = builtin_source().resolve("mono", ColorDepth::Mono).unwrap();
        assert!(t.is_colourless());
        assert_ne!(t.style("crit"), t.style("text"));
        assert_ne!(t.style("selection"), t.style("text"));
        // Any theme asked for without colour comes out as mono.
        let (t, problems) = load("light", ColorDepth::Mono, Path::new("/nonexistent"));
        assert!(problems.is_empty());
        assert_eq!(t.name, "mono");
        assert!(t.is_colourless());
    }

    #[test]
    fn sixteen_colour_terminals_get_ansi_colours_only() {
        for (name, _) in BUILTIN {
            let t = builtin_source().resolve(name, ColorDepth::Ansi16).unwrap();
            for scope in REQUIRED_SCOPES {
                let st = t.style(scope);
                for c in [st.fg, st.bg].into_iter().flatten() {
                    assert!(
                        !matches!(c, Color::Rgb(..) | Color::Indexed(_)),
                        "{name}.{scope}: {c:?}"
                    );
                }
            }
        }
        let t = builtin_source().resolve("default", ColorDepth::Ansi16).unwrap();
        assert_eq!(t.style("crit").fg, Some(Color::LightRed));
    }

    #[test]
    fn inheritance_overrides_palette_and_styles() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("mine.toml"),
            "inherits = \"default\"\n[palette]\nred = \"#ff0000\"\n[styles]\nok = { fg = \"#00ff00\" }\n",
        )
        .unwrap();
        let src = ThemeFiles { user_dir: dir.path() };
        let t = src.resolve("mine", ColorDepth::TrueColor).unwrap();
        let base = builtin_source()
            .resolve("default", ColorDepth::TrueColor)
            .unwrap();
        // crit uses palette `red` in default: the child's palette wins.
        assert_eq!(t.style("crit").fg, Some(Color::Rgb(255, 0, 0)));
        assert_eq!(t.style("ok").fg, Some(Color::Rgb(0, 255, 0)));
        assert_eq!(t.style("muted"), base.style("muted"));
    }

    #[test]
    fn user_theme_named_like_builtin_replaces_and_can_inherit_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("default.toml"),
            "inherits = \"default\"\n[styles]\nwarn = { fg = \"magenta\" }\n",
        )
        .unwrap();
        let t = ThemeFiles { user_dir: dir.path() }
            .resolve("default", ColorDepth::TrueColor)
            .unwrap();
        assert_eq!(t.style("warn").fg, Some(Color::Magenta));
        assert!(t.style("crit").fg.is_some());
    }

    #[test]
    fn dotted_scopes_fall_back() {
        let t = builtin_source()
            .resolve("default", ColorDepth::TrueColor)
            .unwrap();
        assert_eq!(t.style("ok.something.deeper"), t.style("ok"));
        assert_eq!(t.style("nope"), t.style("text"));
    }

    #[test]
    fn errors_are_located() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bad.toml");
        std::fs::write(&p, "[styles]\nok = { fg = \"chartreuse-ish\" }\n").unwrap();
        let err = ThemeFiles { user_dir: dir.path() }
            .resolve("bad", ColorDepth::TrueColor)
            .unwrap_err();
        assert_eq!(err.position, Some((2, 13)), "{err}");
        assert!(
            err.to_string()
                .contains("bad.toml:2:13: unknown colour `chartreuse-ish`"),
            "{err}"
        );

        std::fs::write(
            &p,
            "[styles]\nok = { fg = \"red\", modifiers = [\"bold\", \"sparkly\"] }\n",
        )
        .unwrap();
        let err = ThemeFiles { user_dir: dir.path() }
            .resolve("bad", ColorDepth::TrueColor)
            .unwrap_err();
        assert_eq!(err.position, Some((2, 41)), "{err}");

        std::fs::write(&p, "inherits = \"nothere\"\n").unwrap();
        let err = ThemeFiles { user_dir: dir.path() }
            .resolve("bad", ColorDepth::TrueColor)
            .unwrap_err();
        assert_eq!(err.position, Some((1, 12)), "{err}");
        assert!(err.message.contains("no theme named `nothere`"));

        std::fs::write(&p, "[styles\nok = {}\n").unwrap();
        let (t, problems) = load("bad", ColorDepth::TrueColor, dir.path());
        assert_eq!(t, fallback(ColorDepth::TrueColor));
        assert!(problems[0].contains("bad.toml:1:"), "{problems:?}");
    }

    #[test]
    fn inheritance_cycle_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.toml"), "inherits = \"b\"\n").unwrap();
        std::fs::write(dir.path().join("b.toml"), "inherits = \"a\"\n").unwrap();
        let err = ThemeFiles { user_dir: dir.path() }
            .resolve("a", ColorDepth::TrueColor)
            .unwrap_err();
        assert!(err.message.contains("cycle"), "{err}");
        assert!(err.to_string().contains("b.toml:1:12"), "{err}");
    }
}
