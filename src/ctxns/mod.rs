//! `kubectx` and `kubens`: the drop-in replacements, as `kon ctx`/`kon ns`
//! or the same binary called by those names.
//!
//! Flags, messages, output streams and exit codes follow the Go
//! implementation (github.com/ahmetb/kubectx). The logic here is pure apart
//! from file I/O: the terminal, the environment and the picker come in
//! through [`Env`], the cluster through [`NamespaceApi`].
//!
//! The console's own context switch ([`switcher`]) reads and writes the
//! kubeconfig and kubectx's and kubens's files the same way.

pub mod api;
pub mod args;
mod ctx;
pub mod guard;
mod ns;
pub mod print;
mod shell_op;
pub mod state;
mod store;
pub mod switcher;

use std::ffi::OsString;
use std::io::{self, Write};
use std::path::PathBuf;

pub use api::{KubeNamespaces, NamespaceApi};
pub use args::{CtxOp, NsOp, parse_ctx, parse_ns};
pub use ctx::context_items;
pub use guard::{Write as KubeconfigWrite, WriteGuard};
pub use print::Colors;

use crate::picker::PickItem;

/// The interactive picker: a title and the items; `Ok(None)` when cancelled.
pub type Picker<'a> = dyn FnMut(&str, Vec<PickItem>) -> io::Result<Option<String>> + 'a;

/// The environment values kubectx and kubens read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Vars {
    pub no_color: Option<String>,
    /// `_KUBECTX_FORCE_COLOR`
    pub force_color: Option<String>,
    /// `KUBECTX_CURRENT_FGCOLOR`
    pub fg_color: Option<String>,
    /// `KUBECTX_CURRENT_BGCOLOR`
    pub bg_color: Option<String>,
    /// `KUBECTX_IGNORE_FZF`
    pub ignore_fzf: Option<String>,
    pub term: Option<String>,
    pub xdg_cache_home: Option<PathBuf>,
    pub home: Option<PathBuf>,
    pub userprofile: Option<PathBuf>,
    /// `KUBECTX_ISOLATED_SHELL`: set to `1` inside a `-s`/`-r` shell.
    pub isolated_shell: Option<String>,
    /// `SHELL`: what `-s`/`-r` start (else `/bin/sh`).
    pub shell: Option<OsString>,
}

impl Vars {
    /// Reads the variables through `get` (e.g. `std::env::var_os`).
    pub fn from_lookup(get: impl Fn(&str) -> Option<OsString>) -> Self {
        let s = |k: &str| get(k).map(|v| v.to_string_lossy().into_owned());
        let p = |k: &str| get(k).map(PathBuf::from);
        Self {
            no_color: s("NO_COLOR"),
            force_color: s("_KUBECTX_FORCE_COLOR"),
            fg_color: s("KUBECTX_CURRENT_FGCOLOR"),
            bg_color: s("KUBECTX_CURRENT_BGCOLOR"),
            ignore_fzf: s("KUBECTX_IGNORE_FZF"),
            term: s("TERM"),
            xdg_cache_home: p("XDG_CACHE_HOME"),
            home: p("HOME"),
            userprofile: p("USERPROFILE"),
            isolated_shell: s(crate::shell::ISOLATED_VAR),
            shell: get("SHELL"),
        }
    }
}

/// Which standard streams are terminals.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ttys {
    pub stdin: bool,
    pub stdout: bool,
    pub stderr: bool,
}

/// Everything a kubectx or kubens run works with.
pub struct Env<'a> {
    pub stdout: &'a mut dyn Write,
    pub stderr: &'a mut dyn Write,
    pub colors: Colors,
    /// No argument opens the picker (terminals everywhere, `KUBECTX_IGNORE_FZF` empty).
    pub interactive: bool,
    pub vars: Vars,
    /// The kubeconfig files (`--kubeconfig`, else `KUBECONFIG`, else `~/.kube/config`).
    pub kubeconfigs: Vec<PathBuf>,
    /// How the user called the tool, for help and hints (`kubectx`, `kubectl ctx`, `kon ctx`).
    pub prog: String,
    /// Whether the kubeconfig may be changed (`--readonly`, config.toml).
    pub guard: WriteGuard,
    /// Appended to `-h` (kon's own flags, for `kon ctx`/`kon ns`).
    pub help_extra: String,
    pub picker: &'a mut Picker<'a>,
}

impl<'a> Env<'a> {
    /// An environment whose colour and interactivity follow the Go rules.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        stdout: &'a mut dyn Write,
        stderr: &'a mut dyn Write,
        ttys: Ttys,
        vars: Vars,
        kubeconfigs: Vec<PathBuf>,
        prog: String,
        guard: WriteGuard,
        picker: &'a mut Picker<'a>,
    ) -> Self {
        let colors = Colors::new(&vars, ttys.stdout);
        let interactive =
            ttys.stdin && ttys.stdout && ttys.stderr && vars.ignore_fzf.as_deref().is_none_or(str::is_empty);
        Self {
            stdout,
            stderr,
            colors,
            interactive,
            vars,
            kubeconfigs,
            prog,
            guard,
            help_extra: String::new(),
            picker,
        }
    }

    /// Writes to stdout; a closed pipe (`kubectx | head -1`) is not an error.
    fn out(&mut self, text: &str) {
        let _ = self.stdout.write_all(text.as_bytes());
        let _ = self.stdout.flush();
    }

    fn err(&mut self, text: &str) {
        let _ = self.stderr.write_all(text.as_bytes());
        let _ = self.stderr.flush();
    }

    fn success(&mut self, message: &str) {
        let line = self.colors.success(message);
        self.err(&line);
    }

    fn warning(&mut self, message: &str) {
        let line = self.colors.warning(message);
        self.err(&line);
    }

    /// Refuses (and records) a write of the kubeconfig in read-only mode.
    fn check_writable(
        &self,
        loaded: &store::Loaded,
        action: &str,
        target: &str,
        contexts: &[&str],
    ) -> Result<(), String> {
        let user = contexts
            .first()
            .and_then(|c| loaded.merged.context(c))
            .and_then(|c| c.user.as_deref())
            .unwrap_or("?");
        self.guard.check(&KubeconfigWrite {
            action,
            target,
            contexts,
            user,
        })
    }
}

/// Runs kubectx with `argv` (without the program name); the exit code.
pub fn run_kubectx(argv: &[String], env: &mut Env<'_>) -> u8 {
    let op = parse_ctx(argv, env.interactive);
    let result = ctx::run(op, env);
    finish(env, result)
}

/// Runs kubens with `argv` (without the program name); the exit code.
pub async fn run_kubens<A: NamespaceApi>(argv: &[String], env: &mut Env<'_>, api: &A) -> u8 {
    let op = parse_ns(argv, env.interactive);
    let result = ns::run(op, env, api).await;
    finish(env, result)
}

/// Prints a failure as Go does (`error: ...` on stderr) and gives the exit code.
fn finish(env: &mut Env<'_>, result: Result<(), String>) -> u8 {
    match result {
        Ok(()) => 0,
        Err(message) => {
            let line = env.colors.error(&message);
            env.err(&line);
            1
        }
    }
}

#[cfg(test)]
#[path = "ctx_tests.rs"]
mod ctx_tests;
#[cfg(test)]
#[path = "ns_tests.rs"]
mod ns_tests;
#[cfg(test)]
mod readonly_tests;
#[cfg(test)]
mod test_support;
