//! The one answer to "may kon change anything here?": the `--readonly`
//! flag, config.toml's `readonly` and `[contexts."NAME"] readonly`, and a
//! config.toml that could not be read (which leaves kon read-only until it
//! can be). Every command that writes, to a cluster or to a kubeconfig,
//! asks [`effective`].

use std::fmt;
use std::path::PathBuf;

use super::settings::Settings;

/// Whether read-only is in force, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadOnly {
    Off,
    /// config.toml (or its read-only part) could not be read: the text says where and why.
    ConfigBroken(String),
    /// `--readonly` on the command line.
    Flag,
    /// `readonly = true` in config.toml.
    Config(PathBuf),
    /// `[contexts."KEY"] readonly = true` in config.toml, KEY being the
    /// context's name or a glob that matches it (`prod-*`).
    Context {
        name: String,
        key: String,
        path: PathBuf,
    },
}

/// The read-only setting for acting on `context` (`None`: no context).
/// A broken config wins over everything (a context's `readonly = false`
/// cannot lift it, nor can a broken glob section that matches); then the
/// flag; then the context's own section; then the globs that match it,
/// where one `readonly = true` wins over any `false` (fail closed); then
/// the global setting.
pub fn effective(flag: bool, settings: &Settings, context: Option<&str>) -> ReadOnly {
    let sections = context.map(|c| settings.context_sections(c)).unwrap_or_default();
    if let Some(why) = &settings.broken {
        return ReadOnly::ConfigBroken(why.clone());
    }
    if let Some(why) = sections.iter().find_map(|(_, s)| s.broken.as_ref()) {
        return ReadOnly::ConfigBroken(why.clone());
    }
    if flag {
        return ReadOnly::Flag;
    }
    let path = settings.source.clone().unwrap_or_else(|| "config.toml".into());
    let said = |(k, s): &(&str, &super::settings::ContextSettings)| s.readonly.map(|r| (k.to_string(), r));
    let own = sections
        .first()
        .filter(|(k, _)| Some(*k) == context)
        .and_then(said);
    let chosen = own.or_else(|| {
        let globs: Vec<_> = sections.iter().filter_map(said).collect();
        let on = globs.iter().find(|(_, r)| *r).cloned();
        on.or_else(|| globs.into_iter().next())
    });
    match chosen {
        Some((key, true)) => ReadOnly::Context {
            name: context.unwrap_or_default().to_string(),
            key,
            path,
        },
        Some((_, false)) => ReadOnly::Off,
        None if settings.readonly => ReadOnly::Config(path),
        None => ReadOnly::Off,
    }
}

impl ReadOnly {
    pub fn is_on(&self) -> bool {
        *self != ReadOnly::Off
    }

    /// The first of several settings that is on (each context's, in turn).
    pub fn any(all: impl IntoIterator<Item = ReadOnly>) -> ReadOnly {
        all.into_iter().find(ReadOnly::is_on).unwrap_or(ReadOnly::Off)
    }

    /// Why, in a few words (empty when off).
    pub fn why(&self) -> String {
        match self {
            ReadOnly::Off => String::new(),
            ReadOnly::ConfigBroken(why) => why.clone(),
            ReadOnly::Flag => "--readonly".into(),
            ReadOnly::Config(path) => format!("readonly = true in {}", path.display()),
            ReadOnly::Context { name, key, path } if key == name => {
                format!("context {name} is read-only in {}", path.display())
            }
            ReadOnly::Context { name, key, path } => {
                format!(
                    "context {name} is read-only by contexts.\"{key}\" in {}",
                    path.display()
                )
            }
        }
    }

    /// Where, in a few words, for the header: `config.toml contexts."prod-*"`.
    pub fn badge(&self) -> String {
        let file = |p: &PathBuf| {
            (p.file_name()).map_or_else(|| "config.toml".into(), |f| f.to_string_lossy().into_owned())
        };
        match self {
            ReadOnly::Off => String::new(),
            ReadOnly::ConfigBroken(_) => "config.toml could not be read".into(),
            ReadOnly::Flag => "--readonly".into(),
            ReadOnly::Config(path) => format!("{} readonly = true", file(path)),
            ReadOnly::Context { key, path, .. } => format!("{} contexts.\"{key}\"", file(path)),
        }
    }
}

/// `read-only (why)`.
impl fmt::Display for ReadOnly {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadOnly::Off => f.write_str("not read-only"),
            on => write!(f, "read-only ({})", on.why()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn settings(src: &str) -> Settings {
        Settings::parse(Path::new("/c/config.toml"), src).0
    }

    #[test]
    fn flag_global_and_context() {
        let s =
            settings("readonly = true\n[contexts.dev]\nreadonly = false\n[contexts.prod]\nreadonly = true\n");
        assert_eq!(
            effective(false, &s, Some("other")),
            ReadOnly::Config("/c/config.toml".into())
        );
        assert_eq!(effective(false, &s, Some("dev")), ReadOnly::Off);
        assert_eq!(effective(true, &s, Some("dev")), ReadOnly::Flag);
        let prod = effective(false, &s, Some("prod"));
        assert_eq!(
            prod.to_string(),
            "read-only (context prod is read-only in /c/config.toml)"
        );
        assert_eq!(effective(false, &Settings::default(), None), ReadOnly::Off);
        assert!(effective(true, &Settings::default(), None).is_on());
    }

    #[test]
    fn a_broken_file_wins_over_everything() {
        let s = settings("readonly = false\n[contexts.dev]\nreadonly = false\ntimeout = 5m\n");
        for ctx in [None, Some("dev")] {
            let r = effective(false, &s, ctx);
            assert!(r.is_on(), "{ctx:?}");
            assert!(
                r.why().contains("config file failed to load: /c/config.toml:4:"),
                "{}",
                r.why()
            );
        }
    }

    #[test]
    fn any_picks_the_first_that_is_on() {
        let s = settings("[contexts.prod]\nreadonly = true\n");
        let r = ReadOnly::any([
            effective(false, &s, Some("dev")),
            effective(false, &s, Some("prod")),
        ]);
        assert!(matches!(r, ReadOnly::Context { ref name, .. } if name == "prod"));
        assert_eq!(ReadOnly::any([ReadOnly::Off]), ReadOnly::Off);
    }

    #[test]
    fn a_glob_section_covers_the_contexts_it_matches() {
        let s = settings("[contexts.\"prod-*\"]\nreadonly = true\n");
        let r = effective(false, &s, Some("prod-eu"));
        assert_eq!(
            r,
            ReadOnly::Context {
                name: "prod-eu".into(),
                key: "prod-*".into(),
                path: "/c/config.toml".into()
            }
        );
        assert_eq!(r.badge(), "config.toml contexts.\"prod-*\"");
        assert_eq!(
            r.why(),
            "context prod-eu is read-only by contexts.\"prod-*\" in /c/config.toml"
        );
        assert_eq!(effective(false, &s, Some("staging-prod")), ReadOnly::Off);
        assert_eq!(effective(false, &s, Some("prod")), ReadOnly::Off);
        assert_eq!(effective(false, &s, None), ReadOnly::Off);
    }

    #[test]
    fn own_section_then_globs_fail_closed_then_global() {
        let s = settings(
            "readonly = true\n[contexts.\"prod-lab\"]\nreadonly = false\n\
             [contexts.\"*-eu\"]\nreadonly = false\n[contexts.\"prod-*\"]\nreadonly = true\n\
             [contexts.\"dev-*\"]\nreadonly = false\n[contexts.\"prod-x\"]\nplatform = \"eks\"\n",
        );
        // The context's own section wins over a glob.
        assert_eq!(effective(false, &s, Some("prod-lab")), ReadOnly::Off);
        // Two globs disagree: read-only wins.
        assert!(
            matches!(effective(false, &s, Some("prod-eu")), ReadOnly::Context { key, .. } if key == "prod-*")
        );
        // An own section without readonly leaves the glob in force.
        assert!(effective(false, &s, Some("prod-x")).is_on());
        assert_eq!(s.platform_of("prod-x"), Some(crate::platform::Platform::Eks));
        // A glob's false lifts the global true, as a context's own does.
        assert_eq!(effective(false, &s, Some("dev-1")), ReadOnly::Off);
        assert!(matches!(effective(false, &s, Some("other")), ReadOnly::Config(_)));
        assert_eq!(effective(true, &s, Some("dev-1")), ReadOnly::Flag);
        assert_eq!(ReadOnly::Flag.badge(), "--readonly");
    }

    #[test]
    fn a_bad_value_in_a_glob_section_leaves_its_contexts_read_only() {
        let (s, problems) = Settings::parse(
            Path::new("/c/config.toml"),
            "[contexts.\"prod-*\"]\nreadonly = \"yes\"\n[contexts.\"dev-*\"]\nreadonly = false\n",
        );
        assert!(problems[0].starts_with("/c/config.toml:2:12"), "{problems:?}");
        let r = effective(false, &s, Some("prod-eu"));
        assert!(r.is_on());
        assert!(r.why().contains("/c/config.toml:2:12"), "{}", r.why());
        assert_eq!(r.badge(), "config.toml could not be read");
        assert_eq!(effective(false, &s, Some("dev-eu")), ReadOnly::Off);
    }
}
