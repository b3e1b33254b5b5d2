//! The named actions a key can trigger, per mode.

use std::fmt;

/// Input modes; each has its own bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mode {
    /// The dashboard.
    Normal,
    /// The help overlay.
    Help,
    /// The `:` command line (keys not bound here edit the line).
    Command,
    /// A pane opened from the dashboard.
    Pane,
    /// The nodes table.
    Nodes,
    /// The problem pods table.
    Pods,
    /// Typing the nodes table's `/` filter (keys not bound here edit it).
    Filter,
    /// The findings list.
    Findings,
    /// The workloads view (Deployments, StatefulSets, DaemonSets, Jobs, CronJobs).
    Workloads,
    /// The events view (Warnings, newest first).
    Events,
    /// A drain: its plan and confirmation, then its progress (keys not bound here type the confirmation).
    Drain,
    /// The context or namespace picker (keys not bound here type the query or move the cursor).
    Picker,
    /// A pod's log (and the lists of its containers, or of a workload's pods).
    Logs,
    /// One object read whole: described, or as YAML.
    Describe,
}

impl Mode {
    pub const ALL: [Mode; 14] = [
        Mode::Normal,
        Mode::Pane,
        Mode::Nodes,
        Mode::Pods,
        Mode::Findings,
        Mode::Workloads,
        Mode::Events,
        Mode::Logs,
        Mode::Drain,
        Mode::Picker,
        Mode::Describe,
        Mode::Filter,
        Mode::Help,
        Mode::Command,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Mode::Normal => "normal",
            Mode::Help => "help",
            Mode::Command => "command",
            Mode::Pane => "pane",
            Mode::Nodes => "nodes",
            Mode::Pods => "pods",
            Mode::Filter => "filter",
            Mode::Findings => "findings",
            Mode::Workloads => "workloads",
            Mode::Events => "events",
            Mode::Drain => "drain",
            Mode::Picker => "picker",
            Mode::Logs => "logs",
            Mode::Describe => "describe",
        }
    }

    pub fn from_name(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.name() == s)
    }

    /// The actions that make sense in this mode, in the order help lists them.
    pub fn actions(self) -> &'static [Action] {
        use Action::*;
        match self {
            Mode::Normal => &[
                Quit, Help, Command, Open, Nodes, Pods, Workloads, Events, Contexts, Namespaces, Up, Down,
                Left, Right, NextTile, PrevTile, Redraw,
            ],
            Mode::Pane => &[
                Close,
                Up,
                Down,
                PageUp,
                PageDown,
                Top,
                Bottom,
                Contexts,
                Namespaces,
                Help,
                Command,
                Redraw,
                Quit,
                EtcdSnapshot,
                EtcdDefrag,
            ],
            Mode::Nodes => &[
                Close, Up, Down, PageUp, PageDown, Top, Bottom, Filter, Sort, SortBack, Reverse, Mark,
                ClearMarks, Cordon, Uncordon, Drain, Open, Contexts, Namespaces, Help, Command, Redraw, Quit,
                Describe, Yaml,
            ],
            Mode::Pods => &[
                Close, Up, Down, PageUp, PageDown, Top, Bottom, Filter, Sort, SortBack, Reverse, DeletePod,
                EvictPod, Contexts, Namespaces, Help, Command, Redraw, Quit, Logs, Describe, Yaml,
            ],
            Mode::Filter => &[Submit, Cancel],
            Mode::Picker => &[Submit, Save, Shell, Cancel],
            Mode::Drain => &[
                Submit,
                Cancel,
                Abort,
                ToggleDaemonSets,
                ToggleEmptyDir,
                ToggleForce,
                Up,
                Down,
                PageUp,
                PageDown,
                Quit,
            ],
            Mode::Findings => &[
                Close, Up, Down, PageUp, PageDown, Top, Bottom, Filter, Open, Contexts, Namespaces, Help,
                Command, Redraw, Quit,
            ],
            Mode::Workloads => &[
                Close,
                Up,
                Down,
                PageUp,
                PageDown,
                Top,
                Bottom,
                Filter,
                Sort,
                SortBack,
                Reverse,
                Open,
                Contexts,
                Namespaces,
                Help,
                Command,
                Redraw,
                Quit,
                Logs,
                Describe,
                Yaml,
                RolloutRestart,
                Scale,
                RolloutUndo,
            ],
            Mode::Events => &[
                Close,
                Up,
                Down,
                PageUp,
                PageDown,
                Top,
                Bottom,
                Filter,
                ToggleNormal,
                Contexts,
                Namespaces,
                Help,
                Command,
                Redraw,
                Quit,
                Describe,
                Yaml,
            ],
            Mode::Describe => &[
                Close,
                Up,
                Down,
                PageUp,
                PageDown,
                Top,
                Bottom,
                Filter,
                SearchNext,
                SearchPrev,
                Describe,
                Yaml,
                ToggleManagedFields,
                Help,
                Command,
                Redraw,
                Quit,
            ],
            Mode::Logs => &[
                Close,
                Up,
                Down,
                PageUp,
                PageDown,
                Top,
                Bottom,
                Left,
                Right,
                Filter,
                NextMatch,
                PrevMatch,
                PickContainer,
                TogglePrevious,
                ToggleTimestamps,
                ToggleWrap,
                Open,
                Help,
                Command,
                Redraw,
                Quit,
            ],
            Mode::Help => &[Close, Up, Down, PageUp, PageDown, Top, Bottom, Quit],
            Mode::Command => &[Submit, Cancel],
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    Quit,
    Help,
    Command,
    Open,
    Nodes,
    Workloads,
    Events,
    ToggleNormal,
    Pods,
    Contexts,
    Namespaces,
    Save,
    Shell,
    Filter,
    Sort,
    SortBack,
    Reverse,
    Mark,
    ClearMarks,
    Cordon,
    Uncordon,
    Drain,
    Abort,
    ToggleDaemonSets,
    ToggleEmptyDir,
    ToggleForce,
    Redraw,
    Up,
    Down,
    Left,
    Right,
    NextTile,
    PrevTile,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Close,
    Submit,
    Cancel,
    EtcdSnapshot,
    EtcdDefrag,
    Logs,
    PickContainer,
    TogglePrevious,
    ToggleTimestamps,
    ToggleWrap,
    NextMatch,
    PrevMatch,
    Describe,
    Yaml,
    ToggleManagedFields,
    SearchNext,
    SearchPrev,
    DeletePod,
    EvictPod,
    RolloutRestart,
    Scale,
    RolloutUndo,
}

impl Action {
    pub const ALL: [Action; 59] = [
        Action::Quit,
        Action::Help,
        Action::Command,
        Action::Open,
        Action::Nodes,
        Action::Workloads,
        Action::Events,
        Action::ToggleNormal,
        Action::Pods,
        Action::Contexts,
        Action::Namespaces,
        Action::Save,
        Action::Shell,
        Action::Filter,
        Action::Sort,
        Action::SortBack,
        Action::Reverse,
        Action::Mark,
        Action::ClearMarks,
        Action::Cordon,
        Action::Uncordon,
        Action::Drain,
        Action::Abort,
        Action::ToggleDaemonSets,
        Action::ToggleEmptyDir,
        Action::ToggleForce,
        Action::Redraw,
        Action::Up,
        Action::Down,
        Action::Left,
        Action::Right,
        Action::NextTile,
        Action::PrevTile,
        Action::PageUp,
        Action::PageDown,
        Action::Top,
        Action::Bottom,
        Action::Close,
        Action::Submit,
        Action::Cancel,
        Action::EtcdSnapshot,
        Action::EtcdDefrag,
        Action::Logs,
        Action::PickContainer,
        Action::TogglePrevious,
        Action::ToggleTimestamps,
        Action::ToggleWrap,
        Action::NextMatch,
        Action::PrevMatch,
        Action::Describe,
        Action::Yaml,
        Action::ToggleManagedFields,
        Action::SearchNext,
        Action::SearchPrev,
        Action::DeletePod,
        Action::EvictPod,
        Action::RolloutRestart,
        Action::Scale,
        Action::RolloutUndo,
    ];

    /// The name used in keymap files.
    pub fn name(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::Help => "help",
            Action::Command => "command",
            Action::Open => "open",
            Action::Nodes => "nodes",
            Action::Workloads => "workloads",
            Action::Events => "events",
            Action::ToggleNormal => "toggle-normal",
            Action::Pods => "pods",
            Action::Contexts => "contexts",
            Action::Namespaces => "namespaces",
            Action::Save => "save",
            Action::Shell => "shell",
            Action::Filter => "filter",
            Action::Sort => "sort",
            Action::SortBack => "sort-back",
            Action::Reverse => "reverse",
            Action::Mark => "mark",
            Action::ClearMarks => "clear-marks",
            Action::Cordon => "cordon",
            Action::Uncordon => "uncordon",
            Action::Drain => "drain",
            Action::Abort => "abort",
            Action::ToggleDaemonSets => "toggle-ignore-daemonsets",
            Action::ToggleEmptyDir => "toggle-delete-emptydir-data",
            Action::ToggleForce => "toggle-force",
            Action::Redraw => "redraw",
            Action::Up => "up",
            Action::Down => "down",
            Action::Left => "left",
            Action::Right => "right",
            Action::NextTile => "next-tile",
            Action::PrevTile => "prev-tile",
            Action::PageUp => "page-up",
            Action::PageDown => "page-down",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::Close => "close",
            Action::Submit => "submit",
            Action::Cancel => "cancel",
            Action::EtcdSnapshot => "etcd-snapshot",
            Action::EtcdDefrag => "etcd-defrag",
            Action::Logs => "logs",
            Action::PickContainer => "container",
            Action::TogglePrevious => "toggle-previous",
            Action::ToggleTimestamps => "toggle-timestamps",
            Action::ToggleWrap => "toggle-wrap",
            Action::NextMatch => "next-match",
            Action::PrevMatch => "prev-match",
            Action::Describe => "describe",
            Action::Yaml => "yaml",
            Action::ToggleManagedFields => "toggle-managed-fields",
            Action::SearchNext => "search-next",
            Action::SearchPrev => "search-prev",
            Action::DeletePod => "delete",
            Action::EvictPod => "evict",
            Action::RolloutRestart => "rollout-restart",
            Action::Scale => "scale",
            Action::RolloutUndo => "rollout-undo",
        }
    }

    /// A short label for the footer's key hints.
    pub fn hint(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::Help => "help",
            Action::Command => "cmd",
            Action::Open => "open",
            Action::Redraw => "redraw",
            Action::NextTile => "next",
            Action::PrevTile => "prev",
            Action::Close => "close",
            Action::Submit => "run",
            Action::Cancel => "cancel",
            Action::Reverse => "rev",
            Action::Contexts => "ctx",
            Action::Namespaces => "ns",
            Action::Save => "switch+save",
            Action::Shell => "ro shell",
            Action::ToggleDaemonSets => "daemonsets",
            Action::ToggleEmptyDir => "emptydir",
            Action::ToggleForce => "force",
            Action::ClearMarks => "unmark all",
            Action::ToggleNormal => "normal too",
            Action::EtcdSnapshot => "snapshot",
            Action::EtcdDefrag => "defrag",
            Action::TogglePrevious => "previous",
            Action::ToggleTimestamps => "timestamps",
            Action::ToggleWrap => "wrap",
            Action::NextMatch => "next",
            Action::PrevMatch => "prev",
            Action::ToggleManagedFields => "managedFields",
            Action::SearchNext => "next",
            Action::SearchPrev => "prev",
            Action::RolloutRestart => "restart",
            Action::RolloutUndo => "undo",
            other => other.name(),
        }
    }

    /// A line for the help overlay.
    pub fn description(self) -> &'static str {
        match self {
            Action::Quit => "leave kon",
            Action::Help => "show this help",
            Action::Command => "open the command line (:help, :quit)",
            Action::Open => {
                "open the focused pane, the finding's pane or pod, the node's pods (nodes table), the workload's pods (workloads)"
            }
            Action::Nodes => "open the nodes table",
            Action::Pods => "open the pods table (problems first)",
            Action::Workloads => "open the workloads view (rollouts, worst first)",
            Action::Events => "open the events view (Warnings, newest first)",
            Action::ToggleNormal => "show Normal events too, or Warnings only",
            Action::Contexts => "switch to another context (picker)",
            Action::Namespaces => "pick the namespace the panes show",
            Action::Save => "choose, and write it to the kubeconfig too (like kubectx)",
            Action::Shell => {
                "open a read-only shell in the chosen context (kubectx -r: kubectl's writes, exec and port-forward are refused; `exit` comes back here)"
            }
            Action::Filter => "filter the rows (fuzzy; !word excludes); in a description or YAML: search",
            Action::Sort => "sort by the next column shown",
            Action::SortBack => "sort by the previous column shown",
            Action::Reverse => "reverse the sort order (▲ ascending, ▼ descending: largest or worst first)",
            Action::Mark => {
                "mark or unmark the node (actions apply to the marked nodes the table shows; marks hidden by the filter are left out, and kon asks first)"
            }
            Action::ClearMarks => "clear every mark (leaving the table clears them too)",
            Action::Cordon => {
                "cordon the shown marked nodes, or the one under the cursor (control-plane nodes: type the name)"
            }
            Action::Uncordon => {
                "uncordon the shown marked nodes, or the one under the cursor (control-plane nodes: type the name)"
            }
            Action::Drain => {
                "drain the shown marked nodes, or the one under the cursor (plan first; read-only: a dry run); reopens a drain running in the background"
            }
            Action::Abort => "abort the running drain (the node stays cordoned)",
            Action::ToggleDaemonSets => "drain option: ignore DaemonSet pods",
            Action::ToggleEmptyDir => "drain option: delete emptyDir data",
            Action::ToggleForce => "drain option: force (evict pods no controller manages)",
            Action::Redraw => "redraw the whole screen",
            Action::Up => "move up",
            Action::Down => "move down",
            Action::Left => "move left",
            Action::Right => "move right",
            Action::NextTile => "focus the next pane",
            Action::PrevTile => "focus the previous pane",
            Action::PageUp => "scroll a page up",
            Action::PageDown => "scroll a page down",
            Action::Top => "go to the top",
            Action::Bottom => "go to the bottom",
            Action::Close => "close this view",
            Action::Submit => {
                "run the command / keep the filter / confirm (drain, cordon, uncordon, and every action's confirmation)"
            }
            Action::Cancel => {
                "leave the line (a filter is cleared); in a drain: cancel the plan, or keep a running drain in the background"
            }
            Action::EtcdSnapshot => {
                "etcd pane: snapshot now, from a healthy follower into the backup directory (type the member's name; :snapshot NAME picks one)"
            }
            Action::EtcdDefrag => {
                "etcd pane: guided defrag, one member at a time, followers first, the leader last (type the leader's name)"
            }
            Action::Logs => {
                "the log of the pod under the cursor (workloads: of one of its pods, worst first); its previous container when it crash-loops"
            }
            Action::PickContainer => "choose the container (init and ephemeral ones too)",
            Action::TogglePrevious => "the previous run of the container (--previous), or the current one",
            Action::ToggleTimestamps => "show or hide each line's timestamp",
            Action::ToggleWrap => "wrap long lines, or cut them (left/right scroll)",
            Action::NextMatch => "the next line the search found (wraps around)",
            Action::PrevMatch => "the previous line the search found (wraps around)",
            Action::Describe => {
                "describe the object under the cursor (the event's object in the events view), read from the API; in YAML: back to the description"
            }
            Action::Yaml => {
                "show the object under the cursor as YAML (Secret values hidden); in a description: its YAML"
            }
            Action::ToggleManagedFields => "show or hide metadata.managedFields in the YAML",
            Action::SearchNext => "go to the next line the search finds",
            Action::SearchPrev => "go to the previous line the search finds",
            Action::DeletePod => {
                "delete the pod under the cursor (type a grace period, empty for the pod's own; 0 forces, after a second confirmation)"
            }
            Action::EvictPod => {
                "evict the pod under the cursor through the Eviction API (its PodDisruptionBudgets shown; a refusal names the one blocking)"
            }
            Action::RolloutRestart => {
                "rollout restart the Deployment, StatefulSet or DaemonSet under the cursor (kubectl's restartedAt annotation)"
            }
            Action::Scale => {
                "scale the Deployment or StatefulSet under the cursor (type the replicas; current → target shown)"
            }
            Action::RolloutUndo => {
                "rollout undo the Deployment, StatefulSet or DaemonSet under the cursor to its previous revision (the revisions and images shown first)"
            }
        }
    }

    pub fn from_name(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        for a in Action::ALL {
            assert_eq!(Action::from_name(a.name()), Some(a));
        }
        let mut names: Vec<_> = Action::ALL.iter().map(|a| a.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Action::ALL.len());
    }

    #[test]
    fn every_mode_action_is_known() {
        for m in Mode::ALL {
            assert_eq!(Mode::from_name(m.name()), Some(m));
            assert!(!m.actions().is_empty());
        }
    }
}
