//! The kubeconfig that points a client at a running simulated cluster:
//! context `kon-sim`, the sim's CA, and its admin client certificate (or a
//! bearer token).

use base64::Engine as _;

use super::tls::Pki;

/// How the kubeconfig's user authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    ClientCert,
    Token,
}

pub const CONTEXT: &str = "kon-sim";

/// A kubeconfig (YAML) for `server` (e.g. `https://127.0.0.1:6443`).
pub fn render(server: &str, pki: &Pki, token: &str, auth: Auth) -> String {
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s.as_bytes());
    let user = match auth {
        Auth::ClientCert => format!(
            "    client-certificate-data: {}\n    client-key-data: {}\n",
            b64(&pki.client_cert_pem),
            b64(&pki.client_key_pem)
        ),
        Auth::Token => format!("    token: {token}\n"),
    };
    format!(
        "apiVersion: v1\nkind: Config\ncurrent-context: {CONTEXT}\nclusters:\n- name: {CONTEXT}\n  cluster:\n    server: {server}\n    certificate-authority-data: {ca}\ncontexts:\n- name: {CONTEXT}\n  context:\n    cluster: {CONTEXT}\n    user: {CONTEXT}-admin\nusers:\n- name: {CONTEXT}-admin\n  user:\n{user}preferences: {{}}\n",
        ca = b64(&pki.ca_pem),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::tls::Windows;

    #[test]
    fn kube_rs_reads_it() {
        let pki = Pki::generate(&Windows::kubeadm(1_700_000_000)).unwrap();
        for auth in [Auth::ClientCert, Auth::Token] {
            let yaml = render("https://127.0.0.1:1234", &pki, "tok", auth);
            let kc = kube::config::Kubeconfig::from_yaml(&yaml).unwrap();
            assert_eq!(kc.current_context.as_deref(), Some(CONTEXT));
            let cluster = kc.clusters[0].cluster.as_ref().unwrap();
            assert_eq!(cluster.server.as_deref(), Some("https://127.0.0.1:1234"));
            let user = kc.auth_infos[0].auth_info.as_ref().unwrap();
            assert_eq!(user.client_certificate_data.is_some(), auth == Auth::ClientCert);
        }
    }
}
