//! Which container's log to show, and whether its previous run: pure,
//! from the pod's record. The containers are listed init first, then the
//! app containers, then ephemeral ones (as `kubectl logs` accepts them);
//! the one chosen by default is the first in trouble (CrashLoopBackOff, or
//! a last state that is terminated), else the first app container; the
//! previous run is chosen by default when the container is in
//! CrashLoopBackOff or its last state is terminated (what the user needs
//! is the crash, not the seconds of the run after it).

use crate::cluster::store::pod_records::{ContainerState, ContainerStatusRecord};
use crate::cluster::store::records::PodRecord;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Init,
    App,
    Ephemeral,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Init => "init",
            Role::App => "",
            Role::Ephemeral => "ephemeral",
        }
    }
}

/// A container of the pod, as the choice lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Container {
    pub name: String,
    pub role: Role,
    /// kubectl's words for its state: `Running`, `CrashLoopBackOff`, `Terminated (Error, exit 1)`…
    pub state: String,
    pub restarts: u32,
    /// It has a previous run to show (`lastState.terminated`).
    pub has_previous: bool,
    /// It is in trouble: its previous run is what to read.
    pub previous_first: bool,
}

/// The containers of a pod and the default choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub containers: Vec<Container>,
    /// Index of the chosen container (None: the pod reports none yet; the
    /// API picks its only container or says which to choose).
    pub index: Option<usize>,
    pub previous: bool,
}

fn state_text(s: &ContainerState) -> String {
    match s {
        ContainerState::Unknown => "Unknown".into(),
        ContainerState::Waiting(w) => w.reason.as_deref().unwrap_or("Waiting").to_string(),
        ContainerState::Running { .. } => "Running".into(),
        ContainerState::Terminated(t) => {
            let reason = t.reason.as_deref().unwrap_or("Terminated");
            format!("Terminated ({reason}, exit {})", t.exit_code)
        }
    }
}

fn container(c: &ContainerStatusRecord, role: Role) -> Container {
    let crash_loop = c.state.waiting_reason() == Some("CrashLoopBackOff");
    Container {
        name: c.name.to_string(),
        role,
        state: state_text(&c.state),
        restarts: c.restarts,
        has_previous: c.last_terminated.is_some(),
        previous_first: crash_loop || c.last_terminated.is_some(),
    }
}

/// The pod's containers and the default choice.
pub fn choose(p: &PodRecord) -> Choice {
    let s = &p.status;
    let containers: Vec<Container> = s
        .init
        .iter()
        .map(|c| container(c, Role::Init))
        .chain(s.containers.iter().map(|c| container(c, Role::App)))
        .chain(s.rare().ephemeral.iter().map(|c| container(c, Role::Ephemeral)))
        .collect();
    let index = containers
        .iter()
        .position(|c| c.previous_first && c.role != Role::Ephemeral)
        .or_else(|| containers.iter().position(|c| c.role == Role::App))
        .or((!containers.is_empty()).then_some(0));
    let previous = index.is_some_and(|i| containers[i].previous_first);
    Choice {
        containers,
        index,
        previous,
    }
}

impl Choice {
    pub fn current(&self) -> Option<&Container> {
        self.index.and_then(|i| self.containers.get(i))
    }

    /// Chooses container `i`, with its default for the previous run.
    pub fn pick(&mut self, i: usize) {
        if let Some(c) = self.containers.get(i) {
            self.index = Some(i);
            self.previous = c.previous_first;
        }
    }
}
