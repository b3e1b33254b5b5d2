//! Keys in the nodes table.

use ratatui_textarea::TextArea;

use super::action::{Action, Mode};
use super::nodes_table::Column;
use super::{AppState, Outcome};

impl AppState {
    pub(super) fn on_nodes(&mut self, action: Option<Action>) -> Outcome {
        let page = self.table_page();
        let before = self.nodes_table.clone();
        let rows = self.panes.nodes.as_deref().unwrap_or(&[]);
        let t = &mut self.nodes_table;
        let step = isize::try_from(page).unwrap_or(isize::MAX);
        match action {
            // Esc clears an applied filter first, then leaves (as in k9s).
            Some(Action::Close) if !t.filter.is_empty() => {
                t.filter.clear();
                self.filter_line = TextArea::default();
                self.refresh_table();
            }
            Some(Action::Filter) => return self.open_filter(Mode::Nodes),
            Some(a @ (Action::Sort | Action::SortBack)) => {
                let n = Column::ALL.len();
                let i = Column::ALL.iter().position(|c| *c == t.sort).unwrap_or(0);
                let step = if a == Action::Sort { 1 } else { n - 1 };
                t.sort = Column::ALL[(i + step) % n];
                t.reversed = false;
                self.refresh_table();
            }
            Some(Action::Mark) => {
                t.toggle_mark(rows);
                t.move_by(1, rows, page);
            }
            Some(Action::Drain) => {
                let targets = t.targets(rows);
                return self.open_drain(targets);
            }
            Some(a @ (Action::Cordon | Action::Uncordon)) => {
                let targets = t.targets(rows);
                return self.set_unschedulable(targets, a == Action::Cordon);
            }
            Some(Action::Reverse) => {
                t.reversed = !t.reversed;
                self.refresh_table();
            }
            Some(Action::Up) => t.move_by(-1, rows, page),
            Some(Action::Down) => t.move_by(1, rows, page),
            Some(Action::PageUp) => t.move_by(-step, rows, page),
            Some(Action::PageDown) => t.move_by(step, rows, page),
            Some(Action::Top) => t.to_top(rows, page),
            Some(Action::Bottom) => t.to_bottom(rows, page),
            other => {
                if let Some(o) = self.on_view_common(other) {
                    return o;
                }
            }
        }
        Outcome {
            effects: vec![],
            changed: before != self.nodes_table,
        }
    }

    /// Cordons or uncordons `nodes`, unless read-only (then the refusal is
    /// said and recorded).
    fn set_unschedulable(&mut self, nodes: Vec<String>, on: bool) -> Outcome {
        let action = if on { "cordon" } else { "uncordon" };
        if nodes.is_empty() {
            return Outcome::default();
        }
        if self.readonly {
            let text = format!("read-only: {action} refused");
            self.set_notice(super::Level::Warn, super::About::Command, text);
            return Outcome {
                effects: vec![super::Effect::Audit {
                    action: action.into(),
                    targets: nodes,
                    outcome: "refused: read-only".into(),
                }],
                changed: true,
            };
        }
        let text = format!("{action}ing {}…", nodes.join(", "));
        self.set_notice(super::Level::Info, super::About::Command, text);
        self.nodes_table.marked.clear();
        Outcome {
            effects: vec![super::Effect::SetUnschedulable { nodes, on }],
            changed: true,
        }
    }
}
