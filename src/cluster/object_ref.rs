//! One object of the cluster, named as kubectl names it in messages:
//! `pod/x`, `deployment.apps/x`, `node/x` (the namespace said apart,
//! `-n shop`), `pods "x"` in an API error, `pod/shop/x` in the audit log.
//! Used by the log view, describe/YAML and the actions alike.

use std::fmt;

/// The kinds kon names, opens or acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ObjectKind {
    Pod,
    Node,
    Namespace,
    Deployment,
    StatefulSet,
    DaemonSet,
    ReplicaSet,
    ControllerRevision,
    Job,
    CronJob,
    Service,
    ConfigMap,
    Secret,
    PersistentVolumeClaim,
    PersistentVolume,
    PodDisruptionBudget,
    HorizontalPodAutoscaler,
    Event,
}

impl ObjectKind {
    pub const ALL: [ObjectKind; 18] = [
        ObjectKind::Pod,
        ObjectKind::Node,
        ObjectKind::Namespace,
        ObjectKind::Deployment,
        ObjectKind::StatefulSet,
        ObjectKind::DaemonSet,
        ObjectKind::ReplicaSet,
        ObjectKind::ControllerRevision,
        ObjectKind::Job,
        ObjectKind::CronJob,
        ObjectKind::Service,
        ObjectKind::ConfigMap,
        ObjectKind::Secret,
        ObjectKind::PersistentVolumeClaim,
        ObjectKind::PersistentVolume,
        ObjectKind::PodDisruptionBudget,
        ObjectKind::HorizontalPodAutoscaler,
        ObjectKind::Event,
    ];

    /// The API's `kind` (`Deployment`).
    pub fn kind(self) -> &'static str {
        self.names().0
    }

    /// The API group (`""` for the core group, `apps`, `batch`…).
    pub fn group(self) -> &'static str {
        self.names().1
    }

    /// The resource's plural (`deployments`), as in its URL.
    pub fn plural(self) -> &'static str {
        self.names().2
    }

    /// The version kon reads (`v1`, `v2` for HorizontalPodAutoscalers).
    pub fn version(self) -> &'static str {
        match self {
            ObjectKind::HorizontalPodAutoscaler => "v2",
            _ => "v1",
        }
    }

    /// `apiVersion` as objects carry it (`v1`, `apps/v1`).
    pub fn api_version(self) -> String {
        match self.group() {
            "" => self.version().to_string(),
            g => format!("{g}/{}", self.version()),
        }
    }

    /// Whether its objects live in a namespace.
    pub fn namespaced(self) -> bool {
        !matches!(
            self,
            ObjectKind::Node | ObjectKind::Namespace | ObjectKind::PersistentVolume
        )
    }

    /// kubectl's singular name in messages: `pod`, `deployment.apps`.
    pub fn resource(self) -> String {
        with_group(&self.kind().to_lowercase(), self.group())
    }

    /// kubectl's plural name in API errors: `pods`, `deployments.apps`.
    pub fn resources(self) -> String {
        with_group(self.plural(), self.group())
    }

    /// The kind of an object's `apiVersion` and `kind` (an owner
    /// reference, an event's regarding object); `None` for kinds kon does
    /// not know (never guessed from the kind alone).
    pub fn from_api(api_version: &str, kind: &str) -> Option<Self> {
        let group = api_version.rsplit_once('/').map_or("", |(g, _)| g);
        Self::ALL.into_iter().find(|k| {
            k.kind() == kind && (k.group() == group || (*k == ObjectKind::Event && group.is_empty()))
        })
    }

    /// (kind, group, plural).
    fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            ObjectKind::Pod => ("Pod", "", "pods"),
            ObjectKind::Node => ("Node", "", "nodes"),
            ObjectKind::Namespace => ("Namespace", "", "namespaces"),
            ObjectKind::Deployment => ("Deployment", "apps", "deployments"),
            ObjectKind::StatefulSet => ("StatefulSet", "apps", "statefulsets"),
            ObjectKind::DaemonSet => ("DaemonSet", "apps", "daemonsets"),
            ObjectKind::ReplicaSet => ("ReplicaSet", "apps", "replicasets"),
            ObjectKind::ControllerRevision => ("ControllerRevision", "apps", "controllerrevisions"),
            ObjectKind::Job => ("Job", "batch", "jobs"),
            ObjectKind::CronJob => ("CronJob", "batch", "cronjobs"),
            ObjectKind::Service => ("Service", "", "services"),
            ObjectKind::ConfigMap => ("ConfigMap", "", "configmaps"),
            ObjectKind::Secret => ("Secret", "", "secrets"),
            ObjectKind::PersistentVolumeClaim => ("PersistentVolumeClaim", "", "persistentvolumeclaims"),
            ObjectKind::PersistentVolume => ("PersistentVolume", "", "persistentvolumes"),
            ObjectKind::PodDisruptionBudget => ("PodDisruptionBudget", "policy", "poddisruptionbudgets"),
            ObjectKind::HorizontalPodAutoscaler => (
                "HorizontalPodAutoscaler",
                "autoscaling",
                "horizontalpodautoscalers",
            ),
            ObjectKind::Event => ("Event", "events.k8s.io", "events"),
        }
    }
}

fn with_group(name: &str, group: &str) -> String {
    if group.is_empty() {
        name.to_string()
    } else {
        format!("{name}.{group}")
    }
}

impl fmt::Display for ObjectKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.resource())
    }
}

/// One object: its kind, its namespace (none for cluster-scoped kinds) and name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectRef {
    pub kind: ObjectKind,
    pub namespace: Option<String>,
    pub name: String,
}

impl ObjectRef {
    /// An object in `namespace`.
    pub fn namespaced(kind: ObjectKind, namespace: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            kind,
            namespace: Some(namespace.into()),
            name: name.into(),
        }
    }

    /// A cluster-scoped object (a node).
    pub fn cluster(kind: ObjectKind, name: impl Into<String>) -> Self {
        Self {
            kind,
            namespace: None,
            name: name.into(),
        }
    }

    /// A pod.
    pub fn pod(namespace: impl Into<String>, name: impl Into<String>) -> Self {
        Self::namespaced(ObjectKind::Pod, namespace, name)
    }

    /// The namespace, or `""` for a cluster-scoped object.
    pub fn ns(&self) -> &str {
        self.namespace.as_deref().unwrap_or_default()
    }

    /// kubectl's name with the namespace apart: `deployment.apps/web -n shop`
    /// (`node/a` for a cluster-scoped object).
    pub fn with_namespace(&self) -> String {
        match &self.namespace {
            Some(ns) => format!("{self} -n {ns}"),
            None => self.to_string(),
        }
    }

    /// As an API error names it: `pods "x"`, `deployments.apps "web"`.
    pub fn quoted(&self) -> String {
        format!("{} \"{}\"", self.kind.resources(), self.name)
    }

    /// As the audit log names it: `pod/shop/x`, `node/a`.
    pub fn audit_target(&self) -> String {
        match &self.namespace {
            Some(ns) => format!("{}/{ns}/{}", self.kind.resource(), self.name),
            None => format!("{}/{}", self.kind.resource(), self.name),
        }
    }
}

/// kubectl's name of the object in messages: `pod/x`, `deployment.apps/x`.
impl fmt::Display for ObjectRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.kind.resource(), self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_as_kubectl_writes_them() {
        let d = ObjectRef::namespaced(ObjectKind::Deployment, "shop", "web");
        assert_eq!(d.to_string(), "deployment.apps/web");
        assert_eq!(d.with_namespace(), "deployment.apps/web -n shop");
        assert_eq!(d.quoted(), "deployments.apps \"web\"");
        assert_eq!(d.audit_target(), "deployment.apps/shop/web");
        let p = ObjectRef::pod("payments", "api-7d9f-x");
        assert_eq!(p.to_string(), "pod/api-7d9f-x");
        assert_eq!(p.quoted(), "pods \"api-7d9f-x\"");
        assert_eq!(p.audit_target(), "pod/payments/api-7d9f-x");
        let n = ObjectRef::cluster(ObjectKind::Node, "a");
        assert_eq!(
            (n.to_string(), n.with_namespace(), n.audit_target()),
            ("node/a".into(), "node/a".into(), "node/a".into())
        );
        assert_eq!(n.ns(), "");
        assert_eq!(
            ObjectKind::PodDisruptionBudget.resource(),
            "poddisruptionbudget.policy"
        );
        assert_eq!(
            ObjectKind::HorizontalPodAutoscaler.api_version(),
            "autoscaling/v2"
        );
        assert_eq!(ObjectKind::Pod.api_version(), "v1");
    }

    #[test]
    fn kinds_are_found_by_api_version_and_kind_only() {
        assert_eq!(
            ObjectKind::from_api("apps/v1", "ReplicaSet"),
            Some(ObjectKind::ReplicaSet)
        );
        assert_eq!(ObjectKind::from_api("v1", "Pod"), Some(ObjectKind::Pod));
        assert_eq!(ObjectKind::from_api("batch/v1", "Job"), Some(ObjectKind::Job));
        assert_eq!(ObjectKind::from_api("v1", "Event"), Some(ObjectKind::Event));
        assert_eq!(
            ObjectKind::from_api("events.k8s.io/v1", "Event"),
            Some(ObjectKind::Event)
        );
        // Same kind, another group: not guessed.
        assert_eq!(ObjectKind::from_api("example.com/v1", "Deployment"), None);
        assert_eq!(ObjectKind::from_api("v1", "Widget"), None);
        for k in ObjectKind::ALL {
            assert_eq!(ObjectKind::from_api(&k.api_version(), k.kind()), Some(k), "{k}");
        }
        assert!(!ObjectKind::Node.namespaced() && ObjectKind::Secret.namespaced());
    }
}
