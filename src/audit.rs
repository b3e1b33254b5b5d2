//! The audit log: one JSON line per mutation (and per refusal in read-only
//! mode) appended to `<state dir>/audit.log`: time, who (the kubeconfig
//! user of the context), context, action, target, outcome. Lines are
//! written with one `write` on a file opened for appending, so concurrent
//! kon processes do not interleave them.

use std::io::Write as _;
use std::path::Path;

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// RFC 3339, UTC.
    pub time: String,
    /// The kubeconfig user of the context (`kubernetes-admin`, `oidc:alice`…).
    pub user: String,
    pub context: String,
    /// `cordon`, `uncordon`, `drain`, `evict`.
    pub action: String,
    /// `node/worker-a-2`, `pod/payments/api-7d9f-x`.
    pub target: String,
    /// `ok`, `refused: read-only`, `failed: …`, `timed out: 2 pods left`…
    pub outcome: String,
}

impl Entry {
    pub fn now(who: &Who, action: &str, target: &str, outcome: impl Into<String>) -> Self {
        Self {
            time: k8s_openapi::jiff::Timestamp::now().to_string(),
            user: who.user.clone(),
            context: who.context.clone(),
            action: action.into(),
            target: target.into(),
            outcome: outcome.into(),
        }
    }
}

/// Who acts, as the kubeconfig says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Who {
    pub user: String,
    pub context: String,
}

impl Who {
    /// The user of `context` in `kc` (`?` when the kubeconfig does not say).
    pub fn from_kubeconfig(kc: Option<&kube::config::Kubeconfig>, context: &str) -> Self {
        let user = kc
            .and_then(|kc| kc.contexts.iter().find(|c| c.name == context))
            .and_then(|c| c.context.as_ref())
            .and_then(|c| c.user.clone())
            .unwrap_or_else(|| "?".into());
        Self {
            user,
            context: context.into(),
        }
    }
}

/// Appends `entry` to the log at `path` (created 0600 with its directory).
pub fn append(path: &Path, entry: &Entry) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut line = serde_json::to_string(entry).map_err(std::io::Error::other)?;
    line.push('\n');
    let mut opts = std::fs::OpenOptions::new();
    opts.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    opts.open(path)?.write_all(line.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_one_json_line_per_entry() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state/audit.log");
        let who = Who {
            user: "alice".into(),
            context: "prod".into(),
        };
        append(&path, &Entry::now(&who, "cordon", "node/w-1", "ok")).unwrap();
        append(
            &path,
            &Entry::now(&who, "drain", "node/w-1", "refused: read-only"),
        )
        .unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1]["outcome"], "refused: read-only");
        assert_eq!(lines[0]["user"], "alice");
        assert!(lines[0]["time"].as_str().unwrap().ends_with('Z'));
        use std::os::unix::fs::PermissionsExt as _;
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }

    #[test]
    fn who_comes_from_the_context() {
        let kc = kube::config::Kubeconfig::from_yaml(
            "contexts:\n- name: prod\n  context: {cluster: c, user: oidc-alice}\n",
        )
        .unwrap();
        assert_eq!(Who::from_kubeconfig(Some(&kc), "prod").user, "oidc-alice");
        assert_eq!(Who::from_kubeconfig(Some(&kc), "other").user, "?");
    }
}
