//! The kinds kon reads one object of (`cluster::ObjectKind`): the names
//! kubectl accepts for them (`po`, `deploy`, `secret`, `deployments.apps`…)
//! and the URL of one object.

use crate::cluster::{ObjectKind, ObjectRef};

/// kubectl's short names.
fn short(k: ObjectKind) -> &'static [&'static str] {
    match k {
        ObjectKind::Pod => &["po"],
        ObjectKind::Node => &["no"],
        ObjectKind::Namespace => &["ns"],
        ObjectKind::Deployment => &["deploy"],
        ObjectKind::StatefulSet => &["sts"],
        ObjectKind::DaemonSet => &["ds"],
        ObjectKind::ReplicaSet => &["rs"],
        ObjectKind::CronJob => &["cj"],
        ObjectKind::Service => &["svc"],
        ObjectKind::ConfigMap => &["cm"],
        ObjectKind::PersistentVolumeClaim => &["pvc"],
        ObjectKind::PersistentVolume => &["pv"],
        ObjectKind::PodDisruptionBudget => &["pdb"],
        ObjectKind::HorizontalPodAutoscaler => &["hpa"],
        ObjectKind::Event => &["ev"],
        _ => &[],
    }
}

/// The kind named `name` as kubectl accepts it: its kind, plural,
/// singular, short name or `plural.group`, in any case. Kinds kon does not
/// know are `None` (an Event's object is named by its kind only: a custom
/// kind named like a built-in one would be read as the built-in).
pub fn lookup(name: &str) -> Option<ObjectKind> {
    let n = name.to_ascii_lowercase();
    ObjectKind::ALL.into_iter().find(|k| {
        let kind = k.kind().to_ascii_lowercase();
        kind == n
            || k.plural() == n
            || short(*k).contains(&n.as_str())
            || k.resource() == n
            || k.resources() == n
    })
}

/// The kinds kon reads, for an error about another one.
pub fn known() -> String {
    ObjectKind::ALL
        .iter()
        .map(|k| k.plural())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The URL path of `object`.
pub fn path(object: &ObjectRef) -> Result<String, String> {
    let k = object.kind;
    let name = &object.name;
    if !crate::names::is_dns_subdomain(name) && !is_path_safe(name) {
        return Err(format!("error: invalid object name {name:?}"));
    }
    let base = match k.group() {
        "" => format!("/api/{}", k.version()),
        g => format!("/apis/{g}/{}", k.version()),
    };
    match (k.namespaced(), object.namespace.as_deref()) {
        (true, Some(ns)) if crate::names::is_dns_label(ns) => {
            Ok(format!("{base}/namespaces/{ns}/{}/{name}", k.plural()))
        }
        (true, Some(ns)) => Err(format!("error: invalid namespace {ns:?}")),
        (true, None) => Err(format!("error: a {} lives in a namespace: name one", k.kind())),
        (false, _) => Ok(format!("{base}/{}/{name}", k.plural())),
    }
}

/// Names outside DNS rules that are still one path segment.
fn is_path_safe(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | ':' | '@'))
}

/// The object `kind` `namespace/name` (the namespace dropped for a
/// cluster-scoped kind, or when empty); `None` for a kind kon does not read.
pub fn object(kind: &str, namespace: Option<&str>, name: &str) -> Option<ObjectRef> {
    let k = lookup(kind)?;
    let namespace = namespace.filter(|ns| k.namespaced() && !ns.is_empty());
    Some(ObjectRef {
        kind: k,
        namespace: namespace.map(str::to_string),
        name: name.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kubectl_names_find_the_kind() {
        for n in ["po", "pods", "Pod", "pod"] {
            assert_eq!(lookup(n), Some(ObjectKind::Pod), "{n}");
        }
        assert_eq!(lookup("deploy"), Some(ObjectKind::Deployment));
        assert_eq!(lookup("deployments.apps"), Some(ObjectKind::Deployment));
        assert_eq!(lookup("deployment.apps"), Some(ObjectKind::Deployment));
        assert_eq!(lookup("secret"), Some(ObjectKind::Secret));
        assert_eq!(lookup("nosuchkind"), None);
    }

    #[test]
    fn paths_are_the_apis() {
        let p = |kind, ns, name| path(&object(kind, ns, name).unwrap());
        assert_eq!(
            p("pod", Some("data"), "x").unwrap(),
            "/api/v1/namespaces/data/pods/x"
        );
        assert_eq!(p("node", Some("ignored"), "w1").unwrap(), "/api/v1/nodes/w1");
        assert_eq!(
            p("deploy", Some("web"), "c").unwrap(),
            "/apis/apps/v1/namespaces/web/deployments/c"
        );
        assert!(p("pod", None, "x").unwrap_err().contains("namespace"));
        assert!(p("pod", Some("data"), "../../x").is_err());
        assert!(p("pod", Some("a/b"), "x").is_err());
    }
}
