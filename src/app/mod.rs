//! The application state and its pure update function. No I/O and no
//! drawing here: `update` takes a message and returns the effects the event
//! loop must carry out.

pub mod action;
mod backups_view;
mod certs_view;
pub mod command;
mod complete;
mod drain_keys;
pub mod drain_view;
mod filter_keys;
mod findings_keys;
pub mod findings_list;
pub mod help;
pub mod keys;
pub mod local;
mod msg;
pub mod nodes_columns;
pub mod nodes_confirm;
mod nodes_keys;
pub mod nodes_table;
pub mod notices;
pub mod pane_view;
pub mod pane_wrap;
pub mod panes;
pub mod switch;
pub mod tiles;

use ratatui_textarea::{Input, Key as TaKey, TextArea};

use crate::config::keymap::Keymap;
use action::{Action, Mode};
use keys::{Key, KeyChord};
pub use msg::{Effect, Expected, Msg, Outcome};
use tiles::{Direction, TileId, move_focus, tile_columns};

/// Why every synced kind went stale at once: the connection probe failed.
pub const API_NOT_ANSWERING: &str = "the API server is not answering";

/// What kon knows about the cluster it is pointed at, before talking to it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Target {
    pub context: Option<String>,
    pub server: Option<String>,
    /// The namespace requests default to (the context's, or `default`).
    pub namespace: String,
    /// The namespace the namespaced panes show; `None`: every namespace.
    pub scope: Option<String>,
}

/// The state of the connection to the API server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Connection {
    /// No context to connect to (no kubeconfig, or it names none).
    NoContext(String),
    Connecting,
    Connected {
        version: String,
    },
    Unreachable(String),
    /// A request has gone unanswered for `secs` seconds (the server may
    /// hang: its watches go quiet rather than fail).
    NoAnswer {
        secs: u64,
    },
}

impl Connection {
    /// A short label for the header, readable without colour.
    pub fn label(&self) -> String {
        match self {
            Connection::NoContext(_) => "✖ no context".into(),
            Connection::Connecting => "… connecting".into(),
            Connection::Connected { version } => format!("✔ connected {version}"),
            Connection::Unreachable(_) => "✖ unreachable".into(),
            Connection::NoAnswer { secs } if *secs < 10 => format!("▲ no answer for {secs}s"),
            Connection::NoAnswer { secs } => format!("✖ no answer for {secs}s"),
        }
    }

    /// The theme scope that colours the label.
    pub fn scope(&self) -> &'static str {
        match self {
            Connection::Connected { .. } => "ok",
            Connection::Connecting => "muted",
            Connection::NoAnswer { secs } if *secs < 10 => "warn",
            Connection::NoAnswer { .. } => "crit",
            Connection::NoContext(_) | Connection::Unreachable(_) => "crit",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warn,
    Error,
}

/// A one-line message shown above the footer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub level: Level,
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

pub struct AppState {
    pub target: Target,
    pub readonly: bool,
    /// Why read-only is in force (`--readonly`, config.toml…), for refusals.
    pub readonly_why: String,
    pub connection: Connection,
    pub mode: Mode,
    pub keymap: Keymap,
    /// Problems in the user's files, shown in help and as a notice.
    pub problems: Vec<String>,
    /// One-line messages above the footer, at most one per subject.
    pub notices: Vec<Notice>,
    pub focus: usize,
    pub help_scroll: usize,
    /// First line shown of the open pane.
    pub pane_scroll: usize,
    /// The view under the help overlay or the command line (Normal, Pane or
    /// Nodes), which closing them returns to.
    return_mode: Mode,
    /// The nodes table's sort, filter and cursor.
    pub nodes_table: nodes_table::NodesTable,
    /// The `/` filter's editing buffer.
    pub filter_line: TextArea<'static>,
    /// The list the filter line filters (Nodes or Findings).
    pub filter_target: Mode,
    /// The findings list's filter and cursor.
    pub findings_list: findings_list::FindingsList,
    /// Where closing a view returns when it was reached from a finding.
    jumped_from: Option<Mode>,
    /// Who acts (for the audit log) and where the log is.
    pub who: crate::audit::Who,
    /// The drain being planned, running (on screen or in the background), or finished.
    pub drain: Option<drain_view::DrainView>,
    /// The open cordon/uncordon confirmation over the nodes table.
    pub confirm: Option<nodes_confirm::Confirm>,
    /// Quit was asked while a drain runs: "abort the drain and quit?".
    pub ask_quit: bool,
    /// The drain was told to abort; kon quits once it has stopped.
    pub quit_after_drain: bool,
    /// The console's drain timeout and grace period (`[drain]` in config.toml).
    pub drain_settings: crate::drain::run::RunSettings,
    pub audit_path: Option<std::path::PathBuf>,
    pub size: (u16, u16),
    /// The `:` line's editing buffer (the textarea widget's model).
    pub cmdline: TextArea<'static>,
    /// The live cluster state of the current context.
    pub store: crate::cluster::store::Store,
    /// Bumped when the context changes; older watchers' messages are dropped.
    pub generation: u64,
    /// The latest `/readyz?verbose` and `/livez?verbose` answers.
    pub readyz: Option<Result<String, String>>,
    pub livez: Option<Result<String, String>>,
    /// The pane models, recomputed from the store on `Msg::Recompute`.
    pub panes: panes::Panes,
    /// What the certificate and backup panes read outside the API.
    pub local: local::Local,
    /// The time of the last recompute (Unix seconds), which ages are relative to.
    pub now: i64,
    recompute_pending: bool,
    /// The open context or namespace picker.
    pub picker: Option<switch::OpenPicker>,
    /// The kubeconfig's contexts as last read, for the context picker.
    pub contexts: Vec<crate::picker::PickItem>,
    /// Switches made in the console also go to the kubeconfig (`[contexts] persist`).
    pub persist_switches: bool,
    /// `:readonly` was given: it outlives context switches.
    session_readonly: bool,
}

impl AppState {
    /// A new console. `problem` says why there is no cluster to talk to, if so.
    pub fn new(
        target: Target,
        problem: Option<String>,
        readonly: bool,
        keymap: Keymap,
        problems: Vec<String>,
    ) -> Self {
        let connection = match problem {
            Some(why) => Connection::NoContext(why),
            None => Connection::Connecting,
        };
        let notices = match (problems.first(), &connection) {
            (Some(p), _) => Some(Notice {
                level: Level::Warn,
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
                    level: Level::Error,
                    about: About::Connection,
                    text: why.clone(),
                    holds: None,
                }),
                _ => None,
            })
            .collect();
        Self {
            target,
            readonly,
            readonly_why: String::new(),
            connection,
            mode: Mode::Normal,
            keymap,
            problems,
            notices,
            focus: 0,
            help_scroll: 0,
            pane_scroll: 0,
            return_mode: Mode::Normal,
            nodes_table: Default::default(),
            filter_line: TextArea::default(),
            filter_target: Mode::Nodes,
            findings_list: Default::default(),
            jumped_from: None,
            who: Default::default(),
            drain: None,
            confirm: None,
            ask_quit: false,
            quit_after_drain: false,
            drain_settings: Default::default(),
            audit_path: None,
            size: (80, 24),
            cmdline: new_cmdline(),
            store: Default::default(),
            generation: 0,
            readyz: None,
            livez: None,
            panes: panes::Panes::default(),
            local: local::Local::default(),
            now: 0,
            recompute_pending: false,
            picker: None,
            contexts: Vec::new(),
            persist_switches: false,
            session_readonly: false,
        }
    }

    /// The view on screen under any overlay: Normal (the dashboard), Pane or Nodes.
    pub fn screen(&self) -> Mode {
        match self.mode {
            Mode::Help | Mode::Command | Mode::Picker => self.return_mode,
            Mode::Filter => self.filter_target,
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
        usize::from(self.size.1.saturating_sub(5 + self.notice_rows())).max(1)
    }

    /// How many notice rows the screen shows (they wrap, within three rows;
    /// two on a small screen, none on a tiny one).
    pub fn notice_rows(&self) -> u16 {
        notices::heights(&self.notices, self.size.0, self.size.1)
            .iter()
            .sum::<usize>() as u16
    }

    /// The node rows (empty until the nodes are known).
    pub fn node_rows(&self) -> &[crate::signals::nodes::NodeRow] {
        self.panes.nodes.as_deref().unwrap_or(&[])
    }

    /// The node under the nodes table's cursor.
    pub fn selected_node(&self) -> Option<&crate::signals::nodes::NodeRow> {
        self.nodes_table.current(self.node_rows())
    }

    /// Sorts and filters the nodes table again (rows, filter or sort changed).
    fn refresh_table(&mut self) {
        let page = self.table_page();
        let rows = self.panes.nodes.as_deref().unwrap_or(&[]);
        self.nodes_table.refresh(rows, page);
    }

    pub fn focused_tile(&self) -> TileId {
        TileId::ALL[self.focus.min(TileId::ALL.len() - 1)]
    }

    /// Asks for a recompute of the pane models, once per batch of changes.
    fn models_stale(&mut self) -> Outcome {
        if self.recompute_pending {
            return Outcome::default();
        }
        self.recompute_pending = true;
        Outcome {
            effects: vec![Effect::ScheduleRecompute],
            changed: false,
        }
    }

    /// How many help rows fit on screen (header, footer, notice and the
    /// overlay's borders taken off).
    pub fn help_page(&self) -> usize {
        let notices = self.notices.len().min(2) as u16;
        usize::from(self.size.1.saturating_sub(4 + notices)).max(1)
    }

    /// The notice about `about`, if any.
    pub fn notice(&self, about: About) -> Option<&Notice> {
        self.notices.iter().find(|n| n.about == about)
    }

    fn set_notice(&mut self, level: Level, about: About, text: String) {
        self.clear_notice(about);
        self.notices.push(Notice {
            level,
            text,
            about,
            holds: None,
        });
        self.notices.sort_by_key(|n| n.about);
    }

    fn clear_notice(&mut self, about: About) {
        self.notices.retain(|n| n.about != about);
    }

    pub fn help_rows(&self) -> Vec<help::HelpRow> {
        let messages: Vec<String> = self.notices.iter().map(|n| n.text.clone()).collect();
        help::rows(&self.keymap, &self.problems, &messages)
    }

    pub fn update(&mut self, msg: Msg) -> Outcome {
        let mut o = self.apply(msg);
        if self.refresh_notices() {
            o.changed = true;
        }
        o
    }

    fn apply(&mut self, msg: Msg) -> Outcome {
        match msg {
            Msg::Key(chord) => self.on_key(chord),
            Msg::Paste(text) if self.mode == Mode::Command => {
                // The command line is one line: newlines become spaces.
                let changed = self.cmdline.insert_str(text.replace(['\r', '\n'], " "));
                Outcome {
                    effects: vec![],
                    changed,
                }
            }
            Msg::Paste(text) if self.mode == Mode::Filter => self.paste_filter(&text),
            Msg::Paste(text) if self.mode == Mode::Picker => self.paste_picker(&text),
            Msg::Contexts(result) => self.contexts_loaded(result),
            Msg::Switched(s) => self.switched(*s),
            Msg::Paste(_) => Outcome::default(),
            Msg::Resize { width, height } => {
                self.size = (width, height);
                self.keep_sort_on_screen();
                self.refresh_table();
                self.drain_seen();
                Outcome::changed()
            }
            Msg::Health {
                generation,
                endpoint,
                result,
            } => {
                let slot = match endpoint {
                    "readyz" => &mut self.readyz,
                    "livez" => &mut self.livez,
                    _ => return Outcome::default(),
                };
                if generation != self.generation || slot.as_ref() == Some(&result) {
                    return Outcome::default();
                }
                *slot = Some(result);
                self.models_stale()
            }
            Msg::Recompute { now } => {
                self.recompute_pending = false;
                self.now = now;
                let health = (self.readyz.as_ref(), self.livez.as_ref());
                let scope = self.target.scope.as_deref();
                let changed = self.panes.recompute(&self.store, health, scope, &self.local, now);
                if changed {
                    self.refresh_table();
                    self.refresh_findings();
                }
                Outcome {
                    effects: vec![],
                    changed,
                }
            }
            Msg::Found {
                generation,
                origin,
                certs,
            } => {
                // kubeadm's files are this machine's, whatever the context.
                let local = origin == crate::certs::Origin::Kubeadm;
                if (!local && generation != self.generation) || !self.local.report(origin, certs) {
                    return Outcome::default();
                }
                self.models_stale()
            }
            Msg::DrainProgress { pod, state } => self.drain_progress(pod, state),
            Msg::DrainDone { node, ok, text } => self.drain_done(node, ok, text),
            Msg::ActionDone { ok, text } => {
                let level = if ok { Level::Info } else { Level::Error };
                self.set_notice(level, About::Command, text);
                Outcome::changed()
            }
            Msg::Expecting { source, on } => {
                match (source, on) {
                    (Expected::Certs(origin), true) => {
                        self.local.expected.insert(origin);
                    }
                    (Expected::Certs(origin), false) => {
                        self.local.expected.remove(&origin);
                    }
                    (Expected::BackupDir, on) => self.local.backup_dir_expected = on,
                }
                Outcome::default()
            }
            Msg::BackupDir(scan) => {
                if self.local.backup_dir.as_ref() == Some(&scan) {
                    return Outcome::default();
                }
                self.local.backup_dir = Some(scan);
                self.models_stale()
            }
            Msg::Cluster { generation, event } => {
                if generation != self.generation {
                    return Outcome::default();
                }
                let before = self.store.worst().1.clone();
                if !self.store.apply(*event) {
                    return Outcome::default();
                }
                // The header shows the worst sync state at once; the panes
                // follow after the debounced recompute (which redraws only if
                // a model changed).
                let mut o = self.models_stale();
                o.changed = *self.store.worst().1 != before;
                o
            }
            Msg::Connection(c) => {
                if c == self.connection {
                    return Outcome::default();
                }
                match &c {
                    Connection::Unreachable(why) | Connection::NoContext(why) => {
                        let text = format!("cannot reach the API server: {why}");
                        self.set_notice(Level::Error, About::Connection, text);
                    }
                    _ => self.clear_notice(About::Connection),
                }
                // Watches can hang without failing when the server stops
                // answering: what they show is stale until it answers again.
                let was_connected = matches!(self.connection, Connection::Connected { .. });
                let changed_store = match &c {
                    Connection::Unreachable(_) | Connection::NoAnswer { .. } if was_connected => {
                        self.store.connection_lost(self.now, API_NOT_ANSWERING)
                    }
                    Connection::Connected { .. } => self.store.connection_back(API_NOT_ANSWERING),
                    _ => false,
                };
                self.connection = c;
                if changed_store {
                    let mut o = self.models_stale();
                    o.changed = true;
                    return o;
                }
                Outcome::changed()
            }
        }
    }

    fn on_key(&mut self, chord: KeyChord) -> Outcome {
        if self.ask_quit {
            return self.on_ask_quit(chord);
        }
        let action = self.keymap.action(self.mode, chord);
        let o = match self.mode {
            Mode::Normal => self.on_normal(action),
            Mode::Help => self.on_help(action),
            Mode::Command => self.on_command(action, chord),
            Mode::Pane => self.on_pane(action),
            Mode::Nodes if self.confirm.is_some() => self.on_confirm(chord),
            Mode::Nodes => self.on_nodes(action),
            Mode::Filter => self.on_filter(action, chord),
            Mode::Findings => self.on_findings(action),
            Mode::Drain => self.on_drain(action, chord),
            Mode::Picker => self.on_picker(action, chord),
        };
        self.guard_quit(o)
    }

    fn on_normal(&mut self, action: Option<Action>) -> Outcome {
        let Some(action) = action else {
            return Outcome::default();
        };
        let count = TileId::ALL.len();
        let columns = tile_columns(self.size.0);
        let findings_focused = self.focused_tile() == TileId::Findings;
        let mut move_to = |dir| {
            let new = move_focus(self.focus, count, columns, dir);
            let changed = new != self.focus;
            self.focus = new;
            Outcome {
                effects: vec![],
                changed,
            }
        };
        match action {
            Action::Quit => Outcome::effect(Effect::Quit),
            Action::Help => self.open_help(),
            Action::Command => self.open_command(),
            Action::Redraw => Outcome::effect(Effect::ClearScreen),
            Action::Nodes => self.open_nodes(),
            Action::Contexts => self.open_context_picker(),
            Action::Namespaces => self.open_namespace_picker(),
            Action::Open if findings_focused => self.open_findings(),
            Action::Open => {
                self.mode = Mode::Pane;
                self.pane_scroll = 0;
                Outcome::changed()
            }
            Action::Up => move_to(Direction::Up),
            Action::Down => move_to(Direction::Down),
            Action::Left => move_to(Direction::Left),
            Action::Right => move_to(Direction::Right),
            Action::NextTile => {
                self.focus = (self.focus + 1) % count;
                Outcome::changed()
            }
            Action::PrevTile => {
                self.focus = (self.focus + count - 1) % count;
                Outcome::changed()
            }
            _ => Outcome::default(),
        }
    }

    fn on_pane(&mut self, action: Option<Action>) -> Outcome {
        let page = usize::from(self.size.1.saturating_sub(6)).max(1);
        let before = self.pane_scroll;
        if let Some(o) = self.on_view_common(action) {
            return o;
        }
        match action {
            Some(Action::Up) => self.pane_scroll = self.pane_scroll.saturating_sub(1),
            Some(Action::Down) => self.pane_scroll += 1,
            Some(Action::PageUp) => self.pane_scroll = self.pane_scroll.saturating_sub(page),
            Some(Action::PageDown) => self.pane_scroll += page,
            Some(Action::Top) => self.pane_scroll = 0,
            Some(Action::Bottom) => self.pane_scroll = usize::MAX,
            _ => {}
        }
        let lines = pane_view::lines(&self.panes, self.focused_tile());
        let lines = pane_wrap::wrap(lines, pane_wrap::pane_width(self.size.0)).len();
        self.pane_scroll = self.pane_scroll.min(lines.saturating_sub(page));
        Outcome {
            effects: vec![],
            changed: before != self.pane_scroll,
        }
    }

    /// The keys every full-screen view (a pane, the nodes table) shares.
    fn on_view_common(&mut self, action: Option<Action>) -> Option<Outcome> {
        Some(match action? {
            Action::Close => {
                self.mode = self.jumped_from.take().unwrap_or(Mode::Normal);
                Outcome::changed()
            }
            Action::Quit => Outcome::effect(Effect::Quit),
            Action::Help => self.open_help(),
            Action::Command => self.open_command(),
            Action::Redraw => Outcome::effect(Effect::ClearScreen),
            Action::Contexts => self.open_context_picker(),
            Action::Namespaces => self.open_namespace_picker(),
            _ => return None,
        })
    }

    fn open_command(&mut self) -> Outcome {
        self.return_mode = self.screen();
        self.mode = Mode::Command;
        self.cmdline = new_cmdline();
        self.clear_notice(About::Command);
        // The kubeconfig's contexts, for Tab after `:ctx `.
        Outcome {
            effects: vec![Effect::LoadContexts],
            changed: true,
        }
    }

    fn open_nodes(&mut self) -> Outcome {
        self.mode = Mode::Nodes;
        self.refresh_table();
        Outcome::changed()
    }

    fn open_help(&mut self) -> Outcome {
        self.return_mode = self.screen();
        self.mode = Mode::Help;
        self.help_scroll = 0;
        // Help lists the file problems in full; their notice has done its job.
        self.clear_notice(About::Files);
        Outcome::changed()
    }

    fn on_help(&mut self, action: Option<Action>) -> Outcome {
        let page = self.help_page();
        let last = self.help_rows().len().saturating_sub(page);
        let before = self.help_scroll;
        match action {
            Some(Action::Close) => {
                self.mode = self.return_mode;
                return Outcome::changed();
            }
            Some(Action::Quit) => return Outcome::effect(Effect::Quit),
            Some(Action::Up) => self.help_scroll = self.help_scroll.saturating_sub(1),
            Some(Action::Down) => self.help_scroll += 1,
            Some(Action::PageUp) => self.help_scroll = self.help_scroll.saturating_sub(page),
            Some(Action::PageDown) => self.help_scroll += page,
            Some(Action::Top) => self.help_scroll = 0,
            Some(Action::Bottom) => self.help_scroll = last,
            _ => {}
        }
        self.help_scroll = self.help_scroll.min(last);
        Outcome {
            effects: vec![],
            changed: before != self.help_scroll,
        }
    }

    fn on_command(&mut self, action: Option<Action>, chord: KeyChord) -> Outcome {
        match action {
            Some(Action::Cancel) => {
                self.mode = self.return_mode;
                Outcome::changed()
            }
            Some(Action::Submit) => {
                self.mode = self.return_mode;
                let line = self.cmdline.lines().join(" ");
                self.run_command(&line)
            }
            _ => {
                // Backspace on an empty line leaves the command line, as in vim.
                if chord == KeyChord::plain(Key::Backspace)
                    && self.cmdline.lines().iter().all(String::is_empty)
                {
                    self.mode = self.return_mode;
                    return Outcome::changed();
                }
                if chord.key == Key::Enter {
                    return Outcome::default(); // never a second line
                }
                if chord.key == Key::Tab && !chord.ctrl && !chord.alt {
                    return self.complete_command();
                }
                let changed = self.cmdline.input(to_textarea_input(chord));
                Outcome {
                    effects: vec![],
                    changed,
                }
            }
        }
    }

    fn run_command(&mut self, line: &str) -> Outcome {
        use command::Command;
        match command::parse(line) {
            Ok(None) => Outcome::changed(),
            Ok(Some(Command::Quit)) => Outcome::effect(Effect::Quit),
            Ok(Some(Command::Help)) => self.open_help(),
            Ok(Some(Command::Redraw)) => Outcome::effect(Effect::ClearScreen),
            Ok(Some(Command::Nodes)) => self.open_nodes(),
            Ok(Some(Command::Scope(scope))) => self.set_scope(scope, false),
            Ok(Some(Command::PickNamespace)) => self.open_namespace_picker(),
            Ok(Some(Command::PickContext)) => self.open_context_picker(),
            Ok(Some(Command::Context { name, persist })) => self.switch_context(name, persist),
            Ok(Some(Command::ReadOnly)) => {
                if !self.readonly {
                    self.readonly_why = ":readonly".into();
                }
                self.readonly = true;
                self.session_readonly = true;
                let text = "read-only for the rest of this session".into();
                self.set_notice(Level::Info, About::Command, text);
                Outcome::changed()
            }
            Err(e) => {
                self.set_notice(Level::Error, About::Command, e);
                Outcome::changed()
            }
        }
    }
}

fn new_cmdline() -> TextArea<'static> {
    TextArea::default()
}

fn to_textarea_input(chord: KeyChord) -> Input {
    let key = match chord.key {
        Key::Char(c) => TaKey::Char(c),
        Key::Enter => TaKey::Enter,
        Key::Esc => TaKey::Esc,
        Key::Tab | Key::BackTab => TaKey::Tab,
        Key::Backspace => TaKey::Backspace,
        Key::Delete => TaKey::Delete,
        Key::Insert => TaKey::Null,
        Key::Up => TaKey::Up,
        Key::Down => TaKey::Down,
        Key::Left => TaKey::Left,
        Key::Right => TaKey::Right,
        Key::Home => TaKey::Home,
        Key::End => TaKey::End,
        Key::PageUp => TaKey::PageUp,
        Key::PageDown => TaKey::PageDown,
        Key::F(n) => TaKey::F(n),
    };
    Input {
        key,
        ctrl: chord.ctrl,
        alt: chord.alt,
        shift: false,
    }
}

#[cfg(test)]
mod command_tests;
#[cfg(test)]
mod drain_tests;
#[cfg(test)]
mod findings_tests;
#[cfg(test)]
mod switch_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod visible_tests;
