//! Where kon keeps its files (XDG, through `directories`).

use std::path::PathBuf;

/// The directories kon reads and writes. Computed once at start and passed
/// down; nothing reads the environment after that.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// `~/.config/kon`, or `$KON_CONFIG_DIR`.
    pub config_dir: PathBuf,
    /// `~/.local/state/kon`, or `$KON_STATE_DIR`: logs, audit log, previous context.
    pub state_dir: PathBuf,
}

impl Paths {
    /// Resolves the directories from an environment lookup (injected so tests
    /// do not touch the process environment).
    pub fn resolve(env: impl Fn(&str) -> Option<String>) -> Self {
        let dirs = directories::ProjectDirs::from("", "", "kon");
        let non_empty = |k: &str| env(k).filter(|v| !v.is_empty()).map(PathBuf::from);
        let config_dir = non_empty("KON_CONFIG_DIR")
            .or_else(|| dirs.as_ref().map(|d| d.config_dir().to_path_buf()))
            .unwrap_or_else(|| PathBuf::from(".kon"));
        let state_dir = non_empty("KON_STATE_DIR")
            .or_else(|| {
                dirs.as_ref()
                    .map(|d| d.state_dir().unwrap_or_else(|| d.data_local_dir()).to_path_buf())
            })
            .unwrap_or_else(|| config_dir.join("state"));
        Self {
            config_dir,
            state_dir,
        }
    }

    pub fn from_env() -> Self {
        Self::resolve(|k| std::env::var(k).ok())
    }

    pub fn config_file(&self) -> PathBuf {
        self.config_dir.join("config.toml")
    }

    pub fn themes_dir(&self) -> PathBuf {
        self.config_dir.join("themes")
    }

    pub fn keymaps_dir(&self) -> PathBuf {
        self.config_dir.join("keymaps")
    }

    pub fn log_file(&self) -> PathBuf {
        self.state_dir.join("kon.log")
    }

    /// The audit log of every mutation and every refusal.
    pub fn audit_log(&self) -> PathBuf {
        self.state_dir.join("audit.log")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_win() {
        let p = Paths::resolve(|k| match k {
            "KON_CONFIG_DIR" => Some("/c".into()),
            "KON_STATE_DIR" => Some("/s".into()),
            _ => None,
        });
        assert_eq!(p.config_file(), PathBuf::from("/c/config.toml"));
        assert_eq!(p.themes_dir(), PathBuf::from("/c/themes"));
        assert_eq!(p.log_file(), PathBuf::from("/s/kon.log"));
    }

    #[test]
    fn empty_override_is_ignored() {
        let p = Paths::resolve(|k| (k == "KON_CONFIG_DIR").then(String::new));
        assert_ne!(p.config_dir, PathBuf::from(""));
    }
}
