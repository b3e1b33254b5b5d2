//! The console's drain: the plan with its options, the confirmation (type
//! the node name, the control-plane nodes' names, or the count of nodes),
//! then the progress per pod and per node until done, timed out or aborted.
//! The plan scrolls, and the drain cannot start before its end was on
//! screen. In read-only mode the plan is a dry run with no confirmation.

use std::collections::BTreeMap;

use ratatui_textarea::TextArea;

use crate::drain::plan::{self, DrainOptions, Plan, PodRef};
use crate::drain::run::PodProgress;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DrainPhase {
    Confirm,
    Running,
    Finished,
}

#[derive(Debug, Clone)]
pub struct DrainView {
    pub nodes: Vec<String>,
    /// Marked nodes the filter hid: not part of this drain, named in the plan.
    pub left_out: Vec<String>,
    /// The control-plane nodes among `nodes`: their names must be typed.
    pub control_plane: Vec<String>,
    /// Read-only: the plan is shown as a dry run and cannot start.
    pub dry_run: bool,
    pub opts: DrainOptions,
    pub plans: Vec<Plan>,
    /// Why a node has no plan (not found).
    pub errors: Vec<String>,
    pub input: TextArea<'static>,
    pub phase: DrainPhase,
    /// First line shown of the plan (or of the progress).
    pub scroll: usize,
    /// The plan's last line has been on screen since it was last planned.
    pub seen_end: bool,
    /// The width the plan is wrapped to (the screen's, less the borders).
    pub width: usize,
    /// Each planned pod's node and where it is.
    pub progress: BTreeMap<PodRef, (String, PodProgress)>,
    /// Each node's result, once it has one.
    pub outcomes: BTreeMap<String, (bool, String)>,
}

fn on(b: bool) -> &'static str {
    if b { "on" } else { "off" }
}

impl DrainView {
    pub fn new(store: &crate::cluster::store::Store, nodes: Vec<String>, left_out: Vec<String>) -> Self {
        let control_plane = nodes
            .iter()
            .filter(|n| store.nodes.items.get(n.as_str()).is_some_and(|v| v.control_plane))
            .cloned()
            .collect();
        let mut v = Self {
            nodes,
            left_out,
            control_plane,
            dry_run: false,
            // Like `kubectl drain --ignore-daemonsets`: DaemonSet pods stay.
            opts: DrainOptions {
                ignore_daemonsets: true,
                ..DrainOptions::default()
            },
            plans: Vec::new(),
            errors: Vec::new(),
            input: TextArea::default(),
            phase: DrainPhase::Confirm,
            scroll: 0,
            seen_end: false,
            width: 78,
            progress: BTreeMap::new(),
            outcomes: BTreeMap::new(),
        };
        v.replan(store);
        v
    }

    /// Plans again (options changed). The plan must be read to its end again,
    /// unless its end was on screen (then the view stays at the end).
    pub fn replan(&mut self, store: &crate::cluster::store::Store) {
        self.plans.clear();
        self.errors.clear();
        for n in &self.nodes {
            match plan::plan(store, n, self.opts) {
                Ok(p) => self.plans.push(p),
                Err(e) => self.errors.push(e),
            }
        }
    }

    /// The plan as lines of text, in the order shown.
    pub fn plan_lines(&self) -> Vec<String> {
        let o = self.opts;
        let mut out = vec![
            format!(
                "F2 ignore DaemonSets: {}   F3 delete emptyDir data: {}   F4 force: {}",
                on(o.ignore_daemonsets),
                on(o.delete_emptydir_data),
                on(o.force)
            ),
            String::new(),
        ];
        if !self.left_out.is_empty() {
            out.push(format!(
                "not included (marked, but hidden by the filter): {}",
                self.left_out.join(", ")
            ));
        }
        out.extend(self.errors.iter().map(|e| format!("✖ {e}")));
        for p in &self.plans {
            out.extend(crate::drain::describe::describe(p).lines().map(str::to_string));
        }
        out
    }

    /// The plan's lines wrapped to the screen: nothing is cut off, and
    /// what is below is counted in the lines as shown.
    pub fn wrapped_plan(&self) -> Vec<String> {
        self.plan_lines()
            .iter()
            .flat_map(|l| wrap(l, self.width.max(20)))
            .collect()
    }

    /// How many lines the body shows in this phase.
    pub fn body_len(&self) -> usize {
        match self.phase {
            DrainPhase::Confirm => self.wrapped_plan().len(),
            _ => self.progress.len() + self.outcomes.len(),
        }
    }

    /// Lines below the screen, for a body `page` lines tall.
    pub fn below(&self, page: usize) -> usize {
        self.body_len().saturating_sub(self.scroll + page.max(1))
    }

    /// Scrolls to `scroll` (clamped) and notes whether the end was seen.
    pub fn scroll_to(&mut self, scroll: usize, page: usize) {
        let page = page.max(1);
        let len = self.body_len();
        self.scroll = scroll.min(len.saturating_sub(page));
        if self.phase == DrainPhase::Confirm && self.scroll + page >= len {
            self.seen_end = true;
        }
    }

    /// The refusals and blocks of the plan in one line, shown next to the
    /// prompt so that they are read even when the plan is long.
    pub fn summary(&self) -> Option<String> {
        let refused: usize = self.plans.iter().map(|p| p.refused.len()).sum();
        let blocked: usize = self.plans.iter().map(|p| p.blockers.len()).sum();
        let mut parts = Vec::new();
        if !self.errors.is_empty() {
            parts.push(format!("{} node(s) not planned", self.errors.len()));
        }
        if refused > 0 {
            parts.push(format!("{refused} pod(s) REFUSED"));
        }
        if blocked > 0 {
            parts.push(format!("{blocked} BLOCKED by PDB"));
        }
        (!parts.is_empty()).then(|| format!("✖ {}", parts.join(" · ")))
    }

    /// What the user must type: the node's name; with several nodes, the
    /// names of the control-plane nodes among them, else the count of nodes.
    pub fn expected(&self) -> String {
        if self.nodes.len() == 1 {
            self.nodes[0].clone()
        } else if !self.control_plane.is_empty() {
            self.control_plane.join(" ")
        } else {
            self.nodes.len().to_string()
        }
    }

    /// Whether the drain may start now (`page`: the plan's lines on screen).
    pub fn ready(&self, page: usize) -> Result<(), String> {
        if self.dry_run {
            return Err("read-only: dry run, nothing will change".into());
        }
        if !self.errors.is_empty() {
            return Err(self.errors.join("; "));
        }
        if !self.seen_end {
            return Err(format!(
                "read the whole plan first: {} more lines below (PgDn)",
                self.below(page)
            ));
        }
        if let Some(p) = self.plans.iter().find(|p| !p.can_run()) {
            return Err(format!(
                "{} has pods the options refuse (F3: emptyDir data, F4: force)",
                p.node
            ));
        }
        let typed = self.input.lines().join("");
        let typed: Vec<&str> = typed.split_whitespace().collect();
        let expected = self.expected();
        if typed != expected.split_whitespace().collect::<Vec<_>>() {
            return Err(format!("type {expected} to confirm"));
        }
        Ok(())
    }

    pub fn start(&mut self) {
        self.phase = DrainPhase::Running;
        self.scroll = 0;
        for p in &self.plans {
            for pod in &p.evict {
                self.progress
                    .insert(pod.clone(), (p.node.clone(), PodProgress::Pending));
            }
        }
    }

    /// (gone, total) pods of `node`.
    pub fn counts(&self, node: &str) -> (usize, usize) {
        let of_node = self.progress.values().filter(|(n, _)| n == node);
        let total = of_node.clone().count();
        (of_node.filter(|(_, s)| *s == PodProgress::Gone).count(), total)
    }

    /// (gone, total) pods of the whole drain, for the header's badge.
    pub fn total_counts(&self) -> (usize, usize) {
        let gone = self.progress.values().filter(|(_, s)| *s == PodProgress::Gone);
        (gone.count(), self.progress.len())
    }

    /// Whether every node that finished was drained.
    pub fn all_ok(&self) -> bool {
        self.outcomes.values().all(|(ok, _)| *ok)
    }
}

/// `line` cut into pieces of at most `width` characters, at spaces where
/// there are any; the pieces after the first are indented.
fn wrap(line: &str, width: usize) -> Vec<String> {
    const INDENT: &str = "      ";
    let mut out = Vec::new();
    let mut rest: Vec<char> = line.chars().collect();
    let mut room = width;
    while rest.len() > room {
        let cut = rest[..=room]
            .iter()
            .rposition(|c| *c == ' ')
            .filter(|&i| i > room / 2)
            .unwrap_or(room);
        let piece: String = rest[..cut].iter().collect();
        out.push(if out.is_empty() {
            piece.trim_end().to_string()
        } else {
            format!("{INDENT}{}", piece.trim_end())
        });
        rest = rest[cut..].iter().copied().skip_while(|c| *c == ' ').collect();
        room = width - INDENT.len();
    }
    let last: String = rest.into_iter().collect();
    out.push(if out.is_empty() {
        last
    } else {
        format!("{INDENT}{last}")
    });
    out
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn long_lines_wrap_at_spaces_and_nothing_is_lost() {
        let line = "  BLOCKED by PodDisruptionBudget web/web (0 disruption(s) allowed now) for 20 pod(s)";
        let pieces = wrap(line, 40);
        assert!(pieces.iter().all(|p| p.chars().count() <= 40), "{pieces:?}");
        assert!(pieces.len() > 1 && pieces[1].starts_with("      "), "{pieces:?}");
        let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        assert_eq!(words(&pieces.join(" ")), words(line));
        // A word longer than the line is cut, not dropped.
        let long = "x".repeat(50);
        assert_eq!(wrap(&long, 40).concat().replace(' ', ""), long);
        assert_eq!(wrap("short", 40), ["short"]);
    }
}
