//! The content of the help overlay: every binding of the active keymap, the
//! commands, and any problem found in the user's files.

use super::action::Mode;
use super::command::COMMANDS;
use crate::config::keymap::Keymap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpRow {
    Section(String),
    Entry { keys: String, what: String },
    Problem(String),
    Blank,
}

pub fn rows(keymap: &Keymap, problems: &[String]) -> Vec<HelpRow> {
    let mut out = Vec::new();
    if !problems.is_empty() {
        out.push(HelpRow::Section(
            "Problems in your files (defaults in force)".into(),
        ));
        out.extend(problems.iter().map(|p| HelpRow::Problem(p.clone())));
        out.push(HelpRow::Blank);
    }
    for mode in Mode::ALL {
        let title = match mode {
            Mode::Normal => "Dashboard",
            Mode::Help => "Help",
            Mode::Command => "Command line",
            Mode::Pane => "Pane",
            Mode::Nodes => "Nodes table",
            Mode::Filter => "Filter line of the nodes table and the findings (keys not listed edit it)",
            Mode::Findings => "Findings",
            Mode::Drain => "Drain, and the cordon/uncordon question (keys not listed type the confirmation)",
            Mode::Picker => "Context and namespace pickers (keys not listed type the query; arrows move)",
        };
        out.push(HelpRow::Section(format!("{title} — keymap `{}`", keymap.name)));
        for (action, keys) in keymap.bindings(mode) {
            let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
            out.push(HelpRow::Entry {
                keys: keys.join(" "),
                what: format!("{}: {}", action.name(), action.description()),
            });
        }
        out.push(HelpRow::Blank);
    }
    out.push(HelpRow::Section("Commands (type : then the command)".into()));
    for (name, what) in COMMANDS {
        out.push(HelpRow::Entry {
            keys: format!(":{name}"),
            what: (*what).to_string(),
        });
    }
    out
}
