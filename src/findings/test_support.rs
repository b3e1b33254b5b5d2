//! Helpers for the rules' unit tests: run one rule over a store (and
//! models), and read what it found.

use super::context::Ctx;
use super::{Config, Finding, Inputs, RuleResult, Severity, catalog};
use crate::cluster::store::Store;

pub(crate) const NOW: i64 = 1_000_000_000;

/// Inputs with no pane models.
pub(crate) fn inputs(store: &Store) -> Inputs<'_> {
    Inputs {
        etcd: None,
        store,
        control_plane: None,
        certs: None,
        backups: None,
        quotas: None,
        zones: None,
        platform: &crate::platform::UNKNOWN,
        now: NOW,
    }
}

/// Runs rule `id` alone with the default configuration. Findings are not
/// filtered for system namespaces (that is `evaluate`'s job).
pub(crate) fn run(id: &str, inputs: &Inputs) -> RuleResult {
    run_with(id, inputs, &Config::default())
}

pub(crate) fn run_with(id: &str, inputs: &Inputs, config: &Config) -> RuleResult {
    let ctx = Ctx::new(inputs, config);
    let check = catalog::check(id).expect("a rule of the catalog");
    let mut out = check(&ctx);
    for f in &out.findings {
        assert_eq!(f.id, id, "a rule reports under its own id");
        assert!(
            !f.message.is_empty() && !f.message.contains('\n'),
            "one line: {f:?}"
        );
        assert!(!f.remediation.is_empty());
    }
    out.findings
        .sort_by(|a, b| (&a.namespace, &a.name, &a.kind).cmp(&(&b.namespace, &b.name, &b.kind)));
    out
}

/// `Kind ns/name` or `Kind name` of every finding.
pub(crate) fn objects(out: &RuleResult) -> Vec<String> {
    out.findings.iter().map(object).collect()
}

pub(crate) fn object(f: &Finding) -> String {
    match &f.namespace {
        Some(ns) => format!("{} {ns}/{}", f.kind, f.name),
        None => format!("{} {}", f.kind, f.name),
    }
}

/// The only finding (panics unless there is exactly one).
pub(crate) fn only(out: &RuleResult) -> &Finding {
    assert_eq!(out.findings.len(), 1, "{:#?}", out.findings);
    &out.findings[0]
}

pub(crate) fn severities(out: &RuleResult) -> Vec<Severity> {
    out.findings.iter().map(|f| f.severity).collect()
}
