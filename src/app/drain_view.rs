//! The console's drain: the plan with its options, the confirmation (type
//! the node name, or the count of nodes), then the progress per pod and per
//! node until done, timed out or aborted.

use std::collections::BTreeMap;

use ratatui_textarea::TextArea;

use crate::drain::plan::{self, DrainOptions, Plan, PodRef};
use crate::drain::run::PodProgress;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Confirm,
    Running,
    Finished,
}

#[derive(Debug, Clone)]
pub struct DrainView {
    pub nodes: Vec<String>,
    pub opts: DrainOptions,
    pub plans: Vec<Plan>,
    /// Why a node has no plan (not found).
    pub errors: Vec<String>,
    pub input: TextArea<'static>,
    pub phase: Phase,
    /// Each planned pod's node and where it is.
    pub progress: BTreeMap<PodRef, (String, PodProgress)>,
    /// Each node's result, once it has one.
    pub outcomes: BTreeMap<String, (bool, String)>,
}

impl DrainView {
    pub fn new(store: &crate::cluster::store::Store, nodes: Vec<String>) -> Self {
        let mut v = Self {
            nodes,
            // Like `kubectl drain --ignore-daemonsets`: DaemonSet pods stay.
            opts: DrainOptions {
                ignore_daemonsets: true,
                ..DrainOptions::default()
            },
            plans: Vec::new(),
            errors: Vec::new(),
            input: TextArea::default(),
            phase: Phase::Confirm,
            progress: BTreeMap::new(),
            outcomes: BTreeMap::new(),
        };
        v.replan(store);
        v
    }

    /// Plans again (options changed).
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

    /// What the user must type: the node's name, or the count of nodes.
    pub fn expected(&self) -> String {
        if self.nodes.len() == 1 {
            self.nodes[0].clone()
        } else {
            self.nodes.len().to_string()
        }
    }

    /// Whether the drain may start now.
    pub fn ready(&self) -> Result<(), String> {
        if !self.errors.is_empty() {
            return Err(self.errors.join("; "));
        }
        if let Some(p) = self.plans.iter().find(|p| !p.can_run()) {
            return Err(format!(
                "{} has pods the options refuse (F3: emptyDir data, F4: force)",
                p.node
            ));
        }
        if self.input.lines().join("").trim() != self.expected() {
            return Err(format!("type {} to confirm", self.expected()));
        }
        Ok(())
    }

    pub fn start(&mut self) {
        self.phase = Phase::Running;
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
}
