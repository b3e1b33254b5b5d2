//! Enter on a workload: "the pods of this workload". The pods table is
//! built apart (issue 17's pods part); until it is wired here, kon says
//! what it would show rather than doing nothing.

use super::workloads_table::PodsOf;
use super::{About, AppState, NoticeLevel, Updated};

impl AppState {
    /// Shows the pods of `of` (its kind, namespace/name and selector).
    pub(super) fn show_pods_of(&mut self, of: PodsOf) -> Updated {
        let selector = of
            .selector
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(",");
        let how = if selector.is_empty() {
            format!("owned by {} {}", of.kind, of.name)
        } else {
            format!("selected by {selector}")
        };
        let text = format!(
            "the pods of {} {}/{} ({how}): the pods table is not in this build (kubectl get pods -n {} -l {selector})",
            of.kind, of.namespace, of.name, of.namespace
        );
        self.set_notice(NoticeLevel::Info, About::Command, text);
        Updated::changed()
    }
}
