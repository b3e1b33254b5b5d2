//! Resolving the kubeconfig into the cluster kon will talk to.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use kube::config::{KubeConfigOptions, Kubeconfig};

/// What kon knows about the cluster it is pointed at, before talking to it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Target {
    pub context: Option<String>,
    pub server: Option<String>,
    /// The namespace requests default to (the context's, or `default`).
    pub namespace: String,
    /// The namespace the namespaced panes show; `None`: every namespace.
    pub scope: Option<String>,
}

/// What the command line asked for.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub kubeconfig: Option<PathBuf>,
    pub context: Option<String>,
    pub namespace: Option<String>,
    /// `-A`: the panes show every namespace whatever the context says.
    pub all_namespaces: bool,
}

/// The kubeconfig files in effect: `--kubeconfig`, else the `KUBECONFIG`
/// path list (empty entries and duplicates dropped), else `~/.kube/config`.
pub fn kubeconfig_paths(
    explicit: Option<&Path>,
    env_value: Option<&str>,
    home: Option<&Path>,
) -> Vec<PathBuf> {
    if let Some(p) = explicit {
        return vec![p.to_path_buf()];
    }
    if let Some(v) = env_value.filter(|v| !v.is_empty()) {
        let mut out: Vec<PathBuf> = Vec::new();
        for p in std::env::split_paths(v).filter(|p| !p.as_os_str().is_empty()) {
            if !out.contains(&p) {
                out.push(p);
            }
        }
        if !out.is_empty() {
            return out;
        }
    }
    home.map(|h| vec![h.join(".kube").join("config")])
        .unwrap_or_default()
}

/// Reads and merges the kubeconfig files by kubectl's rules. Missing files in
/// a `KUBECONFIG` list are skipped as kubectl does; an explicit
/// `--kubeconfig` that is missing is an error.
pub fn load_kubeconfig(paths: &[PathBuf], explicit: bool) -> Result<Option<Kubeconfig>> {
    let mut merged: Option<Kubeconfig> = None;
    for p in paths {
        if !p.exists() && !explicit {
            continue;
        }
        let kc = Kubeconfig::read_from(p).with_context(|| format!("reading kubeconfig {}", p.display()))?;
        merged = Some(match merged {
            None => kc,
            Some(m) => m
                .merge(kc)
                .with_context(|| format!("merging kubeconfig {}", p.display()))?,
        });
    }
    Ok(merged)
}

/// The target (for the header) and the client configuration for it.
pub struct Resolved {
    pub target: Target,
    pub config: Option<kube::Config>,
    /// Why there is no config, when there is none.
    pub problem: Option<String>,
}

/// The kubeconfig files of `sel` (its `--kubeconfig`, else `KUBECONFIG`,
/// else `~/.kube/config`) and their merged content.
pub fn load_selected(sel: &Selection) -> (Vec<PathBuf>, Result<Option<Kubeconfig>>) {
    let env = std::env::var("KUBECONFIG").ok();
    let home = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
    let files = kubeconfig_paths(sel.kubeconfig.as_deref(), env.as_deref(), home.as_deref());
    let kubeconfig = load_kubeconfig(&files, sel.kubeconfig.is_some());
    (files, kubeconfig)
}

/// The context `sel` names, else the kubeconfig's current context.
pub fn selected_context(sel: &Selection, kubeconfig: &Result<Option<Kubeconfig>>) -> Option<String> {
    sel.context.clone().or_else(|| match kubeconfig {
        Ok(Some(kc)) => kc.current_context.clone(),
        _ => None,
    })
}

/// Picks the context and namespace and builds the client configuration.
pub async fn resolve(sel: &Selection, kubeconfig: Result<Option<Kubeconfig>>) -> Resolved {
    let none = |problem: String, target: Target| Resolved {
        target,
        config: None,
        problem: Some(problem),
    };
    let fallback_target = Target {
        context: sel.context.clone(),
        server: None,
        namespace: sel.namespace.clone().unwrap_or_else(|| "default".into()),
        scope: sel.namespace.clone().filter(|_| !sel.all_namespaces),
    };
    let kc = match kubeconfig {
        Ok(Some(kc)) => kc,
        Ok(None) => {
            return none(
                "no kubeconfig found (set KUBECONFIG or --kubeconfig)".into(),
                fallback_target,
            );
        }
        Err(e) => return none(crate::errors::describe_anyhow(&e), fallback_target),
    };
    let Some(context) = sel.context.clone().or_else(|| kc.current_context.clone()) else {
        return none(
            "the kubeconfig has no current-context (use --context)".into(),
            fallback_target,
        );
    };
    let Some(ctx) = kc
        .contexts
        .iter()
        .find(|c| c.name == context)
        .and_then(|c| c.context.clone())
    else {
        let mut target = fallback_target;
        target.context = Some(context.clone());
        return none(format!("context `{context}` is not in the kubeconfig"), target);
    };
    let server = kc
        .clusters
        .iter()
        .find(|c| c.name == ctx.cluster)
        .and_then(|c| c.cluster.as_ref())
        .and_then(|c| c.server.clone());
    let target = Target {
        context: Some(context.clone()),
        server,
        namespace: sel
            .namespace
            .clone()
            .or(ctx.namespace.clone())
            .unwrap_or_else(|| "default".into()),
        // A namespace the user chose (flag or context) scopes the panes;
        // with none, a triage console shows the whole cluster.
        scope: sel
            .namespace
            .clone()
            .or(ctx.namespace.clone())
            .filter(|_| !sel.all_namespaces),
    };
    // What can be known without connecting is said before trying.
    if let Some(problem) = super::credentials::problem(&kc, &context, crate::clock::unix_now()) {
        return none(problem, target);
    }
    let opts = KubeConfigOptions {
        context: Some(context),
        ..Default::default()
    };
    match kube::Config::from_custom_kubeconfig(kc, &opts).await {
        Ok(mut config) => {
            config.default_namespace = target.namespace.clone();
            Resolved {
                target,
                config: Some(config),
                problem: None,
            }
        }
        Err(e) => none(
            format!("cannot use context: {}", crate::errors::chain(&e)),
            target,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_follow_kubectl_rules() {
        let home = Path::new("/home/u");
        assert_eq!(
            kubeconfig_paths(None, None, Some(home)),
            vec![PathBuf::from("/home/u/.kube/config")]
        );
        assert_eq!(
            kubeconfig_paths(None, Some("/a::/b:/a"), Some(home)),
            vec![PathBuf::from("/a"), PathBuf::from("/b")]
        );
        assert_eq!(
            kubeconfig_paths(Some(Path::new("/x")), Some("/a"), Some(home)),
            vec![PathBuf::from("/x")]
        );
        assert_eq!(kubeconfig_paths(None, Some(""), None), Vec::<PathBuf>::new());
    }

    const KC: &str = r#"
apiVersion: v1
kind: Config
current-context: prod
clusters:
- name: prod
  cluster: { server: "https://10.1.2.3:6443", insecure-skip-tls-verify: true }
contexts:
- name: prod
  context: { cluster: prod, user: admin, namespace: payments }
- name: dev
  context: { cluster: prod, user: admin }
users:
- name: admin
  user: { token: abc }
"#;

    #[tokio::test]
    async fn resolves_context_server_and_namespace() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config");
        std::fs::write(&p, KC).unwrap();
        let kc = load_kubeconfig(&[dir.path().join("missing"), p.clone()], false);
        let r = resolve(&Selection::default(), kc).await;
        assert_eq!(r.problem, None);
        assert_eq!(r.target.context.as_deref(), Some("prod"));
        assert_eq!(r.target.server.as_deref(), Some("https://10.1.2.3:6443"));
        assert_eq!(r.target.namespace, "payments");

        let sel = Selection {
            context: Some("dev".into()),
            ..Default::default()
        };
        let r = resolve(&sel, load_kubeconfig(std::slice::from_ref(&p), true)).await;
        assert_eq!(r.target.namespace, "default");

        let sel = Selection {
            context: Some("nope".into()),
            ..Default::default()
        };
        let r = resolve(&sel, load_kubeconfig(&[p], true)).await;
        assert!(r.problem.unwrap().contains("`nope`"));
    }

    #[tokio::test]
    async fn malformed_kubeconfig_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config");
        std::fs::write(&p, "clusters: [\n  - name: x\n    cluster: {server: 1\n").unwrap();
        let r = resolve(
            &Selection::default(),
            load_kubeconfig(std::slice::from_ref(&p), true),
        )
        .await;
        let problem = r.problem.unwrap();
        assert!(problem.contains(&p.display().to_string()), "{problem}");
        assert!(r.config.is_none());
    }

    #[tokio::test]
    async fn credentials_known_bad_locally_stop_before_a_client_is_made() {
        // What the console, kon check, cordon/drain and kon ns all resolve.
        let now = crate::clock::unix_now();
        let mut windows = crate::sim::tls::Windows::kubeadm(now);
        windows.client = (now - 90 * 86_400, now - 86_400);
        let pki = crate::sim::tls::Pki::generate(&windows).unwrap();
        let yaml = crate::sim::kubeconfig::render(
            "https://127.0.0.1:1",
            &pki,
            "",
            crate::sim::kubeconfig::Auth::ClientCert,
        );
        let r = resolve(
            &Selection::default(),
            Ok(Some(Kubeconfig::from_yaml(&yaml).unwrap())),
        )
        .await;
        assert!(r.config.is_none());
        let problem = r.problem.unwrap();
        assert!(
            problem.starts_with("the client certificate for user kon-sim-admin expired on"),
            "{problem}"
        );
        assert_eq!(r.target.context.as_deref(), Some("kon-sim"));
    }
}
