//! The application state and its pure update function. No I/O and no
//! drawing here: `update` takes a message and returns the effects the event
//! loop must carry out.

pub mod action;
pub mod ask;
mod ask_objects;
mod ask_undo;
pub mod command;
mod command_keys;
mod complete;
mod describe_keys;
pub mod describe_view;
mod drain_keys;
pub mod drain_view;
pub mod etcd_ops;
mod events_keys;
pub mod events_view;
mod filter_keys;
mod findings_keys;
pub mod findings_list;
pub mod fleet_columns;
mod fleet_keys;
pub mod fleet_view;
pub mod help;
mod help_keys;
pub mod key_events;
pub mod keymap;
pub mod keys;
pub mod logs_command;
mod logs_keys;
pub mod logs_view;
mod msg;
pub mod nodes_columns;
pub mod nodes_confirm;
mod nodes_keys;
pub mod nodes_table;
mod normal_keys;
pub mod notices;
mod pane_keys;
mod picker_keys;
pub mod pods_columns;
pub mod pods_compact;
mod pods_hook;
mod pods_keys;
pub mod pods_letters;
pub mod pods_table;
pub mod recompute;
mod state;
pub mod switch;
mod table_columns;
pub mod tiles;
pub mod workloads_columns;
mod workloads_keys;
pub mod workloads_table;

use crate::cluster::{Connection, Report};
use action::Mode;
use keys::KeyChord;
pub use logs_keys::{Logs, PodPick};
pub use msg::{Effect, Expected, Msg, Updated};
pub use state::{Features, Live, Nav, Session, Settings};
use tiles::TileId;

/// Why every synced kind went stale at once: the connection probe failed.
pub const API_NOT_ANSWERING: &str = "the API server is not answering";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeLevel {
    Info,
    Warn,
    Error,
}

/// A one-line message shown above the footer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub level: NoticeLevel,
    pub text: String,
    pub about: About,
    /// The condition it states, re-checked after every update (`None`: it
    /// reports an event and stays until replaced or withdrawn).
    pub holds: Option<notices::Holds>,
}

/// What a notice is about, so that it can be withdrawn when that resolves.
/// At most one notice per subject is kept; they are shown in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum About {
    Files,
    Connection,
    Command,
}

/// The console's state, grouped by concern (see `state`).
pub struct AppState {
    pub session: Session,
    pub live: Live,
    pub nav: Nav,
    pub features: Features,
}

impl AppState {
    /// The view on screen under any overlay: Normal (the dashboard), Pane or Nodes.
    pub fn screen(&self) -> Mode {
        match self.nav.mode {
            Mode::Help | Mode::Command | Mode::Picker => self.nav.return_mode,
            Mode::Filter => self.nav.filter_target,
            m => m,
        }
    }

    /// Whether a pane is on screen (open, or under the help overlay opened from it).
    pub fn pane_open(&self) -> bool {
        self.screen() == Mode::Pane
    }

    /// How many rows of the nodes table fit on screen (header, footer,
    /// notices, borders and the column titles taken off).
    pub fn table_page(&self) -> usize {
        usize::from(self.nav.size.1.saturating_sub(5 + self.notice_rows())).max(1)
    }

    /// How many notice rows the screen shows (they wrap, within three rows;
    /// two on a small screen, none on a tiny one).
    pub fn notice_rows(&self) -> u16 {
        notices::heights(&self.nav.notices, self.nav.size.0, self.nav.size.1)
            .iter()
            .sum::<usize>() as u16
    }

    /// The node rows (empty until the nodes are known).
    pub fn node_rows(&self) -> &[crate::signals::nodes::NodeRow] {
        self.live.panes.nodes.as_deref().unwrap_or(&[])
    }

    /// The node under the nodes table's cursor.
    pub fn selected_node(&self) -> Option<&crate::signals::nodes::NodeRow> {
        self.features.nodes_table.current(self.node_rows())
    }

    /// Sorts and filters the nodes table again (rows, filter or sort changed).
    fn refresh_table(&mut self) {
        let page = self.table_page();
        let rows = self.live.panes.nodes.as_deref().unwrap_or(&[]);
        self.features.nodes_table.refresh(rows, page);
    }

    pub fn focused_tile(&self) -> TileId {
        TileId::ALL[self.nav.focus.min(TileId::ALL.len() - 1)]
    }

    /// Asks for a recompute of the pane models, once per batch of changes.
    /// Keeps the server's gitVersion (evidence of its platform) from a
    /// connection report; true when it changes what the platform is (the
    /// panes must be recomputed).
    fn new_version(&mut self, c: &Connection) -> bool {
        let Connection::Connected { version } = c else {
            return false;
        };
        if self.live.panes.platform_clues.git_version.as_ref() == Some(version) {
            return false;
        }
        let clues = std::sync::Arc::make_mut(&mut self.live.panes.platform_clues);
        clues.git_version = Some(version.clone());
        crate::panes::platform::detect(&self.live.store, clues) != self.live.panes.platform
    }

    fn models_stale(&mut self) -> Updated {
        if self.live.recompute_pending {
            return Updated::default();
        }
        self.live.recompute_pending = true;
        Updated {
            effects: vec![Effect::ScheduleRecompute],
            changed: false,
        }
    }

    /// How many help rows fit on screen (header, footer, notice and the
    /// overlay's borders taken off).
    pub fn help_page(&self) -> usize {
        let notices = self.nav.notices.len().min(2) as u16;
        usize::from(self.nav.size.1.saturating_sub(4 + notices)).max(1)
    }

    /// The notice about `about`, if any.
    pub fn notice(&self, about: About) -> Option<&Notice> {
        self.nav.notices.iter().find(|n| n.about == about)
    }

    fn set_notice(&mut self, level: NoticeLevel, about: About, text: String) {
        self.clear_notice(about);
        self.nav.notices.push(Notice {
            level,
            text,
            about,
            holds: None,
        });
        self.nav.notices.sort_by_key(|n| n.about);
    }

    fn clear_notice(&mut self, about: About) {
        self.nav.notices.retain(|n| n.about != about);
    }

    pub fn help_rows(&self) -> Vec<help::HelpRow> {
        let messages: Vec<String> = self.nav.notices.iter().map(|n| n.text.clone()).collect();
        help::rows(&self.session.keymap, &self.session.problems, &messages)
    }

    pub fn update(&mut self, msg: Msg) -> Updated {
        let mut o = self.apply(msg);
        if self.refresh_notices() {
            o.changed = true;
        }
        o
    }

    fn apply(&mut self, msg: Msg) -> Updated {
        match msg {
            Msg::Key(chord) => self.on_key(chord),
            Msg::Paste(text) if self.nav.mode == Mode::Command => {
                // The command line is one line: newlines become spaces.
                let changed = self.nav.cmdline.insert_str(text.replace(['\r', '\n'], " "));
                Updated {
                    effects: vec![],
                    changed,
                }
            }
            Msg::Paste(text) if self.nav.mode == Mode::Filter => self.paste_filter(&text),
            Msg::Paste(text) if self.nav.mode == Mode::Picker => self.paste_picker(&text),
            Msg::Contexts(result) => self.contexts_loaded(result),
            Msg::Switched(s) => self.switched(*s),
            Msg::Paste(_) => Updated::default(),
            Msg::Resize { width, height } => {
                self.nav.size = (width, height);
                self.keep_sort_on_screen();
                self.keep_workloads_sort_on_screen();
                self.keep_pods_sort_on_screen();
                self.keep_fleet_sort_on_screen();
                self.refresh_table();
                self.refresh_workloads();
                self.refresh_events();
                self.refresh_pods();
                self.refresh_fleet();
                self.drain_seen();
                self.relayout_describe();
                Updated::changed()
            }
            Msg::Cluster(Report::Health {
                generation,
                endpoint,
                result,
            }) => {
                let slot = match endpoint {
                    "readyz" => &mut self.live.readyz,
                    "livez" => &mut self.live.livez,
                    _ => return Updated::default(),
                };
                if generation != self.live.generation || slot.as_ref() == Some(&result) {
                    return Updated::default();
                }
                *slot = Some(result);
                self.models_stale()
            }
            Msg::Recompute { now } => {
                self.live.recompute_pending = false;
                let health = (self.live.readyz.as_ref(), self.live.livez.as_ref());
                let scope = self.session.target.scope.as_deref();
                let before = self.live.panes.clone();
                let changed =
                    self.live
                        .panes
                        .recompute(&self.live.store, health, scope, &self.live.local, now);
                let moved = recompute::Moved::between(&before, &self.live.panes);
                self.models_recomputed(now, changed, moved)
            }
            Msg::Recomputed(r) => self.recomputed(*r),
            Msg::Cluster(Report::Found {
                generation,
                origin,
                certs,
            }) => {
                // kubeadm's files are this machine's, whatever the context.
                let local = origin == crate::certs::Origin::Kubeadm;
                if (!local && generation != self.live.generation) || !self.live.local.report(origin, certs) {
                    return Updated::default();
                }
                self.models_stale()
            }
            Msg::Described { request, result } => self.described(request, result),
            Msg::DrainProgress { pod, state } => self.drain_progress(pod, state),
            Msg::Log { session, event } => self.on_log_event(session, event),
            Msg::Fleet {
                session,
                at_ms,
                update,
            } => self.on_fleet_update(session, at_ms, update),
            Msg::DrainDone { node, ok, text } => self.drain_done(node, ok, text),
            Msg::EtcdProgress(p) => self.on_etcd_progress(p),
            Msg::UndoPlanned {
                generation,
                object,
                plan,
            } => self.undo_planned(generation, object, plan),
            Msg::ActionDone { ok, text } => {
                let level = if ok { NoticeLevel::Info } else { NoticeLevel::Error };
                self.set_notice(level, About::Command, text);
                Updated::changed()
            }
            Msg::Expecting { source, on } => {
                match (source, on) {
                    (Expected::Certs(origin), true) => {
                        self.live.local.expected.insert(origin);
                    }
                    (Expected::Certs(origin), false) => {
                        self.live.local.expected.remove(&origin);
                    }
                    (Expected::BackupDir, on) => self.live.local.backup_dir_expected = on,
                }
                Updated::default()
            }
            Msg::Cluster(Report::Etcd(seen)) => {
                // etcd is this machine's view, whatever the context.
                if self.live.local.etcd_seen.as_ref() == Some(&seen) {
                    return Updated::default();
                }
                self.live.local.etcd_seen = Some(seen);
                self.models_stale()
            }
            Msg::Cluster(Report::BackupDir(scan)) => {
                if self.live.local.backup_dir.as_ref() == Some(&scan) {
                    return Updated::default();
                }
                self.live.local.backup_dir = Some(scan);
                self.models_stale()
            }
            Msg::Cluster(Report::ApiGroups { generation, groups }) => {
                let clues = &self.live.panes.platform_clues;
                if generation != self.live.generation || clues.api_groups == groups {
                    return Updated::default();
                }
                std::sync::Arc::make_mut(&mut self.live.panes.platform_clues).api_groups = groups;
                self.models_stale()
            }
            Msg::Cluster(Report::EventsScope {
                generation,
                namespace,
            }) => {
                let bound = &mut self.live.store.event_bound;
                if generation != self.live.generation || bound.namespace_only == namespace {
                    return Updated::default();
                }
                bound.namespace_only = namespace;
                Updated::changed()
            }
            Msg::Cluster(Report::Store { generation, event }) => {
                if generation != self.live.generation {
                    return Updated::default();
                }
                let before = self.live.store.worst().1.clone();
                if !self.live.store.apply(*event) {
                    return Updated::default();
                }
                // The header shows the worst sync state at once; the panes
                // follow after the debounced recompute (which redraws only if
                // a model changed).
                let mut o = self.models_stale();
                o.changed = *self.live.store.worst().1 != before;
                o
            }
            Msg::Cluster(Report::Connection(c)) => {
                if c == self.live.connection {
                    return Updated::default();
                }
                match &c {
                    Connection::Unreachable(why) | Connection::NoContext(why) => {
                        let text = format!("cannot reach the API server: {why}");
                        self.set_notice(NoticeLevel::Error, About::Connection, text);
                    }
                    _ => self.clear_notice(About::Connection),
                }
                // Watches can hang without failing when the server stops
                // answering: what they show is stale until it answers again.
                let was_connected = matches!(self.live.connection, Connection::Connected { .. });
                let changed_store = match &c {
                    Connection::Unreachable(_) | Connection::NoAnswer { .. } if was_connected => {
                        self.live.store.connection_lost(self.live.now, API_NOT_ANSWERING)
                    }
                    Connection::Connected { .. } => self.live.store.connection_back(API_NOT_ANSWERING),
                    _ => false,
                };
                let redetect = self.new_version(&c);
                self.live.connection = c;
                if changed_store || redetect {
                    let mut o = self.models_stale();
                    o.changed = true;
                    return o;
                }
                Updated::changed()
            }
        }
    }

    fn on_key(&mut self, chord: KeyChord) -> Updated {
        if self.features.ask_quit {
            return self.on_ask_quit(chord);
        }
        if self.features.ask.is_some() {
            let o = self.on_ask(chord);
            return self.guard_quit(o);
        }
        let action = self.session.keymap.action(self.nav.mode, chord);
        let o = match self.nav.mode {
            Mode::Normal => self.on_normal(action),
            Mode::Help => self.on_help(action),
            Mode::Command => self.on_command(action, chord),
            Mode::Pane => self.on_pane(action),
            Mode::Nodes if self.features.confirm.is_some() => self.on_confirm(chord),
            Mode::Nodes => self.on_nodes(action),
            Mode::Pods => self.on_pods(action),
            Mode::Filter => self.on_filter(action, chord),
            Mode::Findings => self.on_findings(action),
            Mode::Workloads => self.on_workloads(action),
            Mode::Events => self.on_events(action),
            Mode::Drain => self.on_drain(action, chord),
            Mode::Picker => self.on_picker(action, chord),
            Mode::Logs => self.on_logs(action, chord),
            Mode::Describe => self.on_describe(action),
            Mode::Fleet => self.on_fleet(action),
        };
        self.guard_quit(o)
    }
}

#[cfg(test)]
mod command_tests;
#[cfg(test)]
mod drain_tests;
#[cfg(test)]
mod findings_tests;
#[cfg(test)]
pub(crate) mod fleet_tests;
#[cfg(test)]
mod picker_shell_tests;
#[cfg(test)]
mod platform_tests;
#[cfg(test)]
mod recompute_tests;
#[cfg(test)]
mod switch_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod visible_tests;
