//! The content of the help overlay: every binding of the active keymap, the
//! commands, and any problem found in the user's files.

use super::action::Mode;
use super::command::COMMANDS;
use super::keys::labels;
use crate::app::keymap::Keymap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpRow {
    Section(String),
    Entry {
        keys: String,
        what: String,
    },
    Problem(String),
    /// A message of the status line, whole (the status line shows at most
    /// three rows of it).
    Message(String),
    Blank,
}

pub fn rows(keymap: &Keymap, problems: &[String], messages: &[String]) -> Vec<HelpRow> {
    let mut out = Vec::new();
    if !messages.is_empty() {
        out.push(HelpRow::Section("Messages on the status line, whole".into()));
        out.extend(messages.iter().map(|m| HelpRow::Message(m.clone())));
        out.push(HelpRow::Blank);
    }
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
            Mode::Pods => "Pods table",
            Mode::Filter => {
                "Filter line of the nodes table, the pods table, the workloads, the events and the findings (keys not listed edit it)"
            }
            Mode::Findings => "Findings",
            Mode::Workloads => "Workloads",
            Mode::Events => "Events",
            Mode::Drain => "Drain, and the cordon/uncordon question (keys not listed type the confirmation)",
            Mode::Picker => "Context and namespace pickers (keys not listed type the query; arrows move)",
            Mode::Logs => "Log view (/ searches: lower case ignores case, like less; :save, :tail, :since)",
            Mode::Describe => "Describe and YAML of one object (/ searches; Secret values are never shown)",
            Mode::Fleet => {
                "Fleet: every context at once, worst first (Enter switches to one; probed every [fleet] refresh)"
            }
        };
        out.push(HelpRow::Section(format!("{title} — keymap `{}`", keymap.name)));
        for (action, keys) in keymap.bindings(mode) {
            out.push(HelpRow::Entry {
                keys: labels(keys),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_lines_messages_come_first_and_whole() {
        let keymap = crate::app::keymap::default_keymap();
        let long = "x".repeat(500);
        let rows = rows(&keymap, &[], std::slice::from_ref(&long));
        assert_eq!(
            rows[0],
            HelpRow::Section("Messages on the status line, whole".into())
        );
        assert_eq!(rows[1], HelpRow::Message(long));
        let none = super::rows(&keymap, &[], &[]);
        assert!(!none.iter().any(|r| matches!(r, HelpRow::Message(_))));
    }
}
