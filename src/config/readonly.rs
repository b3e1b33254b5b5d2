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
    /// `[contexts."NAME"] readonly = true` in config.toml.
    Context {
        name: String,
        path: PathBuf,
    },
}

/// The read-only setting for acting on `context` (`None`: no context).
/// A broken config wins over everything (a context's `readonly = false`
/// cannot lift it); then the flag; then the context's own setting; then
/// the global one.
pub fn effective(flag: bool, settings: &Settings, context: Option<&str>) -> ReadOnly {
    let ctx = context.and_then(|c| settings.contexts.get(c).map(|s| (c, s)));
    if let Some(why) = &settings.broken {
        return ReadOnly::ConfigBroken(why.clone());
    }
    if let Some((_, s)) = ctx
        && let Some(why) = &s.broken
    {
        return ReadOnly::ConfigBroken(why.clone());
    }
    if flag {
        return ReadOnly::Flag;
    }
    let path = settings.source.clone().unwrap_or_else(|| "config.toml".into());
    match ctx.and_then(|(c, s)| s.readonly.map(|r| (c, r))) {
        Some((name, true)) => ReadOnly::Context {
            name: name.to_string(),
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
            ReadOnly::Context { name, path } => {
                format!("context {name} is read-only in {}", path.display())
            }
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
}
