//! What kon can tell about a context's credentials before it connects: a
//! missing exec plugin, CA data that holds no certificate, an expired
//! client certificate. Each is said in kubectl's words (or plainer, where
//! kubectl only fails later with a TLS error), so the user is not left
//! reading `Unauthorized` or a handshake failure.

use std::path::{Path, PathBuf};

use kube::config::{AuthInfo, Kubeconfig};

use crate::certs::{FoundCert, Origin};

/// Why `context` of `kc` cannot work, checked locally at time `now` (Unix
/// seconds); `None` when nothing is known to be wrong.
pub fn problem(kc: &Kubeconfig, context: &str, now: i64) -> Option<String> {
    let ctx = kc
        .contexts
        .iter()
        .find(|c| c.name == context)
        .and_then(|c| c.context.as_ref())?;
    let user = ctx.user.as_deref().and_then(|u| {
        let auth = kc.auth_infos.iter().find(|a| a.name == u)?.auth_info.as_ref()?;
        Some((u, auth))
    });
    if let Some(missing) = user.and_then(|(_, auth)| missing_exec(auth, &path_dirs())) {
        return Some(missing);
    }
    // kube-rs made relative file paths absolute when it read the files.
    let certs = crate::certs::kubeconfig::from_kubeconfig(kc, context, None);
    if let Some(bad) = unusable_ca(kc, &ctx.cluster, &certs) {
        return Some(bad);
    }
    user.and_then(|(name, _)| expired_client_cert(name, &certs, now))
}

/// The directories of `PATH`.
fn path_dirs() -> Vec<PathBuf> {
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default()
}

/// kubectl's `exec: executable X not found`, with the plugin's
/// `installHint` when the kubeconfig gives one (on one line).
fn missing_exec(auth: &AuthInfo, dirs: &[PathBuf]) -> Option<String> {
    let exec = auth.exec.as_ref()?;
    let command = exec.command.as_deref().filter(|c| !c.is_empty())?;
    if find_executable(command, dirs) {
        return None;
    }
    let mut text = format!("getting credentials: exec: executable {command} not found");
    if let Some(hint) = exec.install_hint.as_deref() {
        let hint = hint.split_whitespace().collect::<Vec<_>>().join(" ");
        if !hint.is_empty() {
            text.push_str(". ");
            text.push_str(&hint);
        }
    }
    Some(text)
}

/// Whether `command` names an executable file: as a path when it has a
/// `/`, else looked up in `dirs` (Go's `exec.LookPath`).
fn find_executable(command: &str, dirs: &[PathBuf]) -> bool {
    if command.contains('/') {
        return is_executable(Path::new(command));
    }
    dirs.iter()
        .map(|d| {
            if d.as_os_str().is_empty() {
                Path::new(".").join(command)
            } else {
                d.join(command)
            }
        })
        .any(|p| is_executable(&p))
}

fn is_executable(p: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(p) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

/// client-go's `unable to load root certificates: …` when the cluster's CA
/// (data or file) holds no certificate at all.
fn unusable_ca(kc: &Kubeconfig, cluster: &str, certs: &[FoundCert]) -> Option<String> {
    let spec = kc
        .clusters
        .iter()
        .find(|c| c.name == cluster)
        .and_then(|c| c.cluster.as_ref())?;
    if spec.insecure_skip_tls_verify == Some(true) {
        return None;
    }
    let cas: Vec<&FoundCert> = certs
        .iter()
        .filter(|c| c.origin == Origin::Kubeconfig && c.name.starts_with("cluster CA"))
        .collect();
    if cas.is_empty() || cas.iter().any(|c| c.cert.is_ok()) {
        return None;
    }
    let why = cas
        .iter()
        .find_map(|c| c.cert.as_ref().err())
        .map(String::as_str)
        .unwrap_or_default();
    // One bad certificate of a bundle: client-go skips it; leave it to the
    // TLS library too.
    if why.starts_with("certificate ") && !why.starts_with("certificate 1 of 1:") {
        return None;
    }
    let detail = if why.starts_with("no certificate found") {
        "unable to parse bytes as PEM block".to_string()
    } else {
        why.to_string()
    };
    Some(format!("unable to load root certificates: {detail}"))
}

/// `the client certificate for user X expired on DATE`, from the leaf (the
/// first certificate) of the user's client certificate.
fn expired_client_cert(user: &str, certs: &[FoundCert], now: i64) -> Option<String> {
    let leaf = certs
        .iter()
        .find(|c| c.origin == Origin::Kubeconfig && c.name.starts_with("client certificate"))?;
    let cert = leaf.cert.as_ref().ok()?;
    if cert.not_after >= now {
        return None;
    }
    let date = k8s_openapi::jiff::Timestamp::from_second(cert.not_after)
        .map(|t| t.to_string())
        .unwrap_or_else(|_| cert.not_after.to_string());
    Some(format!(
        "the client certificate for user {user} expired on {date}"
    ))
}

#[cfg(test)]
#[path = "credentials_tests.rs"]
mod tests;
