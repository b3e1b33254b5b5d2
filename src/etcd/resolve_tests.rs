use super::*;

const KUBEADM: &str = "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - command:\n    - etcd\n    - --advertise-client-urls=https://10.0.0.5:2379\n    - --listen-client-urls=https://127.0.0.1:2379,https://10.0.0.5:2379\n    - --quota-backend-bytes=8589934592\n    image: registry.k8s.io/etcd:3.5.15-0\n";

fn inputs<'a>(flags: &'a Given, config: &'a Given, manifest: Manifest, pki: Option<&'a Path>) -> Inputs<'a> {
    Inputs {
        flags,
        config,
        quota_override: None,
        manifest_path: Path::new(KUBEADM_MANIFEST),
        manifest,
        pki_dir: pki,
        mirror: None,
    }
}

fn watch(r: Resolution) -> Target {
    match r {
        Resolution::Watch(t) => t,
        Resolution::NotWatched(why) => panic!("not watched: {why}"),
    }
}

#[test]
fn kubeadm_manifest_gives_urls_quota_and_the_healthcheck_client_pair() {
    let none = Given::default();
    let pki = Path::new("/etc/kubernetes/pki");
    let t = watch(resolve(&inputs(
        &none,
        &none,
        Manifest::Text(KUBEADM.into()),
        Some(pki),
    )));
    assert_eq!(t.endpoints, vec!["https://10.0.0.5:2379"]);
    assert_eq!(
        t.quota,
        Quota {
            bytes: 8 << 30,
            source: QuotaSource::CommandLine
        }
    );
    assert_eq!(
        t.tls.cert.as_deref(),
        Some(Path::new("/etc/kubernetes/pki/etcd/healthcheck-client.crt"))
    );
    assert_eq!(
        t.tls.key.as_deref(),
        Some(Path::new("/etc/kubernetes/pki/etcd/healthcheck-client.key"))
    );
    assert_eq!(
        t.tls.cacert.as_deref(),
        Some(Path::new("/etc/kubernetes/pki/etcd/ca.crt"))
    );
    assert_eq!(t.source, KUBEADM_MANIFEST);
}

#[test]
fn flags_win_over_config_and_manifest_and_the_quota_defaults_to_2_gib() {
    let flags = Given {
        endpoints: vec!["http://127.0.0.1:2379".into()],
        ..Given::default()
    };
    let config = Given {
        endpoints: vec!["https://etcd-0:2379".into()],
        cacert: Some("/ca.pem".into()),
        ..Given::default()
    };
    let t = watch(resolve(&inputs(
        &flags,
        &config,
        Manifest::Missing,
        Some(Path::new("/pki")),
    )));
    assert_eq!(t.endpoints, vec!["http://127.0.0.1:2379"]);
    // Plain http: no TLS files, not even kubeadm's.
    assert_eq!(t.tls, TlsFiles::default());
    assert_eq!(
        t.quota,
        Quota {
            bytes: DEFAULT_QUOTA,
            source: QuotaSource::Default
        }
    );
    assert_eq!(t.quota.said(), "etcd's default, assumed");
    // Config's endpoints with its credentials when no flag names endpoints.
    let t = watch(resolve(&inputs(
        &Given::default(),
        &config,
        Manifest::Missing,
        None,
    )));
    assert_eq!(
        (t.endpoints[0].as_str(), t.tls.cacert.as_deref()),
        ("https://etcd-0:2379", Some(Path::new("/ca.pem")))
    );
}

#[test]
fn config_quota_overrides_the_manifest() {
    let none = Given::default();
    let mut i = inputs(&none, &none, Manifest::Text(KUBEADM.into()), None);
    i.quota_override = Some(1 << 30);
    let t = watch(resolve(&i));
    assert_eq!(
        t.quota,
        Quota {
            bytes: 1 << 30,
            source: QuotaSource::Config
        }
    );
}

#[test]
fn no_endpoints_says_why_naming_the_manifest() {
    let none = Given::default();
    let Resolution::NotWatched(why) = resolve(&inputs(&none, &none, Manifest::Missing, None)) else {
        panic!("watched")
    };
    assert!(
        why.contains("--etcd-endpoints") && why.contains("/etc/kubernetes/manifests/etcd.yaml: not found"),
        "{why}"
    );
    let Resolution::NotWatched(why) = resolve(&inputs(
        &none,
        &none,
        Manifest::Unreadable("permission denied".into()),
        None,
    )) else {
        panic!("watched")
    };
    assert!(why.contains("etcd.yaml: permission denied"), "{why}");
}

#[test]
fn command_line_makes_wildcards_loopback_and_ignores_bad_quota() {
    let c = command_line(&[
        "etcd",
        "--listen-client-urls=http://0.0.0.0:2379",
        "--quota-backend-bytes=lots",
    ]);
    assert_eq!(c.client_urls, vec!["http://127.0.0.1:2379"]);
    assert_eq!(c.quota_bytes, None);
}
