//! `config.toml`: the user's choices of theme, keymap and read-only default.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::error::{FileError, line_col};
use super::lenient;
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
    /// Per-context overrides, by context name or glob (`[contexts."prod-*"]`).
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
    #[serde(default)]
    pub etcd: super::etcd::EtcdSettings,
    #[serde(default)]
    pub logs: LogsSettings,
    #[serde(default)]
    pub fleet: FleetSettings,
    /// The file these settings came from (none: the defaults).
    #[serde(skip)]
    pub source: Option<PathBuf>,
    /// Why the file (or its `readonly`) could not be read: kon is read-only.
    #[serde(skip)]
    pub broken: Option<String>,
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

/// `[fleet]`: which contexts the fleet shows and how long each may take.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FleetSettings {
    /// Context names or globs (`prod-*`); empty: every context.
    #[serde(default)]
    pub contexts: Vec<String>,
    /// Each context's probe gives up after this long (`5s`).
    #[serde(default = "default_fleet_timeout", deserialize_with = "duration_secs")]
    pub timeout: i64,
    /// How often the console's fleet view probes every context again (`60s`).
    #[serde(default = "default_fleet_refresh", deserialize_with = "duration_secs")]
    pub refresh: i64,
    /// How many contexts are probed at once, 1 to 64.
    #[serde(default = "default_fleet_concurrency", deserialize_with = "fleet_concurrency")]
    pub concurrency: usize,
}

fn default_fleet_timeout() -> i64 {
    5
}

fn default_fleet_refresh() -> i64 {
    60
}

fn default_fleet_concurrency() -> usize {
    8
}

fn fleet_concurrency<'de, D: serde::Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
    let n = i64::deserialize(d)?;
    match usize::try_from(n) {
        Ok(n @ 1..=64) => Ok(n),
        _ => Err(serde::de::Error::custom(format!(
            "concurrency must be 1 to 64 (got {n})"
        ))),
    }
}

impl Default for FleetSettings {
    fn default() -> Self {
        Self {
            contexts: Vec::new(),
            timeout: default_fleet_timeout(),
            refresh: default_fleet_refresh(),
            concurrency: default_fleet_concurrency(),
        }
    }
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

/// `[logs]`: the console's log view.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LogsSettings {
    /// Lines kept per log (the oldest are dropped, and counted), 100 to 1000000.
    #[serde(
        default = "default_buffer_lines",
        alias = "buffer_lines",
        deserialize_with = "buffer_lines"
    )]
    pub buffer_lines: usize,
    /// Lines asked for when a log opens (`tailLines`), at least 1.
    #[serde(default = "default_tail", deserialize_with = "tail_lines")]
    pub tail: i64,
}

fn default_buffer_lines() -> usize {
    10_000
}

fn default_tail() -> i64 {
    500
}

impl Default for LogsSettings {
    fn default() -> Self {
        Self {
            buffer_lines: default_buffer_lines(),
            tail: default_tail(),
        }
    }
}

fn buffer_lines<'de, D: serde::Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
    let n = usize::deserialize(d)?;
    if (100..=1_000_000).contains(&n) {
        Ok(n)
    } else {
        Err(serde::de::Error::custom(format!(
            "buffer-lines must be 100 to 1000000 (got {n})"
        )))
    }
}

fn tail_lines<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let n = i64::deserialize(d)?;
    if n >= 1 {
        Ok(n)
    } else {
        Err(serde::de::Error::custom(format!(
            "tail must be at least 1 (got {n})"
        )))
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
    /// Rules never run (ids, as written: `findings::check_skip` drops the
    /// ones no rule has).
    #[serde(default)]
    pub skip: Vec<String>,
    /// Where each `skip` id is written (line, column), to report it.
    #[serde(skip)]
    pub skip_at: Vec<Option<(usize, usize)>>,
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

pub(super) fn duration_secs<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let s = String::deserialize(d)?;
    parse_duration(&s).map_err(serde::de::Error::custom)
}

fn platform_key<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<crate::platform::Platform>, D::Error> {
    use crate::platform::Platform;
    let s = String::deserialize(d)?;
    match Platform::from_key(&s) {
        Some(p) => Ok(Some(p)),
        None => {
            let known: Vec<&str> = Platform::ALL.iter().map(|p| p.key()).collect();
            Err(serde::de::Error::custom(format!(
                "unknown platform \"{s}\": expected one of {}",
                known.join(", ")
            )))
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ContextSettings {
    pub readonly: Option<bool>,
    /// The platform this context runs on (`platform = "eks"`), overriding
    /// detection. A value kon does not know is dropped with a problem.
    #[serde(default, deserialize_with = "platform_key")]
    pub platform: Option<crate::platform::Platform>,
    /// Why this context's settings could not be read: it is read-only.
    #[serde(skip)]
    pub broken: Option<String>,
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
            etcd: Default::default(),
            logs: LogsSettings::default(),
            fleet: FleetSettings::default(),
            source: None,
            broken: None,
        }
    }
}

impl Settings {
    /// Reads config.toml value by value: a bad value is dropped (and
    /// reported with path:line:column), the rest applies. A file that is
    /// not TOML gives the defaults and leaves kon read-only, and so does a
    /// `readonly` that cannot be read (for its context, or everywhere).
    /// The problems come back as lines for the user, read-only ones first.
    pub fn parse(path: &Path, src: &str) -> (Self, Vec<String>) {
        let read = match lenient::parse::<Settings>(path, src) {
            Ok(read) => read,
            Err(e) => return Self::unloadable(path, &e),
        };
        let mut s = read.value;
        s.source = Some(path.to_path_buf());
        let (mut first, mut rest) = (Vec::new(), Vec::new());
        for d in read.dropped {
            match readonly_scope(&d.keys) {
                Some(None) => {
                    s.broken = Some(format!("readonly could not be read: {}", d.error));
                    first.push(format!("{} (kon is read-only until this is fixed)", d.error));
                }
                Some(Some(name)) => {
                    let why = format!("the settings of context {name} could not be read: {}", d.error);
                    s.contexts.entry(name.clone()).or_default().broken = Some(why);
                    first.push(format!(
                        "{} (context {name} is read-only until this is fixed)",
                        d.error
                    ));
                }
                None => rest.push(format!("{} (this setting is ignored)", d.error)),
            }
        }
        s.check_values(path, src, &mut rest);
        first.extend(rest);
        (s, first)
    }

    /// The settings when the file cannot be read at all: the defaults, read-only.
    fn unloadable(path: &Path, e: &FileError) -> (Self, Vec<String>) {
        let s = Self {
            source: Some(path.to_path_buf()),
            broken: Some(format!("config file failed to load: {e}")),
            ..Self::default()
        };
        (s, vec![format!("{e} (kon is read-only until this file loads)")])
    }

    /// Checks what the types cannot: thresholds in order. A bad one is
    /// dropped and reported. (The rule ids of `[findings] skip` are the
    /// rules' business: this only notes where each is written.)
    fn check_values(&mut self, path: &Path, src: &str, problems: &mut Vec<String>) {
        self.findings.skip_at = (self.findings.skip.iter())
            .map(|id| src.find(&format!("\"{id}\"")).map(|i| line_col(src, i)))
            .collect();
        let c = &self.certificates;
        if c.critical_days >= c.warn_days {
            let at = src.find("critical-days").map(|i| i..i + 1);
            let msg = format!(
                "certificates: critical-days ({}) must be less than warn-days ({})",
                c.critical_days, c.warn_days
            );
            let e = FileError::at(path, src, at, msg);
            problems.push(format!("{e} (both are ignored)"));
            self.certificates.warn_days = default_warn_days();
            self.certificates.critical_days = default_critical_days();
        }
    }

    /// The platform config.toml names for `context`, if any.
    pub fn platform_of(&self, context: &str) -> Option<crate::platform::Platform> {
        (self.context_sections(context).into_iter()).find_map(|(_, c)| c.platform)
    }

    /// The `[contexts."KEY"]` sections that apply to `context`, as
    /// (KEY, settings): its own section first, then the globs that match
    /// it (`prod-*`, see [`super::glob`]) in the file's key order.
    pub fn context_sections(&self, context: &str) -> Vec<(&str, &ContextSettings)> {
        let own = self.contexts.get_key_value(context);
        let globs = (self.contexts.iter())
            .filter(|(k, _)| k.as_str() != context && super::glob::is_glob(k))
            .filter(|(k, _)| super::glob::matches(k, context));
        own.into_iter()
            .chain(globs)
            .map(|(k, c)| (k.as_str(), c))
            .collect()
    }

    /// Loads `path`; a missing file gives the defaults, a bad one what
    /// could be read and the problems (see [`Settings::parse`]).
    pub fn load(path: &Path) -> (Self, Vec<String>) {
        match read_user_file(path) {
            UserFile::Missing => (Self::default(), vec![]),
            UserFile::Unreadable(e) => Self::unloadable(path, &e),
            UserFile::Text(src) => Self::parse(path, &src),
        }
    }
}

/// Whether a dropped key held a read-only setting: `Some(None)` for the
/// global one (or `contexts` as a whole), `Some(Some(name))` for a
/// context's. A misspelt `read-only`/`readOnly` counts: fail closed.
fn readonly_scope(keys: &[String]) -> Option<Option<String>> {
    let norm = |k: &str| k.to_ascii_lowercase().replace(['-', '_'], "");
    match keys {
        [k, ..] if norm(k) == "readonly" => Some(None),
        [k] if k == "contexts" => Some(None),
        // A bad platform is only dropped: detection decides instead.
        [k, _, field] if k == "contexts" && field == "platform" => None,
        [k, name, ..] if k == "contexts" => Some(Some(name.clone())),
        _ => None,
    }
}

#[cfg(test)]
#[path = "settings_tests.rs"]
mod tests;
