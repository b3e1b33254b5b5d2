//! Enter on a workload: the pods table on that workload's pods.

use super::workloads_table::PodsOf;
use super::{AppState, Updated};

impl AppState {
    /// Shows the pods of `of` (its kind, namespace/name) in the pods table:
    /// the pods it owns (through its ReplicaSets for a Deployment, its Jobs
    /// for a CronJob), worst first.
    pub(super) fn show_pods_of(&mut self, of: PodsOf) -> Updated {
        self.open_pods_of(super::pods_table::Owner {
            namespace: of.namespace,
            kind: of.kind,
            name: of.name,
        })
    }
}
