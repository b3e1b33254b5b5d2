//! The `:` command line's language.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Quit,
    Help,
    Redraw,
    /// `:readonly` turns read-only on for the session (never off: that is a
    /// decision for config.toml or the command line, not a keystroke).
    ReadOnly,
    /// `:nodes` opens the nodes table.
    Nodes,
    /// `:ns NAME` scopes the namespaced panes to NAME; `:ns all` (or `-A`) to every namespace.
    Scope(Option<String>),
}

/// The commands, for help and errors.
pub const COMMANDS: &[(&str, &str)] = &[
    ("quit, q", "leave kon"),
    ("help, h", "show the help"),
    ("redraw", "redraw the whole screen"),
    ("readonly", "refuse every change for the rest of this session"),
    ("nodes, no", "open the nodes table"),
    (
        "ns NAME | ns all",
        "show one namespace (or all) in the namespaced panes",
    ),
];

/// Parses a command line (without the leading `:`).
pub fn parse(line: &str) -> Result<Option<Command>, String> {
    let mut words = line.split_whitespace();
    let Some(verb) = words.next() else { return Ok(None) };
    let args: Vec<&str> = words.collect();
    let cmd = match verb {
        "q" | "q!" | "quit" | "qa" | "exit" => Command::Quit,
        "h" | "help" => Command::Help,
        "redraw" => Command::Redraw,
        "readonly" | "ro" => Command::ReadOnly,
        "nodes" | "node" | "no" => Command::Nodes,
        "ns" | "namespace" => {
            return match args.as_slice() {
                [] => Err("`ns` needs a namespace, or `all`".into()),
                ["all" | "-A" | "*"] => Ok(Some(Command::Scope(None))),
                [ns] if crate::names::is_dns_label(ns) => Ok(Some(Command::Scope(Some(ns.to_string())))),
                [ns] => Err(format!("`{ns}` is not a valid namespace name")),
                [_, extra, ..] => Err(format!("`ns` takes one namespace (got `{extra}` too)")),
            };
        }
        other => return Err(format!("unknown command `{other}` (try :help)")),
    };
    if let Some(extra) = args.first() {
        return Err(format!("`{verb}` takes no arguments (got `{extra}`)"));
    }
    Ok(Some(cmd))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_commands() {
        assert_eq!(parse("q"), Ok(Some(Command::Quit)));
        assert_eq!(parse("  quit  "), Ok(Some(Command::Quit)));
        assert_eq!(parse("help"), Ok(Some(Command::Help)));
        assert_eq!(parse(""), Ok(None));
        assert!(parse("frobnicate").unwrap_err().contains("frobnicate"));
        assert!(parse("quit now").unwrap_err().contains("now"));
        assert_eq!(parse("no"), Ok(Some(Command::Nodes)));
        assert_eq!(parse("ns shop"), Ok(Some(Command::Scope(Some("shop".into())))));
        assert_eq!(parse("ns all"), Ok(Some(Command::Scope(None))));
        assert!(parse("ns").unwrap_err().contains("needs"));
        assert!(parse("ns Shop_1").unwrap_err().contains("not a valid"));
        assert!(parse("ns a b").unwrap_err().contains("`b`"));
    }
}
