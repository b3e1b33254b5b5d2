//! `kon completions bash|zsh|fish`: each script loaded in its real shell, completing against the
//! real binary linked as kon, kubectl-kon, kubectx and kubens on PATH, with a kubeconfig of a few
//! contexts (and a simulated cluster for namespaces). zsh and fish must be installed.

use crate::test_support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use clap::CommandFactory;
use kon::cli::Cli;

const ARN: &str = "arn:aws:eks:eu-west-1:123456789012:cluster/blue";
/// The contexts of the test kubeconfig, in the order `kon ctx` lists them.
const CONTEXTS: [&str; 4] = [ARN, "prod", "stable", "staging"];

/// A kubeconfig whose contexts all point at a server that refuses connections.
fn kubeconfig(contexts: &[&str]) -> String {
    let mut yaml = format!(
        "apiVersion: v1\nkind: Config\ncurrent-context: {}\ncontexts:\n",
        contexts[0]
    );
    for c in contexts {
        yaml += &format!("- name: \"{c}\"\n  context: {{cluster: c1, user: u1}}\n");
    }
    yaml + "clusters:\n- name: c1\n  cluster: {server: \"https://127.0.0.1:1\"}\n\
            users:\n- name: u1\n  user: {token: t}\n"
}

/// A temp dir with `bin/` (the links), a home, the kubeconfig and the three scripts.
struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let env = Env { dir };
        for d in ["bin", "home", "cache", "config", "data", "state", "zsh"] {
            std::fs::create_dir_all(env.path(d)).expect("dir");
        }
        for name in ["kon", "kubectl-kon", "kubectx", "kubens"] {
            std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_kon"), env.path("bin").join(name)).expect("link");
        }
        std::fs::write(env.kubeconfig(), kubeconfig(&["staging", "prod", ARN, "stable"])).expect("write");
        for (shell, file) in [("bash", "kon.bash"), ("zsh", "zsh/_kon"), ("fish", "kon.fish")] {
            let (script, _) = run(env.command("kon", &env.kubeconfig()).args(["completions", shell]));
            std::fs::write(env.path(file), script).expect("write script");
        }
        env
    }

    fn path(&self, p: &str) -> PathBuf {
        self.dir.path().join(p)
    }

    fn kubeconfig(&self) -> PathBuf {
        self.path("kubeconfig")
    }

    /// `program` with the links first on PATH, a private home and `kubeconfig`.
    fn command(&self, program: &str, kubeconfig: &Path) -> Command {
        let path = std::env::var("PATH").unwrap_or_default();
        let mut c = Command::new(program);
        c.env("PATH", format!("{}:{path}", self.path("bin").display()))
            .env("KUBECONFIG", kubeconfig)
            .env("HOME", self.path("home"))
            .env("XDG_CACHE_HOME", self.path("cache"))
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("XDG_DATA_HOME", self.path("data"))
            .env("KON_CONFIG_DIR", self.path("config"))
            .env("KON_STATE_DIR", self.path("state"));
        for var in [
            "NO_COLOR",
            "_KUBECTX_FORCE_COLOR",
            "KUBECTX_IGNORE_FZF",
            "KUBECTX_CURRENT_FGCOLOR",
        ] {
            c.env_remove(var);
        }
        c
    }
}

/// Runs `cmd` to success within a minute; its stdout and stderr.
fn run(cmd: &mut Command) -> (String, String) {
    let pipes = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = pipes.spawn().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("{cmd:?} did not finish in 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("output");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(
        out.status.success(),
        "{cmd:?}: {}\n{stdout}\n{stderr}",
        out.status
    );
    (stdout.into_owned(), stderr.into_owned())
}

/// Fails, saying what to install, when `shell` cannot run.
fn require(shell: &str) {
    let ok = Command::new(shell)
        .args(["-c", "exit 0"])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "{shell} is not installed: run `apt-get install zsh fish` to test its completion"
    );
}

/// bash: COMPREPLY after `_kon` completes the last of `words` (split as readline splits them).
fn bash_with(env: &Env, kubeconfig: &Path, words: &[&str]) -> Vec<String> {
    const DRIVER: &str = r#"source "$1"; shift
        COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
        _kon
        (( ${#COMPREPLY[@]} )) && printf '%s\n' "${COMPREPLY[@]}"
        exit 0"#;
    let mut cmd = env.command("bash", kubeconfig);
    cmd.args(["--norc", "--noprofile", "-c", DRIVER, "bash"])
        .arg(env.path("kon.bash"))
        .args(words);
    let (out, err) = run(&mut cmd);
    assert_eq!(err, "", "bash wrote to stderr completing {words:?}");
    out.lines().map(String::from).collect()
}

fn bash(env: &Env, words: &[&str]) -> Vec<String> {
    bash_with(env, &env.kubeconfig(), words)
}

/// zsh, with the completion system's builtins stubbed (compadd filters by PREFIX, as zsh
/// matches): what `_kon` offers for the last of `words`. `fpath`: autoload `_kon` rather than
/// source the script (then `compdef` must not be called).
fn zsh(env: &Env, fpath: bool, words: &[&str]) -> Vec<String> {
    const DRIVER: &str = r#"
        compdef() { print -r -- "compdef $*" }
        compadd() { local w; [[ $1 == -- ]] && shift; for w; do [[ $w == $PREFIX* ]] && print -r -- $w; done }
        _files() { print -r -- "<files $*>" }
        compset() { [[ $1 == -P ]] && PREFIX=${PREFIX#*=}; return 0 }
        if [[ $1 == fpath ]]; then fpath=(${2:h} $fpath); autoload -Uz _kon; else source $2; fi
        shift 2
        words=("$@"); CURRENT=$#; PREFIX=$words[CURRENT]
        _kon
        return 0"#;
    require("zsh");
    let mut cmd = env.command("zsh", &env.kubeconfig());
    cmd.args(["-f", "-c", DRIVER, "zsh", if fpath { "fpath" } else { "source" }]);
    let (out, err) = run(cmd.arg(env.path("zsh/_kon")).args(words));
    assert_eq!(err, "", "zsh wrote to stderr completing {words:?}");
    let mut lines: Vec<String> = out.lines().map(String::from).collect();
    let registered = "compdef _kon kon kubectl-kon kubectx kubectl-ctx kubens kubectl-ns";
    assert_eq!(
        lines.first().is_some_and(|l| l == registered),
        !fpath,
        "{lines:?}"
    );
    lines.retain(|l| l != registered);
    lines
}

/// fish: the candidates (sorted, descriptions dropped) of `complete -C LINE`.
fn fish_with(env: &Env, kubeconfig: &Path, line: &str) -> Vec<String> {
    require("fish");
    let script = r#"source (kon completions fish | psub); complete -C "$argv[1]""#;
    let (out, err) = run(env
        .command("fish", kubeconfig)
        .args(["--no-config", "-c", script, line]));
    assert_eq!(err, "", "fish wrote to stderr completing {line:?}");
    let mut words: Vec<String> = out
        .lines()
        .map(|l| l.split('\t').next().unwrap_or(l).to_string())
        .collect();
    words.sort();
    words
}

fn fish(env: &Env, line: &str) -> Vec<String> {
    fish_with(env, &env.kubeconfig(), line)
}

fn sorted(words: &[&str]) -> Vec<String> {
    let mut words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    words.sort();
    words
}

/// kon's visible subcommands, as clap has them (with `help`).
fn subcommands() -> Vec<String> {
    let mut cmd = Cli::command();
    cmd.build();
    let subs = cmd.get_subcommands().filter(|s| !s.is_hide_set());
    subs.map(|s| s.get_name().to_string()).collect()
}

#[test]
fn bash_completes_context_names_for_kon_ctx_kubectx_and_the_context_flag() {
    let env = Env::new();
    let with_dash: Vec<&str> = CONTEXTS.iter().copied().chain(["-"]).collect();
    assert_eq!(bash(&env, &["kon", "ctx", ""]), with_dash);
    assert_eq!(bash(&env, &["kon", "ctx", "st"]), ["stable", "staging"]);
    assert_eq!(bash(&env, &["kubectx", ""]), with_dash);
    assert_eq!(bash(&env, &["kubectl-kon", "ctx", "p"]), ["prod"]);
    assert_eq!(bash(&env, &["kubectx", "-d", ""]), CONTEXTS);
    assert_eq!(bash(&env, &["kubectx", "prod", ""]), Vec::<String>::new());
    let flags = [
        "-",
        "-c",
        "--current",
        "-u",
        "--unset",
        "-h",
        "--help",
        "-V",
        "--version",
        "-d",
        "-s",
        "--shell",
        "-r",
        "--readonly",
    ];
    assert_eq!(bash(&env, &["kubectx", "-"]), flags);
    // Issue 16: the shells take a context name.
    assert_eq!(bash(&env, &["kubectx", "-s", ""]), CONTEXTS);
    assert_eq!(
        bash(&env, &["kubectx", "--readonly", "st"]),
        ["stable", "staging"]
    );
    assert_eq!(bash(&env, &["kon", "--context", ""]), CONTEXTS);
    assert_eq!(
        bash(&env, &["kon", "drain", "--context", "st"]),
        ["stable", "staging"]
    );
    // Readline splits words at `=` and `:`; the replies replace what follows the last one.
    assert_eq!(bash(&env, &["kon", "--context", "=", "pr"]), ["prod"]);
    assert_eq!(
        bash(&env, &["kon", "ctx", "arn", ":", "aws", ":", "e"]),
        [&ARN["arn:aws:".len()..]]
    );
    // A --kubeconfig on the command line is the one listed.
    let other = env.path("other");
    std::fs::write(&other, kubeconfig(&["elsewhere"])).expect("write");
    let other = other.to_str().expect("utf-8 path");
    assert_eq!(
        bash(&env, &["kon", "--kubeconfig", other, "--context", ""]),
        ["elsewhere"]
    );
    assert_eq!(
        bash(&env, &["kon", "--kubeconfig", other, "ctx", ""]),
        ["elsewhere", "-"]
    );
}

#[test]
fn bash_completes_subcommands_flags_and_values_from_the_cli() {
    let env = Env::new();
    assert_eq!(bash(&env, &["kon", ""]), subcommands());
    assert_eq!(bash(&env, &["kon", "dr"]), ["drain"]);
    assert_eq!(bash(&env, &["kon", "--context", "prod", "dr"]), ["drain"]);
    assert_eq!(bash(&env, &["kon", "drain", "--dr"]), ["--dry-run"]);
    assert_eq!(bash(&env, &["kon", "completions", ""]), ["bash", "zsh", "fish"]);
    assert_eq!(bash(&env, &["kon", "help", "compl"]), ["completions"]);
    let cmd = Cli::command();
    let color = cmd
        .get_arguments()
        .find(|a| a.get_long() == Some("color"))
        .expect("--color");
    let colors: Vec<String> = color
        .get_possible_values()
        .iter()
        .map(|p| p.get_name().to_string())
        .collect();
    assert_eq!(bash(&env, &["kon", "--color", ""]), colors);
    assert_eq!(bash(&env, &["kon", "--color", "=", "tr"]), ["truecolor"]);
    let dir = env.dir.path().to_str().expect("utf-8 path");
    let kc = format!("{dir}/kubeconfig");
    assert_eq!(
        bash(&env, &["kon", "--kubeconfig", &format!("{dir}/kubec")]),
        [kc.as_str()]
    );
    assert_eq!(
        bash(&env, &["kon", "check", "--pki-dir", &format!("{dir}/ca")]),
        [format!("{dir}/cache")]
    );
}

#[test]
fn namespaces_come_from_the_cluster_and_errors_stay_silent() {
    let env = Env::new();
    // The test kubeconfig's server refuses connections: only `-`, and nothing on stderr.
    assert_eq!(bash(&env, &["kubens", ""]), ["-"]);
    assert_eq!(bash(&env, &["kon", "-n", ""]), Vec::<String>::new());
    assert_eq!(bash(&env, &["kubens", "shop", ""]), ["-f", "--force"]);
    let sim = test_support::process::sim(&["--scenario", "healthy"]);
    let names = bash_with(&env, &sim.kubeconfig, &["kubens", ""]);
    assert!(
        names.iter().any(|n| n == "kube-system") && names.iter().any(|n| n == "shop"),
        "{names:?}"
    );
    assert_eq!(names.last().map(String::as_str), Some("-"), "{names:?}");
    assert_eq!(bash_with(&env, &sim.kubeconfig, &["kon", "ns", ""]), names);
    assert_eq!(
        bash_with(&env, &sim.kubeconfig, &["kon", "--namespace", ""]),
        names[..names.len() - 1]
    );
    assert_eq!(
        bash_with(&env, &sim.kubeconfig, &["kubens", "-f", "sh"]),
        ["shop"]
    );
    let fish_names = fish_with(&env, &sim.kubeconfig, "kubens ");
    assert_eq!(
        fish_names,
        sorted(&names.iter().map(String::as_str).collect::<Vec<_>>())
    );
}

#[test]
fn zsh_completes_when_sourced_and_when_autoloaded_from_fpath() {
    let env = Env::new();
    require("zsh");
    let (out, err) = run(env
        .command("zsh", &env.kubeconfig())
        .arg("-n")
        .arg(env.path("zsh/_kon")));
    assert_eq!((out.as_str(), err.as_str()), ("", ""), "zsh -n");
    let with_dash: Vec<&str> = CONTEXTS.iter().copied().chain(["-"]).collect();
    assert_eq!(zsh(&env, false, &["kon", "ctx", ""]), with_dash);
    assert_eq!(zsh(&env, true, &["kon", "ctx", ""]), with_dash);
    assert_eq!(zsh(&env, true, &["kubectx", "st"]), ["stable", "staging"]);
    assert_eq!(zsh(&env, false, &["kon", "ctx", "arn:aws:"]), [ARN]);
    assert_eq!(zsh(&env, false, &["kon", "--context", ""]), CONTEXTS);
    assert_eq!(zsh(&env, false, &["kon", "--context=pr"]), ["prod"]);
    assert_eq!(
        zsh(&env, false, &["kon", "completions", ""]),
        ["bash", "zsh", "fish"]
    );
    assert_eq!(zsh(&env, false, &["kon", "dr"]), ["drain"]);
    assert_eq!(zsh(&env, false, &["kon", "drain", "--dr"]), ["--dry-run"]);
    assert_eq!(zsh(&env, false, &["kon", "--kubeconfig", ""]), ["<files >"]);
    assert_eq!(zsh(&env, false, &["kon", "--backup-dir=/"]), ["<files -/>"]);
    assert_eq!(zsh(&env, false, &["kubens", "shop", ""]), ["-f", "--force"]);
}

#[test]
fn fish_completes_contexts_subcommands_and_flags() {
    let env = Env::new();
    let with_dash: Vec<&str> = CONTEXTS.iter().copied().chain(["-"]).collect();
    assert_eq!(fish(&env, "kon ctx "), sorted(&with_dash));
    assert_eq!(fish(&env, "kon ctx st"), ["stable", "staging"]);
    assert_eq!(fish(&env, "kubectx "), sorted(&with_dash));
    assert_eq!(fish(&env, "kubectx -d "), sorted(&CONTEXTS));
    assert_eq!(fish(&env, "kubectx prod "), Vec::<String>::new());
    assert_eq!(fish(&env, "kon --context "), sorted(&CONTEXTS));
    assert_eq!(
        fish(&env, "kon --context=st"),
        ["--context=stable", "--context=staging"]
    );
    assert_eq!(fish(&env, "kon drain --context p"), ["prod"]);
    let subs = subcommands();
    assert_eq!(
        fish(&env, "kon "),
        sorted(&subs.iter().map(String::as_str).collect::<Vec<_>>())
    );
    assert_eq!(fish(&env, "kon dr"), ["drain"]);
    assert_eq!(fish(&env, "kon --context prod dr"), ["drain"]);
    assert_eq!(fish(&env, "kon drain --dr"), ["--dry-run"]);
    assert_eq!(fish(&env, "kon completions "), ["bash", "fish", "zsh"]);
    assert_eq!(fish(&env, "kon --color tr"), ["truecolor"]);
    assert_eq!(fish(&env, "kubens shop "), ["--force", "-f"]);
    let dir = env.dir.path().to_str().expect("utf-8 path");
    assert_eq!(
        fish(&env, &format!("kon --kubeconfig {dir}/kubec")),
        [format!("{dir}/kubeconfig")]
    );
}
