//! The findings in two parts that are computed apart and put together
//! ([`assemble`]) into the same report as [`super::evaluate`]:
//! - [`Part::Steady`]: the rules that time does not change, read from the
//!   store and the models that hold no age (zones, quotas, etcd, the
//!   platform), and the objects the score counts. Most of them pass over
//!   every pod (container and pod hygiene per workload): the pane models
//!   compute this part again only when one of its inputs moved.
//! - [`Part::Timed`]: the rules that read the time (a crash loop's last
//!   restart, an OOM kill within the hour, a rollout's progress deadline)
//!   or the models that count ages (control plane, certificates, backups).
//!   Cheap: a pass over the pods without grouping them, the workloads, the
//!   models.

use super::context::{Ctx, PodKey};
pub(crate) use super::pods_incident::timed_candidate;
use super::{Config, Finding, Inputs, NotApplicable, Report, Severity, applicability, catalog, score};

/// A part of the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Steady,
    Timed,
}

impl Part {
    /// The part rule `id` belongs to: [`Part::Timed`] when its result may
    /// change with `Inputs::now` or reads the control-plane, certificates
    /// or backups model (those hold ages); the others must not read them.
    pub fn of(id: &str) -> Part {
        match TIMED.contains(&id) {
            true => Part::Timed,
            false => Part::Steady,
        }
    }
}

/// The rules of [`Part::Timed`].
pub const TIMED: [&str; 14] = [
    "control-plane-not-ha",
    "control-plane-single-zone",
    "apiserver-check-failing",
    "leader-lease-stale",
    "etcd-backup-missing",
    "etcd-backup-stale",
    "etcd-backup-failed",
    "cluster-backup-missing",
    "cert-expired",
    "cert-expiring",
    "pod-crashlooping",
    "pod-oomkilled-recently",
    "workload-rollout-stuck",
    "workload-unavailable",
];

/// What one rule gave, in the catalog's order.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RuleOut {
    order: usize,
    id: &'static str,
    /// Those it reports (the system namespaces' left out where they are skipped).
    findings: Vec<Finding>,
    not_checked: Vec<String>,
    not_applicable: Option<NotApplicable>,
}

/// The rules of one part run (or of all), and, with the steady ones, the
/// objects the score counts and the pods the timed rules over pods read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Partial {
    rules: Vec<RuleOut>,
    objects: Option<score::Objects>,
    timed_pods: Option<TimedPods>,
}

/// The pods the timed rules over pods (crash loops, OOM kills) can say
/// something of at any time (`pods_incident::timed_candidate`): gathered
/// by the steady pass, which runs again when the pods change, so that
/// the timed rules, run as time passes, read these few and not every pod.
pub type TimedPods = Vec<PodKey>;

impl Partial {
    /// The pods the timed rules read, when this is the steady part.
    pub fn timed_pods(&self) -> Option<&[PodKey]> {
        self.timed_pods.as_deref()
    }
}

/// Runs the enabled rules of `part` (`None`: every rule).
pub fn run(inputs: &Inputs, config: &Config, part: Option<Part>) -> Partial {
    run_on(inputs, config, part, None)
}

/// [`run`], the timed rules over pods reading only `timed_pods` (`None`:
/// every pod): those the steady part of the same store kept
/// ([`Partial::timed_pods`]).
pub fn run_on(
    inputs: &Inputs,
    config: &Config,
    part: Option<Part>,
    timed_pods: Option<&[PodKey]>,
) -> Partial {
    let mut ctx = Ctx::new(inputs, config);
    ctx.timed_pods = timed_pods;
    let mut rules = Vec::new();
    for (order, rule) in catalog().iter().enumerate() {
        if !config.enabled(rule.id) || part.is_some_and(|p| Part::of(rule.id) != p) {
            continue;
        }
        let mut out = RuleOut {
            order,
            id: rule.id,
            findings: Vec::new(),
            not_checked: Vec::new(),
            not_applicable: None,
        };
        if let Some(reason) = applicability::reason(rule.id, inputs.platform) {
            out.not_applicable = Some(NotApplicable { id: rule.id, reason });
            rules.push(out);
            continue;
        }
        if let Some(reason) = applicability::partly(rule.id, inputs.platform) {
            out.not_applicable = Some(NotApplicable { id: rule.id, reason });
        }
        if let Some(check) = catalog::check(rule.id) {
            let found = check(&ctx);
            // On a managed platform kube-system holds the provider's add-ons,
            // which the customer cannot change: no rule judges them there.
            let skip_system = (rule.skip_in_system || inputs.platform.is_managed()) && !config.judge_system;
            out.findings = found
                .findings
                .into_iter()
                .filter(|f| !(skip_system && f.namespace.as_deref().is_some_and(|n| config.is_system(n))))
                .collect();
            out.not_checked = found.not_checked;
        }
        rules.push(out);
    }
    let objects = (part != Some(Part::Timed)).then(|| score::objects(&ctx));
    let timed_pods = (part == Some(Part::Steady)).then(|| {
        (inputs.store.pods.items.iter())
            .filter(|(_, p)| timed_candidate(p))
            .map(|(k, _)| k.clone())
            .collect()
    });
    Partial {
        rules,
        objects,
        timed_pods,
    }
}

/// The report of the rules of `parts` (each rule in one of them, the
/// objects of the score in one), as [`super::evaluate`] gives it.
pub fn assemble(inputs: &Inputs, parts: &[&Partial]) -> Report {
    let mut rules: Vec<&RuleOut> = parts.iter().flat_map(|p| &p.rules).collect();
    rules.sort_by_key(|r| r.order);
    let mut findings: Vec<(usize, &Finding)> = Vec::new();
    // (reason, rule ids), in first-seen order.
    let mut blocked: Vec<(&str, Vec<&'static str>)> = Vec::new();
    let mut not_applicable = Vec::new();
    for r in rules {
        not_applicable.extend(r.not_applicable.clone());
        findings.extend(r.findings.iter().map(|f| (r.order, f)));
        for reason in &r.not_checked {
            match blocked.iter_mut().find(|(b, _)| *b == reason.as_str()) {
                Some((_, ids)) if !ids.contains(&r.id) => ids.push(r.id),
                Some(_) => {}
                None => blocked.push((reason, vec![r.id])),
            }
        }
    }
    findings.sort_by(|(oa, a), (ob, b)| {
        b.severity
            .cmp(&a.severity)
            .then(oa.cmp(ob))
            .then_with(|| a.namespace.cmp(&b.namespace))
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.kind.cmp(&b.kind))
    });
    let findings: Vec<Finding> = findings.into_iter().map(|(_, f)| f.clone()).collect();
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let (critical, warning, info) = (
        count(Severity::Critical),
        count(Severity::Warning),
        count(Severity::Info),
    );
    let none = score::Objects::default();
    let objects = parts.iter().find_map(|p| p.objects.as_ref()).unwrap_or(&none);
    let (checked, clean) = score::tally(objects, &findings);
    let unread = super::completeness::unread(inputs.store);
    let complete = unread.is_empty();
    let score = complete.then(|| score::percent(clean, checked));
    Report {
        grade: score.map(|s| score::grade(s, critical > 0)),
        findings,
        checked,
        clean,
        score,
        complete,
        unread,
        critical,
        warning,
        info,
        not_checked: blocked
            .into_iter()
            .map(|(reason, ids)| format!("{reason} ({})", ids.join(", ")))
            .collect(),
        not_applicable,
    }
}

#[cfg(test)]
#[path = "parts_tests.rs"]
mod tests;
