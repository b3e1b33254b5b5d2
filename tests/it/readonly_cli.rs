//! Read-only fails closed, as a user meets it: a config.toml with a typo
//! keeps its `readonly = true` (global and per context), one that does not
//! parse leaves kon read-only and says where, `--readonly` works after the
//! subcommand too, `kon ctx`/`kon ns` honour config.toml, and every
//! subcommand's `--help` lists the flags that work there.

use crate::test_support;
use crate::test_support::ctxns_env;

use std::path::Path;
use std::process::{Command, Output};

use test_support::process::{SimProcess, kubectl, sim};
use test_support::tmux::kon_bin;

/// A state dir with `config/config.toml` holding `toml` (none: no file).
fn state(toml: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    if let Some(t) = toml {
        std::fs::create_dir_all(dir.path().join("config")).unwrap();
        std::fs::write(dir.path().join("config/config.toml"), t).unwrap();
    }
    dir
}

fn kon(s: &SimProcess, state: &Path, args: &[&str]) -> Output {
    Command::new(kon_bin())
        .args(args)
        .arg("--kubeconfig")
        .arg(&s.kubeconfig)
        .env("KON_CONFIG_DIR", state.join("config"))
        .env("KON_STATE_DIR", state)
        .output()
        .expect("kon runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn cordoned(s: &SimProcess, node: &str) -> bool {
    let (ok, out, err) = kubectl(
        &s.kubeconfig,
        &["get", "node", node, "-o", "jsonpath={.spec.unschedulable}"],
    );
    assert!(ok, "{err}");
    out.trim() == "true"
}

fn audit(state: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(state.join("audit.log"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn a_config_that_does_not_parse_leaves_kon_read_only() {
    let s = sim(&["--scenario", "demo"]);
    let st = state(Some("readonly = false\n[drain]\ntimeout = 5m\n"));
    let out = kon(&s, st.path(), &["cordon", "worker-a-3"]);
    let err = text(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{err}");
    assert!(!cordoned(&s, "worker-a-3"), "the node stays schedulable");
    let place = format!("{}:3:", st.path().join("config/config.toml").display());
    assert!(
        err.contains("config file failed to load:") && err.contains(&place),
        "{err}"
    );
    assert!(err.contains("read-only"), "{err}");
    let log = audit(st.path());
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["outcome"], "refused: read-only");
    // Uncordon and drain are refused the same way; a dry run still shows the plan.
    let out = kon(&s, st.path(), &["uncordon", "worker-a-4"]);
    assert_ne!(out.status.code(), Some(0));
    assert!(cordoned(&s, "worker-a-4"));
    let out = kon(
        &s,
        st.path(),
        &[
            "drain",
            "worker-a-3",
            "--yes",
            "--ignore-daemonsets",
            "--delete-emptydir-data",
        ],
    );
    assert_ne!(out.status.code(), Some(0));
    assert!(!cordoned(&s, "worker-a-3"));
    let out = kon(
        &s,
        st.path(),
        &[
            "drain",
            "worker-a-3",
            "--dry-run",
            "--ignore-daemonsets",
            "--delete-emptydir-data",
        ],
    );
    assert!(text(&out.stdout).contains("evict"), "{}", text(&out.stderr));
}

#[test]
fn a_typo_keeps_readonly_global_and_per_context() {
    // Before: one bad value dropped the whole file and kon cordon cordoned.
    let s = sim(&["--scenario", "demo"]);
    for (toml, place) in [
        (
            "readonly = true\n[drain]\ngrace-period = \"30s\"\n",
            "config.toml:3:16:",
        ),
        (
            "[findings]\nskip = \"x\"\n[contexts.\"kon-sim\"]\nreadonly = true\n",
            "config.toml:2:8:",
        ),
        ("[contexts.kon-sim]\nreadonly = \"yes\"\n", "config.toml:2:12:"),
    ] {
        let st = state(Some(toml));
        let out = kon(&s, st.path(), &["cordon", "worker-a-3"]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{toml}: {err}");
        assert!(err.contains("read-only ("), "{toml}: {err}");
        // The bad value is named with its place.
        assert!(err.contains(place), "{toml}: {err}");
        assert!(!cordoned(&s, "worker-a-3"), "{toml}");
    }
    // Another context's readonly leaves this one writable.
    let st = state(Some("[contexts.prod]\nreadonly = true\n"));
    let out = kon(&s, st.path(), &["cordon", "worker-a-3"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(cordoned(&s, "worker-a-3"));
}

#[test]
fn readonly_is_accepted_after_the_subcommand() {
    let s = sim(&["--scenario", "demo"]);
    let st = state(None);
    for args in [
        &["cordon", "--readonly", "worker-a-3"][..],
        &["uncordon", "worker-a-4", "--readonly"],
        &["drain", "--readonly", "worker-a-3", "--yes"],
    ] {
        let out = kon(&s, st.path(), args);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("read-only (--readonly)"), "{args:?}: {err}");
    }
    assert!(!cordoned(&s, "worker-a-3") && cordoned(&s, "worker-a-4"));
    assert_eq!(audit(st.path()).len(), 3);
    let out = kon(
        &s,
        st.path(),
        &["check", "--readonly", "-o", "json", "--fail-on", "none"],
    );
    assert!(
        !text(&out.stderr).contains("unexpected argument"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        text(&out.stdout).contains("\"findings\""),
        "{}",
        text(&out.stderr)
    );
}

fn help(args: &[&str]) -> String {
    let out = Command::new(kon_bin()).args(args).output().expect("kon runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

#[test]
fn each_help_lists_the_flags_that_work_there() {
    let has = |h: &str, flag: &str| h.lines().any(|l| l.trim_start().contains(flag));
    for cmd in ["cordon", "uncordon", "drain"] {
        let h = help(&[cmd, "--help"]);
        for flag in ["--readonly", "--context", "--kubeconfig"] {
            assert!(has(&h, flag), "{cmd} --help lacks {flag}:\n{h}");
        }
        for flag in [
            "--namespace",
            "--all-namespaces",
            "--pki-dir",
            "--backup-dir",
            "--theme",
        ] {
            assert!(!has(&h, flag), "{cmd} --help lists {flag}:\n{h}");
        }
    }
    let h = help(&["sim", "--help"]);
    for flag in [
        "--context",
        "--namespace",
        "--all-namespaces",
        "--readonly",
        "--pki-dir",
    ] {
        assert!(!has(&h, flag), "sim --help lists {flag}:\n{h}");
    }
    let h = help(&["check", "--help"]);
    for flag in ["--context", "--namespace", "--pki-dir", "--readonly"] {
        assert!(has(&h, flag), "check --help lacks {flag}:\n{h}");
    }
    assert!(!has(&h, "--keymap"), "{h}");
    let h = help(&["completions", "--help"]);
    assert!(!has(&h, "--context") && !has(&h, "--readonly"), "{h}");
    // The console's own help still has them all.
    let h = help(&["--help"]);
    for flag in [
        "--context",
        "--namespace",
        "--pki-dir",
        "--readonly",
        "--theme",
        "--demo",
    ] {
        assert!(has(&h, flag), "kon --help lacks {flag}:\n{h}");
    }
    // kon ctx/ns help is kubectx's and kubens's, with kon's own flags after it.
    let home = ctxns_env::Home::new("apiVersion: v1\nkind: Config\n");
    for tool in ["ctx", "ns"] {
        let o = home.run("kon", &[tool, "--help"]);
        assert!(o.stdout.starts_with("USAGE:\n  kon "), "{}", o.stdout);
        assert!(o.stdout.contains("--readonly"), "{}", o.stdout);
    }
    // kubectx's help is kubectx's: upstream's `-r, --readonly` shell (issue 16), not kon's flag.
    let h = home.run("kubectx", &["--help"]).stdout;
    assert!(
        !h.contains("KON OPTIONS") && !h.contains("refuse every change"),
        "{h}"
    );
    assert!(
        h.contains("kubectx -r, --readonly <NAME> : start a read-only shell"),
        "{h}"
    );
}

const KUBECONFIG: &str = "\
apiVersion: v1
kind: Config
clusters:
- name: c
  cluster:
    server: https://127.0.0.1:1
contexts:
- name: prod
  context: {cluster: c, user: u, namespace: payments}
- name: dev
  context: {cluster: c, user: u}
current-context: prod
users:
- name: u
  user: {token: t}
";

/// `program args` in `home` with `config.toml` holding `toml`.
fn in_home(home: &ctxns_env::Home, toml: &str, program: &str, args: &[&str]) -> ctxns_env::Out {
    let config = home.path("kon-config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), toml).unwrap();
    home.cmd(program)
        .args(args)
        .env("KON_CONFIG_DIR", &config)
        .env("KON_STATE_DIR", home.path("kon-state"))
        .output()
        .expect("runs")
        .into()
}

#[test]
fn kon_ctx_and_ns_honour_readonly_in_config() {
    // Before: only --readonly stopped them.
    for toml in [
        "readonly = true\n",
        "[contexts.prod]\nreadonly = true\n",
        "theme = \"light\"\n[drain]\ntimeout = 5m\n",
    ] {
        let home = ctxns_env::Home::new(KUBECONFIG);
        for (program, args) in [
            ("kon", &["ctx", "dev"][..]),
            ("kon", &["ns", "--force", "kube-system"]),
            ("kubectx", &["dev"]),
            ("kubens", &["-f", "kube-system"]),
            ("kubectl-ctx", &["dev"]),
        ] {
            let o = in_home(&home, toml, program, args);
            assert_eq!(o.code, 1, "{toml}: {program} {args:?}: {}", o.stderr);
            assert!(o.stderr.contains("read-only ("), "{toml}: {}", o.stderr);
        }
        assert_eq!(home.read(), KUBECONFIG, "{toml}: nothing written");
        let log = std::fs::read_to_string(home.path("kon-state/audit.log")).unwrap_or_default();
        assert_eq!(log.lines().count(), 5, "{toml}: every refusal recorded:\n{log}");
    }
    // Without read-only, the same commands write.
    let home = ctxns_env::Home::new(KUBECONFIG);
    let o = in_home(
        &home,
        "[contexts.staging]\nreadonly = true\n",
        "kon",
        &["ctx", "dev"],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(home.read().contains("current-context: dev"));
}
