//! kubectx's operations (`cmd/kubectx/*.go`): list, switch, switch back,
//! rename, delete, unset, current, and the interactive picks.

use super::args::{CtxOp, ctx_help};
use super::print::natural_cmp;
use super::store::{self, Edit, LoadError, Loaded};
use super::{Env, state};
use crate::picker::PickItem;

pub fn run(op: CtxOp, env: &mut Env<'_>) -> Result<(), String> {
    super::shell_op::refuse_nested(&op, env)?;
    match op {
        CtxOp::List => list(env),
        CtxOp::Pick => pick_switch(env),
        CtxOp::Help => {
            let text = ctx_help(&env.prog) + &env.help_extra;
            env.out(&text);
            Ok(())
        }
        CtxOp::Version => {
            env.out(concat!(env!("CARGO_PKG_VERSION"), "\n"));
            Ok(())
        }
        CtxOp::Current => current(env),
        CtxOp::Unset => unset(env),
        CtxOp::Switch(target) => {
            let name = if target == "-" {
                swap(env)
            } else {
                switch(env, &target)
            }
            .map_err(|e| format!("failed to switch context: {e}"))?;
            switched(env, &name);
            Ok(())
        }
        CtxOp::Rename { new, old } => rename(env, &new, &old),
        CtxOp::Delete(names) => {
            for name in names {
                let (deleted, was_current) =
                    delete(env, &name).map_err(|(n, e)| format!("error deleting context \"{n}\": {e}"))?;
                deleted_message(env, &deleted, was_current);
            }
            Ok(())
        }
        CtxOp::PickDelete => pick_delete(env),
        CtxOp::Shell {
            target,
            readonly,
            deny,
        } => super::shell_op::run(env, target, readonly, &deny),
        CtxOp::Unsupported(message) => Err(message),
    }
}

fn switched(env: &mut Env<'_>, name: &str) {
    let message = format!("Switched to context \"{}\".", env.colors.name(name));
    env.success(&message);
}

fn deleted_message(env: &mut Env<'_>, name: &str, was_current: bool) {
    if was_current {
        let warning = format!(
            "You deleted the current context. Use \"{}\" to select a new context.",
            env.prog
        );
        env.warning(&warning);
    }
    let message = format!("Deleted context {}.", env.colors.name(name));
    env.success(&message);
}

fn load(env: &Env<'_>) -> Result<Loaded, String> {
    store::load(&env.kubeconfigs).map_err(|e| format!("kubeconfig error: {e}"))
}

/// Context names in kubectx's order.
fn sorted_names(loaded: &Loaded) -> Vec<&str> {
    let mut names: Vec<&str> = loaded.merged.contexts.iter().map(|c| c.name.as_str()).collect();
    names.sort_by(|a, b| natural_cmp(a, b));
    names
}

fn list(env: &mut Env<'_>) -> Result<(), String> {
    let loaded = match store::load(&env.kubeconfigs) {
        Err(LoadError::NotFound(_)) => {
            env.warning("kubeconfig file not found");
            return Ok(());
        }
        other => other.map_err(|e| format!("kubeconfig error: {e}"))?,
    };
    let current = loaded.current();
    let mut text = String::new();
    for name in sorted_names(&loaded) {
        if name == current {
            text.push_str(&env.colors.active(name));
        } else {
            text.push_str(name);
        }
        text.push('\n');
    }
    env.out(&text);
    Ok(())
}

fn current(env: &mut Env<'_>) -> Result<(), String> {
    let loaded = load(env)?;
    let current = loaded.current();
    if current.is_empty() {
        return Err("current-context is not set".into());
    }
    let line = format!("{current}\n");
    env.out(&line);
    Ok(())
}

/// Makes `name` the current context and remembers the previous one.
fn switch(env: &mut Env<'_>, name: &str) -> Result<String, String> {
    let state_file =
        state::kubectx_file(&env.vars).map_err(|e| format!("failed to determine state file: {e}"))?;
    // With one kubeconfig file, this is the edit: made while the file is merged.
    let guess = Edit::Current {
        name: name.into(),
        check: Some(name.into()),
    };
    let loaded = store::load_preparing(&env.kubeconfigs, Some(std::slice::from_ref(&guess)))
        .map_err(|e| format!("kubeconfig error: {e}"))?;
    let prev = loaded.current().to_string();
    let Some(file) = loaded.file_of(name) else {
        return Err(format!("no context exists with the name: \"{name}\""));
    };
    let touched: Vec<&str> = [name, prev.as_str()]
        .into_iter()
        .filter(|c| !c.is_empty())
        .collect();
    env.check_writable(&loaded, "switch-context", &format!("context/{name}"), &touched)?;
    let target = loaded.current_target()?;
    let check = (file == target).then(|| name.to_string());
    let edit = Edit::Current {
        name: name.into(),
        check,
    };
    store::apply(&loaded, &target, &[edit]).map_err(|e| {
        if store::vanished(&e) {
            format!("no context exists with the name: \"{name}\"")
        } else {
            format!("failed to save kubeconfig: {}", store::describe(&e))
        }
    })?;
    if prev != name {
        state::write(&state_file, &prev).map_err(|e| {
            format!(
                "failed to save previous context name: {}: {e}",
                state_file.display()
            )
        })?;
    }
    Ok(name.to_string())
}

/// `kubectx -`: back to the context saved by the last switch.
fn swap(env: &mut Env<'_>) -> Result<String, String> {
    let state_file =
        state::kubectx_file(&env.vars).map_err(|e| format!("failed to determine state file: {e}"))?;
    let prev = state::read(&state_file).map_err(|e| format!("failed to read previous context file: {e}"))?;
    if prev.is_empty() {
        return Err("no previous context found".into());
    }
    switch(env, &prev)
}

fn unset(env: &mut Env<'_>) -> Result<(), String> {
    let loaded = load(env)?;
    let current = loaded.current().to_string();
    let touched: Vec<&str> = [current.as_str()].into_iter().filter(|c| !c.is_empty()).collect();
    env.check_writable(&loaded, "unset-context", "current-context", &touched)?;
    let target = loaded.current_target()?;
    let edit = Edit::Current {
        name: String::new(),
        check: None,
    };
    store::apply(&loaded, &target, &[edit]).map_err(|e| {
        format!(
            "failed to save kubeconfig file after modification: {}",
            store::describe(&e)
        )
    })?;
    env.success("Active context unset for kubectl.");
    Ok(())
}

fn rename(env: &mut Env<'_>, new: &str, old: &str) -> Result<(), String> {
    let loaded = load(env)?;
    let current = loaded.current().to_string();
    let old = if old == "." { current.as_str() } else { old };
    let Some(old_file) = loaded.file_of(old) else {
        return Err(format!("context \"{old}\" not found, can't rename it"));
    };
    let mut plan = Vec::new();
    if let Some(new_file) = loaded.file_of(new) {
        let warning = format!("context \"{new}\" exists, overwriting it.");
        env.warning(&warning);
        if new == old {
            // Go deletes it, then finds nothing to rename, and saves nothing.
            return Err("failed to change context name: no changes were made".into());
        }
        plan.push((new_file, Edit::Delete(new.into())));
    }
    env.check_writable(
        &loaded,
        "rename-context",
        &format!("context/{old} as {new}"),
        &[old, new],
    )?;
    plan.push((
        old_file,
        Edit::Rename {
            old: old.into(),
            new: new.into(),
        },
    ));
    if old == current {
        let edit = Edit::Current {
            name: new.into(),
            check: None,
        };
        plan.push((loaded.current_target()?, edit));
    }
    store::apply_all(&loaded, &plan).map_err(|e| {
        if store::vanished(&e) {
            format!("context \"{old}\" not found, can't rename it")
        } else {
            format!("failed to save modified kubeconfig: {}", store::describe(&e))
        }
    })?;
    let message = format!(
        "Context {} renamed to {}.",
        env.colors.name(old),
        env.colors.name(new)
    );
    env.success(&message);
    Ok(())
}

/// Deletes one context (`.`: the current one); the name deleted and whether
/// it was named by `.`. On failure, the name Go reports with the error.
fn delete(env: &mut Env<'_>, name: &str) -> Result<(String, bool), (String, String)> {
    let loaded = load(env).map_err(|e| (String::new(), e))?;
    let (name, was_current) = if name == "." {
        let current = loaded.current();
        if current.is_empty() {
            return Err((
                String::new(),
                "can't use '.' as the no active context is set".into(),
            ));
        }
        (current.to_string(), true)
    } else {
        (name.to_string(), false)
    };
    let Some(file) = loaded.file_of(&name) else {
        return Err((name, "context does not exist".into()));
    };
    env.check_writable(&loaded, "delete-context", &format!("context/{name}"), &[&name])
        .map_err(|e| (name.clone(), e))?;
    store::apply(&loaded, &file, &[Edit::Delete(name.clone())]).map_err(|e| {
        let message = if store::vanished(&e) {
            "context does not exist".to_string()
        } else {
            format!("failed to save modified kubeconfig file: {}", store::describe(&e))
        };
        (name.clone(), message)
    })?;
    Ok((name, was_current))
}

/// The picker's items: contexts in list order, with server and namespace.
/// The contexts of `merged` for a picker, in kubectx's order: each with
/// its cluster's server and its namespace, the current one marked. The
/// console's context picker shows the same.
pub fn context_items(merged: &crate::kubeconfig::Merged) -> Vec<PickItem> {
    let current = merged.current_context.as_deref().unwrap_or("");
    // Indexed once: a kubeconfig of thousands of contexts stays linear.
    let servers: std::collections::HashMap<&str, &str> = merged
        .clusters
        .iter()
        .filter_map(|c| Some((c.name.as_str(), c.server.as_deref()?)))
        .collect();
    let mut contexts: Vec<&crate::kubeconfig::Context> = merged.contexts.iter().collect();
    contexts.sort_by(|a, b| natural_cmp(&a.name, &b.name));
    contexts
        .into_iter()
        .map(|ctx| {
            let server = ctx
                .cluster
                .as_deref()
                .and_then(|c| servers.get(c))
                .copied()
                .unwrap_or_default();
            let ns = ctx.namespace.as_deref().unwrap_or_default();
            let detail = match (server.is_empty(), ns.is_empty()) {
                (_, true) => server.to_string(),
                (true, false) => format!("ns {ns}"),
                (false, false) => format!("{server}  ns {ns}"),
            };
            PickItem {
                name: ctx.name.clone(),
                detail,
                current: ctx.name == current,
            }
        })
        .collect()
}

/// Loads for a pick; `None` when there is no kubeconfig (Go warns and exits 0).
pub(super) fn load_for_pick(env: &mut Env<'_>, none_message: &str) -> Result<Option<Loaded>, String> {
    let loaded = match store::load(&env.kubeconfigs) {
        Err(LoadError::NotFound(_)) => {
            env.warning("kubeconfig file not found");
            return Ok(None);
        }
        other => other.map_err(|e| format!("kubeconfig error: {e}"))?,
    };
    if loaded.merged.contexts.is_empty() {
        return Err(none_message.into());
    }
    Ok(Some(loaded))
}

pub(super) fn choose(env: &mut Env<'_>, title: &str, items: Vec<PickItem>) -> Result<String, String> {
    match (env.picker)(title, items) {
        Ok(Some(choice)) if !choice.trim().is_empty() => Ok(choice),
        Ok(_) => Err("you did not choose any of the options".into()),
        Err(e) => Err(format!("interactive picker failed: {e}")),
    }
}

fn pick_switch(env: &mut Env<'_>) -> Result<(), String> {
    let Some(loaded) = load_for_pick(env, "no contexts found in the kubeconfig file")? else {
        return Ok(());
    };
    let choice = choose(env, "Switch context", context_items(&loaded.merged))?;
    let name = switch(env, &choice).map_err(|e| format!("failed to switch context: {e}"))?;
    switched(env, &name);
    Ok(())
}

fn pick_delete(env: &mut Env<'_>) -> Result<(), String> {
    let Some(loaded) = load_for_pick(env, "no contexts found in config")? else {
        return Ok(());
    };
    let choice = choose(env, "Delete context", context_items(&loaded.merged))?;
    let (name, was_current) =
        delete(env, &choice).map_err(|(_, e)| format!("failed to delete context: {e}"))?;
    deleted_message(env, &name, was_current);
    Ok(())
}
