//! Switching the console to another context: the kubeconfig read again,
//! the new context resolved into a client configuration, and (when asked)
//! the switch written to the kubeconfig the way kubectx and kubens write it.

use std::path::PathBuf;
use std::time::Duration;

use kube::config::Kubeconfig;

use crate::config::settings::Settings;
use crate::kubeconfig::target::{self, Selection, Target};
use crate::picker::PickItem;

/// How long a write waits for another writer's `<file>.lock`.
const LOCK_WAIT: Duration = Duration::from_secs(3);

/// Where the console's kubeconfig comes from.
#[derive(Debug, Clone)]
pub enum KubeconfigSource {
    /// Files (`--kubeconfig`, `KUBECONFIG`, `~/.kube/config`), read again at each switch.
    Files(Vec<PathBuf>),
    /// A kubeconfig (YAML) that lives only in this process (the demo's).
    InMemory(String),
}

/// A resolved context switch: what the console needs to show the new
/// context (its watchers start right after).
#[derive(Debug, Clone, PartialEq)]
pub struct Switched {
    pub target: Target,
    /// Why there is no cluster to talk to in the new context, if so.
    pub problem: Option<String>,
    /// Read-only by the command line or config.toml for this context.
    pub readonly: bool,
    /// Why (when read-only).
    pub readonly_why: String,
    /// Where, in a few words, for the header.
    pub readonly_badge: String,
    pub who: crate::audit::Who,
    /// The new context's own certificates (client certificate, cluster CA).
    pub kubeconfig_certs: Vec<crate::certs::FoundCert>,
    /// What was written to the kubeconfig (or why not), when persisting.
    pub saved: Option<Result<String, String>>,
    /// The platform config.toml names for the new context, if any.
    pub platform: Option<crate::platform::Platform>,
}

/// Everything a switch needs that does not change during the session.
#[derive(Debug, Clone)]
pub struct Switcher {
    pub source: KubeconfigSource,
    /// The command line's selection (its `-A` still applies after a switch;
    /// its `--context` and `-n` named the first context only).
    pub selection: Selection,
    /// `--readonly` on the command line.
    pub readonly_flag: bool,
    pub settings: Settings,
    /// The audit log, for refused kubeconfig writes.
    pub audit: Option<PathBuf>,
}

impl Switcher {
    /// The contexts for the picker, as `kon ctx` shows them.
    pub fn contexts(&self) -> Result<Vec<PickItem>, String> {
        let merged = match &self.source {
            KubeconfigSource::Files(files) => crate::kubeconfig::load(files),
            KubeconfigSource::InMemory(yaml) => {
                crate::kubeconfig::merge(&[(PathBuf::from("<demo>"), Some(yaml.clone()))])
            }
        };
        Ok(super::context_items(&merged.map_err(|e| e.to_string())?))
    }

    /// Resolves context `name` (refusing one the kubeconfig does not have,
    /// so a typo never leaves the console without a cluster); with
    /// `persist`, first makes it the kubeconfig's current context.
    pub async fn switch(
        &self,
        name: &str,
        persist: bool,
    ) -> Result<(Switched, Option<kube::Config>), String> {
        let (kubeconfig, base_dir) = match &self.source {
            KubeconfigSource::Files(files) => {
                let sel = Selection {
                    context: Some(name.to_string()),
                    ..self.selection.clone()
                };
                let (_, kc) = target::load_selected(&sel);
                let kc = kc.map_err(|e| crate::errors::describe_anyhow(&e))?;
                let dir = files
                    .first()
                    .and_then(|p| p.parent().map(std::path::Path::to_path_buf));
                (kc.unwrap_or_default(), dir)
            }
            KubeconfigSource::InMemory(yaml) => {
                (Kubeconfig::from_yaml(yaml).map_err(|e| e.to_string())?, None)
            }
        };
        if !kubeconfig.contexts.iter().any(|c| c.name == name) {
            return Err(format!("no context exists with the name: \"{name}\""));
        }
        let saved = persist.then(|| self.save_current_context(name));
        let certs = crate::certs::kubeconfig::from_kubeconfig(&kubeconfig, name, base_dir.as_deref());
        let who = crate::audit::Who::from_kubeconfig(Some(&kubeconfig), name);
        let sel = Selection {
            context: Some(name.to_string()),
            namespace: None,
            ..self.selection.clone()
        };
        let resolved = target::resolve(&sel, Ok(Some(kubeconfig))).await;
        let readonly = crate::config::readonly::effective(self.readonly_flag, &self.settings, Some(name));
        let switched = Switched {
            target: resolved.target,
            problem: resolved.problem,
            readonly: readonly.is_on(),
            readonly_why: readonly.why(),
            readonly_badge: readonly.badge(),
            who,
            kubeconfig_certs: certs,
            saved,
            platform: self.settings.platform_of(name),
        };
        Ok((switched, resolved.config))
    }

    /// Writes `current-context: name` to the file kubectl would write it to.
    pub fn save_current_context(&self, name: &str) -> Result<String, String> {
        let files = self.files()?;
        let merged = crate::kubeconfig::load(files).map_err(|e| e.to_string())?;
        // Like kubectx: a read-only context may be neither entered nor left.
        let mut touched = vec![name];
        touched.extend(merged.current_context.as_deref().filter(|c| *c != name));
        self.check_writable(&merged, "switch-context", &format!("context/{name}"), &touched)?;
        let path = merged
            .current_context_target()
            .ok_or("no kubeconfig file to write to")?;
        crate::kubeconfig::update_locked(&path, LOCK_WAIT, |text| {
            crate::kubeconfig::set_current_context(text, name)
        })
        .map_err(|e| e.to_string())?;
        // `kubectx -` returns to the context before, as after a kubectx switch.
        if let Some(previous) = merged.current_context.as_deref().filter(|p| *p != name) {
            remember(super::state::kubectx_file(&vars()), previous);
        }
        Ok(format!("current-context written to {}", path.display()))
    }

    /// Sets `namespace` on `context` in the file that defines the context.
    pub fn save_namespace(&self, context: &str, namespace: &str) -> Result<String, String> {
        let files = self.files()?;
        let merged = crate::kubeconfig::load(files).map_err(|e| e.to_string())?;
        let ctx = merged
            .context(context)
            .ok_or_else(|| format!("no context exists with the name: \"{context}\""))?;
        let path = ctx.file.clone();
        let previous = ctx.namespace.clone().unwrap_or_else(|| "default".into());
        let target = format!("context/{context} namespace/{namespace}");
        self.check_writable(&merged, "set-namespace", &target, &[context])?;
        crate::kubeconfig::update_locked(&path, LOCK_WAIT, |text| {
            crate::kubeconfig::set_namespace(text, context, Some(namespace))
        })
        .map_err(|e| e.to_string())?;
        // `kubens -` returns to the namespace before, as after a kubens switch.
        if previous != namespace {
            remember(super::state::kubens_file(&vars(), context), &previous);
        }
        Ok(format!(
            "namespace {namespace} of context {context} written to {}",
            path.display()
        ))
    }

    /// Refuses (and records) a kubeconfig write in read-only mode, as
    /// `kon ctx`/`kon ns` do.
    fn check_writable(
        &self,
        merged: &crate::kubeconfig::Merged,
        action: &str,
        target: &str,
        contexts: &[&str],
    ) -> Result<(), String> {
        let guard = super::WriteGuard {
            flag: self.readonly_flag,
            settings: self.settings.clone(),
            audit: self.audit.clone(),
        };
        let user = contexts
            .first()
            .and_then(|c| merged.context(c))
            .and_then(|c| c.user.as_deref())
            .unwrap_or("?");
        guard.check(&super::KubeconfigWrite {
            action,
            target,
            contexts,
            user,
        })
    }

    fn files(&self) -> Result<&[PathBuf], String> {
        match &self.source {
            KubeconfigSource::Files(files) => Ok(files),
            KubeconfigSource::InMemory(_) => {
                Err("this kubeconfig lives in kon's memory (the demo): nothing to write".into())
            }
        }
    }
}

fn vars() -> super::Vars {
    super::Vars::from_lookup(|k| std::env::var_os(k))
}

/// Saves kubectx's or kubens's "previous" state (best effort: the switch
/// itself has been written).
fn remember(file: Result<PathBuf, String>, value: &str) {
    let result =
        file.and_then(|f| super::state::write(&f, value).map_err(|e| format!("{}: {e}", f.display())));
    if let Err(e) = result {
        tracing::warn!("cannot save the previous context or namespace: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KUBECONFIG: &str = "apiVersion: v1
kind: Config
current-context: prod
clusters:
- name: c
  cluster:
    server: https://127.0.0.1:1
contexts:
- name: prod
  context:
    cluster: c
    user: u
- name: dev
  context:
    cluster: c
    user: u
users:
- name: u
  user:
    token: t
";

    #[test]
    fn a_saved_switch_may_not_leave_a_read_only_context() {
        let dir = tempfile::tempdir().unwrap();
        let kubeconfig = dir.path().join("config");
        std::fs::write(&kubeconfig, KUBECONFIG).unwrap();
        let config = dir.path().join("config.toml");
        std::fs::write(&config, "[contexts.prod]\nreadonly = true\n").unwrap();
        let (settings, problems) = Settings::load(&config);
        assert!(problems.is_empty(), "{problems:?}");
        let audit = dir.path().join("audit.log");
        let switcher = Switcher {
            source: KubeconfigSource::Files(vec![kubeconfig.clone()]),
            selection: Selection {
                kubeconfig: Some(kubeconfig.clone()),
                context: Some("dev".into()),
                namespace: None,
                all_namespaces: false,
            },
            readonly_flag: false,
            settings,
            audit: Some(audit.clone()),
        };
        let refused = switcher.save_current_context("dev").unwrap_err();
        assert!(refused.contains("read-only"), "{refused}");
        assert_eq!(std::fs::read_to_string(&kubeconfig).unwrap(), KUBECONFIG);
        let log = std::fs::read_to_string(&audit).unwrap();
        assert!(
            log.contains("refused: read-only") && log.contains("context/dev"),
            "{log}"
        );
    }
}
