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

/// How many times a cluster is started afresh (new ports, new data dirs)
/// when it does not come up: a port taken between `free_port` and etcd's
/// bind by another test, or an election storm on a loaded machine.
const ATTEMPTS: usize = 3;

/// How long one start may take to give 3 healthy members and a leader.
const READY_WAIT: std::time::Duration = std::time::Duration::from_secs(45);

impl Cluster {
    /// A cluster that is up: every member healthy and one leading, with
    /// `quota` (None: etcd's default) as `--quota-backend-bytes`. A start
    /// that does not come up is reported with its members' logs and tried
    /// again on fresh ports; after [`ATTEMPTS`] it panics with those logs.
    pub async fn running(quota: Option<u64>) -> (Self, Polled) {
        let judged = quota.unwrap_or(QUOTA);
        let mut logs = Vec::new();
        for attempt in 1..=ATTEMPTS {
            let c = Self::start(quota);
            match c.ready(judged).await {
                Some(p) => return (c, p),
                None => {
                    let tail = c.log_tails();
                    eprintln!("etcd cluster attempt {attempt} did not come up:\n{tail}");
                    logs.push(tail);
                }
            }
        }
        panic!(
            "no 3-member etcd cluster with a leader after {ATTEMPTS} starts of {} s each:\n{}",
            READY_WAIT.as_secs(),
            logs.join("\n")
        );
    }

    /// The last lines each member wrote, for a start that failed.
    fn log_tails(&self) -> String {
        (0..self.members.len())
            .map(|i| {
                let log =
                    std::fs::read_to_string(self.dir.path().join(format!("m{i}.log"))).unwrap_or_default();
                let lines: Vec<&str> = log.lines().collect();
                let tail = lines[lines.len().saturating_sub(15)..].join("\n");
                format!("--- m{i} ---\n{tail}")
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn start(quota: Option<u64>) -> Self {
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
            let log = std::fs::File::create(d.join(format!("m{i}.log"))).unwrap();
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
                .stderr(log);
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

    /// Waits until every member answers and one leads, for at most
    /// [`READY_WAIT`]; None when they do not.
    async fn ready(&self, quota: u64) -> Option<Polled> {
        let until = std::time::Instant::now() + READY_WAIT;
        while std::time::Instant::now() < until {
            let seen = self.poll(&self.tls).await;
            if let EtcdLive::Polled(p) = model(&self.target(quota), Some(&seen), None)
                && p.members.len() == 3
                && p.leader.is_some()
                && p.members.iter().all(|m| m.health == Health::Healthy)
            {
                return Some(p);
            }
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        None
    }
}
