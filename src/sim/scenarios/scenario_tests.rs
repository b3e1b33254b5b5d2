use super::super::sim_time::parse_rfc3339;
use super::*;
use serde_json::json;

const NOW: i64 = 1_800_000_000; // 2027-01-15T08:00:00Z

fn load(text: &str) -> Result<Scenario, ScenarioError> {
    parse_at(Path::new("s.yaml"), text, NOW)
}

fn error(text: &str) -> (usize, usize, String) {
    match load(text) {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(e) => (e.line, e.column, e.message),
    }
}

#[test]
fn error_display_is_path_line_column_message() {
    let e = ScenarioError {
        path: PathBuf::from("assets/scenarios/x.yaml"),
        line: 3,
        column: 7,
        message: "boom".into(),
    };
    assert_eq!(e.to_string(), "assets/scenarios/x.yaml:3:7: boom");
}

#[test]
fn documents_and_lists() {
    let s = load(
        "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n---\n\
         apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a, namespace: web}\n\
         - apiVersion: v1\n  kind: Node\n  metadata: {name: n1, namespace: oops}\n---\n\
         apiVersion: v1\nkind: PodList\nmetadata: {resourceVersion: \"7\"}\nitems:\n- metadata: {name: p, namespace: web}\n---\n\
         apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n",
    )
    .unwrap();
    let ids: Vec<(String, String, String)> = s
        .objects
        .iter()
        .map(|o| {
            let i = identity(o);
            (i.kind, i.namespace, i.name)
        })
        .collect();
    assert_eq!(
        ids,
        vec![
            ("Namespace".into(), "".into(), "web".into()),
            ("ConfigMap".into(), "web".into(), "a".into()),
            ("Node".into(), "".into(), "n1".into()),
            ("Pod".into(), "web".into(), "p".into()),
            ("Deployment".into(), "default".into(), "d".into()),
        ]
    );
    assert_eq!(s.objects[3]["apiVersion"], "v1");
    assert_eq!(s.cluster, SimCluster::default());
}

#[test]
fn unknown_kinds_are_accepted_and_crds_honoured() {
    let s = load(
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: backups.velero.io}\n\
         spec:\n  group: velero.io\n  scope: Namespaced\n  names: {kind: Backup, plural: backups}\n  versions: [{name: v1, served: true, storage: true}]\n---\n\
         apiVersion: velero.io/v1\nkind: Backup\nmetadata: {name: b1}\n---\n\
         apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n",
    )
    .unwrap();
    let backup = &s.objects[1];
    assert_eq!(backup["metadata"]["namespace"], "default");
    let info = s.kinds.resource_for(backup).unwrap();
    assert_eq!((info.plural.as_str(), info.namespaced), ("backups", true));
    let widget = s.kinds.resource_for(&s.objects[2]).unwrap();
    assert_eq!((widget.plural.as_str(), widget.namespaced), ("widgets", false));
    assert!(s.objects[2]["metadata"].get("namespace").is_none());
}

#[test]
fn syntax_error_position() {
    let (line, col, msg) = error("apiVersion: v1\nkind: Pod\nmetadata:\n  name: [a, b\n");
    assert_eq!(line, 4, "{msg}");
    assert!(col >= 9, "{col} {msg}");
    let (line, col, _) = error("a: 1\n---\nfoo: bar: baz\n");
    assert_eq!((line, col), (3, 9));
}

#[test]
fn duplicate_yaml_keys_are_refused() {
    let (line, _, msg) = error("apiVersion: v1\nkind: Pod\nkind: Node\nmetadata: {name: x}\n");
    assert_eq!(line, 3, "{msg}");
}

#[test]
fn non_mapping_document() {
    let (line, col, msg) =
        error("apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n- just\n- a list\n");
    assert_eq!((line, col), (5, 1), "{msg}");
    assert!(msg.contains("found a sequence"), "{msg}");
    let (line, _, msg) = error("---\nplain text\n");
    assert_eq!(line, 2);
    assert!(msg.contains("found a string"), "{msg}");
}

#[test]
fn missing_fields() {
    let (line, col, msg) = error(
        "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n\n# comment\napiVersion: v1\nmetadata: {name: b}\n",
    );
    assert_eq!((line, col), (7, 1));
    assert_eq!(msg, "a document has no kind");
    let (line, _, msg) = error("kind: Pod\nmetadata: {name: b}\n");
    assert_eq!((line, msg.as_str()), (1, "a document has no apiVersion"));
    let (line, col, msg) = error("apiVersion: v1\nkind: Pod\nspec: {}\nmetadata:\n  namespace: x\n");
    assert_eq!((line, col, msg.as_str()), (4, 1, "Pod has no metadata.name"));
    let (line, col, _) = error("apiVersion: v1\nkind: Pod\nmetadata:\n  name: 42\n");
    assert_eq!((line, col), (4, 9));
    let (line, col, _) = error("apiVersion: v1\nkind: 7\nmetadata: {name: a}\n");
    assert_eq!((line, col), (2, 7));
    let (line, _, msg) =
        error("apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  metadata: {name: a}\n");
    assert_eq!((line, msg.as_str()), (4, "a List item has no kind"));
}

#[test]
fn duplicate_objects() {
    let (line, _, msg) = error(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: default}\n",
    );
    assert_eq!(line, 5);
    assert_eq!(msg, "ConfigMap default/a is already defined at line 1");
}

#[test]
fn duplicate_sim_cluster() {
    let (line, col, msg) = error(
        "apiVersion: sim.kon/v1\nkind: SimCluster\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: sim.kon/v1\nkind: SimCluster\n",
    );
    assert_eq!((line, col), (8, 1));
    assert!(msg.contains("first is at line 1"), "{msg}");
}

#[test]
fn unknown_sim_cluster_field_points_at_the_key() {
    let (line, col, msg) =
        error("apiVersion: sim.kon/v1\nkind: SimCluster\nfaults:\n  latencyMs: 5\n  latncy: 3\n");
    assert_eq!((line, col), (5, 3));
    assert!(msg.contains("unknown field `latncy`"), "{msg}");
    let (line, col, _) =
        error("apiVersion: sim.kon/v1\nkind: SimCluster\nkubernetesVersion: v1.35.0\nhealthy: true\n");
    assert_eq!((line, col), (4, 1));
}

#[test]
fn bad_duration_points_at_the_value() {
    let (line, col, msg) =
        error("apiVersion: sim.kon/v1\nkind: SimCluster\ncertificates:\n  serving:\n    validFor: 20x\n");
    assert_eq!((line, col), (5, 15));
    assert!(msg.contains("unknown unit \"x\""), "{msg}");
    let (line, col, msg) =
        error("apiVersion: sim.kon/v1\nkind: SimCluster\ncertificates:\n  client: {validFor: 30}\n");
    assert_eq!((line, col), (4, 22), "{msg}");
    assert!(msg.contains("needs a unit"), "{msg}");
}

#[test]
fn semantic_sim_cluster_errors_point_at_the_field() {
    let (line, col, msg) = error("apiVersion: sim.kon/v1\nkind: SimCluster\nfaults:\n  errorRate: 2\n");
    assert_eq!((line, col), (4, 3));
    assert!(msg.contains("between 0 and 1"), "{msg}");
    let (line, col, _) = error(
        "apiVersion: sim.kon/v1\nkind: SimCluster\nfaults:\n  forbidden:\n  - secrets\n  - Bad Thing\n",
    );
    assert_eq!((line, col), (6, 5));
    let (line, _, msg) = error("apiVersion: sim.kon/v1\nkind: SimCluster\nfaults:\n  podChurnPerSecond: 0\n");
    assert_eq!(line, 4);
    assert!(msg.contains("not between 1 and 1000"), "{msg}");
    let (line, _, msg) = error("apiVersion: sim.kon/v2\nkind: SimCluster\n");
    assert_eq!(line, 1);
    assert!(msg.contains("use sim.kon/v1"), "{msg}");
}

#[test]
fn sim_cluster_fields_are_read() {
    let s = load(
        "apiVersion: sim.kon/v1\nkind: SimCluster\nmetadata: {name: t}\nkubernetesVersion: v1.34.2\n\
         health:\n  failing:\n  - {check: etcd, endpoints: [readyz], reason: etcd is slow}\n\
         certificates:\n  serving: {notAfter: now+10d, validFor: 365d}\n  secrets:\n  - {namespace: web, name: shop-tls, dnsNames: [shop.example.com], notAfter: now+5d}\n\
         faults: {latencyMs: 20, forbidden: [velero.io/backups], watchCutSeconds: 30, podChurnPerSecond: 100}\n\
         generate: {nodes: 6, zones: [eu-1a, eu-1b], podsPerNode: 12, namespaces: [shop]}\n",
    )
    .unwrap();
    let c = &s.cluster;
    assert_eq!(c.kubernetes_version, "v1.34.2");
    assert_eq!(c.health.failing[0].reason.as_deref(), Some("etcd is slow"));
    assert_eq!(c.certificates.serving_window(NOW).unwrap().1, NOW + 10 * 86_400);
    assert_eq!(c.faults.watch_cut_seconds, Some(30));
    assert_eq!(c.faults.pod_churn_per_second, Some(100));
    assert!(c.faults.is_forbidden("velero.io", "backups"));
    let g = c.generate.as_ref().unwrap();
    assert_eq!(g.zone_names(), vec!["eu-1a", "eu-1b"]);
    // The TLS Secret the loader will fill was added.
    let secret = s.objects.iter().find(|o| o["kind"] == "Secret").unwrap();
    assert_eq!(secret["metadata"]["namespace"], "web");
    assert_eq!(secret["type"], "kubernetes.io/tls");
}

#[test]
fn tls_secret_entry_must_name_a_tls_secret() {
    let (line, col, msg) = error(
        "apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: web}\ntype: Opaque\n---\n\
         apiVersion: sim.kon/v1\nkind: SimCluster\ncertificates:\n  secrets:\n  - {namespace: web, name: s}\n",
    );
    assert_eq!((line, col), (10, 5));
    assert!(msg.contains("not of type kubernetes.io/tls"), "{msg}");
}

#[test]
fn relative_times_are_rewritten() {
    let s = load(
        "apiVersion: velero.io/v1\nkind: Backup\nmetadata:\n  name: b\n  namespace: velero\n  creationTimestamp: now-72h\n  \
         labels: {when: now}\nstatus:\n  phase: Completed\n  completionTimestamp: now-71h30m\n  expiration: now+27d\n  note: now-playing\n\
         ---\napiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata: {name: l, namespace: kube-system}\nspec: {renewTime: now-2s, holderIdentity: x}\n\
         ---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {literally: now-1h}\n",
    )
    .unwrap();
    let b = &s.objects[0];
    assert_eq!(b["metadata"]["creationTimestamp"], "2027-01-12T08:00:00Z");
    assert_eq!(b["status"]["completionTimestamp"], "2027-01-12T08:30:00Z");
    assert_eq!(b["status"]["expiration"], "2027-02-11T08:00:00Z");
    assert_eq!(b["status"]["note"], "now-playing");
    assert_eq!(b["metadata"]["labels"]["when"], "now");
    assert_eq!(s.objects[1]["spec"]["renewTime"], "2027-01-15T07:59:58.000000Z");
    assert_eq!(s.objects[2]["data"]["literally"], "now-1h");
    let (line, col, msg) =
        error("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  creationTimestamp: now-3q\n");
    assert_eq!((line, col), (5, 22));
    assert!(msg.contains("unknown unit"), "{msg}");
}

#[test]
fn written_objects_override_generated_ones() {
    let mut s = load(
        "apiVersion: sim.kon/v1\nkind: SimCluster\ngenerate: {nodes: 4, podsPerNode: 10, controlPlaneNodes: 1}\n---\n\
         apiVersion: v1\nkind: Node\nmetadata: {name: worker-001, labels: {custom: \"yes\"}}\n",
    )
    .unwrap();
    s.expand();
    let workers: Vec<&Value> = s
        .objects
        .iter()
        .filter(|o| o["kind"] == "Node" && o["metadata"]["name"] == "worker-001")
        .collect();
    assert_eq!(workers.len(), 1);
    assert_eq!(workers[0]["metadata"]["labels"]["custom"], "yes");
    assert_eq!(s.objects.iter().filter(|o| o["kind"] == "Node").count(), 4);
    assert_eq!(s.objects.iter().filter(|o| o["kind"] == "Pod").count(), 40);
    assert!(s.object_mut("", "Node", None, "control-plane-1").is_some());
}

#[test]
fn missing_uid_and_creation_time_are_filled() {
    let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n\
                apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d, uid: given, creationTimestamp: now-1h}\n";
    let a = load(text).unwrap();
    let b = load(text).unwrap();
    let uid = a.objects[0]["metadata"]["uid"].as_str().unwrap();
    assert_eq!(uid.len(), 36);
    assert_eq!(b.objects[0]["metadata"]["uid"], uid);
    assert_eq!(
        a.objects[0]["metadata"]["creationTimestamp"],
        "2027-01-15T08:00:00Z"
    );
    assert_eq!(a.objects[1]["metadata"]["uid"], "given");
    assert_eq!(
        a.objects[1]["metadata"]["creationTimestamp"],
        "2027-01-15T07:00:00Z"
    );
}

#[test]
fn hostile_input_is_an_error_not_a_panic() {
    let deep = format!("a: {}{}\n", "[".repeat(500), "]".repeat(500));
    let inputs = [
        "\t- tab\n",
        "a: &x\n  b: *x\n",
        "? [complex, key]\n: value\n",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {n: 1e400}\n",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {n: 999999999999999999999999999}\n",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\ndata: !!binary aGVsbG8=\n",
        "apiVersion: v1\nkind: Pod\nmetadata: [a]\n",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: [x]}\n",
        "apiVersion: v1\nkind: List\nitems: 3\n",
        "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: List\n  items: []\n",
        "apiVersion: sim.kon/v1\nkind: SimCluster\ngenerate: {nodes: 99999999999}\n",
        "apiVersion: sim.kon/v1\nkind: SimCluster\ngenerate: {nodes: 10, zones: -1}\n",
        "apiVersion: sim.kon/v1\nkind: SimCluster\ncertificates: {ca: {notBefore: 9999-12-31T23:59:59Z}}\n",
        "apiVersion: sim.kon/v1\nkind: Other\n",
        "\u{feff}apiVersion: v1\nkind: Namespace\nmetadata: {name: bom}\n",
        "",
        "---\n---\n",
        &deep,
    ];
    for input in inputs {
        let _ = load(input);
    }
    assert!(load(&deep).is_err());
    assert!(load("").unwrap().objects.is_empty());
}

#[test]
fn object_mut_finds_by_identity() {
    let mut s = load("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: x}\n").unwrap();
    assert!(s.object_mut("", "ConfigMap", Some("x"), "c").is_some());
    assert!(s.object_mut("", "ConfigMap", Some("y"), "c").is_none());
    if let Some(obj) = s.object_mut("", "ConfigMap", Some("x"), "c") {
        obj["data"] = json!({"k": "v"});
    }
    assert_eq!(s.objects[0]["data"]["k"], "v");
}

// ----------------------------------------------------- shipped scenarios

fn shipped(name: &str) -> Scenario {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("assets/scenarios")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse_at(&path, &text, NOW).unwrap_or_else(|e| panic!("{e}"))
}

/// Deserializes every object whose kind k8s-openapi knows into its
/// typed form; returns how many were checked.
fn check_typed(objects: &[Value]) -> usize {
    use k8s_openapi::api::{apps::v1 as apps, batch::v1 as batch, core::v1 as core};
    use k8s_openapi::api::{autoscaling::v2 as hpa, storage::v1 as storage};
    use k8s_openapi::api::{coordination::v1 as coord, discovery::v1 as disc, networking::v1 as net};
    use k8s_openapi::api::{policy::v1 as policy, rbac::v1 as rbac, scheduling::v1 as sched};
    use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1 as ext;
    macro_rules! try_types {
        ($obj:expr, $($t:ty),*) => {{
            let key = ($obj["apiVersion"].as_str().unwrap_or(""), $obj["kind"].as_str().unwrap_or(""));
            let mut matched = false;
            $(
                if key == (<$t as k8s_openapi::Resource>::API_VERSION, <$t as k8s_openapi::Resource>::KIND) {
                    matched = true;
                    if let Err(e) = serde_json::from_value::<$t>($obj.clone()) {
                        panic!("{} {}: {e}", key.1, $obj["metadata"]["name"]);
                    }
                }
            )*
            matched
        }};
    }
    let mut checked = 0;
    for o in objects {
        let typed = try_types!(
            o,
            core::Pod,
            core::Node,
            core::Namespace,
            core::Service,
            core::Endpoints,
            core::ConfigMap,
            core::Secret,
            core::ServiceAccount,
            core::ResourceQuota,
            core::LimitRange,
            core::PersistentVolumeClaim,
            core::PersistentVolume,
            core::Event,
            k8s_openapi::api::events::v1::Event,
            apps::Deployment,
            apps::ReplicaSet,
            apps::DaemonSet,
            apps::StatefulSet,
            batch::Job,
            batch::CronJob,
            coord::Lease,
            disc::EndpointSlice,
            net::NetworkPolicy,
            net::Ingress,
            policy::PodDisruptionBudget,
            rbac::ClusterRole,
            rbac::ClusterRoleBinding,
            rbac::Role,
            rbac::RoleBinding,
            sched::PriorityClass,
            storage::StorageClass,
            hpa::HorizontalPodAutoscaler,
            ext::CustomResourceDefinition
        );
        if typed {
            checked += 1;
        }
    }
    checked
}

fn count(s: &Scenario, kind: &str) -> usize {
    s.objects.iter().filter(|o| o["kind"] == kind).count()
}

#[test]
fn shipped_demo_parses_and_is_typed() {
    let s = shipped("demo.yaml");
    let typed = check_typed(&s.objects);
    assert!(typed + 10 >= s.objects.len(), "{typed} of {}", s.objects.len());
    assert_eq!(count(&s, "Node"), 15);
    assert!(count(&s, "Deployment") + count(&s, "StatefulSet") >= 20);
}

#[test]
fn shipped_healthy_parses_and_is_typed() {
    let s = shipped("healthy.yaml");
    let typed = check_typed(&s.objects);
    assert!(typed + 5 >= s.objects.len(), "{typed} of {}", s.objects.len());
    assert_eq!(count(&s, "Node"), 6);
}

#[test]
fn shipped_large_describes_150000_pods() {
    let s = shipped("large.yaml");
    let g = s.cluster.generate.as_ref().unwrap();
    let expected = generate::expected_counts(g);
    assert_eq!((expected.nodes, expected.pods), (5_000, 150_000));
    let zones = g.zone_names();
    assert_eq!(zones.len(), 3);
}

fn find<'a>(s: &'a Scenario, kind: &str, ns: &str, name: &str) -> &'a Value {
    s.objects
        .iter()
        .find(|o| {
            o["kind"] == kind
                && o["metadata"]["name"] == name
                && o["metadata"]["namespace"].as_str().unwrap_or("") == ns
        })
        .unwrap_or_else(|| panic!("no {kind} {ns}/{name}"))
}

/// Mebibytes (or millicores) of a Kubernetes quantity; enough for the scenarios.
fn quantity(q: &str) -> u64 {
    let (num, unit) = q.split_at(q.find(|c: char| !c.is_ascii_digit()).unwrap_or(q.len()));
    let n: u64 = num.parse().unwrap();
    match unit {
        "" => n * 1000,
        "m" => n,
        "Mi" => n,
        "Gi" => n * 1024,
        other => panic!("unit {other}"),
    }
}

fn pods_on<'a>(s: &'a Scenario, node: &str) -> Vec<&'a Value> {
    s.objects
        .iter()
        .filter(|o| o["kind"] == "Pod" && o["spec"]["nodeName"] == node)
        .collect()
}

fn owner_kind(pod: &Value) -> &str {
    pod["metadata"]["ownerReferences"][0]["kind"]
        .as_str()
        .unwrap_or("")
}

#[test]
fn demo_holds_the_planted_problems() {
    let s = shipped("demo.yaml");
    let day = 86_400;
    // Control plane: 3 nodes in 3 zones; 12 workers.
    let nodes: Vec<&Value> = s.objects.iter().filter(|o| o["kind"] == "Node").collect();
    let cp: Vec<&str> = nodes
        .iter()
        .filter(|n| {
            n["metadata"]["labels"]
                .get("node-role.kubernetes.io/control-plane")
                .is_some()
        })
        .map(|n| {
            n["metadata"]["labels"]["topology.kubernetes.io/zone"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(cp, vec!["eu-west-1a", "eu-west-1b", "eu-west-1c"]);
    // Stale backup: newest Completed Backup 74h ago, newest run not Completed.
    let mut backups: Vec<(&str, i64)> = s
        .objects
        .iter()
        .filter(|o| o["kind"] == "Backup")
        .map(|b| {
            let t = b["status"]["completionTimestamp"].as_str().unwrap();
            (b["status"]["phase"].as_str().unwrap(), parse_rfc3339(t).unwrap())
        })
        .collect();
    backups.sort_by_key(|b| b.1);
    let newest_good = backups
        .iter()
        .filter(|b| b.0 == "Completed")
        .map(|b| b.1)
        .max()
        .unwrap();
    assert_eq!(NOW - newest_good, 74 * 3_600);
    assert_ne!(backups.last().unwrap().0, "Completed");
    let cron = find(&s, "CronJob", "kube-system", "etcd-snapshot");
    let last_ok = parse_rfc3339(cron["status"]["lastSuccessfulTime"].as_str().unwrap()).unwrap();
    assert!(NOW - last_ok > 48 * 3_600);
    // Certificates near expiry.
    assert_eq!(
        s.cluster.certificates.serving_window(NOW).unwrap().1,
        NOW + 10 * day
    );
    let tls = &s.cluster.certificates.secrets[0];
    assert_eq!(
        (tls.namespace.as_str(), tls.name.as_str()),
        ("web", "storefront-tls")
    );
    assert!(tls.window(NOW).unwrap().1 - NOW < 14 * day);
    let cert = find(&s, "Certificate", "web", "storefront");
    let not_after = parse_rfc3339(cert["status"]["notAfter"].as_str().unwrap()).unwrap();
    assert!(not_after - NOW < 14 * day && not_after > NOW);
    let legacy = find(&s, "Secret", "web", "legacy-tls");
    assert!(legacy["data"]["tls.crt"].as_str().unwrap().len() > 100);
    // Namespace without Pod Security labels.
    let data = find(&s, "Namespace", "", "data");
    assert!(
        data["metadata"]["labels"]
            .get("pod-security.kubernetes.io/enforce")
            .is_none()
    );
    // Quota at 95%, consistent with the pods' requests.
    let quota = find(&s, "ResourceQuota", "payments", "compute");
    let used = quantity(quota["status"]["used"]["requests.memory"].as_str().unwrap());
    let hard = quantity(quota["status"]["hard"]["requests.memory"].as_str().unwrap());
    assert!((90..100).contains(&(used * 100 / hard)), "{used}/{hard}");
    let payments: Vec<&Value> = s
        .objects
        .iter()
        .filter(|o| o["kind"] == "Pod" && o["metadata"]["namespace"] == "payments")
        .collect();
    let mem: u64 = payments
        .iter()
        .flat_map(|p| p["spec"]["containers"].as_array().unwrap())
        .map(|c| quantity(c["resources"]["requests"]["memory"].as_str().unwrap()))
        .sum();
    assert_eq!(mem, used);
    assert_eq!(quota["status"]["used"]["pods"], payments.len().to_string());
    // A single-replica Deployment.
    assert_eq!(
        find(&s, "Deployment", "data", "report-generator")["spec"]["replicas"],
        1
    );
    // A NotReady node.
    let b4 = find(&s, "Node", "", "worker-b-4");
    let ready = b4["status"]["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == "Ready")
        .unwrap();
    assert_eq!(ready["status"], "Unknown");
    // A PDB that blocks eviction, and it protects a pod on worker-a-1.
    let pdb = find(&s, "PodDisruptionBudget", "payments", "api");
    assert_eq!(pdb["status"]["disruptionsAllowed"], 0);
    assert_eq!(
        pdb["spec"]["minAvailable"],
        find(&s, "Deployment", "payments", "api")["spec"]["replicas"]
    );
    assert!(
        pods_on(&s, "worker-a-1")
            .iter()
            .any(|p| p["metadata"]["labels"]["app"] == "api")
    );
    // DaemonSet pods on every node.
    for ds in ["kube-proxy", "node-exporter"] {
        for n in &nodes {
            let name = n["metadata"]["name"].as_str().unwrap();
            let on = pods_on(&s, name)
                .into_iter()
                .filter(|p| p["metadata"]["ownerReferences"][0]["name"] == ds)
                .count();
            assert_eq!(on, 1, "{ds} on {name}");
        }
    }
    // worker-a-2 drains: no bare pod, no pod under a PDB allowing nothing, an emptyDir pod.
    let a2 = pods_on(&s, "worker-a-2");
    assert!(a2.iter().all(|p| !owner_kind(p).is_empty()));
    assert!(a2.iter().all(|p| p["metadata"]["labels"]["app"] != "api"));
    assert!(a2.iter().any(|p| {
        p["spec"]["volumes"]
            .as_array()
            .is_some_and(|v| v.iter().any(|v| v.get("emptyDir").is_some()))
    }));
    assert!(a2.iter().filter(|p| owner_kind(p) != "DaemonSet").count() >= 4);
    // worker-c-4 holds the bare pod.
    assert!(pods_on(&s, "worker-c-4").iter().any(|p| owner_kind(p).is_empty()));
    // Every written object has a uid and a creation time.
    for o in &s.objects {
        let generated = o["metadata"]["annotations"]
            .get(GENERATED_CERT_ANNOTATION)
            .is_some();
        assert!(
            generated || o["metadata"]["uid"].is_string(),
            "{}",
            o["metadata"]["name"]
        );
        assert!(
            o["metadata"]["creationTimestamp"].is_string(),
            "{}",
            o["metadata"]["name"]
        );
    }
}

#[test]
fn healthy_follows_the_guidance() {
    let s = shipped("healthy.yaml");
    let system = ["kube-system", "kube-public", "kube-node-lease"];
    let namespaces: Vec<&str> = s
        .objects
        .iter()
        .filter(|o| o["kind"] == "Namespace")
        .map(|o| o["metadata"]["name"].as_str().unwrap())
        .filter(|n| !system.contains(n))
        .collect();
    assert_eq!(namespaces.len(), 3);
    for ns in &namespaces {
        assert!(
            find(&s, "Namespace", "", ns)["metadata"]["labels"]
                .get("pod-security.kubernetes.io/enforce")
                .is_some()
        );
        for kind in ["ResourceQuota", "NetworkPolicy", "LimitRange"] {
            assert!(
                s.objects
                    .iter()
                    .any(|o| o["kind"] == kind && o["metadata"]["namespace"] == *ns),
                "{kind} in {ns}"
            );
        }
    }
    for d in s
        .objects
        .iter()
        .filter(|o| o["kind"] == "Deployment" && o["metadata"]["namespace"] != "kube-system")
    {
        let ns = d["metadata"]["namespace"].as_str().unwrap();
        assert!(d["spec"]["replicas"].as_u64().unwrap() >= 2);
        let pdb = find(
            &s,
            "PodDisruptionBudget",
            ns,
            d["metadata"]["name"].as_str().unwrap(),
        );
        assert!(pdb["status"]["disruptionsAllowed"].as_u64().unwrap() >= 1);
        let spec = &d["spec"]["template"]["spec"];
        assert_ne!(spec["serviceAccountName"], "default");
        for c in spec["containers"].as_array().unwrap() {
            assert!(
                c["resources"]["requests"]["cpu"].is_string()
                    && c["resources"]["requests"]["memory"].is_string()
            );
            assert!(c["resources"]["limits"]["memory"].is_string());
            assert_eq!(c["securityContext"]["allowPrivilegeEscalation"], false);
            assert!(c.get("env").is_none());
            assert!(
                c["image"]
                    .as_str()
                    .unwrap()
                    .rsplit(':')
                    .next()
                    .is_some_and(|t| t != "latest")
            );
            if c.get("ports").is_some() {
                assert!(c.get("readinessProbe").is_some() && c.get("livenessProbe").is_some());
            }
        }
    }
    for n in s.objects.iter().filter(|o| o["kind"] == "Node") {
        let ready = n["status"]["conditions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["type"] == "Ready")
            .unwrap();
        assert_eq!(ready["status"], "True");
    }
    let cron = find(&s, "CronJob", "kube-system", "etcd-snapshot");
    let last = parse_rfc3339(cron["status"]["lastSuccessfulTime"].as_str().unwrap()).unwrap();
    assert!(NOW - last <= 6 * 3_600);
    assert!(s.cluster.certificates.serving_window(NOW).unwrap().1 - NOW > 90 * 86_400);
    assert!(
        s.objects
            .iter()
            .any(|o| o["kind"] == "DaemonSet" && o["metadata"]["name"] == "node-problem-detector")
    );
    assert!(
        s.objects
            .iter()
            .any(|o| o["kind"] == "Deployment" && o["metadata"]["name"] == "dns-autoscaler")
    );
}

#[test]
fn generated_objects_are_typed() {
    let mut s = load(
        "apiVersion: sim.kon/v1\nkind: SimCluster\ngenerate: {nodes: 8, podsPerNode: 12, namespaces: 3}\n",
    )
    .unwrap();
    s.expand();
    assert_eq!(check_typed(&s.objects), s.objects.len());
}

#[test]
fn an_event_series_is_observed_in_microseconds() {
    let s = load(
        "apiVersion: events.k8s.io/v1\nkind: Event\nmetadata: {name: e, namespace: data}\neventTime: now-7m\n\
         series: {count: 3, lastObservedTime: now-2m}\nregarding: {kind: Pod, name: p}\nreason: FailedScheduling\n",
    )
    .unwrap();
    assert_eq!(s.objects[0]["eventTime"], "2027-01-15T07:53:00.000000Z");
    assert_eq!(
        s.objects[0]["series"]["lastObservedTime"],
        "2027-01-15T07:58:00.000000Z"
    );
}
