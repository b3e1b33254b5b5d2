//! `config.toml`: the user's choices of theme, keymap and read-only default.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
    /// Context and namespace switches made in the console also change the
    /// kubeconfig, as kubectx/kubens do (default: the console only).
    #[serde(default)]
    pub persist_switch: bool,
    /// Per-context overrides, by context name.
    #[serde(default)]
    pub contexts: BTreeMap<String, ContextSettings>,
    #[serde(default)]
    pub certificates: CertSettings,
    #[serde(default)]
    pub backups: BackupSettings,
    #[serde(default)]
    pub findings: FindingSettings,
    #[serde(default)]
    pub drain: DrainSettings,
}

/// `[drain]`: how the console drains (`kon drain` takes flags).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DrainSettings {
    /// Give up after this long (`5m`); the node stays cordoned.
    #[serde(default = "default_drain_timeout", deserialize_with = "duration_secs")]
    pub timeout: i64,
    /// Each pod's grace period in seconds (default: the pod's own).
    pub grace_period: Option<i64>,
}

fn default_drain_timeout() -> i64 {
    300
}

impl Default for DrainSettings {
    fn default() -> Self {
        Self {
            timeout: default_drain_timeout(),
            grace_period: None,
        }
    }
}

/// `[findings]`: how the readiness rules judge the cluster.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FindingSettings {
    /// The system namespaces (default kube-system, kube-public, kube-node-lease).
    pub system_namespaces: Option<Vec<String>>,
    /// Judge system namespaces by every rule, those that skip them too.
    #[serde(default)]
    pub judge_system: bool,
    /// Rules never run (ids).
    #[serde(default)]
    pub skip: Vec<String>,
}

/// `[certificates]`: when an expiry warns, and where kubeadm's files are.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CertSettings {
    /// Warn when a certificate expires within this many days.
    #[serde(default = "default_warn_days")]
    pub warn_days: u32,
    /// Critical within this many days (and when expired).
    #[serde(default = "default_critical_days")]
    pub critical_days: u32,
    /// kubeadm's PKI directory (default `/etc/kubernetes/pki`, read when it exists).
    pub pki_dir: Option<PathBuf>,
}

fn default_warn_days() -> u32 {
    28
}

fn default_critical_days() -> u32 {
    14
}

impl Default for CertSettings {
    fn default() -> Self {
        Self {
            warn_days: default_warn_days(),
            critical_days: default_critical_days(),
            pki_dir: None,
        }
    }
}

/// `[backups]`: the recovery point objective and where backups are found.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BackupSettings {
    /// The newest good backup may be this old (`24h`, `90m`, `2d`); twice that is critical.
    #[serde(default = "default_rpo", deserialize_with = "duration_secs")]
    pub rpo: i64,
    /// The label (`key` or `key=value`) of CronJobs that take etcd snapshots;
    /// unset: CronJobs named with `etcd` and `backup` or `snapshot`.
    pub cronjob_label: Option<String>,
    /// A local directory of etcd snapshot files.
    pub dir: Option<PathBuf>,
}

fn default_rpo() -> i64 {
    86_400
}

impl Default for BackupSettings {
    fn default() -> Self {
        Self {
            rpo: default_rpo(),
            cronjob_label: None,
            dir: None,
        }
    }
}

/// `30s`, `90m`, `24h`, `2d` as seconds (more than zero).
pub fn parse_duration(s: &str) -> Result<i64, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (n, unit) = s.split_at(split);
    let n: i64 = n
        .parse()
        .map_err(|_| format!("`{s}` is not a duration (like 24h, 90m, 2d)"))?;
    let mult = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3_600,
        "d" => 86_400,
        _ => return Err(format!("`{s}`: the unit must be s, m, h or d")),
    };
    match n.checked_mul(mult) {
        Some(v) if v > 0 => Ok(v),
        _ => Err(format!("`{s}` must be more than zero and reasonable")),
    }
}

fn duration_secs<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let s = String::deserialize(d)?;
    parse_duration(&s).map_err(serde::de::Error::custom)
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
            persist_switch: false,
            contexts: BTreeMap::new(),
            certificates: CertSettings::default(),
            backups: BackupSettings::default(),
            findings: FindingSettings::default(),
            drain: DrainSettings::default(),
        }
    }
}

impl Settings {
    pub fn parse(path: &Path, src: &str) -> Result<Self, FileError> {
        let s: Self = toml::from_str(src).map_err(|e| FileError::from_toml(path, src, &e))?;
        if let Some(bad) = s
            .findings
            .skip
            .iter()
            .find(|id| !crate::findings::catalog().iter().any(|r| r.id == id.as_str()))
        {
            let at = src.find(bad.as_str()).map(|i| i..i + 1);
            return Err(FileError::at(
                path,
                src,
                at,
                format!("findings: unknown rule `{bad}` in skip"),
            ));
        }
        let c = &s.certificates;
        if c.critical_days >= c.warn_days {
            let at = src.find("critical-days").map(|i| i..i + 1);
            let msg = format!(
                "certificates: critical-days ({}) must be less than warn-days ({})",
                c.critical_days, c.warn_days
            );
            return Err(FileError::at(path, src, at, msg));
        }
        Ok(s)
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
        assert!(!s.persist_switch, "console switches stay in kon by default");
        let s = Settings::parse(Path::new("c.toml"), "persist-switch = true\n").unwrap();
        assert!(s.persist_switch);
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
    fn certificate_and_backup_settings() {
        let s = Settings::parse(
            Path::new("c.toml"),
            "[certificates]\nwarn-days = 30\ncritical-days = 7\npki-dir = \"/x/pki\"\n\
             [backups]\nrpo = \"6h\"\ncronjob-label = \"backup=etcd\"\ndir = \"/var/backups\"\n",
        )
        .unwrap();
        assert_eq!((s.certificates.warn_days, s.certificates.critical_days), (30, 7));
        assert_eq!(s.backups.rpo, 6 * 3600);
        assert_eq!(s.backups.cronjob_label.as_deref(), Some("backup=etcd"));
        let d = Settings::default();
        assert_eq!(
            (
                d.certificates.warn_days,
                d.certificates.critical_days,
                d.backups.rpo
            ),
            (28, 14, 86_400)
        );
        let e = Settings::parse(Path::new("c.toml"), "[backups]\nrpo = \"soon\"\n").unwrap_err();
        assert!(
            e.to_string().contains("c.toml:2:7") && e.to_string().contains("soon"),
            "{e}"
        );
        let e = Settings::parse(Path::new("c.toml"), "[certificates]\ncritical-days = 30\n").unwrap_err();
        assert!(
            e.to_string().contains("c.toml:2:1") && e.to_string().contains("less than"),
            "{e}"
        );
        for (text, secs) in [("30s", 30), ("90m", 5400), ("2d", 172_800)] {
            assert_eq!(parse_duration(text), Ok(secs));
        }
        for bad in ["", "0h", "h", "5w", "99999999999999999d"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn findings_settings() {
        let s = Settings::parse(
            Path::new("c.toml"),
            "[findings]\nsystem-namespaces = [\"kube-system\", \"platform\"]\njudge-system = true\nskip = [\"image-latest-tag\"]\n",
        )
        .unwrap();
        assert_eq!(
            s.findings.system_namespaces.as_deref().map(<[String]>::len),
            Some(2)
        );
        assert!(s.findings.judge_system);
        let e = Settings::parse(Path::new("c.toml"), "[findings]\nskip = [\"no-such\"]\n").unwrap_err();
        assert!(
            e.to_string().contains("c.toml:2:") && e.to_string().contains("no-such"),
            "{e}"
        );
    }

    #[test]
    fn missing_file_is_not_a_problem() {
        let (s, problems) = Settings::load(Path::new("/nonexistent/kon/config.toml"));
        assert_eq!(s, Settings::default());
        assert!(problems.is_empty());
    }
}
