//! The `:` command line: opening it, editing it and running what it says.

use ratatui_textarea::TextArea;

use super::action::{Action, Mode};
use super::key_events::to_textarea_input;
use super::keys::{Key, KeyChord};
use super::{About, AppState, Effect, NoticeLevel, Updated, command};

impl AppState {
    pub(super) fn open_command(&mut self) -> Updated {
        self.nav.return_mode = self.screen();
        self.nav.mode = Mode::Command;
        self.nav.cmdline = new_cmdline();
        self.clear_notice(About::Command);
        // The kubeconfig's contexts, for Tab after `:ctx `.
        Updated {
            effects: vec![Effect::LoadContexts],
            changed: true,
        }
    }

    pub(super) fn on_command(&mut self, action: Option<Action>, chord: KeyChord) -> Updated {
        match action {
            Some(Action::Cancel) => {
                self.nav.mode = self.nav.return_mode;
                Updated::changed()
            }
            Some(Action::Submit) => {
                self.nav.mode = self.nav.return_mode;
                let line = self.nav.cmdline.lines().join(" ");
                self.run_command(&line)
            }
            _ => {
                // Backspace on an empty line leaves the command line, as in vim.
                if chord == KeyChord::plain(Key::Backspace)
                    && self.nav.cmdline.lines().iter().all(String::is_empty)
                {
                    self.nav.mode = self.nav.return_mode;
                    return Updated::changed();
                }
                if chord.key == Key::Enter {
                    return Updated::default(); // never a second line
                }
                if chord.key == Key::Tab && !chord.ctrl && !chord.alt {
                    return self.complete_command();
                }
                let changed = self.nav.cmdline.input(to_textarea_input(chord));
                Updated {
                    effects: vec![],
                    changed,
                }
            }
        }
    }

    pub(super) fn run_command(&mut self, line: &str) -> Updated {
        use command::Command;
        match command::parse(line) {
            Ok(None) => Updated::changed(),
            Ok(Some(Command::Quit)) => Updated::effect(Effect::Quit),
            Ok(Some(Command::Help)) => self.open_help(),
            Ok(Some(Command::Redraw)) => Updated::effect(Effect::ClearScreen),
            Ok(Some(Command::Nodes)) => self.open_nodes(),
            Ok(Some(Command::Workloads)) => self.open_workloads(),
            Ok(Some(Command::Events)) => self.open_events(),
            Ok(Some(Command::Pods)) => self.open_pods(),
            Ok(Some(Command::Fleet)) => self.open_fleet(),
            Ok(Some(Command::EtcdSnapshot(member))) => self.etcd_snapshot(member.as_deref()),
            Ok(Some(Command::EtcdDefrag)) => self.etcd_defrag(),
            Ok(Some(Command::EtcdDisarm)) => self.etcd_disarm(),
            Ok(Some(Command::Scope(scope))) => self.set_scope(scope, false),
            Ok(Some(Command::PickNamespace)) => self.open_namespace_picker(),
            Ok(Some(Command::PickContext)) => self.open_context_picker(),
            Ok(Some(Command::Context { name, persist })) => self.switch_context(name, persist),
            Ok(Some(Command::Logs(cmd))) => self.run_log_command(cmd),
            Ok(Some(Command::Describe {
                yaml,
                kind,
                name,
                namespace,
            })) => {
                let namespace = namespace
                    .or_else(|| self.session.target.scope.clone())
                    .unwrap_or_else(|| self.session.target.namespace.clone());
                let Some(target) = crate::describe::kinds::object(&kind, Some(&namespace), &name) else {
                    let text = format!("error: the server doesn't have a resource type \"{kind}\"");
                    self.set_notice(NoticeLevel::Error, About::Command, text);
                    return Updated::changed();
                };
                let format = if yaml {
                    super::describe_view::Format::Yaml
                } else {
                    super::describe_view::Format::Describe
                };
                self.open_describe(target, format)
            }
            Ok(Some(Command::ReadOnly)) => {
                if !self.session.readonly {
                    self.session.readonly_why = ":readonly".into();
                    self.session.readonly_badge = ":readonly".into();
                }
                self.session.readonly = true;
                self.session.session_readonly = true;
                let text = "read-only for the rest of this session".into();
                self.set_notice(NoticeLevel::Info, About::Command, text);
                Updated::changed()
            }
            Err(e) => {
                self.set_notice(NoticeLevel::Error, About::Command, e);
                Updated::changed()
            }
        }
    }
}

pub(super) fn new_cmdline() -> TextArea<'static> {
    TextArea::default()
}
