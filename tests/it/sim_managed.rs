//! The managed scenarios (`kon sim --scenario eks|gke|aks`, issue 15) as the
//! real kubectl sees them: the provider's version string, nodes with the
//! provider's IDs and labels, the provider's kube-system workloads and
//! leases, no control-plane node and no static pod, and health endpoints
//! that answer as the managed API servers do. Then `kon check` against each.

use crate::test_support;

use std::path::Path;
use std::process::Output;

use serde_json::Value;
use test_support::process::{check, kubectl, sim};

struct Shape {
    scenario: &'static str,
    git_version: &'static str,
    /// `/version`'s minor: `31+` for a vendor build (a `-suffix`), as EKS and GKE serve it.
    minor: &'static str,
    provider_id: &'static str,
    /// A provider label, escaped for a kubectl jsonpath.
    label_path: &'static str,
    kube_system: &'static [&'static str],
    identity_leases: usize,
    /// Whether the owner backs the cluster up (Velero).
    backed_up: bool,
}

const EKS: Shape = Shape {
    scenario: "eks",
    git_version: "v1.31.2-eks-7f9249a",
    minor: "31+",
    provider_id: "aws:///eu-west-1",
    label_path: r"eks\.amazonaws\.com/nodegroup",
    kube_system: &[
        "daemonset.apps/aws-node",
        "daemonset.apps/kube-proxy",
        "daemonset.apps/ebs-csi-node",
        "deployment.apps/coredns",
        "deployment.apps/ebs-csi-controller",
    ],
    identity_leases: 2,
    backed_up: true,
};

const GKE: Shape = Shape {
    scenario: "gke",
    git_version: "v1.31.1-gke.1678000",
    minor: "31+",
    provider_id: "gce://acme-prod/europe-west1-",
    label_path: r"cloud\.google\.com/gke-nodepool",
    kube_system: &[
        "daemonset.apps/gke-metrics-agent",
        "daemonset.apps/fluentbit-gke",
        "daemonset.apps/pdcsi-node",
        "deployment.apps/kube-dns",
        "deployment.apps/konnectivity-agent",
    ],
    identity_leases: 3,
    backed_up: false,
};

const AKS: Shape = Shape {
    scenario: "aks",
    git_version: "v1.31.2",
    minor: "31",
    provider_id: "azure:///subscriptions/",
    label_path: r"kubernetes\.azure\.com/agentpool",
    kube_system: &[
        "daemonset.apps/azure-ip-masq-agent",
        "daemonset.apps/cloud-node-manager",
        "daemonset.apps/csi-azuredisk-node",
        "deployment.apps/coredns",
        "deployment.apps/konnectivity-agent",
    ],
    identity_leases: 0,
    backed_up: false,
};

fn ok(kubeconfig: &Path, args: &[&str]) -> String {
    let (success, out, err) = kubectl(kubeconfig, args);
    assert!(success, "kubectl {args:?}: {err}");
    out
}

fn serves_its_shape(shape: &Shape) {
    let s = sim(&["--scenario", shape.scenario]);
    let kc = &s.kubeconfig;
    let name = shape.scenario;
    let version: Value = serde_json::from_str(&ok(kc, &["version", "-o", "json"])).expect("JSON");
    assert_eq!(
        version["serverVersion"]["gitVersion"], shape.git_version,
        "{name}"
    );
    assert_eq!(version["serverVersion"]["minor"], shape.minor, "{name}");
    let path = format!(
        "{{range .items[*]}}{{.spec.providerID}}{{\"\\t\"}}{{.metadata.labels.{}}}{{\"\\t\"}}{{.metadata.labels.node\\.kubernetes\\.io/instance-type}}{{\"\\n\"}}{{end}}",
        shape.label_path
    );
    let nodes = ok(kc, &["get", "nodes", "-o", &format!("jsonpath={path}")]);
    assert_eq!(nodes.lines().count(), 3, "{name}: {nodes}");
    for line in nodes.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        assert!(fields[0].starts_with(shape.provider_id), "{name}: {line}");
        assert!(
            fields.len() == 3 && fields.iter().all(|f| !f.is_empty()),
            "{name}: {line}"
        );
    }
    let zones = ok(
        kc,
        &[
            "get",
            "nodes",
            "-o",
            r"jsonpath={.items[*].metadata.labels.topology\.kubernetes\.io/zone}",
        ],
    );
    let mut zones: Vec<&str> = zones.split_whitespace().collect();
    zones.dedup();
    assert_eq!(zones.len(), 3, "{name}: {zones:?}");
    // No control-plane node, no static (mirror) pod, no etcd.
    for selector in [
        "node-role.kubernetes.io/control-plane",
        "node-role.kubernetes.io/master",
    ] {
        let cp = ok(kc, &["get", "nodes", "-l", selector, "-o", "name"]);
        assert!(cp.trim().is_empty(), "{name}: {cp}");
    }
    let mirrors = ok(
        kc,
        &[
            "get",
            "pods",
            "-A",
            "-o",
            r"jsonpath={.items[*].metadata.annotations.kubernetes\.io/config\.mirror}",
        ],
    );
    assert!(mirrors.trim().is_empty(), "{name}: static pods {mirrors}");
    let pods = ok(kc, &["get", "pods", "-n", "kube-system", "-o", "name"]);
    assert!(
        !pods.contains("etcd") && !pods.contains("kube-apiserver"),
        "{name}: {pods}"
    );
    // The provider's workloads, each ready.
    let workloads = ok(
        kc,
        &["get", "daemonsets,deployments", "-n", "kube-system", "-o", "name"],
    );
    for w in shape.kube_system {
        assert!(
            workloads.lines().any(|l| l == *w),
            "{name}: no {w} in {workloads}"
        );
    }
    let not_running = ok(
        kc,
        &[
            "get",
            "pods",
            "-A",
            "--field-selector",
            "status.phase!=Running",
            "-o",
            "name",
        ],
    );
    assert!(not_running.trim().is_empty(), "{name}: {not_running}");
    // The API server identity leases the provider exposes.
    let identity = ok(
        kc,
        &[
            "get",
            "leases",
            "-n",
            "kube-system",
            "-l",
            "apiserver.kubernetes.io/identity=kube-apiserver",
            "-o",
            "name",
        ],
    );
    assert_eq!(
        identity.lines().count(),
        shape.identity_leases,
        "{name}: {identity}"
    );
    // The health endpoints answer as the managed API servers do: all passing.
    let readyz = ok(kc, &["get", "--raw", "/readyz?verbose"]);
    assert!(
        readyz.contains("[+]etcd ok") && readyz.ends_with("readyz check passed\n"),
        "{name}: {readyz}"
    );
    assert_eq!(ok(kc, &["get", "--raw", "/livez"]), "ok", "{name}");
    // The API server's endpoints are the provider's, not nodes of the cluster.
    let endpoints = ok(
        kc,
        &[
            "get",
            "endpoints",
            "kubernetes",
            "-o",
            "jsonpath={.subsets[*].addresses[*].ip}",
        ],
    );
    assert!(!endpoints.trim().is_empty(), "{name}");
    let node_ips = ok(
        kc,
        &[
            "get",
            "nodes",
            "-o",
            "jsonpath={.items[*].status.addresses[*].address}",
        ],
    );
    for ip in endpoints.split_whitespace() {
        assert!(
            !node_ips.split_whitespace().any(|a| a == ip),
            "{name}: {ip} is a node's"
        );
    }
    // The backup story.
    let (velero, _, _) = kubectl(kc, &["get", "backups.velero.io", "-A", "-o", "name"]);
    assert_eq!(velero, shape.backed_up, "{name}: Velero served");
}

#[test]
fn eks_serves_its_shape_to_kubectl() {
    serves_its_shape(&EKS);
}

#[test]
fn gke_serves_its_shape_to_kubectl() {
    serves_its_shape(&GKE);
}

#[test]
fn aks_serves_its_shape_to_kubectl() {
    serves_its_shape(&AKS);
}

// ---------------------------------------------------------------- kon check

fn report(shape: &Shape) -> (Output, Value) {
    let s = sim(&["--scenario", shape.scenario]);
    let out = check(&s.kubeconfig, &["--output", "json"]);
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{}: not JSON ({e}): {}\nstderr: {}",
            shape.scenario,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out, report)
}

fn findings(report: &Value) -> Vec<&Value> {
    report["findings"]
        .as_array()
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

/// What holds with or without platform detection: the owner's side of each
/// managed scenario is healthy, so whatever `kon check` finds is about the
/// provider's part (the control plane, etcd, kube-system) or Velero's single
/// replica, never about the application namespaces.
fn applications_are_clean(shape: &Shape) {
    let (_, report) = report(shape);
    assert_eq!(report["complete"], true, "{}: {report:#}", shape.scenario);
    for f in findings(&report) {
        let ns = f["namespace"].as_str().unwrap_or_default();
        assert!(
            !["shop", "cert-manager", "default"].contains(&ns),
            "{}: {f:#}",
            shape.scenario
        );
    }
}

#[test]
fn eks_applications_are_clean() {
    applications_are_clean(&EKS);
}

#[test]
fn gke_applications_are_clean() {
    applications_are_clean(&GKE);
}

#[test]
fn aks_applications_are_clean() {
    applications_are_clean(&AKS);
}

/// A healthy managed cluster passes: nothing critical, exit 0, the rules about
/// the provider's control plane and etcd listed as not applicable with their
/// reason, and the cluster backup said at info level where none exists.
fn managed_check_passes(shape: &Shape) {
    let name = shape.scenario;
    let (out, report) = report(shape);
    let critical: Vec<_> = findings(&report)
        .into_iter()
        .filter(|f| f["severity"] == "critical")
        .collect();
    assert!(critical.is_empty(), "{name}: {critical:#?}");
    assert_eq!(out.status.code(), Some(0), "{name}: {report:#}");
    let not_applicable = report["notApplicable"].as_array().cloned().unwrap_or_default();
    for id in ["control-plane-not-ha", "etcd-backup-missing"] {
        let entry = not_applicable.iter().find(|n| n["id"] == id);
        let reason = entry.and_then(|n| n["reason"].as_str()).unwrap_or_default();
        assert!(
            !reason.is_empty(),
            "{name}: {id} not listed as not applicable: {not_applicable:#?}"
        );
    }
    let etcd_or_backup: Vec<_> = findings(&report)
        .into_iter()
        .filter(|f| f["id"].as_str().is_some_and(|id| id.contains("backup")))
        .collect();
    assert!(
        etcd_or_backup.iter().all(|f| f["severity"] == "info"),
        "{name}: {etcd_or_backup:#?}"
    );
    assert_eq!(
        etcd_or_backup.is_empty(),
        shape.backed_up,
        "{name}: {etcd_or_backup:#?}"
    );
    let s = sim(&["--scenario", name]);
    let text = check(&s.kubeconfig, &[]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("not applicable"), "{name}: {text}");
}

#[test]
fn kon_check_passes_on_eks() {
    managed_check_passes(&EKS);
}

#[test]
fn kon_check_passes_on_gke() {
    managed_check_passes(&GKE);
}

#[test]
fn kon_check_passes_on_aks() {
    managed_check_passes(&AKS);
}
