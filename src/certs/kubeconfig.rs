//! The certificates a kubeconfig context uses: the user's client certificate
//! and the cluster's CA, embedded (`*-data`) or in files.

use std::path::Path;

use kube::config::Kubeconfig;

use super::source::{Slot, data_or_file};
use super::{FoundCert, Origin};

/// The location of certificates embedded in a kubeconfig.
pub const EMBEDDED: &str = "kubeconfig (embedded)";

/// The client certificate of `context`'s user (`client-certificate-data`,
/// else the `client-certificate` file) and its cluster's CA
/// (`certificate-authority-data`, else the `certificate-authority` file),
/// in that order; one entry per certificate of a chain or bundle (`… 1/2`).
/// Relative file paths are resolved against `base_dir` (the kubeconfig
/// file's directory) when given. An unknown context gives nothing; a user
/// or cluster without certificates (token, exec plugin, system roots)
/// gives nothing for that part; an unreadable file or bad data gives an
/// entry carrying the error.
pub fn from_kubeconfig(kc: &Kubeconfig, context: &str, base_dir: Option<&Path>) -> Vec<FoundCert> {
    let Some(ctx) = kc
        .contexts
        .iter()
        .find(|c| c.name == context)
        .and_then(|c| c.context.as_ref())
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let user = ctx.user.as_deref().and_then(|u| {
        let auth = kc.auth_infos.iter().find(|a| a.name == u)?.auth_info.as_ref()?;
        Some((u, auth))
    });
    if let Some((user, auth)) = user {
        let found = data_or_file(
            "client-certificate",
            auth.client_certificate_data.as_deref(),
            auth.client_certificate.as_deref(),
            base_dir,
            EMBEDDED,
        );
        if let Some((location, data)) = found {
            let name = format!("client certificate (user {user})");
            let slot = Slot {
                origin: Origin::Kubeconfig,
                name: &name,
                location: &location,
                ca: false,
            };
            out.extend(slot.expand(data));
        }
    }
    let cluster = kc
        .clusters
        .iter()
        .find(|c| c.name == ctx.cluster)
        .and_then(|c| c.cluster.as_ref());
    if let Some(cluster) = cluster {
        let found = data_or_file(
            "certificate-authority",
            cluster.certificate_authority_data.as_deref(),
            cluster.certificate_authority.as_deref(),
            base_dir,
            EMBEDDED,
        );
        if let Some((location, data)) = found {
            let name = format!("cluster CA (cluster {})", ctx.cluster);
            let slot = Slot {
                origin: Origin::Kubeconfig,
                name: &name,
                location: &location,
                ca: true,
            };
            out.extend(slot.expand(data));
        }
    }
    out
}

#[cfg(test)]
#[path = "kubeconfig_tests.rs"]
mod tests;
