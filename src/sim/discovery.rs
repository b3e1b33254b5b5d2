//! Discovery documents: `/api`, `/apis`, `/api/v1`, `/apis/{group}/{version}`,
//! built from the resource types the server holds, built-in and custom.

use serde_json::{Value, json};

/// What discovery needs to know of a served type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TypeInfo<'a> {
    pub group: &'a str,
    pub version: &'a str,
    pub kind: &'a str,
    pub plural: &'a str,
    pub namespaced: bool,
    pub short_names: &'a [String],
}

const VERBS: &[&str] = &[
    "create",
    "delete",
    "deletecollection",
    "get",
    "list",
    "patch",
    "update",
    "watch",
];

/// `/api`: the core group's versions.
pub fn core_versions(server_address: &str) -> Value {
    json!({
        "kind": "APIVersions",
        "versions": ["v1"],
        "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": server_address}]
    })
}

/// `/apis`: every non-core group with its versions (the first seen is preferred).
pub fn group_list<'a>(types: impl IntoIterator<Item = TypeInfo<'a>>) -> Value {
    let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
    for t in types.into_iter().filter(|t| !t.group.is_empty()) {
        match groups.iter_mut().find(|(g, _)| *g == t.group) {
            Some((_, versions)) if !versions.contains(&t.version) => versions.push(t.version),
            Some(_) => {}
            None => groups.push((t.group, vec![t.version])),
        }
    }
    groups.sort_by_key(|(g, _)| *g);
    let groups: Vec<Value> = groups
        .into_iter()
        .map(|(name, versions)| {
            let vs: Vec<Value> = versions
                .iter()
                .map(|v| json!({"groupVersion": format!("{name}/{v}"), "version": v}))
                .collect();
            json!({"name": name, "versions": vs, "preferredVersion": vs[0].clone()})
        })
        .collect();
    json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": groups})
}

/// `/api/v1` or `/apis/{group}/{version}`; `None` if nothing is served there.
pub fn resource_list<'a>(
    group: &str,
    version: &str,
    types: impl IntoIterator<Item = TypeInfo<'a>>,
) -> Option<Value> {
    let mut resources = Vec::new();
    for t in types
        .into_iter()
        .filter(|t| t.group == group && t.version == version)
    {
        let singular = t.kind.to_ascii_lowercase();
        let mut r = json!({
            "name": t.plural,
            "singularName": singular,
            "namespaced": t.namespaced,
            "kind": t.kind,
            "verbs": VERBS,
        });
        let shorts = t.short_names;
        if !shorts.is_empty() {
            r["shortNames"] = json!(shorts);
        }
        if matches!(
            t.plural,
            "pods" | "deployments" | "replicasets" | "statefulsets" | "daemonsets" | "services"
        ) {
            r["categories"] = json!(["all"]);
        }
        resources.push(r);
        let sub = |name: &str, kind: &str, verbs: &[&str]| json!({"name": format!("{}/{name}", t.plural), "singularName": "", "namespaced": t.namespaced, "kind": kind, "verbs": verbs});
        resources.push(sub("status", t.kind, &["get", "patch", "update"]));
        if group.is_empty() && t.plural == "pods" {
            let mut ev = sub("eviction", "Eviction", &["create"]);
            ev["group"] = json!("policy");
            ev["version"] = json!("v1");
            resources.push(ev);
        }
        if matches!(t.plural, "deployments" | "replicasets" | "statefulsets") {
            let mut sc = sub("scale", "Scale", &["get", "patch", "update"]);
            sc["group"] = json!("autoscaling");
            sc["version"] = json!("v1");
            resources.push(sc);
        }
    }
    if resources.is_empty() {
        return None;
    }
    let group_version = if group.is_empty() {
        version.to_string()
    } else {
        format!("{group}/{version}")
    };
    Some(
        json!({"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": group_version, "resources": resources}),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types() -> Vec<TypeInfo<'static>> {
        static NO: &[String] = &[];
        static SHORT: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| vec!["no".to_string()]);
        vec![
            TypeInfo {
                group: "",
                version: "v1",
                kind: "Pod",
                plural: "pods",
                namespaced: true,
                short_names: NO,
            },
            TypeInfo {
                group: "",
                version: "v1",
                kind: "Node",
                plural: "nodes",
                namespaced: false,
                short_names: &SHORT,
            },
            TypeInfo {
                group: "velero.io",
                version: "v1",
                kind: "Backup",
                plural: "backups",
                namespaced: true,
                short_names: NO,
            },
            TypeInfo {
                group: "apps",
                version: "v1",
                kind: "Deployment",
                plural: "deployments",
                namespaced: true,
                short_names: NO,
            },
        ]
    }

    #[test]
    fn groups_are_listed_with_preferred_version() {
        let g = group_list(types());
        let names: Vec<&str> = g["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["apps", "velero.io"]);
        assert_eq!(g["groups"][1]["preferredVersion"]["groupVersion"], "velero.io/v1");
    }

    #[test]
    fn core_list_has_eviction_subresource_and_short_names() {
        let l = resource_list("", "v1", types()).unwrap();
        assert_eq!(l["groupVersion"], "v1");
        let rs = l["resources"].as_array().unwrap();
        let ev = rs.iter().find(|r| r["name"] == "pods/eviction").unwrap();
        assert_eq!(ev["group"], "policy");
        assert_eq!(ev["kind"], "Eviction");
        let nodes = rs.iter().find(|r| r["name"] == "nodes").unwrap();
        assert_eq!(nodes["namespaced"], false);
        assert_eq!(nodes["shortNames"], json!(["no"]));
        assert!(resource_list("nope.io", "v1", types()).is_none());
        let custom = resource_list("velero.io", "v1", types()).unwrap();
        assert_eq!(custom["resources"][0]["kind"], "Backup");
    }
}
