//! One context's row of the fleet: what was read, what could not be (in
//! kubectl's words), and the worst verdict. Pure: the probe fills it.

use serde::Serialize;

/// A row's verdict, ordered so that `max` is the worst: a critical finding
/// outranks a context that could not be judged, which outranks a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Ok,
    Warning,
    /// Could not be judged (unreachable, forbidden, timed out): see `error`.
    Unknown,
    Critical,
}

impl Verdict {
    /// The symbol of the row (text report, and the view later).
    pub fn symbol(self) -> &'static str {
        match self {
            Verdict::Ok => "✔",
            Verdict::Warning => "▲",
            Verdict::Unknown => "?",
            Verdict::Critical => "✖",
        }
    }
}

/// Problem pods by the pods table's tiers (`signals::pods::Tier`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ProblemPods {
    pub not_running: usize,
    pub containers_failing: usize,
    pub restarted: usize,
}

/// The newest etcd backup, or a control plane the provider runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase", tag = "kind")]
pub enum Backup {
    /// Age of the newest backup against the RPO, in seconds.
    Age { age_secs: i64, rpo_secs: i64 },
    /// The provider backs etcd up (EKS, GKE, AKS…).
    Managed,
    /// Every source was read and none holds a good backup (the findings
    /// judge it: `etcd-backup-missing`).
    #[serde(rename = "none")]
    NoneFound,
}

/// Thresholds that turn figures into verdicts (config.toml's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    pub cert_warn_days: i64,
    pub cert_critical_days: i64,
}

impl Thresholds {
    /// config.toml's `[certificates] warn-days` and `critical-days`.
    pub fn of(settings: &crate::config::settings::Settings) -> Self {
        Self {
            cert_warn_days: i64::from(settings.certificates.warn_days),
            cert_critical_days: i64::from(settings.certificates.critical_days),
        }
    }
}

/// config.toml's defaults (as the certificates pane's).
impl Default for Thresholds {
    fn default() -> Self {
        Self::of(&crate::config::settings::Settings::default())
    }
}

/// One context. `None` figures were not read; why is in `unread`
/// (or `error` when the whole context could not be reached).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Row {
    pub context: String,
    pub server: Option<String>,
    /// Round-trip time of `/version`, in milliseconds.
    pub rtt_ms: Option<u64>,
    pub version: Option<String>,
    pub nodes_ready: Option<usize>,
    pub nodes_total: Option<usize>,
    pub problem_pods: Option<ProblemPods>,
    pub critical: Option<usize>,
    pub warning: Option<usize>,
    /// Days until the soonest certificate of the serving chain expires.
    pub cert_days: Option<i64>,
    pub backup: Option<Backup>,
    /// Mutations are refused here (`[contexts."prod-*"] readonly`).
    pub readonly: bool,
    /// Why the context could not be judged at all (kubectl's words).
    pub error: Option<String>,
    /// What could not be read, figure by figure (kubectl's words).
    pub unread: Vec<String>,
}

impl Row {
    /// An unreachable (or otherwise unjudgeable) context.
    pub fn failed(context: &str, server: Option<String>, error: String) -> Self {
        Self {
            context: context.into(),
            server,
            error: Some(error),
            ..Self::default()
        }
    }

    /// The worst of the row's figures, `Unknown` when something could not
    /// be read and nothing critical was found.
    pub fn verdict(&self, t: &Thresholds) -> Verdict {
        let found = self.found(t);
        if self.error.is_some() || !self.unread.is_empty() {
            found.max(Verdict::Unknown)
        } else {
            found
        }
    }

    /// The worst of what was found (never `Unknown`): what `--fail-on`
    /// compares, so that a warning found in a context read in part counts.
    pub fn found(&self, t: &Thresholds) -> Verdict {
        let mut v = Verdict::Ok;
        let mut worse = |w: Verdict| v = v.max(w);
        if let (Some(ready), Some(total)) = (self.nodes_ready, self.nodes_total) {
            if total > 0 && ready == 0 {
                worse(Verdict::Critical);
            } else if ready < total {
                worse(Verdict::Warning);
            }
        }
        if let Some(p) = self.problem_pods
            && p.not_running + p.containers_failing > 0
        {
            worse(Verdict::Warning);
        }
        if self.critical.is_some_and(|n| n > 0) {
            worse(Verdict::Critical);
        }
        if self.warning.is_some_and(|n| n > 0) {
            worse(Verdict::Warning);
        }
        match self.cert_days {
            Some(d) if d < t.cert_critical_days => worse(Verdict::Critical),
            Some(d) if d < t.cert_warn_days => worse(Verdict::Warning),
            _ => {}
        }
        if let Some(Backup::Age { age_secs, rpo_secs }) = self.backup
            && age_secs > rpo_secs
        {
            worse(Verdict::Warning);
        }
        v
    }
}

/// Sorts rows worst first, then by context name.
pub fn sort_worst_first(rows: &mut [Row], t: &Thresholds) {
    rows.sort_by(|a, b| (b.verdict(t).cmp(&a.verdict(t))).then_with(|| a.context.cmp(&b.context)));
}

/// `kon fleet`'s exit code: 1 when something at or above `fail_on` was
/// found in any row (even one read in part), else 2 when a row could not be
/// judged (in whole or in part), else 0 (as `kon check`: found beats could
/// not judge, so one unreachable cluster does not hide another's critical).
pub fn exit_code(rows: &[Row], t: &Thresholds, fail_on: Verdict) -> u8 {
    let at_or_above = |v: Verdict| match fail_on {
        Verdict::Warning => matches!(v, Verdict::Warning | Verdict::Critical),
        _ => v == Verdict::Critical,
    };
    if rows.iter().any(|r| at_or_above(r.found(t))) {
        1
    } else if rows.iter().any(|r| r.verdict(t) == Verdict::Unknown) {
        2
    } else {
        0
    }
}

#[cfg(test)]
#[path = "row_tests.rs"]
mod tests;
