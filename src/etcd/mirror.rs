//! etcd's mirror pod through the API: on a machine that is not a kubeadm
//! control-plane node, the kubelet's mirror of the etcd static pod
//! (`kube-system/etcd-NODE`, label `component=etcd`) carries the same
//! command line as the manifest (`--advertise-client-urls`,
//! `--listen-client-urls`, `--quota-backend-bytes`).

use std::time::Duration;

use k8s_openapi::api::core::v1::Pod;

use super::resolve::Mirror;

/// The longest the console waits for the mirror pod before it starts.
pub const TIMEOUT: Duration = Duration::from_secs(2);

/// The mirror pod's name and its etcd container's command and arguments.
pub fn from_pod(pod: &Pod) -> Option<Mirror> {
    let spec = pod.spec.as_ref()?;
    let c = spec
        .containers
        .iter()
        .find(|c| c.name == "etcd")
        .or(spec.containers.first())?;
    let args: Vec<String> = c
        .command
        .iter()
        .flatten()
        .chain(c.args.iter().flatten())
        .cloned()
        .collect();
    Some(Mirror {
        pod: format!(
            "{}/{}",
            pod.metadata.namespace.as_deref().unwrap_or("kube-system"),
            pod.metadata.name.as_deref().unwrap_or("etcd")
        ),
        args,
    })
}

/// The first etcd mirror pod of kube-system, or why there is none (not
/// allowed, not a self-managed control plane, no answer).
pub async fn fetch(client: &kube::Client) -> Result<Option<Mirror>, String> {
    let api: kube::Api<Pod> = kube::Api::namespaced(client.clone(), "kube-system");
    let params = kube::api::ListParams::default().labels("component=etcd").limit(5);
    let list = tokio::time::timeout(TIMEOUT, api.list(&params))
        .await
        .map_err(|_| format!("pods in kube-system: no answer within {}s", TIMEOUT.as_secs()))?
        .map_err(|e| format!("pods in kube-system: {e}"))?;
    Ok(list.items.iter().find_map(from_pod))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::etcd::resolve::{Given, Inputs, KUBEADM_MANIFEST, Manifest, QuotaSource, Resolution, resolve};

    fn pod() -> Pod {
        serde_json::from_value(serde_json::json!({
            "metadata": {"name": "etcd-cp-1", "namespace": "kube-system", "labels": {"component": "etcd"}},
            "spec": {"containers": [{
                "name": "etcd",
                "command": ["etcd", "--advertise-client-urls=https://10.0.0.5:2379",
                            "--listen-client-urls=https://127.0.0.1:2379,https://10.0.0.5:2379",
                            "--quota-backend-bytes=8589934592"]
            }]}
        }))
        .unwrap()
    }

    fn with(mirror: Option<Mirror>, manifest: Manifest, flags: &Given) -> Resolution {
        resolve(&Inputs {
            flags,
            config: &Given::default(),
            quota_override: None,
            manifest_path: std::path::Path::new(KUBEADM_MANIFEST),
            manifest,
            pki_dir: Some(std::path::Path::new("/etc/kubernetes/pki")),
            mirror,
        })
    }

    #[test]
    fn the_mirror_pod_gives_endpoints_and_quota_when_the_manifest_is_not_here() {
        let m = from_pod(&pod()).unwrap();
        assert_eq!(m.pod, "kube-system/etcd-cp-1");
        let Resolution::Watch(t) = with(Some(m.clone()), Manifest::Missing, &Given::default()) else {
            panic!("not watched")
        };
        assert_eq!(t.endpoints, ["https://10.0.0.5:2379"]);
        assert_eq!(t.source, "the etcd pod kube-system/etcd-cp-1");
        assert_eq!((t.quota.bytes, t.quota.source), (8 << 30, QuotaSource::Pod));
        assert_eq!(t.quota.said(), "--quota-backend-bytes of the etcd pod");
        // kubeadm's client pair under the PKI dir, as for the manifest.
        assert_eq!(
            t.tls.cacert.as_deref(),
            Some(std::path::Path::new("/etc/kubernetes/pki/etcd/ca.crt"))
        );
        // Unreadable manifest: the pod too.
        let Resolution::Watch(t) = with(
            Some(m.clone()),
            Manifest::Unreadable("permission denied".into()),
            &Given::default(),
        ) else {
            panic!("not watched")
        };
        assert_eq!(t.endpoints, ["https://10.0.0.5:2379"]);
        // The order of the issue: flags first (the pod's quota still said).
        let flags = Given {
            endpoints: vec!["https://e:2379".into()],
            ..Given::default()
        };
        let Resolution::Watch(t) = with(Some(m.clone()), Manifest::Missing, &flags) else {
            panic!("not watched")
        };
        assert_eq!(
            (t.endpoints[0].as_str(), t.source.as_str()),
            ("https://e:2379", "--etcd-endpoints")
        );
        assert_eq!(t.quota.source, QuotaSource::Pod);
        // A readable manifest wins over the pod.
        let text = "    - --advertise-client-urls=https://10.9.9.9:2379\n".to_string();
        let Resolution::Watch(t) = with(Some(m), Manifest::Text(text), &Given::default()) else {
            panic!("not watched")
        };
        assert_eq!(t.endpoints, ["https://10.9.9.9:2379"]);
        assert_eq!(t.quota.source, QuotaSource::Default);
        // No pod either: not watched, as before.
        assert!(matches!(
            with(None, Manifest::Missing, &Given::default()),
            Resolution::NotWatched(_)
        ));
    }
}
