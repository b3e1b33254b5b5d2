//! The sub-shell's kubeconfig: only the chosen context, its cluster and its
//! user (as `kubectl config view --minify --flatten --context NAME`, which
//! upstream kubectx runs), and for the read-only shell the same pointed at
//! the proxy with no credentials at all (upstream's `RewriteKubeconfig`).

use std::io;
use std::net::SocketAddr;

use base64::Engine as _;
use kube::config::{AuthInfo, Cluster, Context, Kubeconfig, NamedAuthInfo, NamedCluster, NamedContext};

/// Only `context` of `kc`, its cluster and user, made current, with the
/// certificate and key files read into the file (`read` reads one).
pub fn minified(
    kc: &Kubeconfig,
    context: &str,
    read: impl Fn(&str) -> io::Result<Vec<u8>>,
) -> Result<Kubeconfig, String> {
    let named = kc
        .contexts
        .iter()
        .find(|c| c.name == context)
        .ok_or_else(|| format!("no context exists with the name: \"{context}\""))?;
    let ctx = named.context.clone().unwrap_or_default();
    let cluster = kc.clusters.iter().find(|c| c.name == ctx.cluster).cloned();
    let user = ctx
        .user
        .as_deref()
        .and_then(|u| kc.auth_infos.iter().find(|a| a.name == u))
        .cloned();
    let inline = |path: &Option<String>, what: &str| -> Result<Option<String>, String> {
        match path {
            None => Ok(None),
            Some(p) => read(p)
                .map(|bytes| Some(base64::engine::general_purpose::STANDARD.encode(bytes)))
                .map_err(|e| format!("reading the {what} {p}: {e}")),
        }
    };
    let cluster = match cluster {
        Some(mut named) => {
            if let Some(c) = named.cluster.as_mut()
                && c.certificate_authority_data.is_none()
                && let Some(data) = inline(&c.certificate_authority, "certificate authority")?
            {
                c.certificate_authority_data = Some(data);
                c.certificate_authority = None;
            }
            vec![named]
        }
        None => Vec::new(),
    };
    let user = match user {
        Some(mut named) => {
            if let Some(a) = named.auth_info.as_mut() {
                if a.client_certificate_data.is_none()
                    && let Some(data) = inline(&a.client_certificate, "client certificate")?
                {
                    a.client_certificate_data = Some(data);
                    a.client_certificate = None;
                }
                if a.client_key_data.is_none()
                    && let Some(data) = inline(&a.client_key, "client key")?
                {
                    a.client_key_data = Some(data.into());
                    a.client_key = None;
                }
            }
            vec![named]
        }
        None => Vec::new(),
    };
    Ok(Kubeconfig {
        api_version: Some("v1".into()),
        kind: Some("Config".into()),
        current_context: Some(context.to_string()),
        clusters: cluster,
        auth_infos: user,
        contexts: vec![named.clone()],
        ..Kubeconfig::default()
    })
}

/// The read-only shell's kubeconfig: `min`'s context renamed `NAME[RO]` (as
/// upstream does), its cluster at the proxy over plain HTTP, its user with
/// no credentials (the proxy authenticates); the server URL's path is the
/// session's token, which the proxy asks of every request.
pub fn for_proxy(min: &Kubeconfig, context: &str, proxy: SocketAddr, token: &str) -> Kubeconfig {
    let ctx = min
        .contexts
        .iter()
        .find(|c| c.name == context)
        .and_then(|c| c.context.clone())
        .unwrap_or_default();
    let ro = format!("{context}[RO]");
    let cluster = if ctx.cluster.is_empty() {
        ro.clone()
    } else {
        ctx.cluster.clone()
    };
    let user = ctx.user.clone().unwrap_or_else(|| ro.clone());
    Kubeconfig {
        api_version: Some("v1".into()),
        kind: Some("Config".into()),
        current_context: Some(ro.clone()),
        clusters: vec![NamedCluster {
            name: cluster.clone(),
            cluster: Some(Cluster {
                server: Some(format!("http://{proxy}/{token}")),
                ..Cluster::default()
            }),
            other: Default::default(),
        }],
        auth_infos: vec![NamedAuthInfo {
            name: user.clone(),
            auth_info: Some(AuthInfo::default()),
            other: Default::default(),
        }],
        contexts: vec![NamedContext {
            name: ro,
            context: Some(Context {
                cluster,
                user: Some(user),
                namespace: ctx.namespace.clone(),
                ..Context::default()
            }),
            other: Default::default(),
        }],
        ..Kubeconfig::default()
    }
}

/// The file's text (YAML).
pub fn render(kc: &Kubeconfig) -> Result<String, String> {
    serde_saphyr::to_string(kc).map_err(|e| format!("writing the shell's kubeconfig: {e}"))
}

#[cfg(test)]
#[path = "scoped_tests.rs"]
mod tests;
