//! The pods model brought up to date from what changed since it was
//! computed, equal to a full build ([`build`]): the rows of the pods that
//! did not change are the previous model's (shared, `Arc<PodRow>`: two
//! generations of the model hold one row each, not two), only the rows of
//! the pods written since (the store's change log), of the pods whose
//! owner was resolved otherwise (a ReplicaSet's Deployment, a Job's
//! CronJob) and of the pods whose row time alone changed (their deadline,
//! [`changes_at`], passed) are computed again and merged into the order.
//! When that is not known (the log outrun, a relist, another scope, time
//! going backwards) or not worth it, the caller builds the model in full.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::pods::{Owners, PodRow, PodsModel, changes_at, row};
use crate::cluster::store::{Store, SyncState};

/// A pod: namespace and name.
type Key = (Arc<str>, Arc<str>);

/// What a pods model was computed from, besides the store: its scope, its
/// time, and its pods whose row time alone changes, each with the time it
/// may ([`changes_at`] then).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Basis {
    scope: Option<Arc<str>>,
    at: i64,
    timed: Vec<(i64, Key)>,
    /// How many rows the last build or update computed (the work, counted).
    pub rebuilt: usize,
}

impl Basis {
    /// When the model differs by time alone (the soonest of its pods'
    /// [`changes_at`]; `None`: never).
    pub fn until(&self) -> Option<i64> {
        self.timed.iter().map(|(t, _)| *t).min()
    }
}

/// Every pod in `scope`, worst first, and its basis.
pub fn build(store: &Store, scope: Option<&str>, now: i64) -> (PodsModel, Basis) {
    let owners = Owners::new(store);
    let mut statuses = HashMap::new();
    let mut timed = Vec::new();
    let mut rows: Vec<Arc<PodRow>> = Vec::with_capacity(if scope.is_none() { store.pods.len() } else { 0 });
    for p in store.pods.items.values() {
        if scope.is_some_and(|ns| &*p.namespace != ns) {
            continue;
        }
        if let Some(t) = changes_at(p, now) {
            timed.push((t, (p.namespace.clone(), p.name.clone())));
        }
        rows.push(Arc::new(row(p, &owners, &mut statuses, now)));
    }
    rows.shrink_to_fit();
    // In place: the order is total (namespace and name last), so the same
    // as a stable sort's.
    rows.sort_unstable_by(|a, b| PodRow::worst_first(a, b));
    let rebuilt = rows.len();
    let model = PodsModel::counted(rows);
    let basis = Basis {
        scope: scope.map(Arc::from),
        at: now,
        timed,
        rebuilt,
    };
    (model, basis)
}

/// `prev` (computed from `was`, an earlier state of `store`, as `basis`
/// says) brought up to `store` at `now`: the same as [`build`] gives.
/// `None` when what changed is not known or is most of the pods: build it.
pub fn update(
    prev: &PodsModel,
    basis: &Basis,
    was: &Store,
    store: &Store,
    scope: Option<&str>,
    now: i64,
) -> Option<(PodsModel, Basis)> {
    if basis.scope.as_deref() != scope || now < basis.at {
        return None;
    }
    let mut changed: HashSet<(&str, &str)> = HashSet::new();
    for (ns, name) in store.pods.changed_since(&was.pods)? {
        changed.insert((ns, name));
    }
    let moved = owners_moved(was, store)?;
    if !moved.is_empty() {
        for p in store.pods.items.values() {
            let owned = p
                .owner
                .as_ref()
                .is_some_and(|(kind, name)| moved.contains(&(&*p.namespace, &**kind, &**name)));
            if owned {
                changed.insert((&p.namespace, &p.name));
            }
        }
    }
    let mut timed = Vec::with_capacity(basis.timed.len());
    for (t, (ns, name)) in &basis.timed {
        if *t <= now {
            changed.insert((ns, name));
        } else if !changed.contains(&(&**ns, &**name)) {
            // Its deadline still ahead: the same as computed now.
            timed.push((*t, (ns.clone(), name.clone())));
        }
    }
    if changed.len() > prev.rows.len() / 4 + 64 {
        return None;
    }
    let owners = Owners::direct(store);
    let mut statuses = HashMap::new();
    let mut fresh: Vec<Arc<PodRow>> = Vec::with_capacity(changed.len());
    for (ns, name) in &changed {
        let key = (Arc::<str>::from(*ns), Box::<str>::from(*name));
        let Some(p) = store.pods.items.get(&key) else {
            continue;
        };
        if scope.is_some_and(|s| &*p.namespace != s) {
            continue;
        }
        if let Some(t) = changes_at(p, now) {
            timed.push((t, (p.namespace.clone(), p.name.clone())));
        }
        fresh.push(Arc::new(row(p, &owners, &mut statuses, now)));
    }
    fresh.sort_unstable_by(|a, b| PodRow::worst_first(a, b));
    let rebuilt = fresh.len();
    let kept = prev
        .rows
        .iter()
        .filter(|r| !changed.contains(&(&*r.namespace, &*r.name)));
    let rows = merge(kept, fresh, prev.rows.len() + rebuilt);
    let basis = Basis {
        scope: basis.scope.clone(),
        at: now,
        timed,
        rebuilt,
    };
    Some((PodsModel::counted(rows), basis))
}

/// The rows of `kept` and `fresh` (each worst first) in one order.
fn merge<'a>(
    kept: impl Iterator<Item = &'a Arc<PodRow>>,
    fresh: Vec<Arc<PodRow>>,
    capacity: usize,
) -> Vec<Arc<PodRow>> {
    let mut rows = Vec::with_capacity(capacity);
    let mut fresh = fresh.into_iter().peekable();
    for r in kept {
        while let Some(f) = fresh.next_if(|f| PodRow::worst_first(f, r).is_lt()) {
            rows.push(f);
        }
        rows.push(r.clone());
    }
    rows.extend(fresh);
    rows
}

/// The owners (namespace, kind, name as the pods name them) whose workload
/// is resolved otherwise in `store` than in `was`: a ReplicaSet whose
/// Deployment changed (or that came or went), a Job whose CronJob did.
/// `None` when not known (a table's log outrun or relisted, the
/// ReplicaSets read or not: every pod's owner may differ).
fn owners_moved<'a>(was: &Store, store: &'a Store) -> Option<HashSet<(&'a str, &'static str, &'a str)>> {
    let read = |s: &Store| s.replicasets.state == SyncState::Synced;
    if read(was) != read(store) {
        return None;
    }
    let mut moved = HashSet::new();
    for k in store.replicasets.changed_since(&was.replicasets)? {
        let deployment = |s: &Store| s.replicasets.items.get(k).map(|r| r.deployment.clone());
        if deployment(was) != deployment(store) {
            moved.insert((&*k.0, "ReplicaSet", &*k.1));
        }
    }
    for k in store.jobs.changed_since(&was.jobs)? {
        let cronjob = |s: &Store| s.jobs.items.get(k).map(|j| j.cronjob.clone());
        if cronjob(was) != cronjob(store) {
            moved.insert((&*k.0, "Job", &*k.1));
        }
    }
    Some(moved)
}

#[cfg(test)]
#[path = "pods_update_tests.rs"]
mod tests;
