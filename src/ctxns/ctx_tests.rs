//! kubectx against kubeconfig files in a temp dir.

use super::test_support::{KUBECONFIG, Sandbox, replaced};
use super::*;

#[test]
fn lists_in_natural_order_with_the_current_highlighted() {
    let sb = Sandbox::new(Some(KUBECONFIG));
    let r = sb.kubectx(&[]);
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (0, "ctx2\nctx10\ndev\nprod\n", "")
    );

    let mut sb = sb;
    sb.vars.force_color = Some("1".into());
    let r = sb.kubectx(&[]);
    assert_eq!(r.stdout, "ctx2\nctx10\ndev\n\x1b[32;1mprod\x1b[0m\n");

    sb.vars.fg_color = Some("\x1b[36m".into());
    sb.vars.bg_color = Some("\x1b[47m".into());
    let r = sb.kubectx(&[]);
    assert_eq!(r.stdout, "ctx2\nctx10\ndev\n\x1b[47m\x1b[36mprod\x1b[0m\n");

    sb.vars.force_color = None;
    sb.ttys.stdout = true;
    sb.vars.no_color = Some("1".into());
    assert_eq!(sb.kubectx(&[]).stdout, "ctx2\nctx10\ndev\nprod\n");
    sb.vars.no_color = None;
    assert!(sb.kubectx(&[]).stdout.contains("\x1b[36mprod"));
}

#[test]
fn missing_kubeconfig_warns_when_listing_and_fails_otherwise() {
    let sb = Sandbox::new(None);
    let r = sb.kubectx(&[]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
    assert_eq!(r.stderr, "warning: kubeconfig file not found\n");
    let r = sb.kubectx(&["prod"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        format!(
            "error: failed to switch context: kubeconfig error: failed to load: kubeconfig file not found: \
             open {}: no such file or directory\n",
            sb.files[0].display()
        )
    );
    assert!(!sb.files[0].exists());
}

#[test]
fn switch_changes_only_the_value_and_remembers_the_previous() {
    let sb = Sandbox::new(Some(KUBECONFIG));
    let r = sb.kubectx(&["dev"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
    assert_eq!(r.stderr, "✔ Switched to context \"dev\".\n");
    assert_eq!(
        sb.config(),
        replaced(KUBECONFIG, "current-context: prod", "current-context: dev")
    );
    assert_eq!(sb.kubectx_state().as_deref(), Some("prod"));

    let r = sb.kubectx(&["-"]);
    assert_eq!(r.stderr, "✔ Switched to context \"prod\".\n");
    assert_eq!(sb.config(), KUBECONFIG);
    assert_eq!(sb.kubectx_state().as_deref(), Some("dev"));

    // Switching to the current one writes no state.
    sb.kubectx(&["prod"]);
    assert_eq!(sb.kubectx_state().as_deref(), Some("dev"));
}

#[test]
fn switch_errors() {
    let sb = Sandbox::new(Some(KUBECONFIG));
    let r = sb.kubectx(&["nope"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "error: failed to switch context: no context exists with the name: \"nope\"\n"
    );
    assert_eq!(sb.config(), KUBECONFIG);
    let r = sb.kubectx(&["-"]);
    assert_eq!(
        r.stderr,
        "error: failed to switch context: no previous context found\n"
    );

    let mut sb = sb;
    sb.vars.force_color = Some("1".into());
    let r = sb.kubectx(&["nope"]);
    assert!(
        r.stderr.starts_with("\x1b[31;1merror: \x1b[0mfailed to switch"),
        "{:?}",
        r.stderr
    );

    sb.vars = Vars::default();
    let r = sb.kubectx(&["dev"]);
    assert_eq!(
        r.stderr,
        "error: failed to switch context: failed to determine state file: \
         HOME or USERPROFILE environment variable not set\n"
    );
    assert_eq!(sb.config(), KUBECONFIG);
}

#[test]
fn switch_success_is_coloured_like_go() {
    let mut sb = Sandbox::new(Some(KUBECONFIG));
    sb.vars.force_color = Some("1".into());
    let r = sb.kubectx(&["dev"]);
    assert_eq!(
        r.stderr,
        "\x1b[32m✔ \x1b[0mSwitched to context \"\x1b[32mdev\x1b[0m\".\n"
    );
}

#[test]
fn state_falls_back_to_home() {
    let mut sb = Sandbox::new(Some(KUBECONFIG));
    sb.vars.xdg_cache_home = None;
    sb.kubectx(&["dev"]);
    let p = sb.file("home/.kube/kubectx");
    assert_eq!(std::fs::read_to_string(p).unwrap(), "prod");
}

#[test]
fn current_and_unset() {
    let sb = Sandbox::new(Some(KUBECONFIG));
    let r = sb.kubectx(&["-c"]);
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (0, "prod\n", ""));
    let r = sb.kubectx(&["--unset"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (0, "✔ Active context unset for kubectl.\n")
    );
    assert_eq!(
        sb.config(),
        replaced(KUBECONFIG, "current-context: prod", "current-context: \"\"")
    );
    let r = sb.kubectx(&["--current"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (1, "error: current-context is not set\n")
    );
    // The list highlights nothing.
    let mut sb = sb;
    sb.vars.force_color = Some("1".into());
    assert!(!sb.kubectx(&[]).stdout.contains('\x1b'));
}

#[test]
fn rename_follows_the_current_context() {
    let sb = Sandbox::new(Some(KUBECONFIG));
    let r = sb.kubectx(&["production=."]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (0, "✔ Context prod renamed to production.\n")
    );
    let want = replaced(KUBECONFIG, "- name: prod\n", "- name: production\n");
    let want = replaced(&want, "current-context: prod", "current-context: production");
    assert_eq!(sb.config(), want);

    let r = sb.kubectx(&["development=dev"]);
    assert_eq!(r.code, 0);
    assert_eq!(
        sb.config(),
        replaced(&want, "- name: dev\n", "- name: development\n")
    );
}

#[test]
fn rename_over_an_existing_context_and_errors() {
    let sb = Sandbox::new(Some(KUBECONFIG));
    let r = sb.kubectx(&["ctx2=dev"]);
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stderr,
        "warning: context \"ctx2\" exists, overwriting it.\n✔ Context dev renamed to ctx2.\n"
    );
    assert_eq!(sb.kubectx(&[]).stdout, "ctx2\nctx10\nprod\n");
    let before = sb.config();

    let r = sb.kubectx(&["a=nope"]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (1, "error: context \"nope\" not found, can't rename it\n")
    );
    let r = sb.kubectx(&["prod=prod"]);
    assert_eq!(
        r.stderr,
        "warning: context \"prod\" exists, overwriting it.\n\
         error: failed to change context name: no changes were made\n"
    );
    assert_eq!(r.code, 1);
    assert_eq!(sb.config(), before);
}

#[test]
fn delete_by_name_and_dot() {
    let sb = Sandbox::new(Some(KUBECONFIG));
    let r = sb.kubectx(&["-d", "ctx2", "ctx10"]);
    assert_eq!(r.code, 0);
    assert_eq!(r.stderr, "✔ Deleted context ctx2.\n✔ Deleted context ctx10.\n");
    assert_eq!(sb.kubectx(&[]).stdout, "dev\nprod\n");

    let r = sb.kubectx(&["-d", "."]);
    assert_eq!(
        r.stderr,
        "warning: You deleted the current context. Use \"kubectx\" to select a new context.\n\
         ✔ Deleted context prod.\n"
    );
    // The current-context still names it, as with Go.
    assert!(sb.config().contains("current-context: prod"));
    assert!(!sb.config().contains("- name: prod"));
    assert!(sb.config().starts_with("# Managed by hand: keep this comment.\n"));

    let r = sb.kubectx(&["-d", "."]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (
            1,
            "error: error deleting context \"prod\": context does not exist\n"
        )
    );
    let r = sb.kubectx(&["-d", "dev", "nope", "x"]);
    assert_eq!(
        r.stderr,
        "✔ Deleted context dev.\nerror: error deleting context \"nope\": context does not exist\n"
    );
    assert_eq!(r.code, 1);
    sb.kubectx(&["-u"]);
    let r = sb.kubectx(&["-d", "."]);
    assert_eq!(
        r.stderr,
        "error: error deleting context \"\": can't use '.' as the no active context is set\n"
    );
}

#[test]
fn unsupported_arguments_and_help_and_version() {
    let sb = Sandbox::new(Some(KUBECONFIG));
    let r = sb.kubectx(&["-x"]);
    assert_eq!(
        (r.code, r.stdout.as_str(), r.stderr.as_str()),
        (1, "", "error: unsupported option '-x'\n")
    );
    let r = sb.kubectx(&["a", "b"]);
    assert_eq!((r.code, r.stderr.as_str()), (1, "error: too many arguments\n"));
    let r = sb.kubectx(&["-d"]);
    assert_eq!((r.code, r.stderr.as_str()), (1, "error: '-d' needs arguments\n"));
    let r = sb.kubectx(&["-h"]);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    assert!(r.stdout.starts_with("USAGE:\n  kubectx "));
    let r = sb.kubectx(&["-V"]);
    assert_eq!(r.stdout, format!("{}\n", env!("CARGO_PKG_VERSION")));
    assert_eq!(sb.config(), KUBECONFIG);
}

#[test]
fn malformed_kubeconfig_names_the_place_and_writes_nothing() {
    let text = "apiVersion: v1\ncontexts:\n- name: a\n  context: {cluster: [\n";
    let sb = Sandbox::new(Some(text));
    for args in [&["a"][..], &["-d", "a"], &["b=a"], &["-u"], &["-c"], &[]] {
        let r = sb.kubectx(args);
        assert_eq!(r.code, 1, "{args:?}");
        let place = format!("{}:", sb.files[0].display());
        assert!(r.stderr.contains(&place), "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("kubeconfig error: "), "{}", r.stderr);
        let after = r.stderr.split(&place).nth(1).unwrap_or_default();
        let mut pos = after.split(':');
        let line: usize = pos.next().unwrap_or_default().parse().expect("a line number");
        let col: usize = pos.next().unwrap_or_default().parse().expect("a column number");
        assert!(line >= 3 && col >= 1, "{}", r.stderr);
        assert_eq!(sb.config(), text);
    }
    assert!(sb.kubectx_state().is_none());
}

#[test]
fn multi_file_kubeconfig_routes_each_write() {
    let mut sb = Sandbox::new(None);
    let a = sb.file("a.yaml");
    let b = sb.file("b.yaml");
    let a_text = "# file a\ncontexts:\n- name: a1\n  context:\n    cluster: c\n    user: u\n";
    let b_text = "# file b\ncurrent-context: a1\ncontexts:\n- name: b1\n  context:\n    cluster: c\n    user: u\n- name: b2\n  context:\n    cluster: c\n    user: u\n";
    std::fs::write(&a, a_text).unwrap();
    std::fs::write(&b, b_text).unwrap();
    sb.files = vec![sb.file("missing.yaml"), a.clone(), b.clone()];

    assert_eq!(sb.kubectx(&[]).stdout, "a1\nb1\nb2\n");
    // current-context lives in b: the switch writes b only.
    assert_eq!(sb.kubectx(&["b2"]).code, 0);
    assert_eq!(sb.read(&a), a_text);
    assert_eq!(
        sb.read(&b),
        replaced(b_text, "current-context: a1", "current-context: b2")
    );
    // Renaming a context of a edits a; deleting one of b edits b.
    assert_eq!(sb.kubectx(&["x1=a1"]).code, 0);
    assert_eq!(sb.read(&a), replaced(a_text, "name: a1", "name: x1"));
    assert_eq!(sb.kubectx(&["-d", "b1"]).code, 0);
    assert!(!sb.read(&b).contains("b1"));
    assert_eq!(sb.read(&a), replaced(a_text, "name: a1", "name: x1"));
    // Renaming the current context (in b) follows it in b's current-context.
    assert_eq!(sb.kubectx(&["y2=."]).code, 0);
    assert!(sb.read(&b).contains("current-context: y2\n"));
    assert!(sb.read(&b).contains("- name: y2\n"));
    assert!(!sb.file("missing.yaml").exists());
}

#[test]
fn current_context_goes_to_the_first_file_when_none_sets_it() {
    let mut sb = Sandbox::new(None);
    let (a, b) = (sb.file("a"), sb.file("b"));
    std::fs::write(&a, "contexts: []\n").unwrap();
    std::fs::write(&b, "contexts:\n- name: b1\n  context:\n    cluster: c\n").unwrap();
    sb.files = vec![a.clone(), b.clone()];
    assert_eq!(sb.kubectx(&["b1"]).code, 0);
    assert_eq!(sb.read(&a), "contexts: []\ncurrent-context: b1\n");
    assert!(!sb.read(&b).contains("current-context"));
}

#[test]
fn readonly_refuses_changes() {
    let mut sb = Sandbox::new(Some(KUBECONFIG));
    sb.readonly = true;
    for args in [&["dev"][..], &["-u"], &["a=dev"], &["-d", "dev"]] {
        let r = sb.kubectx(args);
        assert_eq!(r.code, 1, "{args:?}");
        assert!(r.stderr.contains("read-only"), "{}", r.stderr);
    }
    assert_eq!(sb.config(), KUBECONFIG);
    assert_eq!(sb.kubectx(&[]).code, 0);
}

#[test]
fn pick_switches_like_a_name() {
    let sb = Sandbox::new(Some(KUBECONFIG)).interactive(Some("dev"));
    let r = sb.kubectx(&[]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""));
    assert_eq!(r.stderr, "✔ Switched to context \"dev\".\n");
    assert_eq!(sb.kubectx_state().as_deref(), Some("prod"));
    let (title, items) = &r.picks[0];
    assert_eq!(title, "Switch context");
    let names: Vec<&str> = items.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["ctx2", "ctx10", "dev", "prod"]);
    let prod = &items[3];
    assert_eq!(prod.detail, "https://10.0.0.1:6443  ns payments");
    assert!(prod.current && !items[2].current);
    assert_eq!(items[2].detail, "https://10.0.0.2:6443");
}

#[test]
fn pick_cancelled_or_ignored() {
    let sb = Sandbox::new(Some(KUBECONFIG)).interactive(None);
    let r = sb.kubectx(&[]);
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (1, "error: you did not choose any of the options\n")
    );
    assert_eq!(sb.config(), KUBECONFIG);

    let mut sb = sb;
    sb.vars.ignore_fzf = Some("1".into());
    let r = sb.kubectx(&[]);
    assert!(r.picks.is_empty());
    assert_eq!(r.stdout, "ctx2\nctx10\ndev\nprod\n");
    sb.vars.ignore_fzf = None;
    sb.ttys.stderr = false;
    assert!(sb.kubectx(&[]).picks.is_empty());
}

#[test]
fn pick_delete() {
    let sb = Sandbox::new(Some(KUBECONFIG)).interactive(Some("prod"));
    let r = sb.kubectx(&["-d"]);
    assert_eq!(r.code, 0);
    assert_eq!(r.stderr, "✔ Deleted context prod.\n");
    assert_eq!(r.picks[0].0, "Delete context");
    assert!(!sb.config().contains("- name: prod"));
}
