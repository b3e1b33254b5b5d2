//! Keys in the findings list: move, filter with `/`, and Enter to jump to
//! the pane (or the node) a finding is about.

use ratatui_textarea::TextArea;

use super::action::{Action, Mode};
use super::tiles::TileId;
use super::{AppState, Updated};
use crate::findings::Finding;
use crate::findings::incident::is_incident;

/// The text a filter matches: rule, severity, object and message.
pub fn haystack(f: &Finding) -> String {
    format!(
        "{} {} {} {}/{} {}",
        f.id,
        f.severity.label(),
        f.kind,
        f.namespace.as_deref().unwrap_or("-"),
        f.name,
        f.message
    )
}

/// Where Enter on a finding leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Jump {
    Pane(TileId),
    Node(String),
    /// A workload in the workloads view: kind, namespace, name.
    Workload(String, String, String),
    /// A pod's row in the pods table: namespace, name.
    Pod(String, String),
}

/// The pane (or node) of a finding's object, where kon has one.
pub fn jump_of(f: &Finding) -> Option<Jump> {
    let pane = |t| Some(Jump::Pane(t));
    match f.id {
        "control-plane-not-ha"
        | "control-plane-single-zone"
        | "apiserver-check-failing"
        | "leader-lease-stale" => pane(TileId::ControlPlane),
        id if id.starts_with("etcd-backup-") => pane(TileId::EtcdBackups),
        id if id.starts_with("cert-") => pane(TileId::Certificates),
        "node-not-ready" | "node-pressure" => Some(Jump::Node(f.name.clone())),
        "cluster-limit-exceeded" | "quota-near-limit" | "quota-exhausted" | "namespace-no-resourcequota" => {
            pane(TileId::Quotas)
        }
        "workload-single-zone" | "workload-single-node" => pane(TileId::Zones),
        "workload-rollout-stuck" | "workload-unavailable" => Some(Jump::Workload(
            f.kind.clone(),
            f.namespace.clone().unwrap_or_default(),
            f.name.clone(),
        )),
        _ if f.kind == "Pod" => f.namespace.clone().map(|ns| Jump::Pod(ns, f.name.clone())),
        _ => None,
    }
}

impl AppState {
    /// The findings of the last recompute (none before the first).
    pub fn findings(&self) -> &[Finding] {
        self.live
            .panes
            .findings
            .as_ref()
            .map_or(&[], |r| r.findings.as_slice())
    }

    /// How many findings fit on screen (the table's page, less the detail
    /// lines, and the lines saying what was not read when incomplete).
    pub fn findings_page(&self) -> usize {
        let status = self
            .live
            .panes
            .findings
            .as_deref()
            .and_then(super::findings_list::unread_line);
        let status_lines = status.map_or(0, |t| {
            super::findings_list::wrapped_height(&t, self.nav.size.0.saturating_sub(2))
        });
        // The "now" and "posture" headings, when there are incidents.
        let headings = if self.incident_count() > 0 { 2 } else { 0 };
        self.table_page()
            .saturating_sub(2 + headings + usize::from(status_lines))
            .max(1)
    }

    /// Filters the findings list again (findings or filter changed).
    pub(super) fn refresh_findings(&mut self) {
        let page = self.findings_page();
        let hays: Vec<String> = self.findings().iter().map(haystack).collect();
        let l = &mut self.features.findings_list;
        l.refresh(&hays, page);
        // Incidents ("now") above hygiene ("posture"), each in the report's
        // order (worst first, by rule).
        let findings = self
            .live
            .panes
            .findings
            .as_ref()
            .map_or(&[][..], |r| &r.findings[..]);
        let incident = |i: &usize| findings.get(*i).is_some_and(|f| is_incident(f.id));
        l.shown.sort_by_key(|i| !incident(i));
    }

    /// How many findings of the list are incidents.
    pub fn incident_count(&self) -> usize {
        self.findings().iter().filter(|f| is_incident(f.id)).count()
    }

    /// The finding under the cursor.
    pub fn selected_finding(&self) -> Option<&Finding> {
        self.features
            .findings_list
            .current()
            .and_then(|i| self.findings().get(i))
    }

    pub(super) fn open_findings(&mut self) -> Updated {
        self.nav.mode = Mode::Findings;
        self.refresh_findings();
        Updated::changed()
    }

    pub(super) fn on_findings(&mut self, action: Option<Action>) -> Updated {
        let page = self.findings_page();
        let before = self.features.findings_list.clone();
        let step = isize::try_from(page).unwrap_or(isize::MAX);
        let l = &mut self.features.findings_list;
        match action {
            Some(Action::Close) if !l.filter.is_empty() => {
                l.filter.clear();
                self.nav.filter_line = TextArea::default();
                self.refresh_findings();
            }
            Some(Action::Filter) => return self.open_filter(Mode::Findings),
            Some(Action::Open) => return self.jump(),
            Some(Action::Up) => l.move_by(-1, page),
            Some(Action::Down) => l.move_by(1, page),
            Some(Action::PageUp) => l.move_by(-step, page),
            Some(Action::PageDown) => l.move_by(step, page),
            Some(Action::Top) => l.to(0, page),
            Some(Action::Bottom) => l.to(usize::MAX, page),
            other => {
                if let Some(o) = self.on_view_common(other) {
                    return o;
                }
            }
        }
        Updated {
            effects: vec![],
            changed: before != self.features.findings_list,
        }
    }

    fn jump(&mut self) -> Updated {
        let Some(f) = self.selected_finding().cloned() else {
            return Updated::default();
        };
        let jump = jump_of(&f);
        if jump.is_some() {
            self.nav.jumped_from = Some(Mode::Findings);
        }
        match jump {
            Some(Jump::Pane(tile)) => {
                self.nav.focus = TileId::ALL.iter().position(|t| *t == tile).unwrap_or(0);
                self.nav.mode = Mode::Pane;
                self.nav.pane_scroll = Default::default();
                Updated::changed()
            }
            Some(Jump::Workload(kind, ns, name)) => {
                self.features.workloads.filter.clear();
                self.open_workloads();
                let page = self.workloads_page();
                let rows = self.live.panes.workloads.as_deref().unwrap_or(&[]);
                self.features
                    .workloads
                    .select((kind.into(), ns.into(), name.into()), rows, page);
                Updated::changed()
            }
            Some(Jump::Node(name)) => {
                self.features.nodes_table.filter.clear();
                self.open_nodes();
                let page = self.findings_page();
                let rows = self.live.panes.nodes.as_deref().unwrap_or(&[]);
                self.features.nodes_table.select(&name, rows, page);
                Updated::changed()
            }
            Some(Jump::Pod(ns, name)) => {
                if self.open_pod(&ns, &name) {
                    return Updated::changed();
                }
                self.nav.jumped_from = None;
                let text = format!(
                    "the pods table does not list pod {ns}/{name} (gone, or outside the namespace shown)"
                );
                self.set_notice(super::NoticeLevel::Info, super::About::Command, text);
                Updated::changed()
            }
            None => {
                let text = format!("no pane shows {} {}", f.kind, f.name);
                self.set_notice(super::NoticeLevel::Info, super::About::Command, text);
                Updated::changed()
            }
        }
    }
}
