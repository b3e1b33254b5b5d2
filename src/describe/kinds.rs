//! The kinds kon can read one object of: where the API serves them, and
//! the names kubectl accepts for them (`po`, `deploy`, `secret`…).

/// One resource type of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiKind {
    pub kind: &'static str,
    /// API group, `""` for core.
    pub group: &'static str,
    pub version: &'static str,
    pub plural: &'static str,
    pub namespaced: bool,
    /// kubectl's short names.
    pub short: &'static [&'static str],
}

macro_rules! k {
    ($kind:literal, $group:literal, $version:literal, $plural:literal, $ns:literal, [$($s:literal),*]) => {
        ApiKind { kind: $kind, group: $group, version: $version, plural: $plural, namespaced: $ns, short: &[$($s),*] }
    };
}

/// The kinds served, core and built-in groups, plus those kon watches.
pub const KINDS: &[ApiKind] = &[
    k!("Pod", "", "v1", "pods", true, ["po"]),
    k!("Node", "", "v1", "nodes", false, ["no"]),
    k!("Namespace", "", "v1", "namespaces", false, ["ns"]),
    k!("Secret", "", "v1", "secrets", true, []),
    k!("ConfigMap", "", "v1", "configmaps", true, ["cm"]),
    k!("Service", "", "v1", "services", true, ["svc"]),
    k!("ServiceAccount", "", "v1", "serviceaccounts", true, ["sa"]),
    k!(
        "PersistentVolumeClaim",
        "",
        "v1",
        "persistentvolumeclaims",
        true,
        ["pvc"]
    ),
    k!("PersistentVolume", "", "v1", "persistentvolumes", false, ["pv"]),
    k!("ResourceQuota", "", "v1", "resourcequotas", true, ["quota"]),
    k!("LimitRange", "", "v1", "limitranges", true, ["limits"]),
    k!("Endpoints", "", "v1", "endpoints", true, ["ep"]),
    k!("Deployment", "apps", "v1", "deployments", true, ["deploy"]),
    k!("StatefulSet", "apps", "v1", "statefulsets", true, ["sts"]),
    k!("DaemonSet", "apps", "v1", "daemonsets", true, ["ds"]),
    k!("ReplicaSet", "apps", "v1", "replicasets", true, ["rs"]),
    k!(
        "ControllerRevision",
        "apps",
        "v1",
        "controllerrevisions",
        true,
        []
    ),
    k!("Job", "batch", "v1", "jobs", true, []),
    k!("CronJob", "batch", "v1", "cronjobs", true, ["cj"]),
    k!(
        "PodDisruptionBudget",
        "policy",
        "v1",
        "poddisruptionbudgets",
        true,
        ["pdb"]
    ),
    k!(
        "HorizontalPodAutoscaler",
        "autoscaling",
        "v2",
        "horizontalpodautoscalers",
        true,
        ["hpa"]
    ),
    k!("Ingress", "networking.k8s.io", "v1", "ingresses", true, ["ing"]),
    k!(
        "NetworkPolicy",
        "networking.k8s.io",
        "v1",
        "networkpolicies",
        true,
        ["netpol"]
    ),
    k!(
        "EndpointSlice",
        "discovery.k8s.io",
        "v1",
        "endpointslices",
        true,
        []
    ),
    k!("Lease", "coordination.k8s.io", "v1", "leases", true, []),
    k!(
        "ClusterRole",
        "rbac.authorization.k8s.io",
        "v1",
        "clusterroles",
        false,
        []
    ),
    k!(
        "ClusterRoleBinding",
        "rbac.authorization.k8s.io",
        "v1",
        "clusterrolebindings",
        false,
        []
    ),
    k!("Role", "rbac.authorization.k8s.io", "v1", "roles", true, []),
    k!(
        "RoleBinding",
        "rbac.authorization.k8s.io",
        "v1",
        "rolebindings",
        true,
        []
    ),
    k!(
        "StorageClass",
        "storage.k8s.io",
        "v1",
        "storageclasses",
        false,
        ["sc"]
    ),
    k!(
        "CertificateSigningRequest",
        "certificates.k8s.io",
        "v1",
        "certificatesigningrequests",
        false,
        ["csr"]
    ),
    k!(
        "Certificate",
        "cert-manager.io",
        "v1",
        "certificates",
        true,
        ["cert"]
    ),
    k!("Backup", "velero.io", "v1", "backups", true, []),
    k!("Schedule", "velero.io", "v1", "schedules", true, []),
];

/// The kind named `name` as kubectl accepts it: its kind, plural,
/// singular, short name or `plural.group`, in any case.
pub fn lookup(name: &str) -> Option<&'static ApiKind> {
    let n = name.to_ascii_lowercase();
    KINDS.iter().find(|k| {
        let kind = k.kind.to_ascii_lowercase();
        kind == n
            || k.plural == n
            || k.short.contains(&n.as_str())
            || (!k.group.is_empty()
                && (n == format!("{}.{}", k.plural, k.group) || n == format!("{kind}.{}", k.group)))
    })
}

impl ApiKind {
    /// `pod`, `deployment.apps`: how kubectl names the kind in `kind/name`.
    pub fn singular_group(&self) -> String {
        let kind = self.kind.to_ascii_lowercase();
        if self.group.is_empty() {
            kind
        } else {
            format!("{kind}.{}", self.group)
        }
    }

    /// The URL path of object `name` (in `namespace` for a namespaced kind).
    pub fn path(&self, namespace: Option<&str>, name: &str) -> Result<String, String> {
        if !crate::names::is_dns_subdomain(name) && !is_path_safe(name) {
            return Err(format!("error: invalid object name {name:?}"));
        }
        let base = if self.group.is_empty() {
            format!("/api/{}", self.version)
        } else {
            format!("/apis/{}/{}", self.group, self.version)
        };
        match (self.namespaced, namespace) {
            (true, Some(ns)) if crate::names::is_dns_label(ns) => {
                Ok(format!("{base}/namespaces/{ns}/{}/{name}", self.plural))
            }
            (true, Some(ns)) => Err(format!("error: invalid namespace {ns:?}")),
            (true, None) => Err(format!("error: a {} lives in a namespace: name one", self.kind)),
            (false, _) => Ok(format!("{base}/{}/{name}", self.plural)),
        }
    }
}

/// Names outside DNS rules that are still one path segment (RBAC names
/// such as `system:controller:x`).
fn is_path_safe(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | ':' | '@'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kubectl_names_find_the_kind() {
        for n in ["po", "pods", "Pod", "pod"] {
            assert_eq!(lookup(n).map(|k| k.kind), Some("Pod"), "{n}");
        }
        assert_eq!(lookup("deploy").map(|k| k.kind), Some("Deployment"));
        assert_eq!(lookup("deployments.apps").map(|k| k.kind), Some("Deployment"));
        assert_eq!(lookup("nosuchkind"), None);
    }

    #[test]
    fn paths_are_the_apis() {
        let pod = lookup("pod").unwrap();
        assert_eq!(
            pod.path(Some("data"), "x").unwrap(),
            "/api/v1/namespaces/data/pods/x"
        );
        let node = lookup("node").unwrap();
        assert_eq!(node.path(None, "w1").unwrap(), "/api/v1/nodes/w1");
        let d = lookup("deploy").unwrap();
        assert_eq!(
            d.path(Some("web"), "c").unwrap(),
            "/apis/apps/v1/namespaces/web/deployments/c"
        );
        assert!(pod.path(None, "x").unwrap_err().contains("namespace"));
        assert!(pod.path(Some("data"), "../../x").is_err());
        assert!(pod.path(Some("a/b"), "x").is_err());
    }
}
