//! What the server needs to know about every kind it serves: group, version,
//! plural resource name and scope — for the built-in kinds, for custom kinds
//! declared by a CustomResourceDefinition or a `SimCluster` `kinds` hint, and
//! inferred for any other kind found in a scenario.

use std::collections::BTreeMap;

use serde_json::Value;

use super::sim_cluster::KindHint;

/// How a kind is served: the fields discovery and routing need.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceInfo {
    /// API group, `""` for the core group.
    pub group: String,
    /// Version, e.g. `v1`.
    pub version: String,
    /// Kind, e.g. `Deployment`.
    pub kind: String,
    /// Plural resource name used in URLs, e.g. `deployments`.
    pub plural: String,
    /// Singular name, e.g. `deployment`.
    pub singular: String,
    /// Whether objects live in namespaces.
    pub namespaced: bool,
    /// kubectl short names, e.g. `deploy`.
    pub short_names: Vec<String>,
    /// Where this knowledge came from.
    pub source: KindSource,
}

impl ResourceInfo {
    /// `group/version`, or just `version` for the core group.
    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.clone()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }
}

/// Where a [`ResourceInfo`] came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KindSource {
    /// A kind every Kubernetes API server serves.
    BuiltIn,
    /// A CustomResourceDefinition object in the scenario.
    Crd,
    /// A `kinds` entry of the `SimCluster` document.
    Hint,
    /// Guessed from objects: plural by the Kubernetes rule, namespaced when
    /// any object of the kind has a namespace.
    Inferred,
}

/// A built-in kind: (group, preferred version, kind, plural, namespaced, short names).
type BuiltIn = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    bool,
    &'static [&'static str],
);

/// The kinds a Kubernetes 1.35 API server serves (the usual, not every alpha).
#[rustfmt::skip]
pub const BUILT_IN: &[BuiltIn] = &[
    ("", "v1", "Binding", "bindings", true, &[]),
    ("", "v1", "ComponentStatus", "componentstatuses", false, &["cs"]),
    ("", "v1", "ConfigMap", "configmaps", true, &["cm"]),
    ("", "v1", "Endpoints", "endpoints", true, &["ep"]),
    ("", "v1", "Event", "events", true, &["ev"]),
    ("", "v1", "LimitRange", "limitranges", true, &["limits"]),
    ("", "v1", "Namespace", "namespaces", false, &["ns"]),
    ("", "v1", "Node", "nodes", false, &["no"]),
    ("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true, &["pvc"]),
    ("", "v1", "PersistentVolume", "persistentvolumes", false, &["pv"]),
    ("", "v1", "Pod", "pods", true, &["po"]),
    ("", "v1", "PodTemplate", "podtemplates", true, &[]),
    ("", "v1", "ReplicationController", "replicationcontrollers", true, &["rc"]),
    ("", "v1", "ResourceQuota", "resourcequotas", true, &["quota"]),
    ("", "v1", "Secret", "secrets", true, &[]),
    ("", "v1", "ServiceAccount", "serviceaccounts", true, &["sa"]),
    ("", "v1", "Service", "services", true, &["svc"]),
    ("admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration", "mutatingwebhookconfigurations", false, &[]),
    ("admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicy", "validatingadmissionpolicies", false, &[]),
    ("admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicyBinding", "validatingadmissionpolicybindings", false, &[]),
    ("admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration", "validatingwebhookconfigurations", false, &[]),
    ("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false, &["crd", "crds"]),
    ("apiregistration.k8s.io", "v1", "APIService", "apiservices", false, &[]),
    ("apps", "v1", "ControllerRevision", "controllerrevisions", true, &[]),
    ("apps", "v1", "DaemonSet", "daemonsets", true, &["ds"]),
    ("apps", "v1", "Deployment", "deployments", true, &["deploy"]),
    ("apps", "v1", "ReplicaSet", "replicasets", true, &["rs"]),
    ("apps", "v1", "StatefulSet", "statefulsets", true, &["sts"]),
    ("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true, &["hpa"]),
    ("batch", "v1", "CronJob", "cronjobs", true, &["cj"]),
    ("batch", "v1", "Job", "jobs", true, &[]),
    ("certificates.k8s.io", "v1", "CertificateSigningRequest", "certificatesigningrequests", false, &["csr"]),
    ("coordination.k8s.io", "v1", "Lease", "leases", true, &[]),
    ("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", true, &[]),
    ("events.k8s.io", "v1", "Event", "events", true, &["ev"]),
    ("flowcontrol.apiserver.k8s.io", "v1", "FlowSchema", "flowschemas", false, &[]),
    ("flowcontrol.apiserver.k8s.io", "v1", "PriorityLevelConfiguration", "prioritylevelconfigurations", false, &[]),
    ("networking.k8s.io", "v1", "IngressClass", "ingressclasses", false, &[]),
    ("networking.k8s.io", "v1", "Ingress", "ingresses", true, &["ing"]),
    ("networking.k8s.io", "v1", "IPAddress", "ipaddresses", false, &["ip"]),
    ("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true, &["netpol"]),
    ("networking.k8s.io", "v1", "ServiceCIDR", "servicecidrs", false, &[]),
    ("node.k8s.io", "v1", "RuntimeClass", "runtimeclasses", false, &[]),
    ("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true, &["pdb"]),
    ("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false, &[]),
    ("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false, &[]),
    ("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true, &[]),
    ("rbac.authorization.k8s.io", "v1", "Role", "roles", true, &[]),
    ("resource.k8s.io", "v1", "DeviceClass", "deviceclasses", false, &[]),
    ("resource.k8s.io", "v1", "ResourceClaim", "resourceclaims", true, &[]),
    ("resource.k8s.io", "v1", "ResourceClaimTemplate", "resourceclaimtemplates", true, &[]),
    ("resource.k8s.io", "v1", "ResourceSlice", "resourceslices", false, &[]),
    ("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", false, &["pc"]),
    ("storage.k8s.io", "v1", "CSIDriver", "csidrivers", false, &[]),
    ("storage.k8s.io", "v1", "CSINode", "csinodes", false, &[]),
    ("storage.k8s.io", "v1", "CSIStorageCapacity", "csistoragecapacities", true, &[]),
    ("storage.k8s.io", "v1", "StorageClass", "storageclasses", false, &["sc"]),
    ("storage.k8s.io", "v1", "VolumeAttachment", "volumeattachments", false, &[]),
    ("storage.k8s.io", "v1", "VolumeAttributesClass", "volumeattributesclasses", false, &["vac"]),
];

/// The plural resource name Kubernetes derives from a kind when nothing says
/// otherwise: lowercase, then `es` after s/x/z/ch/sh, `y` after a consonant
/// becomes `ies`, else `s` (`Policy` → `policies`, `Ingress` → `ingresses`).
pub fn plural_of(kind: &str) -> String {
    let lower = kind.to_lowercase();
    if lower.ends_with('s')
        || lower.ends_with('x')
        || lower.ends_with('z')
        || lower.ends_with("ch")
        || lower.ends_with("sh")
    {
        return format!("{lower}es");
    }
    if let Some(stem) = lower.strip_suffix('y') {
        let vowel_before = stem.ends_with(['a', 'e', 'i', 'o', 'u']);
        if !vowel_before && !stem.is_empty() {
            return format!("{stem}ies");
        }
    }
    format!("{lower}s")
}

/// Splits `apiVersion` into (group, version): `apps/v1` → (`apps`, `v1`),
/// `v1` → (``, `v1`).
pub fn split_api_version(api_version: &str) -> (&str, &str) {
    match api_version.split_once('/') {
        Some((group, version)) => (group, version),
        None => ("", api_version),
    }
}

/// Everything known about one (group, kind).
#[derive(Clone, Debug)]
struct Entry {
    plural: String,
    singular: String,
    namespaced: bool,
    short_names: Vec<String>,
    versions: Vec<String>,
    source: KindSource,
}

/// The kinds a simulated server serves: the built-in ones plus every custom
/// kind the scenario declares (CRD objects, `SimCluster` `kinds` hints) or
/// merely uses.
#[derive(Clone, Debug)]
pub struct KindRegistry {
    entries: BTreeMap<(String, String), Entry>,
}

impl Default for KindRegistry {
    fn default() -> Self {
        Self::new()
    }
}

impl KindRegistry {
    /// A registry holding only the built-in kinds.
    pub fn new() -> Self {
        let entries = BUILT_IN
            .iter()
            .map(|&(group, version, kind, plural, namespaced, short)| {
                (
                    (group.to_owned(), kind.to_owned()),
                    Entry {
                        plural: plural.to_owned(),
                        singular: kind.to_lowercase(),
                        namespaced,
                        short_names: short.iter().map(|s| (*s).to_owned()).collect(),
                        versions: vec![version.to_owned()],
                        source: KindSource::BuiltIn,
                    },
                )
            })
            .collect();
        KindRegistry { entries }
    }

    /// A registry for a scenario: built-ins, then every CRD among `objects`,
    /// then `hints` for kinds no CRD declares, then inference for the rest.
    pub fn from_objects(objects: &[Value], hints: &[KindHint]) -> Self {
        let mut registry = Self::new();
        for obj in objects {
            registry.add_crd(obj);
        }
        for hint in hints {
            registry.add_hint(hint);
        }
        for obj in objects {
            registry.observe(obj);
        }
        registry
    }

    /// Registers the kind a CustomResourceDefinition object declares
    /// (`spec.group`, `spec.names`, `spec.scope`, served `spec.versions`).
    /// Returns false when `crd` is not a usable CRD. A CRD cannot redefine a
    /// built-in kind.
    pub fn add_crd(&mut self, crd: &Value) -> bool {
        if crd.get("kind").and_then(Value::as_str) != Some("CustomResourceDefinition") {
            return false;
        }
        let spec = crd.get("spec");
        let text = |path: &[&str]| -> Option<String> {
            let mut v = spec?;
            for key in path {
                v = v.get(key)?;
            }
            v.as_str().filter(|s| !s.is_empty()).map(str::to_owned)
        };
        let (Some(group), Some(kind)) = (text(&["group"]), text(&["names", "kind"])) else {
            return false;
        };
        let key = (group, kind);
        if self.is_built_in(&key) {
            return false;
        }
        let plural = text(&["names", "plural"]).unwrap_or_else(|| plural_of(&key.1));
        let singular = text(&["names", "singular"]).unwrap_or_else(|| key.1.to_lowercase());
        let namespaced = text(&["scope"]).as_deref() != Some("Cluster");
        let short_names = spec
            .and_then(|s| s.get("names"))
            .and_then(|n| n.get("shortNames"))
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect())
            .unwrap_or_default();
        let mut versions: Vec<String> = spec
            .and_then(|s| s.get("versions"))
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter(|v| v.get("served").and_then(Value::as_bool).unwrap_or(true))
                    .filter_map(|v| v.get("name").and_then(Value::as_str))
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        if let Some(v) = text(&["version"])
            && !versions.contains(&v)
        {
            versions.push(v);
        }
        self.entries.insert(
            key,
            Entry {
                plural,
                singular,
                namespaced,
                short_names,
                versions,
                source: KindSource::Crd,
            },
        );
        true
    }

    /// Registers a `SimCluster` `kinds` hint, unless a CRD or the built-in
    /// table already says how the kind is served.
    pub fn add_hint(&mut self, hint: &KindHint) {
        let (group, version) = split_api_version(&hint.api_version);
        let key = (group.to_owned(), hint.kind.clone());
        if let Some(existing) = self.entries.get(&key)
            && matches!(existing.source, KindSource::BuiltIn | KindSource::Crd)
        {
            return;
        }
        self.entries.insert(
            key,
            Entry {
                plural: hint.plural.clone().unwrap_or_else(|| plural_of(&hint.kind)),
                singular: hint.kind.to_lowercase(),
                namespaced: hint.namespaced,
                short_names: hint.short_names.clone(),
                versions: vec![version.to_owned()],
                source: KindSource::Hint,
            },
        );
    }

    /// Takes note of an object: an unknown kind is registered by inference
    /// (namespaced as soon as one object of it has a namespace); a known
    /// kind used at another version gains that version. Objects without
    /// `apiVersion`/`kind` are ignored.
    pub fn observe(&mut self, obj: &Value) {
        let (Some(api_version), Some(kind)) = (
            obj.get("apiVersion").and_then(Value::as_str),
            obj.get("kind").and_then(Value::as_str),
        ) else {
            return;
        };
        let (group, version) = split_api_version(api_version);
        let has_namespace = obj
            .get("metadata")
            .and_then(|m| m.get("namespace"))
            .and_then(Value::as_str)
            .is_some_and(|ns| !ns.is_empty());
        let entry = self
            .entries
            .entry((group.to_owned(), kind.to_owned()))
            .or_insert_with(|| Entry {
                plural: plural_of(kind),
                singular: kind.to_lowercase(),
                namespaced: false,
                short_names: Vec::new(),
                versions: Vec::new(),
                source: KindSource::Inferred,
            });
        if entry.source == KindSource::Inferred && has_namespace {
            entry.namespaced = true;
        }
        if !entry.versions.iter().any(|v| v == version) {
            entry.versions.push(version.to_owned());
        }
    }

    /// How `kind` at `api_version` is served, if known.
    pub fn lookup(&self, api_version: &str, kind: &str) -> Option<ResourceInfo> {
        let (group, version) = split_api_version(api_version);
        self.entries
            .get(&(group.to_owned(), kind.to_owned()))
            .map(|e| info(group, version, kind, e))
    }

    /// (group, version, kind, plural, namespaced…) of an object, from its
    /// `apiVersion` and `kind`.
    pub fn resource_for(&self, obj: &Value) -> Option<ResourceInfo> {
        let api_version = obj.get("apiVersion").and_then(Value::as_str)?;
        let kind = obj.get("kind").and_then(Value::as_str)?;
        self.lookup(api_version, kind)
    }

    /// The kind served at `group`/`version` under the plural name `plural`.
    pub fn by_plural(&self, group: &str, version: &str, plural: &str) -> Option<ResourceInfo> {
        self.entries
            .iter()
            .find(|((g, _), e)| g == group && e.plural == plural && e.versions.iter().any(|v| v == version))
            .map(|((g, k), e)| info(g, version, k, e))
    }

    /// Every (group, version, kind) served, built-in and custom, sorted by
    /// group, version and kind — what discovery lists.
    pub fn resources(&self) -> Vec<ResourceInfo> {
        let mut out: Vec<ResourceInfo> = self
            .entries
            .iter()
            .flat_map(|((group, kind), e)| e.versions.iter().map(move |v| info(group, v, kind, e)))
            .collect();
        out.sort_by(|a, b| (&a.group, &a.version, &a.kind).cmp(&(&b.group, &b.version, &b.kind)));
        out
    }

    fn is_built_in(&self, key: &(String, String)) -> bool {
        self.entries
            .get(key)
            .is_some_and(|e| e.source == KindSource::BuiltIn)
    }
}

fn info(group: &str, version: &str, kind: &str, e: &Entry) -> ResourceInfo {
    ResourceInfo {
        group: group.to_owned(),
        version: version.to_owned(),
        kind: kind.to_owned(),
        plural: e.plural.clone(),
        singular: e.singular.clone(),
        namespaced: e.namespaced,
        short_names: e.short_names.clone(),
        source: e.source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn plural_rule() {
        assert_eq!(plural_of("Pod"), "pods");
        assert_eq!(plural_of("Ingress"), "ingresses");
        assert_eq!(plural_of("Box"), "boxes");
        assert_eq!(plural_of("Quiz"), "quizes");
        assert_eq!(plural_of("Batch"), "batches");
        assert_eq!(plural_of("Mesh"), "meshes");
        assert_eq!(plural_of("NetworkPolicy"), "networkpolicies");
        assert_eq!(plural_of("Gateway"), "gateways");
        assert_eq!(plural_of("Backup"), "backups");
        assert_eq!(plural_of("ETCDSnapshotFile"), "etcdsnapshotfiles");
        assert_eq!(plural_of("Y"), "ys");
    }

    #[test]
    fn built_in_plurals_follow_the_rule_except_known_irregulars() {
        for &(_, _, kind, plural, _, _) in BUILT_IN {
            if kind != "Endpoints" {
                assert_eq!(plural_of(kind), plural, "{kind}");
            }
        }
    }

    #[test]
    fn built_ins_know_their_scope() {
        let r = KindRegistry::new();
        let node = r.lookup("v1", "Node").unwrap();
        assert!(!node.namespaced);
        assert_eq!(node.plural, "nodes");
        assert_eq!(node.short_names, vec!["no"]);
        assert!(r.lookup("apps/v1", "Deployment").unwrap().namespaced);
        for kind in ["ClusterRole", "ClusterRoleBinding"] {
            assert!(!r.lookup("rbac.authorization.k8s.io/v1", kind).unwrap().namespaced);
        }
        assert!(
            !r.lookup("apiregistration.k8s.io/v1", "APIService")
                .unwrap()
                .namespaced
        );
        assert!(r.lookup("v1", "Backup").is_none());
        let pdb = r.by_plural("policy", "v1", "poddisruptionbudgets").unwrap();
        assert_eq!(pdb.kind, "PodDisruptionBudget");
        assert_eq!(pdb.api_version(), "policy/v1");
    }

    #[test]
    fn crds_override_inference_and_hints() {
        let crd = json!({
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": {"name": "schedules.velero.io"},
            "spec": {"group": "velero.io", "scope": "Namespaced",
                "names": {"kind": "Schedule", "plural": "schedules", "singular": "schedule", "shortNames": ["sched"]},
                "versions": [{"name": "v1", "served": true, "storage": true}, {"name": "v0", "served": false}]}
        });
        let cluster_crd = json!({
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": {"name": "widgetfamilies.example.com"},
            "spec": {"group": "example.com", "scope": "Cluster",
                "names": {"kind": "WidgetFamily", "plural": "widgetfamilia"},
                "versions": [{"name": "v2", "served": true}]}
        });
        let objects = vec![
            crd,
            cluster_crd,
            json!({"apiVersion": "velero.io/v1", "kind": "Schedule", "metadata": {"name": "n", "namespace": "velero"}}),
            json!({"apiVersion": "example.com/v2", "kind": "WidgetFamily", "metadata": {"name": "w", "namespace": "oops"}}),
            json!({"apiVersion": "k3s.cattle.io/v1", "kind": "ETCDSnapshotFile", "metadata": {"name": "s"}}),
            json!({"apiVersion": "stable.example.com/v1", "kind": "Gizmo", "metadata": {"name": "g1"}}),
            json!({"apiVersion": "stable.example.com/v1", "kind": "Gizmo", "metadata": {"name": "g2", "namespace": "x"}}),
        ];
        let hints = vec![
            KindHint {
                api_version: "k3s.cattle.io/v1".into(),
                kind: "ETCDSnapshotFile".into(),
                plural: None,
                namespaced: false,
                short_names: vec![],
            },
            KindHint {
                api_version: "velero.io/v1".into(),
                kind: "Schedule".into(),
                plural: Some("wrong".into()),
                namespaced: false,
                short_names: vec![],
            },
        ];
        let r = KindRegistry::from_objects(&objects, &hints);
        let sched = r.resource_for(&objects[2]).unwrap();
        assert_eq!(
            (sched.plural.as_str(), sched.namespaced, sched.source),
            ("schedules", true, KindSource::Crd)
        );
        assert_eq!(sched.short_names, vec!["sched"]);
        let wf = r.resource_for(&objects[3]).unwrap();
        assert_eq!((wf.plural.as_str(), wf.namespaced), ("widgetfamilia", false));
        let snap = r.resource_for(&objects[4]).unwrap();
        assert_eq!(
            (snap.plural.as_str(), snap.namespaced, snap.source),
            ("etcdsnapshotfiles", false, KindSource::Hint)
        );
        let gizmo = r.resource_for(&objects[5]).unwrap();
        assert_eq!(
            (gizmo.plural.as_str(), gizmo.namespaced, gizmo.source),
            ("gizmos", true, KindSource::Inferred)
        );
        let served: Vec<String> = r
            .resources()
            .iter()
            .filter(|i| i.group == "velero.io")
            .map(|i| i.version.clone())
            .collect();
        assert_eq!(served, vec!["v1"]);
    }

    #[test]
    fn a_crd_cannot_redefine_a_built_in() {
        let mut r = KindRegistry::new();
        let evil = json!({"kind": "CustomResourceDefinition", "spec": {"group": "apps", "scope": "Cluster",
            "names": {"kind": "Deployment", "plural": "deploys"}, "versions": [{"name": "v1"}]}});
        assert!(!r.add_crd(&evil));
        assert!(r.lookup("apps/v1", "Deployment").unwrap().namespaced);
        assert!(!r.add_crd(&json!({"kind": "CustomResourceDefinition", "spec": {}})));
        assert!(!r.add_crd(&json!("nonsense")));
    }
}
