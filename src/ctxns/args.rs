//! The command lines of kubectx and kubens, parsed as the Go versions
//! parse them (`cmd/kubectx/flags.go`, `cmd/kubens/flags.go`).

use super::print::go_quote;

/// What a kubectx command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CtxOp {
    /// No argument: the list, or the picker when interactive.
    List,
    Pick,
    Help,
    Version,
    Current,
    Unset,
    /// `NAME`, or `-` for the previous context.
    Switch(String),
    /// `NEW=OLD`, `OLD` may be `.` for the current context.
    Rename {
        new: String,
        old: String,
    },
    /// `-d NAME...` (`.` for the current context).
    Delete(Vec<String>),
    /// `-d` alone in interactive mode: pick the context to delete.
    PickDelete,
    /// `-s`/`--shell` and `-r`/`--readonly`: a sub-shell scoped to the
    /// context (`None`: pick it); `deny`: kon's `--deny` values for `-r`.
    Shell {
        target: Option<String>,
        readonly: bool,
        deny: Vec<String>,
    },
    /// An unsupported flag or combination, with Go's message.
    Unsupported(String),
}

/// What a kubens command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NsOp {
    List,
    Pick,
    Help,
    Version,
    Current,
    Unset,
    /// `NAME` or `-`; `force` skips the existence check.
    Switch {
        target: String,
        force: bool,
    },
    Unsupported(String),
}

/// Parses kubectx's arguments (without argv\[0\]). `interactive`: stdin,
/// stdout and stderr are terminals and `KUBECTX_IGNORE_FZF` is empty.
pub fn parse_ctx(argv: &[String], interactive: bool) -> CtxOp {
    let Some(first) = argv.first() else {
        return if interactive { CtxOp::Pick } else { CtxOp::List };
    };
    if let Some(readonly) = match first.as_str() {
        "-r" | "--readonly" => Some(true),
        "-s" | "--shell" => Some(false),
        _ => None,
    } {
        return parse_shell(first, &argv[1..], readonly, interactive);
    }
    if first == "-d" {
        if argv.len() == 1 {
            return if interactive {
                CtxOp::PickDelete
            } else {
                CtxOp::Unsupported("'-d' needs arguments".into())
            };
        }
        return CtxOp::Delete(argv[1..].to_vec());
    }
    if argv.len() > 1 {
        return CtxOp::Unsupported("too many arguments".into());
    }
    match first.as_str() {
        "--help" | "-h" => CtxOp::Help,
        "--version" | "-V" => CtxOp::Version,
        "--current" | "-c" => CtxOp::Current,
        "--unset" | "-u" => CtxOp::Unset,
        v => {
            if let Some((new, old)) = parse_rename(v) {
                CtxOp::Rename { new, old }
            } else if v.starts_with('-') && v != "-" {
                CtxOp::Unsupported(format!("unsupported option '{v}'"))
            } else {
                CtxOp::Switch(v.to_string())
            }
        }
    }
}

/// `-s`/`-r` and what follows: upstream's rules (at most one name; none
/// opens the picker when interactive) and kon's `--deny VALUE` for `-r`.
fn parse_shell(flag: &str, rest: &[String], readonly: bool, interactive: bool) -> CtxOp {
    let mut names = Vec::new();
    let mut deny = Vec::new();
    let mut args = rest.iter();
    while let Some(a) = args.next() {
        if a == "--deny" {
            match args.next() {
                Some(v) => deny.push(v.clone()),
                None => return CtxOp::Unsupported("'--deny' needs a value (secrets)".into()),
            }
        } else if let Some(v) = a.strip_prefix("--deny=") {
            deny.push(v.to_string());
        } else {
            names.push(a.clone());
        }
    }
    if !deny.is_empty() && !readonly {
        return CtxOp::Unsupported(format!(
            "'--deny' applies to a read-only shell (-r), not '{flag}'"
        ));
    }
    match names.as_slice() {
        [] if interactive => CtxOp::Shell {
            target: None,
            readonly,
            deny,
        },
        [] => CtxOp::Unsupported(format!(
            "'{flag}' requires a context name argument (or fzf for interactive mode)"
        )),
        [name] => CtxOp::Shell {
            target: Some(name.clone()),
            readonly,
            deny,
        },
        _ => CtxOp::Unsupported(format!("'{flag}' accepts at most one context name argument")),
    }
}

/// `NEW=OLD` with exactly one `=` and both sides non-empty.
fn parse_rename(v: &str) -> Option<(String, String)> {
    let mut parts = v.split('=');
    let (new, old) = (parts.next()?, parts.next()?);
    if parts.next().is_some() || new.is_empty() || old.is_empty() {
        return None;
    }
    Some((new.to_string(), old.to_string()))
}

/// Parses kubens's arguments (without argv\[0\]).
pub fn parse_ns(argv: &[String], interactive: bool) -> NsOp {
    let is_force = |s: &str| s == "-f" || s == "--force";
    match argv {
        [] if interactive => NsOp::Pick,
        [] => NsOp::List,
        [v] => match v.as_str() {
            "--help" | "-h" => NsOp::Help,
            "--version" | "-V" => NsOp::Version,
            "--current" | "-c" => NsOp::Current,
            "--unset" | "-u" => NsOp::Unset,
            _ => ns_switch(v, false),
        },
        [a, b] if is_force(b) => ns_switch(a, true),
        [a, b] if is_force(a) => ns_switch(b, true),
        [a, b] => NsOp::Unsupported(format!("unsupported arguments [{} {}]", go_quote(a), go_quote(b))),
        _ => NsOp::Unsupported("too many arguments".into()),
    }
}

fn ns_switch(v: &str, force: bool) -> NsOp {
    if v.starts_with('-') && v != "-" {
        return NsOp::Unsupported(format!("unsupported option {}", go_quote(v)));
    }
    NsOp::Switch {
        target: v.to_string(),
        force,
    }
}

/// kubectx's usage text (`cmd/kubectx/help.go`), for program name `prog`.
pub fn ctx_help(prog: &str) -> String {
    let spac = " ".repeat(prog.len());
    format!(
        "USAGE:
  {prog}                       : list the contexts
  {prog} <NAME>                : switch to context <NAME>
  {prog} -                     : switch to the previous context
  {prog} -s, --shell <NAME>    : start a shell scoped to context <NAME>
  {prog} -s, --shell           : interactively select a context to start a shell
  {prog} -r, --readonly <NAME> : start a read-only shell for context <NAME>
  {prog} -r, --readonly        : interactively select a context for read-only shell
  {spac}   [--deny secrets]    : (kon) the read-only shell refuses Secrets too
  {prog} -c, --current         : show the current context name
  {prog} <NEW_NAME>=<NAME>     : rename context <NAME> to <NEW_NAME>
  {prog} <NEW_NAME>=.          : rename current-context to <NEW_NAME>
  {prog} -u, --unset           : unset the current context
  {prog} -d <NAME> [<NAME...>] : delete context <NAME> ('.' for current-context)
  {spac}                         (this command won't delete the user/cluster entry
  {spac}                          referenced by the context entry)
  {prog} -h,--help             : show this message
  {prog} -V,--version          : show version
"
    )
}

/// kubens's usage text (`cmd/kubens/help.go`), for program name `prog`.
pub fn ns_help(prog: &str) -> String {
    format!(
        "USAGE:
  {prog}                    : list the namespaces in the current context
  {prog} <NAME>             : change the active namespace of current context
  {prog} <NAME> --force/-f  : force change the active namespace of current context (even if it doesn't exist)
  {prog} -                  : switch to the previous namespace in this context
  {prog} -c, --current      : show the current namespace
  {prog} -h,--help          : show this message
  {prog} -V,--version       : show version
"
    )
}

#[cfg(test)]
#[path = "args_tests.rs"]
mod tests;
