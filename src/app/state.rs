//! The groups of the console's state, by concern, so that a handler touches
//! one group: the session (what kon was started with), the live data (what
//! the cluster and the machine said), the navigation (what is on screen and
//! where) and the features' own state (nodes table, findings, drain,
//! pickers). Also the settings `AppState::new` builds a console from.

use ratatui_textarea::TextArea;

use super::action::Mode;
use super::keymap::Keymap;
use super::{About, AppState, Notice, NoticeLevel, drain_view, findings_list};
use super::{command_keys, nodes_confirm};
use super::{nodes_table, pods_table, switch};
use crate::cluster::Connection;
use crate::kubeconfig::target::Target;
use crate::viewport::Viewport;

/// What a console starts with (the command line, config.toml, the kubeconfig).
#[derive(Debug, Clone)]
pub struct Settings {
    pub target: Target,
    /// Why there is no cluster to talk to, if so.
    pub problem: Option<String>,
    pub readonly: bool,
    /// Why read-only is in force (`--readonly`, config.toml…), for refusals.
    pub readonly_why: String,
    /// Where, in a few words, for the header (`config.toml contexts."prod-*"`).
    pub readonly_badge: String,
    pub keymap: Keymap,
    /// Problems in the user's files, shown in help and as a notice.
    pub problems: Vec<String>,
    /// Who acts (for the audit log).
    pub who: crate::audit::Who,
    /// The console's drain timeout and grace period (`[drain]` in config.toml).
    pub drain_settings: crate::drain::run::RunSettings,
    pub audit_path: Option<std::path::PathBuf>,
    /// Switches made in the console also go to the kubeconfig (`[contexts] persist`).
    pub persist_switches: bool,
    /// The platform config.toml names for this context (`platform = "eks"`).
    pub platform: Option<crate::platform::Platform>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            target: Target::default(),
            problem: None,
            readonly: false,
            readonly_why: String::new(),
            readonly_badge: String::new(),
            keymap: super::keymap::default_keymap(),
            problems: Vec::new(),
            who: Default::default(),
            drain_settings: Default::default(),
            audit_path: None,
            persist_switches: false,
            platform: None,
        }
    }
}

impl Settings {
    /// The defaults, pointed at `target`.
    pub fn for_target(target: Target) -> Self {
        Self {
            target,
            ..Self::default()
        }
    }
}

impl AppState {
    /// A new console, started with `settings`.
    pub fn new(settings: Settings) -> Self {
        let Settings {
            target,
            problem,
            readonly,
            readonly_why,
            readonly_badge,
            keymap,
            problems,
            who,
            drain_settings,
            audit_path,
            persist_switches,
            platform,
        } = settings;
        let connection = match problem {
            Some(why) => Connection::NoContext(why),
            None => Connection::Connecting,
        };
        let notices = match (problems.first(), &connection) {
            (Some(p), _) => Some(Notice {
                level: NoticeLevel::Warn,
                about: About::Files,
                text: if problems.len() > 1 {
                    format!("{p} (+{} more: press ? )", problems.len() - 1)
                } else {
                    p.clone()
                },
                holds: None,
            }),
            _ => None,
        };
        let notices = notices
            .into_iter()
            .chain(match &connection {
                Connection::NoContext(why) => Some(Notice {
                    level: NoticeLevel::Error,
                    about: About::Connection,
                    text: why.clone(),
                    holds: None,
                }),
                _ => None,
            })
            .collect();
        Self {
            session: Session {
                target,
                readonly,
                readonly_why,
                readonly_badge,
                keymap,
                problems,
                who,
                drain_settings,
                audit_path,
                persist_switches,
                session_readonly: false,
            },
            live: Live {
                connection,
                store: Default::default(),
                generation: 0,
                readyz: None,
                livez: None,
                panes: crate::panes::Panes {
                    platform_clues: std::sync::Arc::new(crate::platform::Evidence {
                        configured: platform,
                        ..Default::default()
                    }),
                    ..Default::default()
                },
                local: Default::default(),
                now: 0,
                recompute_pending: false,
            },
            nav: Nav {
                mode: Mode::Normal,
                return_mode: Mode::Normal,
                jumped_from: None,
                focus: 0,
                size: (80, 24),
                help_scroll: Default::default(),
                pane_scroll: Default::default(),
                notices,
                cmdline: command_keys::new_cmdline(),
                filter_line: TextArea::default(),
                filter_target: Mode::Nodes,
            },
            features: Features::default(),
        }
    }
}

/// What the session was started with, and what it decided since (`:readonly`).
pub struct Session {
    pub target: Target,
    pub readonly: bool,
    /// Why read-only is in force (`--readonly`, config.toml…), for refusals.
    pub readonly_why: String,
    /// Where, in a few words, for the header (`config.toml contexts."prod-*"`).
    pub readonly_badge: String,
    pub keymap: Keymap,
    /// Problems in the user's files, shown in help and as a notice.
    pub problems: Vec<String>,
    /// Who acts (for the audit log) and where the log is.
    pub who: crate::audit::Who,
    /// The console's drain timeout and grace period (`[drain]` in config.toml).
    pub drain_settings: crate::drain::run::RunSettings,
    pub audit_path: Option<std::path::PathBuf>,
    /// Switches made in the console also go to the kubeconfig (`[contexts] persist`).
    pub persist_switches: bool,
    /// `:readonly` was given: it outlives context switches.
    pub(super) session_readonly: bool,
}

/// What the cluster and this machine said, and the models computed from it.
pub struct Live {
    pub connection: Connection,
    /// The live cluster state of the current context.
    pub store: crate::cluster::store::Store,
    /// Bumped when the context changes; older watchers' messages are dropped.
    pub generation: u64,
    /// The latest `/readyz?verbose` and `/livez?verbose` answers.
    pub readyz: Option<Result<String, String>>,
    pub livez: Option<Result<String, String>>,
    /// The pane models, recomputed from the store on `Msg::Recompute`.
    pub panes: crate::panes::Panes,
    /// What the certificate and backup panes read outside the API.
    pub local: crate::panes::Local,
    /// The time of the last recompute (Unix seconds), which ages are relative to.
    pub now: i64,
    pub(super) recompute_pending: bool,
}

/// What is on screen: the mode, the focus, the scrolls, the notices and
/// the editing lines.
pub struct Nav {
    pub mode: Mode,
    /// The view under the help overlay or the command line (Normal, Pane or
    /// Nodes), which closing them returns to.
    pub(super) return_mode: Mode,
    /// Where closing a view returns when it was reached from a finding.
    pub(super) jumped_from: Option<Mode>,
    pub focus: usize,
    pub size: (u16, u16),
    /// The help overlay's first line on screen.
    pub help_scroll: Viewport,
    /// The open pane's first line on screen.
    pub pane_scroll: Viewport,
    /// One-line messages above the footer, at most one per subject.
    pub notices: Vec<Notice>,
    /// The `:` line's editing buffer (the textarea widget's model).
    pub cmdline: TextArea<'static>,
    /// The `/` filter's editing buffer.
    pub filter_line: TextArea<'static>,
    /// The list the filter line filters (Nodes or Findings).
    pub filter_target: Mode,
}

/// The state of the views and dialogs of each feature.
#[derive(Default)]
pub struct Features {
    /// The nodes table's sort, filter and cursor.
    pub nodes_table: nodes_table::NodesTable,
    /// The pods table's sort, filter, node and cursor.
    pub pods_table: pods_table::PodsTable,
    /// The findings list's filter and cursor.
    pub findings_list: findings_list::FindingsList,
    /// The workloads view's sort, filter and cursor.
    pub workloads: super::workloads_table::WorkloadsTable,
    /// The events view's toggle, filter and cursor.
    pub events: super::events_view::EventsView,
    /// The describe/YAML view: its object, form, scroll and search.
    pub describe: super::describe_view::DescribeView,
    /// The drain being planned, running (on screen or in the background), or finished.
    pub drain: Option<drain_view::DrainView>,
    /// The open cordon/uncordon confirmation over the nodes table.
    pub confirm: Option<nodes_confirm::Confirm>,
    /// The open confirmation of a request (delete a pod, scale…), over any view.
    pub ask: Option<super::ask::Ask>,
    /// Quit was asked while a drain runs: "abort the drain and quit?".
    pub ask_quit: bool,
    /// The drain was told to abort; kon quits once it has stopped.
    pub quit_after_drain: bool,
    /// The running (or last) etcd snapshot or defrag, for the etcd pane.
    pub etcd_op: Option<super::etcd_ops::EtcdProgress>,
    /// The open context or namespace picker.
    pub picker: Option<switch::OpenPicker>,
    /// The kubeconfig's contexts as last read, for the context picker.
    pub contexts: Vec<crate::picker::PickItem>,
    /// The log view, the list of a workload's pods to read, `[logs]`.
    pub logs: super::Logs,
    /// The fleet view: every context's row, its sort, filter and cursor.
    pub fleet: super::fleet_view::FleetView,
}
