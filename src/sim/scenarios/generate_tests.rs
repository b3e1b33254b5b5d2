use super::*;
use helpers::*;

/// Small helpers over generated objects.
mod helpers {
    use serde_json::Value;
    pub fn kind(v: &Value) -> &str {
        v.get("kind").and_then(Value::as_str).unwrap_or_default()
    }
    pub fn count(objs: &[Value], k: &str) -> usize {
        objs.iter().filter(|o| kind(o) == k).count()
    }
    pub fn s<'a>(v: &'a Value, path: &[&str]) -> &'a str {
        let mut cur = v;
        for p in path {
            cur = match cur.get(p) {
                Some(c) => c,
                None => return "",
            };
        }
        cur.as_str().unwrap_or_default()
    }
}

const NOW: i64 = 1_800_000_000;

fn settings(nodes: u32, ppn: u32) -> Generate {
    Generate {
        nodes,
        pods_per_node: ppn,
        ..Generate::default()
    }
}

#[test]
fn counts_are_exact() {
    for (nodes, ppn, cp) in [(20, 10, 3), (7, 13, 1), (3, 12, 3), (1, 5, 1), (50, 30, 5)] {
        let g = Generate {
            control_plane_nodes: cp,
            ..settings(nodes, ppn)
        };
        assert_eq!(g.validate(), Ok(()), "{nodes}/{ppn}/{cp}");
        let objs = generate(&g, "v1.35.0", NOW);
        let expected = expected_counts(&g);
        assert_eq!(count(&objs, "Node") as u64, expected.nodes);
        assert_eq!(count(&objs, "Pod") as u64, expected.pods, "{nodes}/{ppn}/{cp}");
        assert_eq!(count(&objs, "Deployment") as u64, expected.deployments);
        assert_eq!(count(&objs, "ReplicaSet") as u64, expected.deployments);
        assert_eq!(count(&objs, "Namespace") as u64, expected.namespaces);
        let cp_nodes = objs
            .iter()
            .filter(|o| {
                kind(o) == "Node"
                    && o["metadata"]["labels"]
                        .get("node-role.kubernetes.io/control-plane")
                        .is_some()
            })
            .count();
        assert_eq!(cp_nodes as u32, cp);
    }
    assert!(generate(&settings(0, 10), "v1.35.0", NOW).is_empty());
}

#[test]
fn deterministic_and_seed_sensitive() {
    let a = generate(&settings(10, 10), "v1.35.0", NOW);
    let b = generate(&settings(10, 10), "v1.35.0", NOW);
    assert_eq!(a, b);
    let c = generate(
        &Generate {
            seed: 2,
            ..settings(10, 10)
        },
        "v1.35.0",
        NOW,
    );
    assert_ne!(a, c);
    assert_eq!(count(&a, "Pod"), count(&c, "Pod"));
}

#[test]
fn uids_and_names_are_unique() {
    let objs = generate(&settings(40, 20), "v1.35.0", NOW);
    let mut uids: Vec<&str> = objs.iter().map(|o| s(o, &["metadata", "uid"])).collect();
    let n = uids.len();
    assert!(uids.iter().all(|u| u.len() == 36 && u.as_bytes()[14] == b'4'));
    uids.sort_unstable();
    uids.dedup();
    assert_eq!(uids.len(), n);
    let mut ids: Vec<(&str, &str, &str)> = objs
        .iter()
        .map(|o| {
            (
                kind(o),
                s(o, &["metadata", "namespace"]),
                s(o, &["metadata", "name"]),
            )
        })
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n);
}

#[test]
fn ownership_chain_and_placement() {
    let objs = generate(&settings(12, 15), "v1.35.0", NOW);
    let by_uid = |u: &str| objs.iter().find(|o| s(o, &["metadata", "uid"]) == u);
    let nodes: Vec<&Value> = objs.iter().filter(|o| kind(o) == "Node").collect();
    let mut per_node = std::collections::BTreeMap::<&str, u64>::new();
    for pod in objs.iter().filter(|o| kind(o) == "Pod") {
        let node = s(pod, &["spec", "nodeName"]);
        assert!(
            nodes.iter().any(|n| s(n, &["metadata", "name"]) == node),
            "pod on unknown node {node}"
        );
        *per_node.entry(node).or_default() += 1;
        let owner = &pod["metadata"]["ownerReferences"][0];
        let owner_obj = by_uid(s(owner, &["uid"]))
            .unwrap_or_else(|| panic!("dangling owner of {}", s(pod, &["metadata", "name"])));
        assert_eq!(kind(owner_obj), s(owner, &["kind"]));
        if kind(owner_obj) == "ReplicaSet" {
            let hash = s(owner_obj, &["metadata", "labels", "pod-template-hash"]);
            assert_eq!(s(pod, &["metadata", "labels", "pod-template-hash"]), hash);
            let dep = by_uid(s(&owner_obj["metadata"]["ownerReferences"][0], &["uid"])).unwrap();
            assert_eq!(kind(dep), "Deployment");
            assert_eq!(
                s(pod, &["metadata", "namespace"]),
                s(dep, &["metadata", "namespace"])
            );
            assert!(!s(pod, &["spec", "nodeName"]).starts_with("control-plane"));
        }
    }
    // Every node holds a kube-proxy pod; workers are evenly loaded.
    for n in &nodes {
        let name = s(n, &["metadata", "name"]);
        let proxies = objs
            .iter()
            .filter(|o| {
                kind(o) == "Pod"
                    && s(o, &["spec", "nodeName"]) == name
                    && s(o, &["metadata", "labels", "k8s-app"]) == "kube-proxy"
            })
            .count();
        assert_eq!(proxies, 1, "{name}");
    }
    let worker_loads: Vec<u64> = per_node
        .iter()
        .filter(|(n, _)| n.starts_with("worker"))
        .map(|(_, c)| *c)
        .collect();
    let (min, max) = (
        worker_loads.iter().min().unwrap(),
        worker_loads.iter().max().unwrap(),
    );
    assert!(max - min <= 1, "{worker_loads:?}");
}

#[test]
fn zones_control_plane_and_leases() {
    let objs = generate(&settings(9, 10), "v1.35.0", NOW);
    let zone_of = |n: &Value| s(n, &["metadata", "labels", "topology.kubernetes.io/zone"]).to_owned();
    let cp: Vec<String> = objs
        .iter()
        .filter(|o| kind(o) == "Node" && s(o, &["metadata", "name"]).starts_with("control-plane"))
        .map(zone_of)
        .collect();
    assert_eq!(cp, vec!["region-1a", "region-1b", "region-1c"]);
    let tainted = objs
        .iter()
        .filter(|o| kind(o) == "Node" && o["spec"].get("taints").is_some())
        .count();
    assert_eq!(tainted, 3);
    let statics = objs
        .iter()
        .filter(|o| s(o, &["metadata", "labels", "tier"]) == "control-plane")
        .count();
    assert_eq!(statics, 12);
    assert!(
        objs.iter()
            .filter(|o| s(o, &["metadata", "labels", "tier"]) == "control-plane")
            .all(|p| p["metadata"]["annotations"]
                .get("kubernetes.io/config.mirror")
                .is_some())
    );
    let identity = objs
        .iter()
        .filter(|o| {
            kind(o) == "Lease"
                && s(o, &["metadata", "labels", "apiserver.kubernetes.io/identity"]) == "kube-apiserver"
        })
        .count();
    assert_eq!(identity, 3);
    for leader in ["kube-scheduler", "kube-controller-manager"] {
        let l = objs
            .iter()
            .find(|o| {
                kind(o) == "Lease"
                    && s(o, &["metadata", "name"]) == leader
                    && s(o, &["metadata", "namespace"]) == "kube-system"
            })
            .unwrap();
        assert!(s(l, &["spec", "holderIdentity"]).starts_with("control-plane-1_"));
        assert!(s(l, &["spec", "renewTime"]).ends_with(".000000Z"));
    }
    let eps = objs.iter().find(|o| kind(o) == "EndpointSlice").unwrap();
    assert_eq!(eps["endpoints"].as_array().unwrap().len(), 3);
}

#[test]
fn single_node_cluster_runs_workloads_on_the_untainted_control_plane() {
    let objs = generate(
        &Generate {
            control_plane_nodes: 1,
            ..settings(1, 10)
        },
        "v1.35.0",
        NOW,
    );
    assert_eq!(count(&objs, "Pod"), 10);
    assert!(
        objs.iter()
            .filter(|o| kind(o) == "Node")
            .all(|n| n["spec"].get("taints").is_none())
    );
}

#[test]
fn replicas_split_exactly() {
    let mut rng = Rng::new(7);
    for (total, n) in [(0u64, 5usize), (1, 5), (2, 1), (100, 1), (101, 7), (144_988, 251)] {
        let split = split_replicas(total, n, &mut rng);
        assert_eq!(split.len(), n);
        assert_eq!(split.iter().sum::<u64>(), total, "{total}/{n}");
    }
}

#[test]
fn suffixes_do_not_collide() {
    let mut seen: Vec<String> = (0..20_000).map(|i| suffix(12_345, i)).collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 20_000);
    assert!(seen.iter().all(|s| s.len() == 5));
}
