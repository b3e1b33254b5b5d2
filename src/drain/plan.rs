//! The plan of a drain, computed from the store before anything changes:
//! the pods on the node that would be evicted, the ones skipped and why, the
//! ones refused (with the option that would allow each), and every
//! PodDisruptionBudget that would block an eviction right now.
//!
//! Pure: a function of one store snapshot. The run (`drain::run`) carries it
//! out; a dry run shows only this.
//!
//! # Rules
//!
//! `kubectl drain`'s (`k8s.io/kubectl/pkg/drain/filters.go`), applied to the
//! pods whose `spec.nodeName` is the node, in kubectl's order:
//!
//! 1. Mirror pods (annotation `kubernetes.io/config.mirror`) are skipped,
//!    always: the kubelet owns them and the API cannot delete them. (kubectl
//!    checks DaemonSets first; a mirror pod's controller is its Node, so the
//!    order changes nothing.)
//! 2. Finished pods (phase Succeeded or Failed) are evicted whatever their
//!    controller or volumes, without a warning: every kubectl filter lets
//!    them through.
//! 3. DaemonSet-controlled pods are skipped with `ignore_daemonsets` and
//!    refused without it ([`RefuseReason::DaemonSet`]). As in kubectl, a
//!    skipped one is not looked at further (its emptyDir does not matter).
//!    kubectl refuses only when the DaemonSet still exists: a pod whose
//!    DaemonSet is gone is an orphan that `force` deletes (with a warning)
//!    and that is refused otherwise, even with `ignore_daemonsets`; kon
//!    reports that refusal as [`RefuseReason::Unmanaged`] ("needs force").
//!    The DaemonSet is taken as gone only when the store's DaemonSets are
//!    synced and it is not among them; otherwise it is assumed to exist.
//! 4. Pods with an emptyDir volume are refused ([`RefuseReason::EmptyDir`])
//!    unless `delete_emptydir_data`, which deletes them with a warning.
//! 5. Pods without a controller owner reference are refused
//!    ([`RefuseReason::Unmanaged`]) unless `force`, which deletes them with a
//!    warning.
//!
//! kubectl stops at a pod's first refusal; kon lists every reason, so that
//! one plan names every option the drain needs. The set of refused pods is
//! the same. Warnings are given only for pods that will be evicted.
//!
//! Pods already terminating (deletionTimestamp set) are not special:
//! kubectl skips them only when deleted longer ago than
//! `--skip-wait-for-delete-timeout`, which is 0 (never) by default, so they
//! pass the same filters and are evicted (or refused) like any other pod.
//!
//! # PodDisruptionBudget blockers
//!
//! Computed over the pods the plan evicts, the way the Eviction API decides:
//! - pods that are Pending, finished or terminating are deleted without
//!   consulting any budget, so they never count;
//! - a budget selects a pod of its namespace when every `matchLabels` pair is
//!   among the pod's labels; an empty selector selects nothing (the view
//!   keeps only `matchLabels`, so a selector of `matchExpressions` alone, or
//!   `{}`, which policy/v1 matches against every pod, reads as empty here);
//! - a pod selected by more than one budget cannot be evicted at all (the API
//!   answers 500): a warning says so and it counts for none of them;
//! - an unready pod is evicted without spending the budget while the budget
//!   is met (`current_healthy >= desired_healthy > 0`, the default
//!   `IfHealthyBudget` policy; `AlwaysAllow` is not in the view, so kon may
//!   report a blocker that such a budget would not raise);
//! - a budget blocks when it allows fewer disruptions than the planned pods
//!   it gates; its allowed count and those pods are reported.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use crate::cluster::store::records::{PdbRecord, PodPhase, PodRecord};
use crate::cluster::store::{Store, SyncState};

/// The options of `kubectl drain` that change what is evicted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DrainOptions {
    /// `--ignore-daemonsets`: skip DaemonSet-managed pods instead of refusing.
    pub ignore_daemonsets: bool,
    /// `--delete-emptydir-data`: evict pods with emptyDir volumes (their data is lost).
    pub delete_emptydir_data: bool,
    /// `--force`: evict pods without a controller (nothing recreates them).
    pub force: bool,
}

/// A namespaced object: a pod, or a PodDisruptionBudget in [`Blocker`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PodRef {
    pub namespace: String,
    pub name: String,
}

impl PodRef {
    pub fn new(namespace: &str, name: &str) -> Self {
        Self {
            namespace: namespace.to_string(),
            name: name.to_string(),
        }
    }

    fn of(p: &PodRecord) -> Self {
        Self::new(&p.namespace, &p.name)
    }
}

impl fmt::Display for PodRef {
    /// `namespace/name`, as kubectl prints it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.namespace, self.name)
    }
}

/// Why a pod on the node is left alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    /// A static pod's mirror: the kubelet owns it.
    Mirror,
    /// DaemonSet-managed, skipped with `ignore_daemonsets`.
    DaemonSet,
}

impl SkipReason {
    pub fn text(self) -> &'static str {
        match self {
            SkipReason::Mirror => "mirror of a static pod: the kubelet owns it",
            SkipReason::DaemonSet => "DaemonSet-managed: ignored",
        }
    }

    /// The short form the summary counts.
    fn label(self) -> &'static str {
        match self {
            SkipReason::Mirror => "mirror",
            SkipReason::DaemonSet => "DaemonSet",
        }
    }
}

/// Why a pod stops the drain, and so the option that would allow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefuseReason {
    /// DaemonSet-managed: needs `ignore_daemonsets`.
    DaemonSet,
    /// Has emptyDir data: needs `delete_emptydir_data`.
    EmptyDir,
    /// No controller, or its DaemonSet is gone: needs `force`.
    Unmanaged,
}

impl RefuseReason {
    pub fn text(self) -> &'static str {
        match self {
            RefuseReason::DaemonSet => "DaemonSet-managed: needs ignore DaemonSets",
            RefuseReason::EmptyDir => "emptyDir data: needs delete emptyDir data",
            RefuseReason::Unmanaged => "no controller (or it is gone): needs force",
        }
    }

    /// The option it needs, as the summary names it.
    fn needs(self) -> &'static str {
        match self {
            RefuseReason::DaemonSet => "needs ignore DaemonSets",
            RefuseReason::EmptyDir => "needs delete emptyDir data",
            RefuseReason::Unmanaged => "needs force",
        }
    }

    const ALL: [RefuseReason; 3] = [
        RefuseReason::DaemonSet,
        RefuseReason::EmptyDir,
        RefuseReason::Unmanaged,
    ];
}

/// A PodDisruptionBudget that would refuse some of the planned evictions now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocker {
    /// The budget's namespace and name.
    pub pdb: PodRef,
    /// Its `status.disruptionsAllowed`.
    pub allowed: i32,
    /// The planned pods whose eviction it gates, sorted.
    pub pods: Vec<PodRef>,
}

impl Blocker {
    /// How many of its pods cannot go now.
    fn blocked(&self) -> usize {
        self.pods
            .len()
            .saturating_sub(usize::try_from(self.allowed).unwrap_or(0))
    }
}

/// What a drain of one node would do, as of the store it was planned from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub node: String,
    /// The options it was planned with.
    pub opts: DrainOptions,
    pub already_cordoned: bool,
    /// The pods to evict, sorted.
    pub evict: Vec<PodRef>,
    /// Pods left alone, sorted.
    pub skipped: Vec<(PodRef, SkipReason)>,
    /// Pods that stop the drain, sorted, each with every reason (in kubectl's order).
    pub refused: Vec<(PodRef, Vec<RefuseReason>)>,
    /// Budgets that would block now, sorted by budget.
    pub blockers: Vec<Blocker>,
    /// What the options will cost, and what the plan cannot vouch for.
    pub warnings: Vec<String>,
}

impl Plan {
    /// True when no pod is refused: the drain may start (it may still wait
    /// on blockers).
    pub fn can_run(&self) -> bool {
        self.refused.is_empty()
    }

    /// One line, e.g. `worker-a-2: evict 5 pods, skip 2 (DaemonSet), 1
    /// blocked by PDB payments/api (0 disruptions allowed)`.
    pub fn summary(&self) -> String {
        let mut parts = vec![match self.evict.len() {
            0 => "nothing to evict".to_string(),
            1 => "evict 1 pod".to_string(),
            n => format!("evict {n} pods"),
        }];
        if !self.skipped.is_empty() {
            let counts: Vec<(SkipReason, usize)> = [SkipReason::DaemonSet, SkipReason::Mirror]
                .into_iter()
                .map(|r| (r, self.skipped.iter().filter(|(_, s)| *s == r).count()))
                .filter(|(_, n)| *n > 0)
                .collect();
            let why = match counts.as_slice() {
                [(r, _)] => r.label().to_string(),
                _ => counts
                    .iter()
                    .map(|(r, n)| format!("{n} {}", r.label()))
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            parts.push(format!("skip {} ({why})", self.skipped.len()));
        }
        if !self.refused.is_empty() {
            let needs: Vec<&str> = RefuseReason::ALL
                .into_iter()
                .filter(|r| self.refused.iter().any(|(_, rs)| rs.contains(r)))
                .map(RefuseReason::needs)
                .collect();
            parts.push(format!("refuse {} ({})", self.refused.len(), needs.join(", ")));
        }
        for b in &self.blockers {
            let s = if b.allowed == 1 { "" } else { "s" };
            parts.push(format!(
                "{} blocked by PDB {} ({} disruption{s} allowed)",
                b.blocked(),
                b.pdb,
                b.allowed
            ));
        }
        match self.warnings.len() {
            0 => {}
            1 => parts.push("1 warning".to_string()),
            n => parts.push(format!("{n} warnings")),
        }
        let cordoned = if self.already_cordoned {
            " (already cordoned)"
        } else {
            ""
        };
        format!("{}{cordoned}: {}", self.node, parts.join(", "))
    }
}

/// What the filters decide for one pod.
enum Verdict {
    Evict(Vec<String>),
    Skip(SkipReason),
    Refuse(Vec<RefuseReason>),
}

/// Plans a drain of `node`: an error only when the node is not in the store.
pub fn plan(store: &Store, node: &str, opts: DrainOptions) -> Result<Plan, String> {
    let Some(n) = store.nodes.items.get(node) else {
        return Err(if store.nodes.state == SyncState::Synced {
            format!("node {node} not found")
        } else {
            format!("node {node} not found (the node list is not synced yet)")
        });
    };
    let mut pods: Vec<&PodRecord> = store
        .pods
        .items
        .values()
        .filter(|p| p.node.as_deref() == Some(node))
        .collect();
    pods.sort_by(|a, b| (&*a.namespace, &*a.name).cmp(&(&*b.namespace, &*b.name)));

    let mut plan = Plan {
        node: node.to_string(),
        opts,
        already_cordoned: n.unschedulable,
        evict: Vec::new(),
        skipped: Vec::new(),
        refused: Vec::new(),
        blockers: Vec::new(),
        warnings: Vec::new(),
    };
    if store.pods.state != SyncState::Synced {
        plan.warnings.push(format!(
            "pods are not synced ({}): the plan may miss some",
            store.pods.state.label()
        ));
    }
    if !store.pdbs.state.is_settled() {
        plan.warnings.push(format!(
            "PodDisruptionBudgets are not synced ({}): blockers may be missing",
            store.pdbs.state.label()
        ));
    }
    let mut evicted = Vec::new();
    for p in pods {
        match judge(store, p, opts) {
            Verdict::Evict(warnings) => {
                plan.evict.push(PodRef::of(p));
                plan.warnings.extend(warnings);
                evicted.push(p);
            }
            Verdict::Skip(r) => plan.skipped.push((PodRef::of(p), r)),
            Verdict::Refuse(rs) => plan.refused.push((PodRef::of(p), rs)),
        }
    }
    plan.blockers = blockers(store, &evicted, &mut plan.warnings);
    Ok(plan)
}

/// kubectl's filters for one pod on the node (see the module doc).
fn judge(store: &Store, p: &PodRecord, opts: DrainOptions) -> Verdict {
    if p.mirror {
        return Verdict::Skip(SkipReason::Mirror);
    }
    if matches!(p.phase, PodPhase::Succeeded | PodPhase::Failed) {
        return Verdict::Evict(Vec::new());
    }
    let pod = PodRef::of(p);
    let mut refused = Vec::new();
    let mut warnings = Vec::new();
    if let Some((kind, ds)) = &p.owner
        && &**kind == "DaemonSet"
    {
        if daemonset_exists(store, p, ds) {
            if opts.ignore_daemonsets {
                return Verdict::Skip(SkipReason::DaemonSet);
            }
            refused.push(RefuseReason::DaemonSet);
        } else if opts.force {
            warnings.push(format!(
                "deleting pod {pod}, whose DaemonSet {ds} no longer exists (force)"
            ));
        } else {
            refused.push(RefuseReason::Unmanaged);
        }
    }
    if p.empty_dir {
        if opts.delete_emptydir_data {
            warnings.push(format!("emptyDir data of {pod} will be lost"));
        } else {
            refused.push(RefuseReason::EmptyDir);
        }
    }
    if p.owner.is_none() {
        if opts.force {
            warnings.push(format!("deleting unmanaged pod {pod} (force)"));
        } else {
            refused.push(RefuseReason::Unmanaged);
        }
    }
    if refused.is_empty() {
        Verdict::Evict(warnings)
    } else {
        Verdict::Refuse(refused)
    }
}

/// Whether the DaemonSet `name` of pod `p` exists; assumed when the store's
/// DaemonSets are not synced (their absence proves nothing then).
fn daemonset_exists(store: &Store, p: &PodRecord, name: &str) -> bool {
    store.daemonsets.state != SyncState::Synced
        || store
            .daemonsets
            .items
            .contains_key(&(p.namespace.clone(), Box::from(name)))
}

/// The budgets that would block the evictions of `evicted` now (see the
/// module doc); pods under several budgets are warned about.
fn blockers(store: &Store, evicted: &[&PodRecord], warnings: &mut Vec<String>) -> Vec<Blocker> {
    let mut by_namespace: HashMap<&str, Vec<&PdbRecord>> = HashMap::new();
    for b in store.pdbs.items.values() {
        by_namespace.entry(&b.namespace).or_default().push(b);
    }
    let mut gated: BTreeMap<PodRef, (i32, Vec<PodRef>)> = BTreeMap::new();
    for p in evicted {
        if p.terminating
            || matches!(
                p.phase,
                PodPhase::Pending | PodPhase::Succeeded | PodPhase::Failed
            )
        {
            continue;
        }
        let mut budgets: Vec<&PdbRecord> = by_namespace
            .get(&*p.namespace)
            .into_iter()
            .flatten()
            .copied()
            .filter(|b| selects(b, p))
            .collect();
        match budgets.as_mut_slice() {
            [] => {}
            [b] => {
                let spared = !p.ready && b.desired_healthy > 0 && b.current_healthy >= b.desired_healthy;
                if !spared {
                    gated
                        .entry(PodRef::new(&b.namespace, &b.name))
                        .or_insert_with(|| (b.disruptions_allowed, Vec::new()))
                        .1
                        .push(PodRef::of(p));
                }
            }
            several => {
                several.sort_by(|a, b| a.name.cmp(&b.name));
                let names: Vec<&str> = several.iter().map(|b| &*b.name).collect();
                warnings.push(format!(
                    "pod {} is selected by {} PodDisruptionBudgets ({}): the Eviction API refuses to evict it",
                    PodRef::of(p),
                    several.len(),
                    names.join(", ")
                ));
            }
        }
    }
    gated
        .into_iter()
        .filter(|(_, (allowed, pods))| i64::from(*allowed) < pods.len() as i64)
        .map(|(pdb, (allowed, pods))| Blocker { pdb, allowed, pods })
        .collect()
}

/// A budget's `matchLabels` selects `p` (an empty one selects nothing).
pub fn selects(b: &PdbRecord, p: &PodRecord) -> bool {
    !b.selector.is_empty()
        && b.selector
            .iter()
            .all(|(k, v)| p.labels.iter().any(|(pk, pv)| pk == k && pv == v))
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
