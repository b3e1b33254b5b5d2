//! The audit log: one JSON line per mutation, per writable sub-shell opened
//! (`kubectx -s`), and per refusal in read-only
//! mode) appended to `<state dir>/audit.log`: time, who (the kubeconfig
//! user of the context, and the local user, uid and host), context, action,
//! target, outcome, and for a drain its options, each eviction's retries and
//! the pods left. Lines are written with one `write` on a file opened for
//! appending, so concurrent kon processes do not interleave them. Actions
//! on the built-in demo (`kon --demo`) go to `audit-demo.log` beside it, so
//! they never mix with real clusters' records.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;

/// The longest error text kept in a line (the rest is cut with `…`).
const MAX_TEXT: usize = 300;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// RFC 3339, UTC.
    pub time: String,
    /// The kubeconfig user of the context (`kubernetes-admin`, `oidc:alice`…).
    pub user: String,
    pub context: String,
    /// Who ran kon on this machine: `$USER` (or `$LOGNAME`), uid and host.
    pub local_user: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<u32>,
    pub host: String,
    /// `cordon`, `uncordon`, `drain`, `evict`, `delete`, `rollout-restart`, `scale`; `shell`
    /// (a writable `kubectx -s` opened or refused).
    pub action: String,
    /// `node/worker-a-2`, `pod/payments/api-7d9f-x`, `deployment.apps/web/checkout`.
    pub target: String,
    /// `ok`, `refused: read-only`, `failed: …`, `timed out: 2 pods left`…
    pub outcome: String,
    /// A drain's options (`--ignore-daemonsets --timeout 5m …`), an action's
    /// (`--grace-period=0 --force`, `--current-replicas=5 --replicas=3`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<String>,
    /// The failed tries before the outcome, compactly (`2× 429 TooManyRequests`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retries: Option<String>,
    /// The drained pods still on the node, read back from the API after the drain.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pods_left: Option<Vec<String>>,
}

impl Entry {
    pub fn now(who: &Who, action: &str, target: &str, outcome: impl Into<String>) -> Self {
        let local = Local::current();
        Self {
            time: k8s_openapi::jiff::Timestamp::now().to_string(),
            user: who.user.clone(),
            context: who.context.clone(),
            local_user: local.user,
            uid: local.uid,
            host: local.host,
            action: action.into(),
            target: target.into(),
            outcome: short(&outcome.into()),
            options: None,
            retries: None,
            pods_left: None,
        }
    }
}

/// `text` cut to a readable length (on a character boundary).
pub fn short(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= MAX_TEXT {
        return text.to_string();
    }
    let cut: String = text.chars().take(MAX_TEXT - 1).collect();
    format!("{}…", cut.trim_end())
}

/// Who acts, as the kubeconfig says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Who {
    pub user: String,
    pub context: String,
}

impl Who {
    /// The user of `context` in `kc` (`?` when the kubeconfig does not say).
    pub fn from_kubeconfig(kc: Option<&kube::config::Kubeconfig>, context: &str) -> Self {
        let user = kc
            .and_then(|kc| kc.contexts.iter().find(|c| c.name == context))
            .and_then(|c| c.context.as_ref())
            .and_then(|c| c.user.clone())
            .unwrap_or_else(|| "?".into());
        Self {
            user,
            context: context.into(),
        }
    }
}

/// Who runs kon on this machine.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Local {
    user: String,
    uid: Option<u32>,
    host: String,
}

impl Local {
    fn current() -> Self {
        let env = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        #[cfg(unix)]
        let uid = {
            use std::os::unix::fs::MetadataExt as _;
            std::fs::metadata("/proc/self").ok().map(|m| m.uid())
        };
        #[cfg(not(unix))]
        let uid = None;
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
            .or_else(|_| std::fs::read_to_string("/etc/hostname"))
            .ok()
            .map(|h| h.trim().to_string())
            .filter(|h| !h.is_empty())
            .or_else(|| env("HOSTNAME"))
            .unwrap_or_else(|| "?".into());
        let user = env("USER")
            .or_else(|| env("LOGNAME"))
            .or_else(|| uid.and_then(|u| passwd_name(&std::fs::read_to_string("/etc/passwd").ok()?, u)))
            .unwrap_or_else(|| "?".into());
        Self { user, uid, host }
    }
}

/// The name of `uid` in an `/etc/passwd` text.
fn passwd_name(passwd: &str, uid: u32) -> Option<String> {
    passwd.lines().find_map(|l| {
        let mut f = l.split(':');
        let name = f.next()?;
        (f.nth(1)?.parse::<u32>().ok()? == uid).then(|| name.to_string())
    })
}

/// Appends `entry` to the log at `path` (created 0600 with its directory).
pub fn append(path: &Path, entry: &Entry) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut line = serde_json::to_string(entry).map_err(std::io::Error::other)?;
    line.push('\n');
    let mut opts = std::fs::OpenOptions::new();
    opts.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    opts.open(path)?.write_all(line.as_bytes())
}

/// Where the demo's actions are recorded: `audit-demo.log` beside `real`.
pub fn demo_path(real: &Path) -> PathBuf {
    real.with_file_name("audit-demo.log")
}

/// The audit log of one context: where it is and who acts. Every mutation
/// path (console and headless) records through it.
#[derive(Debug, Clone, Default)]
pub struct AuditLog {
    path: Option<PathBuf>,
    who: Who,
}

impl AuditLog {
    /// `path`: none when nothing is recorded (tests without a state dir).
    pub fn new(path: Option<PathBuf>, who: Who) -> Self {
        Self { path, who }
    }

    /// A line for `action` on `target` by this log's user, to fill in and [`Self::write`].
    pub fn entry(&self, action: &str, target: &str, outcome: impl Into<String>) -> Entry {
        Entry::now(&self.who, action, target, outcome)
    }

    /// Appends `entry`; the error says, in a user's words, why it could not.
    pub fn write(&self, entry: &Entry) -> Result<(), String> {
        let Some(path) = &self.path else { return Ok(()) };
        append(path, entry).map_err(|e| {
            let text = format!("cannot write the audit log {}: {e}", path.display());
            tracing::warn!("{text}");
            text
        })
    }

    /// Records `action` on `target` with `outcome`.
    pub fn record(&self, action: &str, target: &str, outcome: impl Into<String>) -> Result<(), String> {
        self.write(&self.entry(action, target, outcome))
    }
}

/// One run's writes to an [`AuditLog`]: the one place that appends and
/// decides what the user must be told when that fails. Every failure is
/// logged (by [`AuditLog::write`]); the first one of the run is returned, to
/// be shown, later ones are not repeated.
#[derive(Debug)]
pub struct Recorder<'a> {
    log: &'a AuditLog,
    failed: AtomicBool,
}

impl<'a> Recorder<'a> {
    pub fn new(log: &'a AuditLog) -> Self {
        Self {
            log,
            failed: AtomicBool::new(false),
        }
    }

    pub fn log(&self) -> &'a AuditLog {
        self.log
    }

    /// Appends `entry`; `Some(why)` the first time the log cannot be written.
    #[must_use = "an audit-log failure must be shown to the user"]
    pub fn write(&self, entry: &Entry) -> Option<String> {
        let e = self.log.write(entry).err()?;
        (!self.failed.swap(true, Ordering::Relaxed)).then_some(e)
    }

    /// Records `action` on each of `targets` with `outcome`; `Some(why)` as [`Self::write`].
    #[must_use = "an audit-log failure must be shown to the user"]
    pub fn record_all(&self, action: &str, targets: &[String], outcome: &str) -> Option<String> {
        let mut first = None;
        for t in targets {
            let failed = self.write(&self.log.entry(action, t, outcome));
            first = first.or(failed);
        }
        first
    }
}

#[cfg(test)]
#[path = "audit_tests.rs"]
mod tests;
