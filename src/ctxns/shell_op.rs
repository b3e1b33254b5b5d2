//! kubectx `-s` and `-r` (and `kon shell`): checks, then [`crate::shell`].
//!
//! As upstream: inside a shell every kubectx operation but help and version
//! is refused (`KUBECTX_ISOLATED_SHELL`), the context must exist, no name
//! opens the picker. kon's own: a writable shell is refused where kon is
//! read-only (and offers `-r`), and opening one is recorded in the audit
//! log; `--deny secrets` for `-r`.

use super::args::CtxOp;
use super::store::{self, Loaded};
use super::{Env, ctx};
use crate::shell::{self, Kind, Session};
use crate::shellproxy::Deny;

/// Upstream's guard, for every operation that reads or writes contexts.
pub fn refuse_nested(op: &CtxOp, env: &Env<'_>) -> Result<(), String> {
    if matches!(op, CtxOp::Help | CtxOp::Version | CtxOp::Unsupported(_)) {
        return Ok(());
    }
    let current = || {
        store::load(&env.kubeconfigs)
            .ok()
            .map(|l| l.current().to_string())
    };
    match env.vars.isolated_shell.as_deref() {
        Some("1") => Err(shell::nested_refusal(Some("1"), current().as_deref()).unwrap_or_default()),
        _ => Ok(()),
    }
}

pub fn run(env: &mut Env<'_>, target: Option<String>, readonly: bool, deny: &[String]) -> Result<(), String> {
    let deny = Deny::parse(deny)?;
    let name = match target {
        Some(name) => name,
        None => {
            let Some(loaded) = ctx::load_for_pick(env, "no contexts found in the kubeconfig file")? else {
                return Ok(());
            };
            let title = if readonly {
                "Read-only shell in context"
            } else {
                "Shell in context"
            };
            ctx::choose(env, title, super::context_items(&loaded.merged))?
        }
    };
    let loaded = store::load(&env.kubeconfigs).map_err(|e| format!("kubeconfig error: {e}"))?;
    if loaded.merged.context(&name).is_none() {
        return Err(format!("no context exists with the name: \"{name}\""));
    }
    let kind = if readonly {
        Kind::Readonly(deny)
    } else {
        if let Some(warning) = env.guard.open_shell(&env.prog, &name, &user_of(&loaded, &name))? {
            env.warning(&warning);
        }
        Kind::Isolated
    };
    let session = Session {
        context: name,
        kind,
        kubeconfig: shell::Source::Files {
            files: env.kubeconfigs.clone(),
            explicit: false,
        },
        shell: env.vars.shell.clone(),
        color: env.colors.enabled,
        temp_dir: std::env::temp_dir(),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .map_err(|e| format!("starting the async runtime: {e}"))?;
    let result = runtime.block_on(shell::run(&session, env.stderr));
    // Do not wait for a hung connection on the way out.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    result.map(|_| ())
}

fn user_of(loaded: &Loaded, context: &str) -> String {
    loaded
        .merged
        .context(context)
        .and_then(|c| c.user.clone())
        .unwrap_or_else(|| "?".into())
}
