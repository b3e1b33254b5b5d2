//! kubens's operations (`cmd/kubens/*.go`): list, switch (checked or
//! forced), switch back, unset, current, and the interactive pick.

use super::args::{NsOp, ns_help};
use super::store::{self, Edit, LoadError, Loaded};
use super::{Env, NamespaceApi, state};
use crate::picker::PickItem;

pub async fn run<A: NamespaceApi>(op: NsOp, env: &mut Env<'_>, api: &A) -> Result<(), String> {
    match op {
        NsOp::List => {
            let loaded = load(env, ": ")?;
            let (current, names) = namespaces(&loaded, api).await?;
            let mut text = String::new();
            for name in &names {
                if *name == current {
                    text.push_str(&env.colors.active(name));
                } else {
                    text.push_str(name);
                }
                text.push('\n');
            }
            env.out(&text);
            Ok(())
        }
        NsOp::Pick => pick(env, api).await,
        NsOp::Help => {
            let text = ns_help(&env.prog) + &env.help_extra;
            env.out(&text);
            Ok(())
        }
        NsOp::Version => {
            env.out(concat!(env!("CARGO_PKG_VERSION"), "\n"));
            Ok(())
        }
        NsOp::Current => {
            let loaded = load(env, ": ")?;
            let ctx = current_context(&loaded)?;
            let ns = loaded
                .namespace_of(&ctx)
                .map_err(|e| format!("failed to read namespace of \"{ctx}\": {e}"))?;
            env.out(&format!("{ns}\n"));
            Ok(())
        }
        NsOp::Unset => unset(env),
        NsOp::Switch { target, force } => {
            let loaded = load(env, ", ")?;
            let ns = switch(env, &loaded, api, &target, force).await?;
            active(env, &ns, "");
            Ok(())
        }
        NsOp::Unsupported(message) => Err(message),
    }
}

/// Loads the kubeconfig; Go words the error `kubeconfig error<sep>...`.
fn load(env: &Env<'_>, sep: &str) -> Result<Loaded, String> {
    store::load(&env.kubeconfigs).map_err(|e| format!("kubeconfig error{sep}{e}"))
}

fn current_context(loaded: &Loaded) -> Result<String, String> {
    match loaded.current() {
        "" => Err("current-context is not set".into()),
        c => Ok(c.to_string()),
    }
}

fn active(env: &mut Env<'_>, ns: &str, end: &str) {
    let message = format!("Active namespace is \"{}\"{end}", env.colors.name(ns));
    env.success(&message);
}

/// The current namespace and every namespace of the cluster.
async fn namespaces<A: NamespaceApi>(loaded: &Loaded, api: &A) -> Result<(String, Vec<String>), String> {
    let ctx = current_context(loaded)?;
    let current = loaded
        .namespace_of(&ctx)
        .map_err(|e| format!("cannot read current namespace: {e}"))?;
    let names = api.list().await.map_err(|e| {
        format!(
            "could not list namespaces (is the cluster accessible?): {}",
            crate::errors::describe_anyhow(&e)
        )
    })?;
    Ok((current, names))
}

/// Sets the current context's namespace to `target` (`-`: the previous
/// one), checking first that it exists unless `force`; remembers the
/// namespace it replaces.
async fn switch<A: NamespaceApi>(
    env: &mut Env<'_>,
    loaded: &Loaded,
    api: &A,
    target: &str,
    force: bool,
) -> Result<String, String> {
    let ctx = current_context(loaded)?;
    let current = loaded
        .namespace_of(&ctx)
        .map_err(|e| format!("failed to get current namespace, {e}"))?;
    let state_file = state::kubens_file(&env.vars, &ctx)
        .map_err(|e| format!("failed to load previous namespace from file, {e}"))?;
    let prev = state::read(&state_file)
        .map_err(|e| format!("failed to load previous namespace from file, {e}"))?
        .trim()
        .to_string();
    let ns = if target == "-" {
        if prev.is_empty() {
            return Err(format!("No previous namespace found for current context ({ctx})"));
        }
        prev
    } else {
        target.to_string()
    };
    if !force {
        let exists = api.exists(&ns).await.map_err(|e| {
            format!(
                "failed to query if namespace exists (is cluster accessible?), {}",
                crate::errors::describe_anyhow(&e)
            )
        })?;
        if !exists {
            return Err(format!("no namespace exists with name \"{ns}\""));
        }
    }
    env.check_writable(
        loaded,
        "set-namespace",
        &format!("context/{ctx} namespace/{ns}"),
        &[&ctx],
    )?;
    set_namespace(loaded, &ctx, &ns).map_err(|e| match e {
        SetError::Edit(e) => format!("failed to change to namespace \"{ns}\", {e}"),
        SetError::Save(e) => format!("failed to save kubeconfig file, {e}"),
    })?;
    if current != ns {
        state::write(&state_file, &current).map_err(|e| {
            format!(
                "failed to save the previous namespace to file, {}: {e}",
                state_file.display()
            )
        })?;
    }
    Ok(ns)
}

enum SetError {
    /// The context is gone, or the file cannot be edited.
    Edit(String),
    /// The file could not be written.
    Save(String),
}

/// Writes `namespace: ns` into context `ctx`, in the file that holds it.
fn set_namespace(loaded: &Loaded, ctx: &str, ns: &str) -> Result<(), SetError> {
    let Some(file) = loaded.file_of(ctx) else {
        return Err(SetError::Edit(format!("context with name \"{ctx}\" not found")));
    };
    let edit = Edit::Namespace {
        context: ctx.into(),
        namespace: Some(ns.into()),
    };
    store::apply(loaded, &file, &[edit]).map_err(|e| match &e {
        e if store::vanished(e) => SetError::Edit(format!("context with name \"{ctx}\" not found")),
        crate::kubeconfig::UpdateError::Edit { .. } => SetError::Edit(store::describe(&e)),
        _ => SetError::Save(store::describe(&e)),
    })?;
    Ok(())
}

/// `kubens -u`: back to `default`, written explicitly as Go does.
fn unset(env: &mut Env<'_>) -> Result<(), String> {
    let loaded = load(env, ": ")?;
    let ctx = current_context(&loaded)?;
    let target = format!("context/{ctx} namespace/default");
    env.check_writable(&loaded, "set-namespace", &target, &[&ctx])?;
    set_namespace(&loaded, &ctx, "default").map_err(|e| match e {
        SetError::Edit(e) => format!("failed to clear namespace: {e}"),
        SetError::Save(e) => format!("failed to save kubeconfig file: {e}"),
    })?;
    active(env, "default", ".");
    Ok(())
}

async fn pick<A: NamespaceApi>(env: &mut Env<'_>, api: &A) -> Result<(), String> {
    let loaded = match store::load(&env.kubeconfigs) {
        Err(LoadError::NotFound(_)) => {
            env.warning("kubeconfig file not found");
            return Ok(());
        }
        other => other.map_err(|e| format!("kubeconfig error: {e}"))?,
    };
    let (current, names) = namespaces(&loaded, api).await?;
    if names.is_empty() {
        return Err("no namespaces found".into());
    }
    let items = names
        .into_iter()
        .map(|name| PickItem {
            current: name == current,
            name,
            detail: String::new(),
        })
        .collect();
    let title = format!("Switch namespace ({})", loaded.current());
    let choice = match (env.picker)(&title, items) {
        Ok(Some(choice)) if !choice.trim().is_empty() => choice,
        Ok(_) => return Err("you did not choose any of the options".into()),
        Err(e) => return Err(format!("interactive picker failed: {e}")),
    };
    let ns = switch(env, &loaded, api, &choice, false)
        .await
        .map_err(|e| format!("failed to switch namespace: {e}"))?;
    active(env, &ns, ".");
    Ok(())
}
