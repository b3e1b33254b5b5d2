//! Readiness findings: the production guidance (`docs/findings.md`)
//! as a catalog of rules, each a pure function over the store snapshot and
//! the pane models, with a stable id, a default severity, the object it is
//! about, a one-line message with the numbers that matter and a remediation.
//!
//! What the severities mean here:
//! - **critical**: broken now or about to be, or data at risk: an expired
//!   certificate, no etcd backup, a failing API server check, a stale leader,
//!   an exhausted quota, a supported limit exceeded. `kon check` fails on
//!   these by default.
//! - **warning**: one failure (a node, a zone, a drain) away from an outage,
//!   or a guardrail the guidance asks for is missing.
//! - **info**: hygiene the guidance recommends where justified exceptions
//!   are common (liveness probes, the default service account, Secrets in env).
//!
//! Findings are aggregated: container and pod rules report one finding per
//! workload (the Deployment, StatefulSet, DaemonSet, ReplicaSet, CronJob or
//! Job that owns the pods; a bare pod by itself), never one per pod, and
//! every rule is linear in the objects it reads. Static (mirror) pods are
//! configured on their node, not through the API, so the pod rules leave
//! them to the control-plane rules.
//!
//! System namespaces (see [`Config::system_namespaces`]): the rules whose
//! [`Rule::skip_in_system`] is set do not report objects there (their
//! components are privileged, unlimited or single by design, and are sized
//! by their installers), unless [`Config::judge_system`].
//!
//! A rule whose data could not be read (forbidden, unreachable, still
//! arriving) does not guess: it reports nothing and says so in
//! [`Report::not_checked`]; the report is then incomplete
//! ([`Report::unread`]) and has no score.

mod applicability;
mod catalog;
pub mod completeness;
mod context;
pub mod incident;
pub mod parts;
mod score;
mod skip;

mod backups_certs;
mod containers;
mod control_plane;
mod etcd_live;
mod namespaces;
mod nodes;
mod pods;
mod pods_incident;
mod rbac_dns;
mod rollouts;
mod workloads;

#[cfg(test)]
mod test_support;

use std::collections::HashSet;

use crate::cluster::store::Store;
use crate::signals::backups::BackupsModel;
use crate::signals::certs::{CertsModel, Thresholds};
use crate::signals::control_plane::ControlPlaneModel;
use crate::signals::quotas::QuotasModel;
use crate::signals::zones::ZonesModel;

pub use catalog::catalog;
pub use completeness::{Cause, Unread};
pub use skip::check_skip;

/// How bad a finding is; `max` is the worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Critical, Severity::Warning, Severity::Info];

    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Critical => "critical",
        }
    }

    /// `critical`, `warning`, `info` (any case; `crit`, `warn` too).
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "critical" | "crit" => Some(Severity::Critical),
            "warning" | "warn" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

/// One problem of one object.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// The rule's id.
    pub id: &'static str,
    pub severity: Severity,
    /// The object's kind: `Deployment`, `Pod`, `Namespace`, `Node`, `Cluster`,
    /// `Certificate`, `Secret`, `ClusterRoleBinding`, ...
    pub kind: String,
    /// The object's namespace; for a `Namespace` finding, the namespace itself
    /// (so that filtering by namespace keeps it). `None` for cluster-scoped objects.
    pub namespace: Option<String>,
    pub name: String,
    /// One line with the numbers that matter.
    pub message: String,
    pub remediation: String,
}

/// A rule of the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub id: &'static str,
    /// The severity it reports unless its message says otherwise (some rules
    /// escalate, e.g. a control-plane node not ready is critical).
    pub severity: Severity,
    /// What it finds.
    pub what: &'static str,
    pub remediation: &'static str,
    /// Not applied to objects in system namespaces unless [`Config::judge_system`].
    pub skip_in_system: bool,
}

/// What the rules read: the store and the pane models built from it
/// (`None`: not computed; the rules that need it are not checked).
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    pub store: &'a Store,
    pub control_plane: Option<&'a ControlPlaneModel>,
    pub certs: Option<&'a CertsModel>,
    pub backups: Option<&'a BackupsModel>,
    pub quotas: Option<&'a QuotasModel>,
    pub zones: Option<&'a ZonesModel>,
    /// The live etcd model (`None`: not computed; not watched: no finding).
    pub etcd: Option<&'a crate::signals::etcd_live::EtcdLive>,
    /// The platform the cluster runs on (rules that cannot apply on it say so).
    pub platform: &'a crate::platform::Detection,
    /// Unix seconds.
    pub now: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Default: `kube-system`, `kube-public`, `kube-node-lease`.
    pub system_namespaces: Vec<String>,
    /// Apply the rules with `skip_in_system` to system namespaces too.
    pub judge_system: bool,
    /// Only these rule ids (`--rules`); `None`: all.
    pub only: Option<Vec<String>>,
    /// Not these rule ids (`--skip`).
    pub skip: Vec<String>,
    /// When a certificate is expiring (warning) and when that is critical;
    /// pass the certificates pane's setting.
    pub cert_thresholds: Thresholds,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            system_namespaces: crate::signals::quotas::SYSTEM_NAMESPACES
                .iter()
                .map(|s| s.to_string())
                .collect(),
            judge_system: false,
            only: None,
            skip: Vec::new(),
            cert_thresholds: Thresholds::default(),
        }
    }
}

impl Config {
    /// Ids in `only` and `skip` that name no rule, in the order given.
    pub fn unknown_ids(&self) -> Vec<String> {
        let known: HashSet<&str> = catalog().iter().map(|r| r.id).collect();
        let mut out: Vec<String> = Vec::new();
        for id in self.only.iter().flatten().chain(&self.skip) {
            if !known.contains(id.as_str()) && !out.contains(id) {
                out.push(id.clone());
            }
        }
        out
    }

    /// Whether rule `id` runs.
    pub fn enabled(&self, id: &str) -> bool {
        self.only.as_ref().is_none_or(|o| o.iter().any(|x| x == id)) && !self.skip.iter().any(|x| x == id)
    }

    pub fn is_system(&self, namespace: &str) -> bool {
        self.system_namespaces.iter().any(|s| s == namespace)
    }
}

/// The findings and the summary of one evaluation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    /// Worst first; then by rule in catalog order, namespace, name.
    pub findings: Vec<Finding>,
    /// Objects judged: workloads, namespaces, nodes, and the cluster as one.
    pub checked: usize,
    /// Those with no finding of warning or worse.
    pub clean: usize,
    /// `clean * 100 / checked`, rounded down: 100 only when all are clean.
    /// `None` when the report is incomplete: unread objects are not clean.
    pub score: Option<u8>,
    /// A (>= 90), B (>= 80), C (>= 70), D (>= 60), F; any critical finding
    /// caps it at C. `None` when incomplete.
    pub grade: Option<char>,
    /// Every kind was read (or is not served): the score means something.
    pub complete: bool,
    /// The kinds that were not read, and why.
    pub unread: Vec<Unread>,
    pub critical: usize,
    pub warning: usize,
    pub info: usize,
    /// What could not be judged and which rules it affects, e.g.
    /// `secrets: forbidden (cert-expired, cert-expiring)`.
    pub not_checked: Vec<String>,
    /// Rules (or parts of rules) that cannot apply on the cluster's
    /// platform, with the reason: not run, not counted in the score.
    pub not_applicable: Vec<NotApplicable>,
}

/// A rule that cannot apply on the platform, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NotApplicable {
    pub id: &'static str,
    pub reason: String,
}

/// What a rule reports: its findings, and why some of it could not be judged.
#[derive(Debug, Default)]
pub(crate) struct RuleResult {
    pub findings: Vec<Finding>,
    pub not_checked: Vec<String>,
}

impl RuleResult {
    pub fn blocked(reasons: Vec<String>) -> Self {
        Self {
            findings: Vec::new(),
            not_checked: reasons,
        }
    }
}

/// A rule's check.
pub(crate) type Check = fn(&context::Ctx) -> RuleResult;

/// Runs every enabled rule and summarises (the two parts of
/// [`parts`] at once).
pub fn evaluate(inputs: &Inputs, config: &Config) -> Report {
    parts::assemble(inputs, &[&parts::run(inputs, config, None)])
}

#[cfg(test)]
#[path = "evaluate_tests.rs"]
mod tests;

#[cfg(test)]
mod managed_tests;
