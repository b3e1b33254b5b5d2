//! `[etcd]` in config.toml: where the live etcd pane finds etcd, and how
//! often it asks. Flags (`--etcd-endpoints`, `--etcd-cert`…) win.

use std::path::PathBuf;

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EtcdSettings {
    /// Client URLs (`https://10.0.0.5:2379`); none: kubeadm's manifest, if any.
    #[serde(default, deserialize_with = "urls")]
    pub endpoints: Vec<String>,
    /// The client certificate and key (PEM), and etcd's CA.
    pub cert: Option<PathBuf>,
    pub key: Option<PathBuf>,
    pub cacert: Option<PathBuf>,
    /// Seconds between two polls (`10s`, `1m`).
    #[serde(default = "default_poll", deserialize_with = "super::settings::duration_secs")]
    pub poll: i64,
    /// The backend quota in bytes, when kon cannot see etcd's `--quota-backend-bytes`.
    #[serde(default, deserialize_with = "quota")]
    pub quota_bytes: Option<u64>,
    /// Seconds between two members of the guided defrag (`60s`, `2m`).
    #[serde(
        default = "default_defrag_pause",
        alias = "defrag_pause",
        deserialize_with = "super::settings::duration_secs"
    )]
    pub defrag_pause: i64,
}

fn default_defrag_pause() -> i64 {
    60
}

fn default_poll() -> i64 {
    10
}

impl Default for EtcdSettings {
    fn default() -> Self {
        Self {
            endpoints: Vec::new(),
            cert: None,
            key: None,
            cacert: None,
            poll: default_poll(),
            quota_bytes: None,
            defrag_pause: default_defrag_pause(),
        }
    }
}

fn urls<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let v = Vec::<String>::deserialize(d)?;
    match v
        .iter()
        .find(|u| !(u.starts_with("http://") || u.starts_with("https://")))
    {
        Some(bad) => Err(serde::de::Error::custom(format!(
            "`{bad}` is not an http:// or https:// URL"
        ))),
        None => Ok(v),
    }
}

fn quota<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    match u64::deserialize(d)? {
        0 => Err(serde::de::Error::custom("quota-bytes must be more than zero")),
        n => Ok(Some(n)),
    }
}
