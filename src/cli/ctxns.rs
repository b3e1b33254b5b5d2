//! `kon ctx`, `kon ns`, and the binary called `kubectx`/`kubens` (or
//! krew's `kubectl-ctx`/`kubectl-ns`): the process side of `crate::ctxns`,
//! the terminal, the environment and the picker.
//!
//! kubectx mode starts nothing it does not need (no runtime, no logging):
//! it is a command people run many times a day. It reads config.toml for
//! read-only only (its other problems are the console's to report; a
//! refusal names the reason, with path:line:column).

use std::ffi::{OsStr, OsString};
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::config::color::ColorDepth;
use crate::config::theme;
use crate::ctxns::{self, Env, KubeNamespaces, Ttys, Vars};
use crate::picker::PickItem;

/// Which tool a run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    Ctx,
    Ns,
}

/// How the binary was called, from argv\[0\]: `kubectx`/`kubectl-ctx` and
/// `kubens`/`kubectl-ns` are the tools; anything else is `kon`.
pub fn tool_for(argv0: &OsStr) -> Option<(Tool, String)> {
    let name = Path::new(argv0).file_name()?.to_string_lossy().into_owned();
    let name = name.strip_suffix(".exe").unwrap_or(&name);
    match name {
        "kubectx" => Some((Tool::Ctx, "kubectx".into())),
        "kubectl-ctx" => Some((Tool::Ctx, "kubectl ctx".into())),
        "kubens" => Some((Tool::Ns, "kubens".into())),
        "kubectl-ns" => Some((Tool::Ns, "kubectl ns".into())),
        _ => None,
    }
}

/// Options that `kon ctx`/`kon ns` take from kon's global flags.
#[derive(Debug, Clone, Default)]
pub struct KonOptions {
    pub kubeconfig: Option<PathBuf>,
    pub readonly: bool,
    pub theme: Option<String>,
    pub depth: Option<ColorDepth>,
    /// Run as `kon ctx`/`kon ns` (help lists kon's own flags).
    pub kon: bool,
}

/// kon's own flags, after kubectx's and kubens's usage in `kon ctx -h`.
const KON_HELP: &str = "
KON OPTIONS (before the arguments):
  --kubeconfig <PATH>  : a kubeconfig file to use instead of $KUBECONFIG or ~/.kube/config
  --readonly           : refuse every change to the kubeconfig (so do `readonly = true`
                         in config.toml, a context's `readonly` for writes that touch it,
                         and a config.toml that fails to load); refusals go to the audit log.
                         Here it is kon's flag: for a read-only shell write -r
  --theme <NAME>       : the picker's colour theme
  --color <WHEN>       : colours: auto, never, 16, 256, truecolor
";

/// `kon ctx`/`kon ns`: `prog` is how help names the command.
pub fn run_kon(tool: Tool, prog: String, args: Vec<OsString>, options: KonOptions) -> ExitCode {
    run(tool, prog, args, options)
}

/// The binary called as kubectx or kubens.
pub fn run_named(tool: Tool, prog: String, args: Vec<OsString>) -> ExitCode {
    run(tool, prog, args, KonOptions::default())
}

/// `kon ctx` as `kubectl kon ctx` names itself in help.
pub fn kon_prog(tool: Tool) -> String {
    let me = std::env::args_os()
        .next()
        .and_then(|a| {
            Path::new(&a)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
        })
        .unwrap_or_default();
    let base = match me.strip_suffix(".exe").unwrap_or(&me).strip_prefix("kubectl-") {
        Some(plugin) => format!("kubectl {plugin}"),
        None => "kon".into(),
    };
    match tool {
        Tool::Ctx => format!("{base} ctx"),
        Tool::Ns => format!("{base} ns"),
    }
}

fn run(tool: Tool, prog: String, args: Vec<OsString>, options: KonOptions) -> ExitCode {
    let argv: Vec<String> = args.iter().map(|a| a.to_string_lossy().into_owned()).collect();
    let vars = Vars::from_lookup(|k| std::env::var_os(k));
    let ttys = Ttys {
        stdin: io::stdin().is_terminal(),
        stdout: io::stdout().is_terminal(),
        stderr: io::stderr().is_terminal(),
    };
    let explicit = options.kubeconfig.is_some();
    let files = match &options.kubeconfig {
        Some(p) => vec![p.clone()],
        None => {
            let home = vars
                .home
                .clone()
                .filter(|h| !h.as_os_str().is_empty())
                .or_else(|| vars.userprofile.clone().filter(|h| !h.as_os_str().is_empty()));
            crate::kubeconfig::kubeconfig_paths(std::env::var_os("KUBECONFIG").as_deref(), home.as_deref())
        }
    };
    let mut picker = |title: &str, items: Vec<PickItem>| pick(title, items, &options);
    let stdout = io::stdout();
    let mut stdout = stdout.lock();
    let mut stderr = io::stderr();
    let paths = crate::config::Paths::from_env();
    let guard = ctxns::WriteGuard {
        flag: options.readonly,
        settings: super::load_settings(&paths.config_file()).0,
        audit: Some(paths.audit_log()),
    };
    let help_extra = if options.kon { KON_HELP } else { "" };
    let mut env = Env::new(
        &mut stdout,
        &mut stderr,
        ttys,
        vars,
        files.clone(),
        prog,
        guard,
        &mut picker,
    );
    env.help_extra = help_extra.to_string();
    let code = match tool {
        Tool::Ctx => ctxns::run_kubectx(&argv, &mut env),
        Tool::Ns => {
            let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
                Ok(r) => r,
                Err(e) => {
                    let line = env.colors.error(&format!("starting the async runtime: {e}"));
                    let _ = env.stderr.write_all(line.as_bytes());
                    return ExitCode::FAILURE;
                }
            };
            let api = KubeNamespaces::new(files, explicit);
            let code = runtime.block_on(ctxns::run_kubens(&argv, &mut env, &api));
            // Do not wait for a hung connection on the way out.
            runtime.shutdown_timeout(std::time::Duration::from_millis(100));
            code
        }
    };
    ExitCode::from(code)
}

/// kon's picker in the terminal, in kon's theme for this terminal.
fn pick(title: &str, items: Vec<PickItem>, options: &KonOptions) -> io::Result<Option<String>> {
    let depth = options
        .depth
        .unwrap_or_else(|| ColorDepth::detect(|k| std::env::var(k).ok()));
    let theme = match &options.theme {
        Some(name) => theme::load(name, depth, &crate::config::Paths::from_env().themes_dir()).0,
        None => theme::fallback(depth),
    };
    crate::picker::pick_in_terminal(title, items, &theme)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_select_the_tool() {
        let t = |s: &str| tool_for(OsStr::new(s));
        assert_eq!(t("/usr/bin/kubectx"), Some((Tool::Ctx, "kubectx".into())));
        assert_eq!(t("kubectx.exe"), Some((Tool::Ctx, "kubectx".into())));
        assert_eq!(t("/x/kubectl-ctx"), Some((Tool::Ctx, "kubectl ctx".into())));
        assert_eq!(t("kubens"), Some((Tool::Ns, "kubens".into())));
        assert_eq!(t("kubectl-ns"), Some((Tool::Ns, "kubectl ns".into())));
        assert_eq!(t("kon"), None);
        assert_eq!(t("/x/kubectl-kon"), None);
        assert_eq!(t(""), None);
    }
}
