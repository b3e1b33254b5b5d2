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
    /// `:workloads` opens the workloads view.
    Workloads,
    /// `:events` opens the events view.
    Events,
    /// `:pods` opens the pods table.
    Pods,
    /// `:fleet` opens the fleet view.
    Fleet,
    /// `:ns NAME` scopes the namespaced panes to NAME; `:ns all` (or `-A`) to every namespace.
    Scope(Option<String>),
    /// `:ns` alone opens the namespace picker.
    PickNamespace,
    /// `:ctx` alone opens the context picker.
    PickContext,
    /// `:ctx NAME` switches the console to another context; `:ctx! NAME`
    /// also makes it the kubeconfig's current context (as kubectx does).
    Context {
        name: String,
        persist: bool,
    },
    /// `:snapshot [MEMBER]`: etcd snapshot now (default: a healthy follower).
    EtcdSnapshot(Option<String>),
    /// `:defrag`: etcd's guided defrag.
    EtcdDefrag,
    /// `:disarm`: disarm etcd's NOSPACE alarm.
    EtcdDisarm,
    /// `:save`, `:tail`, `:since` in the log view.
    Logs(super::logs_command::LogCommand),
    /// `:describe KIND/NAME [-n NS]` (or `KIND NAME`), `:yaml …`: one
    /// object read from the API (namespace: `-n`, else the one shown, else
    /// the context's).
    Describe {
        yaml: bool,
        kind: String,
        name: String,
        namespace: Option<String>,
    },
}

/// The commands, for help and errors.
pub const COMMANDS: &[(&str, &str)] = &[
    ("quit, q", "leave kon"),
    ("help, h", "show the help"),
    ("redraw", "redraw the whole screen"),
    ("readonly", "refuse every change for the rest of this session"),
    ("nodes, no", "open the nodes table"),
    ("workloads, wl", "open the workloads view (rollouts, worst first)"),
    ("events, ev", "open the events view (Warnings, newest first)"),
    ("pods, po", "open the pods table (problems first)"),
    (
        "fleet",
        "open the fleet view: every context's health at once, worst first",
    ),
    (
        "ns NAME | ns all",
        "show one namespace (or all) in the namespaced panes; alone: pick one",
    ),
    (
        "ctx NAME | ctx! NAME",
        "switch to another context (ctx!: also in the kubeconfig); alone: pick one",
    ),
    (
        "snapshot [MEMBER]",
        "etcd snapshot now into the backup directory (default: a healthy follower)",
    ),
    ("defrag", "etcd guided defrag: followers first, the leader last"),
    (
        "disarm",
        "disarm etcd's NOSPACE alarm (after a defrag freed space)",
    ),
    (
        "save PATH",
        "log view: write the lines kept to PATH (:save! PATH replaces a file there)",
    ),
    (
        "tail N | tail all",
        "log view: open the log again from its last N lines (or all)",
    ),
    (
        "since DURATION",
        "log view: open the log again from the lines of the last 10m, 2h…",
    ),
    (
        "describe KIND/NAME",
        "describe one object (pod/x, deploy/x, secret/x, node/x; -n NS), read from the API",
    ),
    (
        "yaml KIND/NAME",
        "show one object as YAML (-n NS; Secret values are never shown)",
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
        "workloads" | "workload" | "wl" => Command::Workloads,
        "events" | "event" | "ev" => Command::Events,
        "pods" | "pod" | "po" => Command::Pods,
        "fleet" => Command::Fleet,
        "snapshot" => {
            return match args.as_slice() {
                [] => Ok(Some(Command::EtcdSnapshot(None))),
                [m] => Ok(Some(Command::EtcdSnapshot(Some(m.to_string())))),
                [_, extra, ..] => Err(format!("`snapshot` takes one member (got `{extra}` too)")),
            };
        }
        "defrag" => Command::EtcdDefrag,
        "disarm" => Command::EtcdDisarm,
        "ns" | "namespace" => {
            return match args.as_slice() {
                [] => Ok(Some(Command::PickNamespace)),
                ["all" | "-A" | "*"] => Ok(Some(Command::Scope(None))),
                [ns] if crate::names::is_dns_label(ns) => Ok(Some(Command::Scope(Some(ns.to_string())))),
                [ns] => Err(format!("`{ns}` is not a valid namespace name")),
                [_, extra, ..] => Err(format!("`ns` takes one namespace (got `{extra}` too)")),
            };
        }
        "ctx" | "context" | "ctx!" | "context!" => {
            let persist = verb.ends_with('!');
            return match args.as_slice() {
                [] if persist => Err(format!("`{verb}` needs a context name")),
                [] => Ok(Some(Command::PickContext)),
                [name] => Ok(Some(Command::Context {
                    name: name.to_string(),
                    persist,
                })),
                [_, extra, ..] => Err(format!("`{verb}` takes one context (got `{extra}` too)")),
            };
        }
        "describe" | "desc" | "yaml" => return parse_describe(verb == "yaml", &args).map(Some),
        other => {
            return match super::logs_command::parse(other, &args) {
                Some(cmd) => cmd.map(|c| Some(Command::Logs(c))),
                None => Err(format!("unknown command `{other}` (try :help)")),
            };
        }
    };
    if let Some(extra) = args.first() {
        return Err(format!("`{verb}` takes no arguments (got `{extra}`)"));
    }
    Ok(Some(cmd))
}

/// `KIND/NAME`, or `KIND NAME`, with `-n NS` (or `--namespace NS`,
/// `-n=NS`) anywhere.
fn parse_describe(yaml: bool, args: &[&str]) -> Result<Command, String> {
    let verb = if yaml { "yaml" } else { "describe" };
    let mut namespace = None;
    let mut words = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match *a {
            "-n" | "--namespace" => {
                let ns = it.next().ok_or_else(|| format!("`{a}` needs a namespace"))?;
                namespace = Some(ns.to_string());
            }
            a if a.starts_with("-n=") || a.starts_with("--namespace=") => {
                namespace = a.split_once('=').map(|(_, ns)| ns.to_string());
            }
            a => words.push(a),
        }
    }
    let (kind, name) = match words.as_slice() {
        [one] => one
            .split_once('/')
            .ok_or_else(|| format!("`{verb}` needs KIND/NAME (e.g. pod/x, secret/x)"))?,
        [kind, name] => (*kind, *name),
        [] => return Err(format!("`{verb}` needs KIND/NAME (e.g. pod/x, secret/x)")),
        [_, _, extra, ..] => return Err(format!("`{verb}` takes one object (got `{extra}` too)")),
    };
    if crate::describe::kinds::lookup(kind).is_none() {
        return Err(format!(
            "error: the server doesn't have a resource type \"{kind}\""
        ));
    }
    if name.is_empty() {
        return Err(format!("`{verb}` needs a name after `{kind}/`"));
    }
    if let Some(ns) = namespace.as_deref().filter(|ns| !crate::names::is_dns_label(ns)) {
        return Err(format!("`{ns}` is not a valid namespace name"));
    }
    Ok(Command::Describe {
        yaml,
        kind: kind.to_string(),
        name: name.to_string(),
        namespace,
    })
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
        assert_eq!(parse("workloads"), Ok(Some(Command::Workloads)));
        assert_eq!(parse("wl"), Ok(Some(Command::Workloads)));
        assert_eq!(parse("ev"), Ok(Some(Command::Events)));
        assert_eq!(parse("pods"), Ok(Some(Command::Pods)));
        assert_eq!(parse("po"), Ok(Some(Command::Pods)));
        assert_eq!(parse("fleet"), Ok(Some(Command::Fleet)));
        assert_eq!(parse("ns shop"), Ok(Some(Command::Scope(Some("shop".into())))));
        assert_eq!(parse("ns all"), Ok(Some(Command::Scope(None))));
        assert_eq!(parse("ns"), Ok(Some(Command::PickNamespace)));
        assert_eq!(parse("ctx"), Ok(Some(Command::PickContext)));
        let ctx = |name: &str, persist| {
            Ok(Some(Command::Context {
                name: name.into(),
                persist,
            }))
        };
        assert_eq!(parse("ctx prod-eu"), ctx("prod-eu", false));
        assert_eq!(parse("context! prod-eu"), ctx("prod-eu", true));
        assert!(parse("ctx!").unwrap_err().contains("needs a context"));
        assert!(parse("ctx a b").unwrap_err().contains("`b`"));
        assert!(parse("ns Shop_1").unwrap_err().contains("not a valid"));
        assert!(parse("ns a b").unwrap_err().contains("`b`"));
        assert_eq!(parse("snapshot"), Ok(Some(Command::EtcdSnapshot(None))));
        assert_eq!(
            parse("snapshot m2"),
            Ok(Some(Command::EtcdSnapshot(Some("m2".into()))))
        );
        assert!(parse("snapshot a b").unwrap_err().contains("`b`"));
        assert_eq!(parse("defrag"), Ok(Some(Command::EtcdDefrag)));
        assert_eq!(parse("disarm"), Ok(Some(Command::EtcdDisarm)));
        assert!(parse("defrag now").unwrap_err().contains("now"));
    }

    #[test]
    fn parses_describe_and_yaml() {
        let d = |yaml, kind: &str, name: &str, ns: Option<&str>| {
            Ok(Some(Command::Describe {
                yaml,
                kind: kind.into(),
                name: name.into(),
                namespace: ns.map(Into::into),
            }))
        };
        assert_eq!(parse("describe pod/x"), d(false, "pod", "x", None));
        assert_eq!(
            parse("yaml secret/storefront-tls -n web"),
            d(true, "secret", "storefront-tls", Some("web"))
        );
        assert_eq!(
            parse("desc -n=data deploy etl"),
            d(false, "deploy", "etl", Some("data"))
        );
        assert_eq!(parse("yaml node/w1"), d(true, "node", "w1", None));
        assert!(
            parse("yaml nosuch/x")
                .unwrap_err()
                .contains("doesn't have a resource type \"nosuch\"")
        );
        assert!(parse("describe").unwrap_err().contains("KIND/NAME"));
        assert!(parse("describe pod").unwrap_err().contains("KIND/NAME"));
        assert!(
            parse("describe pod/x -n")
                .unwrap_err()
                .contains("needs a namespace")
        );
        assert!(
            parse("describe pod/x -n Bad_NS")
                .unwrap_err()
                .contains("not a valid")
        );
    }
}
