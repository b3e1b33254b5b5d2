//! `config.toml`: the user's choices of theme, keymap and read-only default.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::error::FileError;
use super::load::{UserFile, read_user_file};

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Settings {
    /// Theme name (built-in or a file in `<config>/themes/`).
    #[serde(default = "default_name")]
    pub theme: String,
    /// Keymap name (built-in or a file in `<config>/keymaps/`).
    #[serde(default = "default_name")]
    pub keymap: String,
    /// Refuse every mutation unless a context says otherwise.
    #[serde(default)]
    pub readonly: bool,
    /// Per-context overrides, by context name.
    #[serde(default)]
    pub contexts: BTreeMap<String, ContextSettings>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ContextSettings {
    pub readonly: Option<bool>,
}

fn default_name() -> String {
    "default".into()
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            theme: default_name(),
            keymap: default_name(),
            readonly: false,
            contexts: BTreeMap::new(),
        }
    }
}

impl Settings {
    pub fn parse(path: &Path, src: &str) -> Result<Self, FileError> {
        toml::from_str(src).map_err(|e| FileError::from_toml(path, src, &e))
    }

    /// Loads `path`; a missing file gives the defaults, a bad one the defaults
    /// and a message.
    pub fn load(path: &Path) -> (Self, Vec<String>) {
        match read_user_file(path) {
            UserFile::Missing => (Self::default(), vec![]),
            UserFile::Unreadable(e) => (Self::default(), vec![e.to_string()]),
            UserFile::Text(src) => match Self::parse(path, &src) {
                Ok(s) => (s, vec![]),
                Err(e) => (Self::default(), vec![format!("{e} (using default settings)")]),
            },
        }
    }

    /// Whether mutations are refused on `context`.
    pub fn readonly_for(&self, context: Option<&str>) -> bool {
        context
            .and_then(|c| self.contexts.get(c))
            .and_then(|c| c.readonly)
            .unwrap_or(self.readonly)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_applies_per_context_readonly() {
        let s = Settings::parse(
            Path::new("c.toml"),
            "theme = \"light\"\nreadonly = false\n[contexts.prod]\nreadonly = true\n",
        )
        .unwrap();
        assert_eq!(s.theme, "light");
        assert_eq!(s.keymap, "default");
        assert!(s.readonly_for(Some("prod")));
        assert!(!s.readonly_for(Some("dev")));
        assert!(!s.readonly_for(None));
    }

    #[test]
    fn bad_file_is_located_and_defaults_used() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "theme = \"light\"\nreadonly = \"yes\"\n").unwrap();
        let (s, problems) = Settings::load(&path);
        assert_eq!(s, Settings::default());
        assert!(problems[0].contains("config.toml:2:12:"), "{problems:?}");

        std::fs::write(&path, "thme = \"light\"\n").unwrap();
        let (_, problems) = Settings::load(&path);
        assert!(
            problems[0].contains("config.toml:1:1:") && problems[0].contains("thme"),
            "{problems:?}"
        );
    }

    #[test]
    fn missing_file_is_not_a_problem() {
        let (s, problems) = Settings::load(Path::new("/nonexistent/kon/config.toml"));
        assert_eq!(s, Settings::default());
        assert!(problems.is_empty());
    }
}
