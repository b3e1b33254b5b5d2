//! The pane models recomputed off the event loop: a [`RecomputeJob`] is a
//! snapshot of what `Panes::recompute` reads (the store, the panes as they
//! are, the health answers, the scope and what was read on this machine),
//! taken on the loop and run on the loop's recompute thread; its [`Recomputed`]
//! comes back as `Msg::Recomputed` and replaces the panes, unless the
//! context (generation) or the scope changed meanwhile: then it is dropped
//! and the next recompute, already scheduled by that change, takes over.

use super::pods_table::PodsTable;
use super::{AppState, Updated};
use crate::cluster::store::Store;
use crate::panes::{Local, Panes};

/// What one recompute reads, owned, so that it runs on another thread.
pub struct RecomputeJob {
    generation: u64,
    scope: Option<String>,
    store: Store,
    panes: Panes,
    readyz: Option<Result<String, String>>,
    livez: Option<Result<String, String>>,
    local: Local,
    now: i64,
    /// The pods table's settings (no rows) and page: a new pods model is
    /// sorted and filtered here, off the loop, for the loop to adopt.
    pods_table: PodsTable,
    pods_page: usize,
}

/// The models a [`RecomputeJob`] computed, and for which context and scope.
#[derive(Debug, Clone, PartialEq)]
pub struct Recomputed {
    pub generation: u64,
    pub scope: Option<String>,
    pub panes: Panes,
    /// Whether anything the screen shows changed from the panes of the snapshot.
    pub changed: bool,
    pub now: i64,
    /// The pods table's settings refreshed over the new pods model, when
    /// the pods model moved (`PodsTable::adopt`).
    pub pods_table: Option<PodsTable>,
}

impl RecomputeJob {
    /// Recomputes the models (`Panes::recompute`, the same call the loop made).
    pub fn run(self) -> Recomputed {
        let RecomputeJob {
            generation,
            scope,
            store,
            mut panes,
            readyz,
            livez,
            local,
            now,
            mut pods_table,
            pods_page,
        } = self;
        let health = (readyz.as_ref(), livez.as_ref());
        let before = panes.pods.clone();
        let changed = panes.recompute(&store, health, scope.as_deref(), &local, now);
        // The snapshot is freed here, on the worker's thread, not on the loop.
        drop(store);
        let moved = !same_arc(before.as_ref(), panes.pods.as_ref());
        let pods_table = (moved && panes.pods.is_some()).then(|| {
            pods_table.refresh_model(panes.pods.as_ref(), pods_page);
            pods_table
        });
        drop(before);
        Recomputed {
            generation,
            scope,
            panes,
            changed,
            now,
            pods_table,
        }
    }
}

impl AppState {
    /// Takes the snapshot of a recompute at `now` (Unix seconds). The store
    /// changes after it schedule the next one.
    pub fn recompute_job(&mut self, now: i64) -> RecomputeJob {
        self.live.recompute_pending = false;
        RecomputeJob {
            generation: self.live.generation,
            scope: self.session.target.scope.clone(),
            store: self.live.store.clone(),
            panes: self.live.panes.clone(),
            readyz: self.live.readyz.clone(),
            livez: self.live.livez.clone(),
            local: self.live.local.clone(),
            now,
            pods_table: self.features.pods_table.settings(),
            pods_page: self.pods_page(),
        }
    }

    /// The 1 s tick at `now` (Unix seconds): true when time alone makes a
    /// model due (`Memo::time_due`), and a recompute must run; else no
    /// snapshot is taken and only the frame's time moves on (the ages the
    /// screens draw from it).
    pub fn time_passes(&mut self, now: i64) -> bool {
        if self.live.panes.memo.time_due(now) {
            return true;
        }
        self.live.now = self.live.now.max(now);
        false
    }

    /// Whether a screen draws ages from the frame's time (`live.now`):
    /// there are pods, nodes, workloads or events rows, or lease renewals
    /// (an unreachable cluster's console has none, and writes nothing).
    pub fn draws_ages(&self) -> bool {
        let p = &self.live.panes;
        let rows = |n: Option<usize>| n.is_some_and(|n| n > 0);
        let cp = p.control_plane.as_deref();
        rows(p.pods.as_deref().map(|m| m.rows.len()))
            || rows(p.nodes.as_deref().map(<[_]>::len))
            || rows(p.workloads.as_deref().map(<[_]>::len))
            || rows(p.events.as_deref().map(<[_]>::len))
            || cp.is_some_and(|m| {
                m.apiservers.iter().any(|a| a.renewed.is_some())
                    || m.leaders.iter().any(|l| l.renewed.is_some())
            })
    }

    /// Takes the models of an off-loop recompute, unless they were computed
    /// for another context or scope than the one shown.
    pub(super) fn recomputed(&mut self, r: Recomputed) -> Updated {
        if r.generation != self.live.generation || r.scope != self.session.target.scope {
            tracing::debug!(
                generation = r.generation,
                "a recompute of another context or scope dropped"
            );
            return Updated::default();
        }
        let mut panes = r.panes;
        // Set on the loop while the job ran: the newest wins (a change of
        // them scheduled another recompute).
        panes.platform_clues = std::mem::take(&mut self.live.panes.platform_clues);
        let moved = Moved::between(&self.live.panes, &panes);
        self.live.panes = panes;
        // The new pods model already sorted and filtered off the loop.
        let page = self.pods_page();
        let adopted = moved.pods
            && r.pods_table.is_some_and(|t| {
                self.features
                    .pods_table
                    .adopt(t, self.live.panes.pods.as_ref(), page)
            });
        let moved = Moved {
            pods: moved.pods && !adopted,
            ..moved
        };
        self.models_recomputed(r.now, r.changed, moved)
    }

    /// What follows a recompute at `now` on the views that show the models:
    /// the views over the models computed again are refreshed (filtered and
    /// sorted again: 150000 rows for the pods table); the others keep
    /// theirs, as their rows did not move.
    pub(super) fn models_recomputed(&mut self, now: i64, changed: bool, moved: Moved) -> Updated {
        self.live.now = now;
        if changed {
            if moved.pods {
                self.refresh_pods();
            }
            if moved.nodes {
                self.refresh_table();
            }
            if moved.workloads {
                self.refresh_workloads();
            }
            if moved.events {
                self.refresh_events();
            }
            if moved.findings {
                self.refresh_findings();
            }
            self.relayout_describe();
        }
        Updated {
            effects: vec![],
            changed,
        }
    }
}

fn same_arc<T>(a: Option<&std::sync::Arc<T>>, b: Option<&std::sync::Arc<T>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => std::sync::Arc::ptr_eq(a, b),
        (None, None) => true,
        _ => false,
    }
}

/// Which of the views' models a recompute changed. A model computed again
/// to the same value keeps its `Arc` (`panes::memo::set`), so the big ones
/// are compared by pointer (O(1)); the findings, a short list, by value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moved {
    pub nodes: bool,
    pub workloads: bool,
    pub events: bool,
    pub pods: bool,
    pub findings: bool,
}

impl Moved {
    /// What differs from `before` in `after`.
    pub fn between(before: &Panes, after: &Panes) -> Self {
        fn moved<T: ?Sized>(a: &Option<std::sync::Arc<T>>, b: &Option<std::sync::Arc<T>>) -> bool {
            match (a, b) {
                (Some(a), Some(b)) => !std::sync::Arc::ptr_eq(a, b),
                (None, None) => false,
                _ => true,
            }
        }
        Moved {
            nodes: moved(&before.nodes, &after.nodes),
            workloads: moved(&before.workloads, &after.workloads),
            events: moved(&before.events, &after.events),
            pods: moved(&before.pods, &after.pods),
            findings: before.findings != after.findings,
        }
    }
}
