//! The log view's commands: `:save PATH` (`:save! PATH` overwrites),
//! `:tail N` (or `:tail all`), `:since 10m`.

use std::path::PathBuf;

use super::action::Mode;
use super::logs_view::Start;
use super::{About, AppState, Effect, NoticeLevel, Updated};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogCommand {
    /// Write the lines kept to a file; an existing file is kept unless `overwrite`.
    Save { path: PathBuf, overwrite: bool },
    /// Open the log again from this start.
    Start(Start),
}

/// Parses a log command; None when `verb` is not one.
pub fn parse(verb: &str, args: &[&str]) -> Option<Result<LogCommand, String>> {
    let one = |what: &str| match args {
        [a] => Ok(*a),
        [] => Err(format!("`{verb}` needs {what}")),
        [_, extra, ..] => Err(format!("`{verb}` takes one {what} (got `{extra}` too)")),
    };
    Some(match verb {
        "save" | "save!" => one("a file name").map(|p| LogCommand::Save {
            path: PathBuf::from(p),
            overwrite: verb == "save!",
        }),
        "tail" => one("a number of lines").and_then(|n| match n {
            "all" => Ok(LogCommand::Start(Start::All)),
            n => match n.parse::<i64>() {
                Ok(n) if n > 0 => Ok(LogCommand::Start(Start::Tail(n))),
                _ => Err(format!("`{n}` is not a number of lines (like 500, or all)")),
            },
        }),
        "since" => one("a duration").and_then(|d| {
            crate::config::settings::parse_duration(d).map(|s| LogCommand::Start(Start::Since(s)))
        }),
        _ => return None,
    })
}

impl AppState {
    pub(super) fn run_log_command(&mut self, cmd: LogCommand) -> Updated {
        let Some(v) = self
            .features
            .logs
            .view
            .as_mut()
            .filter(|_| self.nav.mode == Mode::Logs)
        else {
            let text = "that command works in the log view (l on a pod)".to_string();
            self.set_notice(NoticeLevel::Error, About::Command, text);
            return Updated::changed();
        };
        match cmd {
            LogCommand::Start(start) => {
                v.start = start;
                self.restart_logs()
            }
            LogCommand::Save { path, overwrite } => {
                let lines: Vec<String> = v.ring.iter_from(0).map(|(_, l)| v.shown(l).to_string()).collect();
                let container = v.choice.current().map(|c| c.name.clone());
                let what = match container {
                    Some(c) if v.choice.previous => format!("{}/{} ({c}, previous)", v.namespace, v.pod),
                    Some(c) => format!("{}/{} ({c})", v.namespace, v.pod),
                    None => format!("{}/{}", v.namespace, v.pod),
                };
                Updated::effect(Effect::SaveLog {
                    path,
                    lines,
                    overwrite,
                    what,
                    dropped: v.ring.dropped(),
                })
            }
        }
    }
}
