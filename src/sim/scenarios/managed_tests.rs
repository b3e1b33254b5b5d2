//! The managed scenarios (`eks`, `gke`, `aks`) are shaped like the real
//! services as far as the API shows them: the version string, the nodes'
//! provider IDs and labels, the provider's kube-system workloads and leases,
//! and nothing of the control plane the customer cannot see.

use serde_json::Value;

use super::load;
use crate::sim::scenarios::scenario::Scenario;

struct Shape {
    name: &'static str,
    version: &'static str,
    provider_id: &'static str,
    node_label: &'static str,
    daemonsets: &'static [(&'static str, &'static str)],
    deployments: &'static [(&'static str, &'static str)],
    identity_leases: usize,
    leader_leases: &'static [&'static str],
    velero: bool,
    /// node-problem-detector runs on the node (its conditions show), not as a pod.
    npd_on_node: bool,
}

const SHAPES: &[Shape] = &[
    Shape {
        name: "eks",
        version: "v1.31.2-eks-7f9249a",
        provider_id: "aws:///eu-west-1",
        node_label: "eks.amazonaws.com/nodegroup",
        daemonsets: &[
            (
                "aws-node",
                "602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni:",
            ),
            (
                "kube-proxy",
                "602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/kube-proxy:",
            ),
            (
                "ebs-csi-node",
                "602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/aws-ebs-csi-driver:",
            ),
        ],
        deployments: &[
            (
                "coredns",
                "602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/coredns:",
            ),
            (
                "ebs-csi-controller",
                "602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/aws-ebs-csi-driver:",
            ),
        ],
        identity_leases: 2,
        leader_leases: &[
            "kube-controller-manager",
            "kube-scheduler",
            "cloud-controller-manager",
        ],
        velero: true,
        npd_on_node: false,
    },
    Shape {
        name: "gke",
        version: "v1.31.1-gke.1678000",
        provider_id: "gce://acme-prod/europe-west1-",
        node_label: "cloud.google.com/gke-nodepool",
        daemonsets: &[
            ("gke-metrics-agent", "gke.gcr.io/gke-metrics-agent:"),
            ("fluentbit-gke", "gke.gcr.io/fluent-bit:"),
            ("pdcsi-node", "gke.gcr.io/csi-node-driver-registrar:"),
            ("anetd", "gke.gcr.io/cilium/cilium:"),
        ],
        deployments: &[
            ("kube-dns", "gke.gcr.io/k8s-dns-kube-dns:"),
            (
                "kube-dns-autoscaler",
                "gke.gcr.io/cluster-proportional-autoscaler:",
            ),
            ("konnectivity-agent", "gke.gcr.io/proxy-agent:"),
        ],
        identity_leases: 3,
        leader_leases: &["kube-controller-manager", "kube-scheduler"],
        velero: false,
        npd_on_node: true,
    },
    Shape {
        name: "aks",
        version: "v1.31.2",
        provider_id: "azure:///subscriptions/",
        node_label: "kubernetes.azure.com/agentpool",
        daemonsets: &[
            ("azure-ip-masq-agent", "mcr.microsoft.com/aks/ip-masq-agent-v2:"),
            (
                "cloud-node-manager",
                "mcr.microsoft.com/oss/kubernetes/azure-cloud-node-manager:",
            ),
            ("kube-proxy", "mcr.microsoft.com/oss/kubernetes/kube-proxy:"),
            (
                "csi-azuredisk-node",
                "mcr.microsoft.com/oss/kubernetes-csi/livenessprobe:",
            ),
        ],
        deployments: &[
            ("coredns", "mcr.microsoft.com/oss/kubernetes/coredns:"),
            (
                "coredns-autoscaler",
                "mcr.microsoft.com/oss/kubernetes/autoscaler/",
            ),
            (
                "konnectivity-agent",
                "mcr.microsoft.com/oss/kubernetes/apiserver-network-proxy/agent:",
            ),
        ],
        identity_leases: 0,
        leader_leases: &[],
        velero: false,
        npd_on_node: true,
    },
];

fn scenario(name: &str) -> Scenario {
    load(name).unwrap_or_else(|e| panic!("{name}: {e:#}"))
}

fn of_kind<'a>(s: &'a Scenario, kind: &str) -> Vec<&'a Value> {
    s.objects.iter().filter(|o| o["kind"] == kind).collect()
}

fn name(o: &Value) -> &str {
    o["metadata"]["name"].as_str().unwrap_or_default()
}

fn namespace(o: &Value) -> &str {
    o["metadata"]["namespace"].as_str().unwrap_or_default()
}

fn images(o: &Value) -> Vec<&str> {
    o["spec"]["template"]["spec"]["containers"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["image"].as_str())
        .collect()
}

#[test]
fn managed_scenarios_show_the_providers_version_nodes_and_workloads() {
    for shape in SHAPES {
        let s = scenario(shape.name);
        let n = shape.name;
        assert_eq!(s.cluster.kubernetes_version, shape.version, "{n}");
        let nodes = of_kind(&s, "Node");
        assert_eq!(nodes.len(), 3, "{n}");
        let mut zones: Vec<&str> = Vec::new();
        for node in &nodes {
            let id = node["spec"]["providerID"].as_str().unwrap_or_default();
            assert!(id.starts_with(shape.provider_id), "{n}: {id}");
            let labels = &node["metadata"]["labels"];
            for key in [shape.node_label, "node.kubernetes.io/instance-type"] {
                assert!(labels[key].is_string(), "{n}: {} lacks {key}", name(node));
            }
            zones.push(labels["topology.kubernetes.io/zone"].as_str().unwrap_or_default());
            assert!(labels["topology.kubernetes.io/region"].is_string(), "{n}");
        }
        zones.dedup();
        assert_eq!(zones.len(), 3, "{n}: one node per zone");
        for (kind, wanted) in [("DaemonSet", shape.daemonsets), ("Deployment", shape.deployments)] {
            for (workload, image) in wanted {
                let found = of_kind(&s, kind)
                    .into_iter()
                    .find(|o| namespace(o) == "kube-system" && name(o) == *workload)
                    .unwrap_or_else(|| panic!("{n}: no {kind} kube-system/{workload}"));
                assert!(
                    images(found).iter().any(|i| i.starts_with(image)),
                    "{n}: {workload} runs {:?}",
                    images(found)
                );
            }
        }
    }
}

#[test]
fn managed_scenarios_hide_the_control_plane() {
    for shape in SHAPES {
        let s = scenario(shape.name);
        let n = shape.name;
        for node in of_kind(&s, "Node") {
            let labels = node["metadata"]["labels"].as_object().expect("labels");
            assert!(
                !labels
                    .keys()
                    .any(|k| k.ends_with("/control-plane") || k.ends_with("/master")),
                "{n}: {} is a control-plane node",
                name(node)
            );
            assert!(node["spec"]["taints"].is_null(), "{n}");
        }
        for pod in of_kind(&s, "Pod") {
            let annotations = &pod["metadata"]["annotations"];
            assert!(
                annotations["kubernetes.io/config.mirror"].is_null(),
                "{n}: static pod {}",
                name(pod)
            );
            assert!(
                pod["metadata"]["ownerReferences"].is_array(),
                "{n}: bare pod {}",
                name(pod)
            );
            assert_ne!(
                pod["metadata"]["labels"]["tier"],
                "control-plane",
                "{n}: {}",
                name(pod)
            );
        }
        for o in &s.objects {
            let what = format!("{} {}/{}", o["kind"], namespace(o), name(o));
            assert!(!name(o).contains("etcd"), "{n}: {what}");
            assert!(name(o) != "kubeadm-config", "{n}: {what}");
            for image in images(o) {
                assert!(
                    !image.contains("etcd") && !image.contains("kube-apiserver"),
                    "{n}: {what}"
                );
            }
        }
        assert!(s.cluster.health.failing.is_empty(), "{n}: a healthy cluster");
    }
}

#[test]
fn managed_scenarios_expose_the_leases_their_provider_exposes() {
    for shape in SHAPES {
        let s = scenario(shape.name);
        let n = shape.name;
        let leases: Vec<&Value> = of_kind(&s, "Lease")
            .into_iter()
            .filter(|l| namespace(l) == "kube-system")
            .collect();
        let identity: Vec<&&Value> = leases
            .iter()
            .filter(|l| l["metadata"]["labels"]["apiserver.kubernetes.io/identity"] == "kube-apiserver")
            .collect();
        assert_eq!(identity.len(), shape.identity_leases, "{n}");
        assert!(identity.iter().all(|l| name(l).starts_with("apiserver-")), "{n}");
        let mut leaders: Vec<&str> = leases
            .iter()
            .filter(|l| !name(l).starts_with("apiserver-"))
            .map(|l| name(l))
            .collect();
        leaders.sort_unstable();
        let mut expected = shape.leader_leases.to_vec();
        expected.sort_unstable();
        assert_eq!(leaders, expected, "{n}");
        // Every node has its heartbeat lease.
        let heartbeats = of_kind(&s, "Lease")
            .into_iter()
            .filter(|l| namespace(l) == "kube-node-lease")
            .count();
        assert_eq!(heartbeats, 3, "{n}");
    }
}

#[test]
fn managed_scenarios_tell_their_backup_story() {
    for shape in SHAPES {
        let s = scenario(shape.name);
        let backups = of_kind(&s, "Backup");
        let completed = backups
            .iter()
            .filter(|b| b["status"]["phase"] == "Completed")
            .count();
        assert_eq!(completed > 0, shape.velero, "{}: Velero backups", shape.name);
        assert_eq!(backups.len(), completed, "{}: none failed", shape.name);
        assert!(
            of_kind(&s, "CronJob").is_empty(),
            "{}: no etcd CronJob",
            shape.name
        );
    }
}

#[test]
fn node_problem_detector_shows_where_it_runs() {
    for shape in SHAPES {
        let s = scenario(shape.name);
        let daemonset = of_kind(&s, "DaemonSet")
            .into_iter()
            .any(|d| name(d) == "node-problem-detector");
        assert_eq!(daemonset, !shape.npd_on_node, "{}", shape.name);
        for node in of_kind(&s, "Node") {
            let deadlock = node["status"]["conditions"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|c| c["type"] == "KernelDeadlock");
            assert_eq!(
                deadlock.is_some(),
                shape.npd_on_node,
                "{}: {}",
                shape.name,
                name(node)
            );
            assert!(deadlock.is_none_or(|c| c["status"] == "False"), "{}", shape.name);
        }
    }
}

#[test]
fn managed_scenarios_are_consistent() {
    for shape in SHAPES {
        let s = scenario(shape.name);
        let n = shape.name;
        let uid_of = |kind: &str, ns: &str, owner: &str| {
            s.objects
                .iter()
                .find(|o| o["kind"] == kind && namespace(o) == ns && name(o) == owner)
                .map(|o| o["metadata"]["uid"].clone())
        };
        let nodes: Vec<&str> = of_kind(&s, "Node").into_iter().map(name).collect();
        for pod in of_kind(&s, "Pod") {
            let node = pod["spec"]["nodeName"].as_str().unwrap_or_default();
            assert!(nodes.contains(&node), "{n}: {} on {node}", name(pod));
            assert_eq!(pod["status"]["phase"], "Running", "{n}");
        }
        for o in &s.objects {
            for r in o["metadata"]["ownerReferences"].as_array().into_iter().flatten() {
                let (kind, owner) = (
                    r["kind"].as_str().unwrap_or_default(),
                    r["name"].as_str().unwrap_or_default(),
                );
                let ns = if kind == "Node" { "" } else { namespace(o) };
                assert_eq!(
                    uid_of(kind, ns, owner).as_ref(),
                    Some(&r["uid"]),
                    "{n}: owner of {}",
                    name(o)
                );
            }
        }
        // A DaemonSet's pod on every node.
        for ds in of_kind(&s, "DaemonSet") {
            let on: Vec<&str> = of_kind(&s, "Pod")
                .into_iter()
                .filter(|p| p["metadata"]["ownerReferences"][0]["name"] == name(ds))
                .filter_map(|p| p["spec"]["nodeName"].as_str())
                .collect();
            assert_eq!(on.len(), nodes.len(), "{n}: {}", name(ds));
        }
        // The typed kinds read as Kubernetes' own types.
        for o in &s.objects {
            let ok = match o["kind"].as_str().unwrap_or_default() {
                "Node" => typed::<k8s_openapi::api::core::v1::Node>(o),
                "Pod" => typed::<k8s_openapi::api::core::v1::Pod>(o),
                "DaemonSet" => typed::<k8s_openapi::api::apps::v1::DaemonSet>(o),
                "Deployment" => typed::<k8s_openapi::api::apps::v1::Deployment>(o),
                "Lease" => typed::<k8s_openapi::api::coordination::v1::Lease>(o),
                "Endpoints" => typed::<k8s_openapi::api::core::v1::Endpoints>(o),
                _ => Ok(()),
            };
            assert!(ok.is_ok(), "{n}: {} {}: {ok:?}", o["kind"], name(o));
        }
    }
}

fn typed<T: serde::de::DeserializeOwned>(o: &Value) -> Result<(), String> {
    serde_json::from_value::<T>(o.clone())
        .map(|_| ())
        .map_err(|e| e.to_string())
}
