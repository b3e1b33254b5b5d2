//! Sub-shells scoped to one context, as upstream kubectx's `-s` (isolated)
//! and `-r` (read-only) start them (`cmd/kubectx/shell*.go`,
//! `readonly_shell.go`, `isolated_shell_guard.go`): `KUBECONFIG` points at a
//! private temporary file holding only that context, `KUBECTX_ISOLATED_SHELL`
//! (and for `-r` `KUBECTX_READONLY_SHELL`) is set, `$SHELL` (else `/bin/sh`)
//! runs, and its entry and exit lines are upstream's. A read-only shell's
//! kubeconfig points at [`crate::shellproxy`], which lives as long as the
//! shell. Used by kubectx (`ctxns`), `kon shell`, and the console's picker.

pub mod scoped;
pub mod temp;

use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::shellproxy::{self, Deny};

/// Upstream's guard variable: set to `1` inside either kind of shell.
pub const ISOLATED_VAR: &str = "KUBECTX_ISOLATED_SHELL";
/// Set to `1` inside a read-only shell.
pub const READONLY_VAR: &str = "KUBECTX_READONLY_SHELL";

/// Which shell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `-s`: kubectl sees only the context, with its own credentials.
    Isolated,
    /// `-r`: kubectl talks to the read-only proxy.
    Readonly(Deny),
}

/// One sub-shell to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub context: String,
    pub kind: Kind,
    pub kubeconfig: Source,
    /// `$SHELL`.
    pub shell: Option<OsString>,
    /// Colour the entry and exit lines.
    pub color: bool,
    /// Where the temporary kubeconfig goes (the system's temp directory).
    pub temp_dir: PathBuf,
}

/// Where the context's kubeconfig comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Files, merged by kubectl's rules (`explicit`: named by `--kubeconfig`).
    Files { files: Vec<PathBuf>, explicit: bool },
    /// A kubeconfig held in memory (`kon --demo`'s).
    Yaml(String),
}

impl Source {
    fn load(&self) -> Result<kube::config::Kubeconfig, String> {
        let kc = match self {
            Source::Files { files, explicit } => crate::kubeconfig::target::load_kubeconfig(files, *explicit)
                .map_err(|e| format!("kubeconfig error: {}", crate::errors::describe_anyhow(&e)))?,
            Source::Yaml(text) => Some(
                kube::config::Kubeconfig::from_yaml(text).map_err(|e| format!("kubeconfig error: {e}"))?,
            ),
        };
        kc.ok_or_else(|| "kubeconfig error: no kubeconfig file found".to_string())
    }
}

/// How the shell ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// It exited.
    Exited,
    /// kon got this signal (SIGTERM, SIGHUP) and ended the shell.
    Signal(&'static str),
}

/// Upstream's refusal inside a shell (`isolated_shell_guard.go`), when the
/// guard variable is `1`; `current` is the shell's context if it can be read.
pub fn nested_refusal(guard: Option<&str>, current: Option<&str>) -> Option<String> {
    if guard != Some("1") {
        return None;
    }
    Some(match current {
        Some(c) => format!("you are in a locked single-context shell (\"{c}\"), use 'exit' to leave"),
        None => "you are in a locked single-context shell, use 'exit' to leave".into(),
    })
}

/// `$SHELL`, else `/bin/sh` (upstream's `detectShell` on Unix).
pub fn shell_program(shell: Option<&OsStr>) -> PathBuf {
    match shell {
        Some(s) if !s.is_empty() => PathBuf::from(s),
        _ => PathBuf::from("/bin/sh"),
    }
}

const RESET: &str = "\x1b[0m";
const NAME: &str = "\x1b[33m";

fn paint(color: bool, start: &str, text: &str) -> String {
    if color {
        format!("{start}{text}{RESET}")
    } else {
        text.to_string()
    }
}

/// Upstream's entry line (to stderr).
pub fn entry_line(kind: Kind, context: &str, color: bool) -> String {
    let name = paint(color, NAME, context);
    match kind {
        Kind::Isolated => format!(
            "{} kubectl context is {name} in this shell — type 'exit' to leave.\n",
            paint(color, "\x1b[41;37;1m", "[ISOLATED SHELL]")
        ),
        Kind::Readonly(_) => format!(
            "{} kubectl context is {name} in READ-ONLY mode — type 'exit' to leave.\n",
            paint(color, "\x1b[43;30;1m", "[READONLY SHELL]")
        ),
    }
}

/// Upstream's exit line: the context kubectl is back on.
pub fn exit_line(kind: Kind, previous: &str, color: bool) -> String {
    let badge = match kind {
        Kind::Isolated => paint(color, "\x1b[41;37;1m", "[ISOLATED SHELL EXITED]"),
        Kind::Readonly(_) => paint(color, "\x1b[43;30;1m", "[READONLY SHELL EXITED]"),
    };
    format!(
        "{badge} kubectl context is now {}.\n",
        paint(color, NAME, previous)
    )
}

/// Runs the session until the shell exits. The temporary file is removed
/// and the proxy stopped before it returns, on every path.
pub async fn run(s: &Session, stderr: &mut dyn Write) -> Result<Ended, String> {
    let kc = s.kubeconfig.load()?;
    let previous = kc.current_context.clone().unwrap_or_default();
    let min = scoped::minified(&kc, &s.context, |p| std::fs::read(p))?;
    let (text, proxy) = match s.kind {
        Kind::Isolated => (scoped::render(&min)?, None),
        Kind::Readonly(deny) => {
            let token = session_token().map_err(|e| format!("failed to start readonly proxy: {e}"))?;
            let proxy = start_proxy(&kc, &s.context, deny, token.clone()).await?;
            let text = scoped::render(&scoped::for_proxy(&min, &s.context, proxy.addr(), &token))?;
            (text, Some(proxy))
        }
    };
    let file = temp::TempKubeconfig::create(&s.temp_dir, &text)
        .map_err(|e| format!("failed to create temp kubeconfig file: {e}"))?;
    let _ = stderr.write_all(entry_line(s.kind, &s.context, s.color).as_bytes());
    let _ = stderr.flush();
    let program = shell_program(s.shell.as_deref());
    let result = wait_shell(&program, file.path(), s.kind).await;
    drop(file);
    if let Some(proxy) = proxy {
        proxy.stop().await;
    }
    let ended = result?;
    let _ = stderr.write_all(exit_line(s.kind, &previous, s.color).as_bytes());
    let _ = stderr.flush();
    Ok(ended)
}

/// 32 random bytes, hex: what the proxy asks of every request.
fn session_token() -> std::io::Result<String> {
    use std::io::Read as _;
    let mut bytes = [0u8; 32];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

async fn start_proxy(
    kc: &kube::config::Kubeconfig,
    context: &str,
    deny: Deny,
    token: String,
) -> Result<shellproxy::Proxy, String> {
    if let Some(problem) = crate::kubeconfig::credentials::problem(kc, context, crate::clock::unix_now()) {
        return Err(format!("failed to start readonly proxy: {problem}"));
    }
    let options = kube::config::KubeConfigOptions {
        context: Some(context.to_string()),
        ..Default::default()
    };
    let mut config = kube::Config::from_custom_kubeconfig(kc.clone(), &options)
        .await
        .map_err(|e| format!("failed to start readonly proxy: {}", crate::errors::chain(&e)))?;
    // Watches and `logs -f` stay open as long as kubectl wants them.
    config.read_timeout = None;
    let client = crate::kubeconfig::client(config)
        .map_err(|e| format!("failed to start readonly proxy: {}", crate::errors::chain(&e)))?;
    shellproxy::start(client, deny, token)
        .await
        .map_err(|e| format!("failed to start readonly proxy: {e}"))
}

/// Runs the shell to its end. Ctrl-C and Ctrl-\ belong to the shell; a
/// SIGTERM or SIGHUP to kon ends the shell too (kon then cleans up).
async fn wait_shell(program: &Path, kubeconfig: &Path, kind: Kind) -> Result<Ended, String> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut cmd = tokio::process::Command::new(program);
    cmd.env("KUBECONFIG", kubeconfig).env(ISOLATED_VAR, "1");
    if matches!(kind, Kind::Readonly(_)) {
        cmd.env(READONLY_VAR, "1");
    }
    let listen = |k: SignalKind| signal(k).map_err(|e| format!("listening for signals: {e}"));
    let (mut int, mut quit) = (listen(SignalKind::interrupt())?, listen(SignalKind::quit())?);
    let (mut term, mut hup) = (listen(SignalKind::terminate())?, listen(SignalKind::hangup())?);
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("starting the shell {}: {e}", program.display()))?;
    let mut ended = Ended::Exited;
    loop {
        tokio::select! {
            status = child.wait() => {
                return status.map(|_| ended).map_err(|e| format!("waiting for the shell: {e}"));
            }
            _ = int.recv() => {}
            _ = quit.recv() => {}
            _ = term.recv() => { ended = Ended::Signal("SIGTERM"); let _ = child.start_kill(); }
            _ = hup.recv() => { ended = Ended::Signal("SIGHUP"); let _ = child.start_kill(); }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guard_refuses_with_upstreams_words() {
        assert_eq!(nested_refusal(None, Some("prod")), None);
        assert_eq!(nested_refusal(Some(""), Some("prod")), None);
        assert_eq!(nested_refusal(Some("0"), None), None);
        assert_eq!(
            nested_refusal(Some("1"), Some("prod")).unwrap(),
            "you are in a locked single-context shell (\"prod\"), use 'exit' to leave"
        );
        assert_eq!(
            nested_refusal(Some("1"), None).unwrap(),
            "you are in a locked single-context shell, use 'exit' to leave"
        );
    }

    #[test]
    fn shell_is_dollar_shell_else_bin_sh() {
        assert_eq!(
            shell_program(Some(OsStr::new("/bin/zsh"))),
            PathBuf::from("/bin/zsh")
        );
        assert_eq!(shell_program(Some(OsStr::new(""))), PathBuf::from("/bin/sh"));
        assert_eq!(shell_program(None), PathBuf::from("/bin/sh"));
    }

    #[test]
    fn entry_and_exit_lines_are_upstreams() {
        let ro = Kind::Readonly(Deny::default());
        assert_eq!(
            entry_line(Kind::Isolated, "prod", false),
            "[ISOLATED SHELL] kubectl context is prod in this shell — type 'exit' to leave.\n"
        );
        assert_eq!(
            entry_line(ro, "prod", false),
            "[READONLY SHELL] kubectl context is prod in READ-ONLY mode — type 'exit' to leave.\n"
        );
        assert_eq!(
            exit_line(Kind::Isolated, "dev", false),
            "[ISOLATED SHELL EXITED] kubectl context is now dev.\n"
        );
        assert_eq!(
            exit_line(ro, "dev", false),
            "[READONLY SHELL EXITED] kubectl context is now dev.\n"
        );
        assert_eq!(
            entry_line(Kind::Isolated, "prod", true),
            "\x1b[41;37;1m[ISOLATED SHELL]\x1b[0m kubectl context is \x1b[33mprod\x1b[0m in this shell — type 'exit' to leave.\n"
        );
    }
}
