//! Where kon finds etcd: the endpoints, the client credentials and the
//! quota. Pure: the caller reads the files (manifest) and passes what it
//! read, or why it could not.
//!
//! Order: `--etcd-endpoints` (with `--etcd-cert/--etcd-key/--etcd-cacert`),
//! else `[etcd]` in config.toml, else kubeadm's static pod manifest
//! (`--advertise-client-urls`, else `--listen-client-urls`) with kubeadm's
//! `etcd/healthcheck-client.{crt,key}` and `etcd/ca.crt` under the PKI dir;
//! when the manifest is not on this machine (or not readable), the same
//! flags of etcd's mirror pod read through the API (`kube-system/etcd-NODE`).
//! Credentials not given for an `https://` endpoint are kubeadm's when a
//! PKI dir is known. The quota: config.toml's override, else
//! `--quota-backend-bytes` of the manifest (or of the mirror pod), else
//! etcd's default of 2 GiB.

use std::path::{Path, PathBuf};

/// The kubeadm etcd manifest.
pub const KUBEADM_MANIFEST: &str = "/etc/kubernetes/manifests/etcd.yaml";
/// etcd's default backend quota.
pub const DEFAULT_QUOTA: u64 = 2 * 1024 * 1024 * 1024;

/// Endpoints and credentials given by flags or config.toml.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Given {
    pub endpoints: Vec<String>,
    pub cert: Option<PathBuf>,
    pub key: Option<PathBuf>,
    pub cacert: Option<PathBuf>,
}

/// What was read of the manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Manifest {
    /// Not there (not a kubeadm control-plane node).
    Missing,
    /// There, but not readable: why (permission denied…).
    Unreadable(String),
    /// Its text.
    Text(String),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TlsFiles {
    pub cert: Option<PathBuf>,
    pub key: Option<PathBuf>,
    pub cacert: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuotaSource {
    /// `[etcd] quota-bytes` in config.toml.
    Config,
    /// `--quota-backend-bytes` on etcd's command line (the manifest).
    CommandLine,
    /// `--quota-backend-bytes` of etcd's mirror pod, read through the API.
    Pod,
    /// Not visible: etcd's default assumed.
    Default,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    pub bytes: u64,
    pub source: QuotaSource,
}

impl Quota {
    /// How the pane says where the quota came from.
    pub fn said(&self) -> &'static str {
        match self.source {
            QuotaSource::Config => "config.toml",
            QuotaSource::CommandLine => "--quota-backend-bytes",
            QuotaSource::Pod => "--quota-backend-bytes of the etcd pod",
            QuotaSource::Default => "etcd's default, assumed",
        }
    }
}

/// What to poll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub endpoints: Vec<String>,
    pub tls: TlsFiles,
    pub quota: Quota,
    /// Where the endpoints came from (`--etcd-endpoints`, a manifest path…).
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// etcd is not watched, and why.
    NotWatched(String),
    Watch(Target),
}

/// Everything the resolution reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs<'a> {
    pub flags: &'a Given,
    pub config: &'a Given,
    pub quota_override: Option<u64>,
    pub manifest_path: &'a Path,
    pub manifest: Manifest,
    pub pki_dir: Option<&'a Path>,
    /// etcd's mirror pod, read through the API when the manifest is not
    /// readable here.
    pub mirror: Option<Mirror>,
}

/// etcd's mirror pod (`kube-system/etcd-NODE`, `component=etcd`): its
/// name and its container's command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mirror {
    /// `kube-system/etcd-cp-1`.
    pub pod: String,
    pub args: Vec<String>,
}

/// The etcd flags of a command line (the manifest's, or a mirror pod's):
/// client URLs and the quota.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommandLine {
    pub client_urls: Vec<String>,
    pub quota_bytes: Option<u64>,
}

/// Reads `--advertise-client-urls`, `--listen-client-urls` (wildcards made
/// loopback) and `--quota-backend-bytes` out of `args`.
pub fn command_line<S: AsRef<str>>(args: &[S]) -> CommandLine {
    let value = |flag: &str| {
        args.iter().find_map(|a| {
            let a = a.as_ref().trim();
            a.strip_prefix(flag)?.strip_prefix('=').map(str::to_string)
        })
    };
    let urls = |v: String| -> Vec<String> {
        v.split(',')
            .map(|u| {
                u.trim()
                    .replace("://0.0.0.0:", "://127.0.0.1:")
                    .replace("://[::]:", "://[::1]:")
            })
            .filter(|u| !u.is_empty())
            .collect()
    };
    let client_urls = value("--advertise-client-urls")
        .map(urls)
        .filter(|u| !u.is_empty())
        .or_else(|| value("--listen-client-urls").map(urls))
        .unwrap_or_default();
    CommandLine {
        client_urls,
        quota_bytes: value("--quota-backend-bytes").and_then(|q| q.trim().parse().ok()),
    }
}

/// The command line of a static pod manifest: its `- --flag=value` items
/// (kubeadm writes one per line; quotes are dropped).
pub fn manifest_args(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("- "))
        .map(|a| a.trim().trim_matches(|c| c == '"' || c == '\'').to_string())
        .filter(|a| a.starts_with("--"))
        .collect()
}

/// Decides what to poll.
pub fn resolve(i: &Inputs) -> Resolution {
    let manifest = match &i.manifest {
        Manifest::Text(t) => Some(command_line(&manifest_args(t))),
        _ => None,
    };
    // The mirror pod stands in for a manifest this machine cannot read.
    let mirror = match (&manifest, &i.mirror) {
        (None, Some(m)) => Some((command_line(&m.args), m.pod.clone())),
        _ => None,
    };
    let quota = match (i.quota_override, manifest.as_ref().and_then(|m| m.quota_bytes)) {
        (Some(bytes), _) => Quota {
            bytes,
            source: QuotaSource::Config,
        },
        (None, Some(bytes)) => Quota {
            bytes,
            source: QuotaSource::CommandLine,
        },
        (None, None) if mirror.as_ref().and_then(|m| m.0.quota_bytes).is_some() => Quota {
            bytes: mirror
                .as_ref()
                .and_then(|m| m.0.quota_bytes)
                .unwrap_or(DEFAULT_QUOTA),
            source: QuotaSource::Pod,
        },
        (None, None) => Quota {
            bytes: DEFAULT_QUOTA,
            source: QuotaSource::Default,
        },
    };
    let (given, source) = if !i.flags.endpoints.is_empty() {
        (i.flags.clone(), "--etcd-endpoints".to_string())
    } else if !i.config.endpoints.is_empty() {
        // Flags for the credentials still win over config.toml.
        let g = Given {
            endpoints: i.config.endpoints.clone(),
            cert: i.flags.cert.clone().or_else(|| i.config.cert.clone()),
            key: i.flags.key.clone().or_else(|| i.config.key.clone()),
            cacert: i.flags.cacert.clone().or_else(|| i.config.cacert.clone()),
        };
        (g, "config.toml [etcd] endpoints".to_string())
    } else if let Some((m, pod)) = mirror.as_ref().filter(|(m, _)| !m.client_urls.is_empty()) {
        (
            Given {
                endpoints: m.client_urls.clone(),
                cert: i.flags.cert.clone().or_else(|| i.config.cert.clone()),
                key: i.flags.key.clone().or_else(|| i.config.key.clone()),
                cacert: i.flags.cacert.clone().or_else(|| i.config.cacert.clone()),
            },
            format!("the etcd pod {pod}"),
        )
    } else {
        let path = i.manifest_path.display();
        match (&i.manifest, &manifest) {
            (Manifest::Missing, _) => {
                return Resolution::NotWatched(format!(
                    "no etcd endpoints: give --etcd-endpoints or [etcd] endpoints in config.toml ({path}: not found, not a kubeadm control-plane node)"
                ));
            }
            (Manifest::Unreadable(why), _) => {
                return Resolution::NotWatched(format!(
                    "no etcd endpoints: {path}: {why} (give --etcd-endpoints, or run kon as a user who may read it)"
                ));
            }
            (_, Some(m)) if m.client_urls.is_empty() => {
                return Resolution::NotWatched(format!(
                    "no etcd endpoints: {path} has no --advertise-client-urls or --listen-client-urls"
                ));
            }
            (_, m) => (
                Given {
                    endpoints: m.as_ref().map(|m| m.client_urls.clone()).unwrap_or_default(),
                    cert: i.flags.cert.clone().or_else(|| i.config.cert.clone()),
                    key: i.flags.key.clone().or_else(|| i.config.key.clone()),
                    cacert: i.flags.cacert.clone().or_else(|| i.config.cacert.clone()),
                },
                path.to_string(),
            ),
        }
    };
    let https = given.endpoints.iter().any(|e| e.starts_with("https://"));
    let kubeadm = |f: &str| i.pki_dir.filter(|_| https).map(|d| d.join("etcd").join(f));
    let none_given = given.cert.is_none() && given.key.is_none() && given.cacert.is_none();
    let tls = if none_given {
        TlsFiles {
            cert: kubeadm("healthcheck-client.crt"),
            key: kubeadm("healthcheck-client.key"),
            cacert: kubeadm("ca.crt"),
        }
    } else {
        TlsFiles {
            cert: given.cert,
            key: given.key,
            cacert: given.cacert,
        }
    };
    Resolution::Watch(Target {
        endpoints: given.endpoints,
        tls,
        quota,
        source,
    })
}

#[cfg(test)]
#[path = "resolve_tests.rs"]
mod tests;
