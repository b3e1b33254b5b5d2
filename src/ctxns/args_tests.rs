use super::*;

fn ctx(args: &[&str]) -> CtxOp {
    let argv: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    parse_ctx(&argv, false)
}

fn ctx_i(args: &[&str]) -> CtxOp {
    let argv: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    parse_ctx(&argv, true)
}

fn ns(args: &[&str]) -> NsOp {
    let argv: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    parse_ns(&argv, false)
}

fn unsupported(m: &str) -> CtxOp {
    CtxOp::Unsupported(m.into())
}

#[test]
fn kubectx_forms() {
    assert_eq!(ctx(&[]), CtxOp::List);
    assert_eq!(ctx_i(&[]), CtxOp::Pick);
    for h in ["-h", "--help"] {
        assert_eq!(ctx(&[h]), CtxOp::Help);
    }
    for v in ["-V", "--version"] {
        assert_eq!(ctx(&[v]), CtxOp::Version);
    }
    for c in ["-c", "--current"] {
        assert_eq!(ctx(&[c]), CtxOp::Current);
    }
    for u in ["-u", "--unset"] {
        assert_eq!(ctx(&[u]), CtxOp::Unset);
    }
    assert_eq!(ctx(&["prod"]), CtxOp::Switch("prod".into()));
    assert_eq!(ctx(&["-"]), CtxOp::Switch("-".into()));
    assert_eq!(ctx_i(&["prod"]), CtxOp::Switch("prod".into()));
    assert_eq!(
        ctx(&["new=old"]),
        CtxOp::Rename {
            new: "new".into(),
            old: "old".into()
        }
    );
    assert_eq!(
        ctx(&["new=."]),
        CtxOp::Rename {
            new: "new".into(),
            old: ".".into()
        }
    );
    // Not the rename syntax: switched to as a name, as Go does.
    assert_eq!(ctx(&["a=b=c"]), CtxOp::Switch("a=b=c".into()));
    assert_eq!(ctx(&["=b"]), CtxOp::Switch("=b".into()));
    assert_eq!(ctx(&["a="]), CtxOp::Switch("a=".into()));
    assert_eq!(
        ctx(&["-x=y"]),
        CtxOp::Rename {
            new: "-x".into(),
            old: "y".into()
        }
    );
    assert_eq!(
        ctx(&["-d", "a", "."]),
        CtxOp::Delete(vec!["a".into(), ".".into()])
    );
    assert_eq!(ctx(&["-d", "-c"]), CtxOp::Delete(vec!["-c".into()]));
    assert_eq!(ctx_i(&["-d"]), CtxOp::PickDelete);
}

#[test]
fn kubectx_errors() {
    assert_eq!(ctx(&["-d"]), unsupported("'-d' needs arguments"));
    assert_eq!(ctx(&["-x"]), unsupported("unsupported option '-x'"));
    assert_eq!(ctx(&["--foo"]), unsupported("unsupported option '--foo'"));
    assert_eq!(ctx(&["a", "b"]), unsupported("too many arguments"));
    assert_eq!(ctx(&["-c", "-u"]), unsupported("too many arguments"));
    assert_eq!(ctx(&["a", "-d"]), unsupported("too many arguments"));
    // Issue 16: `-s NAME` is upstream's isolated shell now, not two arguments.
    assert_eq!(ctx(&["-x", "prod"]), unsupported("too many arguments"));
    assert_eq!(
        ctx(&["-s", "prod"]),
        CtxOp::Shell {
            target: Some("prod".into()),
            readonly: false,
            deny: vec![]
        }
    );
}

#[test]
fn kubens_forms() {
    assert_eq!(ns(&[]), NsOp::List);
    assert_eq!(parse_ns(&[], true), NsOp::Pick);
    assert_eq!(ns(&["-h"]), NsOp::Help);
    assert_eq!(ns(&["--help"]), NsOp::Help);
    assert_eq!(ns(&["-V"]), NsOp::Version);
    assert_eq!(ns(&["--version"]), NsOp::Version);
    assert_eq!(ns(&["-c"]), NsOp::Current);
    assert_eq!(ns(&["--current"]), NsOp::Current);
    assert_eq!(ns(&["-u"]), NsOp::Unset);
    assert_eq!(ns(&["--unset"]), NsOp::Unset);
    let sw = |t: &str, force| NsOp::Switch {
        target: t.into(),
        force,
    };
    assert_eq!(ns(&["kube-system"]), sw("kube-system", false));
    assert_eq!(ns(&["-"]), sw("-", false));
    assert_eq!(ns(&["x", "-f"]), sw("x", true));
    assert_eq!(ns(&["x", "--force"]), sw("x", true));
    assert_eq!(ns(&["-f", "x"]), sw("x", true));
    assert_eq!(ns(&["--force", "-"]), sw("-", true));
}

#[test]
fn kubens_errors() {
    let un = |m: &str| NsOp::Unsupported(m.into());
    assert_eq!(ns(&["-x"]), un("unsupported option \"-x\""));
    assert_eq!(ns(&["-f"]), un("unsupported option \"-f\""));
    assert_eq!(ns(&["-f", "-f"]), un("unsupported option \"-f\""));
    assert_eq!(ns(&["-f", "-c"]), un("unsupported option \"-c\""));
    assert_eq!(ns(&["a", "b"]), un("unsupported arguments [\"a\" \"b\"]"));
    assert_eq!(ns(&["a", "b\"c"]), un("unsupported arguments [\"a\" \"b\\\"c\"]"));
    assert_eq!(ns(&["a", "b", "c"]), un("too many arguments"));
    assert_eq!(ns(&["-f", "a", "b"]), un("too many arguments"));
}

#[test]
fn help_texts_name_the_program() {
    let h = ctx_help("kubectx");
    assert!(h.starts_with("USAGE:\n  kubectx                       : list the contexts\n"));
    assert!(
        h.contains("\n                                  (this command won't delete the user/cluster entry\n")
    );
    assert!(h.ends_with("  kubectx -V,--version          : show version\n"));
    let h = ctx_help("kubectl ctx");
    assert!(h.contains("  kubectl ctx -d <NAME> [<NAME...>] : delete context"));
    assert!(h.contains("\n                                      (this command"));
    let h = ns_help("kubens");
    assert!(h.contains("  kubens <NAME> --force/-f  : force change the active namespace"));
    assert!(h.ends_with("  kubens -V,--version       : show version\n"));
}

fn shell(target: Option<&str>, readonly: bool, deny: &[&str]) -> CtxOp {
    CtxOp::Shell {
        target: target.map(str::to_string),
        readonly,
        deny: deny.iter().map(|s| s.to_string()).collect(),
    }
}

#[test]
fn shell_forms_follow_upstream() {
    for (flag, ro) in [
        ("-s", false),
        ("--shell", false),
        ("-r", true),
        ("--readonly", true),
    ] {
        assert_eq!(ctx(&[flag, "prod"]), shell(Some("prod"), ro, &[]), "{flag}");
        assert_eq!(ctx_i(&[flag]), shell(None, ro, &[]), "{flag}");
        assert_eq!(
            ctx(&[flag]),
            unsupported(&format!(
                "'{flag}' requires a context name argument (or fzf for interactive mode)"
            ))
        );
        assert_eq!(
            ctx(&[flag, "a", "b"]),
            unsupported(&format!("'{flag}' accepts at most one context name argument"))
        );
    }
    // A context named like a flag is still a name after -s, as upstream.
    assert_eq!(ctx(&["-s", "-c"]), shell(Some("-c"), false, &[]));
}

#[test]
fn deny_goes_with_the_readonly_shell_only() {
    assert_eq!(
        ctx(&["-r", "prod", "--deny", "secrets"]),
        shell(Some("prod"), true, &["secrets"])
    );
    assert_eq!(
        ctx(&["-r", "--deny=secrets", "prod"]),
        shell(Some("prod"), true, &["secrets"])
    );
    assert_eq!(
        ctx_i(&["-r", "--deny", "secrets"]),
        shell(None, true, &["secrets"])
    );
    assert_eq!(
        ctx(&["-r", "prod", "--deny"]),
        unsupported("'--deny' needs a value (secrets)")
    );
    assert_eq!(
        ctx(&["-s", "prod", "--deny", "secrets"]),
        unsupported("'--deny' applies to a read-only shell (-r), not '-s'")
    );
}

#[test]
fn help_lists_the_shells_as_upstream() {
    let h = ctx_help("kubectx");
    assert!(h.contains("\n  kubectx -s, --shell <NAME>    : start a shell scoped to context <NAME>\n"));
    assert!(h.contains("\n  kubectx -r, --readonly <NAME> : start a read-only shell for context <NAME>\n"));
    assert!(h.contains(
        "\n  kubectx -r, --readonly        : interactively select a context for read-only shell\n"
    ));
}
