//! A real etcd for the tests (Debian's `etcd-server`, installed by
//! .ci/run): a 3-member cluster on loopback with TLS and client-certificate
//! auth, certificates generated here (rcgen), each member in a temp dir,
//! killed on drop.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use kon::etcd::Observation;
use kon::etcd::client::{REQUEST_TIMEOUT, poll_cluster};
use kon::etcd::resolve::{Quota, QuotaSource, Resolution, Target, TlsFiles};
use kon::signals::etcd_live::{EtcdLive, Health, Polled, model};

use super::heavy;
use super::sim::eventually;

/// etcd's default quota.
pub const QUOTA: u64 = 2 << 30;

pub fn base64_of(b: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(b)
}

fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

/// A CA (its PEM and issuer) written to `dir/name.crt`.
fn ca(dir: &Path, name: &str) -> (PathBuf, rcgen::Issuer<'static, rcgen::KeyPair>) {
    let key = rcgen::KeyPair::generate().unwrap();
    let mut p = rcgen::CertificateParams::new(vec![]).unwrap();
    p.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    p.distinguished_name.push(rcgen::DnType::CommonName, name);
    p.key_usages = vec![
        rcgen::KeyUsagePurpose::KeyCertSign,
        rcgen::KeyUsagePurpose::CrlSign,
    ];
    let cert = p.self_signed(&key).unwrap();
    let path = dir.join(format!("{name}.crt"));
    std::fs::write(&path, cert.pem()).unwrap();
    (path, rcgen::Issuer::new(p, key))
}

/// A leaf for 127.0.0.1 (server and client use), written as `name.crt`/`name.key`.
fn leaf(dir: &Path, name: &str, issuer: &rcgen::Issuer<'_, rcgen::KeyPair>) -> (PathBuf, PathBuf) {
    let key = rcgen::KeyPair::generate().unwrap();
    let mut p = rcgen::CertificateParams::new(vec!["localhost".into()]).unwrap();
    p.subject_alt_names
        .push(rcgen::SanType::IpAddress(std::net::Ipv4Addr::LOCALHOST.into()));
    p.distinguished_name.push(rcgen::DnType::CommonName, name);
    p.extended_key_usages = vec![
        rcgen::ExtendedKeyUsagePurpose::ServerAuth,
        rcgen::ExtendedKeyUsagePurpose::ClientAuth,
    ];
    let cert = p.signed_by(&key, issuer).unwrap();
    let (c, k) = (dir.join(format!("{name}.crt")), dir.join(format!("{name}.key")));
    std::fs::write(&c, cert.pem()).unwrap();
    std::fs::write(&k, key.serialize_pem()).unwrap();
    (c, k)
}

pub struct Cluster {
    pub members: Vec<Option<Child>>,
    pub endpoints: Vec<String>,
    pub tls: TlsFiles,
    /// Signed by another CA.
    pub wrong_ca: PathBuf,
    pub dir: tempfile::TempDir,
    _slot: heavy::Slot,
}

impl Drop for Cluster {
    fn drop(&mut self) {
        for c in self.members.iter_mut().flatten() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Cluster {
    pub fn start(quota: Option<u64>) -> Self {
        let _slot = heavy::slot();
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let (ca_file, issuer) = ca(d, "etcd-ca");
        let (wrong_ca, _) = ca(d, "other-ca");
        let (server_crt, server_key) = leaf(d, "server", &issuer);
        let (client_crt, client_key) = leaf(d, "client", &issuer);
        let ports: Vec<(u16, u16)> = (0..3).map(|_| (free_port(), free_port())).collect();
        let initial = (0..3)
            .map(|i| format!("m{i}=http://127.0.0.1:{}", ports[i].1))
            .collect::<Vec<_>>()
            .join(",");
        let mut members = Vec::new();
        let mut endpoints = Vec::new();
        for (i, (client, peer)) in ports.iter().enumerate() {
            let url = format!("https://127.0.0.1:{client}");
            let mut cmd = Command::new("etcd");
            cmd.args(["--name", &format!("m{i}")])
                .arg("--data-dir")
                .arg(d.join(format!("m{i}")))
                .args(["--listen-client-urls", &url, "--advertise-client-urls", &url])
                .args(["--listen-peer-urls", &format!("http://127.0.0.1:{peer}")])
                .args([
                    "--initial-advertise-peer-urls",
                    &format!("http://127.0.0.1:{peer}"),
                ])
                .args(["--initial-cluster", &initial, "--initial-cluster-state", "new"])
                .args(["--heartbeat-interval", "50", "--election-timeout", "500"])
                .arg("--cert-file")
                .arg(&server_crt)
                .arg("--key-file")
                .arg(&server_key)
                .arg("--trusted-ca-file")
                .arg(&ca_file)
                .arg("--client-cert-auth")
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            if let Some(q) = quota {
                cmd.arg(format!("--quota-backend-bytes={q}"));
            }
            members.push(Some(
                cmd.spawn().expect("etcd runs (apt-get install etcd-server)"),
            ));
            endpoints.push(url);
        }
        Cluster {
            members,
            endpoints,
            tls: TlsFiles {
                cert: Some(client_crt),
                key: Some(client_key),
                cacert: Some(ca_file),
            },
            wrong_ca,
            dir,
            _slot,
        }
    }

    pub fn target(&self, quota: u64) -> Resolution {
        Resolution::Watch(Target {
            endpoints: self.endpoints.clone(),
            tls: self.tls.clone(),
            quota: Quota {
                bytes: quota,
                source: QuotaSource::Config,
            },
            source: "--etcd-endpoints".into(),
        })
    }

    pub async fn poll(&self, files: &TlsFiles) -> Observation {
        poll_cluster(&self.endpoints, files, REQUEST_TIMEOUT).await
    }

    /// Waits until every member answers and one leads.
    pub async fn ready(&self, quota: u64) -> Polled {
        eventually("3 healthy etcd members with a leader", || async {
            let seen = self.poll(&self.tls).await;
            match model(&self.target(quota), Some(&seen), None) {
                EtcdLive::Polled(p)
                    if p.members.len() == 3
                        && p.leader.is_some()
                        && p.members.iter().all(|m| m.health == Health::Healthy) =>
                {
                    Some(p)
                }
                _ => None,
            }
        })
        .await
    }
}
