//! Request paths and query strings of the Kubernetes API, parsed.

/// Where a request goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Version,
    /// `/livez`, `/readyz`, `/healthz`, optionally `/{endpoint}/{check...}`.
    Health {
        endpoint: String,
        check: Option<String>,
    },
    /// `/api`
    CoreVersions,
    /// `/apis`
    Groups,
    /// `/apis/{group}`
    Group(String),
    /// `/api/v1`, `/apis/{group}/{version}`
    ResourceList {
        group: String,
        version: String,
    },
    Resource(ResourcePath),
    /// `/openapi/v3`: the index of group-version documents.
    OpenApiIndex,
    /// `/openapi/v3/api/v1`, `/openapi/v3/apis/{group}/{version}`.
    OpenApi {
        group: String,
        version: String,
    },
    NotFound,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourcePath {
    pub group: String,
    pub version: String,
    pub namespace: Option<String>,
    pub plural: String,
    pub name: Option<String>,
    pub subresource: Option<String>,
}

/// Parses a request path (without the query).
pub fn parse_path(path: &str) -> Route {
    let segs: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(percent_decode)
        .collect();
    let s: Vec<&str> = segs.iter().map(String::as_str).collect();
    match s.as_slice() {
        ["version"] => Route::Version,
        [ep @ ("livez" | "readyz" | "healthz"), rest @ ..] => Route::Health {
            endpoint: (*ep).to_string(),
            check: (!rest.is_empty()).then(|| rest.join("/")),
        },
        ["openapi", "v3"] => Route::OpenApiIndex,
        ["openapi", "v3", "api", version] => Route::OpenApi {
            group: String::new(),
            version: (*version).to_string(),
        },
        ["openapi", "v3", "apis", group, version] => Route::OpenApi {
            group: (*group).to_string(),
            version: (*version).to_string(),
        },
        ["api"] => Route::CoreVersions,
        ["apis"] => Route::Groups,
        ["apis", group] => Route::Group((*group).to_string()),
        ["api", version] => Route::ResourceList {
            group: String::new(),
            version: (*version).to_string(),
        },
        ["apis", group, version] => Route::ResourceList {
            group: (*group).to_string(),
            version: (*version).to_string(),
        },
        ["api", version, rest @ ..] => resource("", version, rest),
        ["apis", group, version, rest @ ..] => resource(group, version, rest),
        _ => Route::NotFound,
    }
}

fn resource(group: &str, version: &str, rest: &[&str]) -> Route {
    let mk = |namespace: Option<&str>, plural: &str, name: Option<&str>, sub: Option<&str>| {
        Route::Resource(ResourcePath {
            group: group.to_string(),
            version: version.to_string(),
            namespace: namespace.map(str::to_string),
            plural: plural.to_string(),
            name: name.map(str::to_string),
            subresource: sub.map(str::to_string),
        })
    };
    match rest {
        // A namespace's own subresources look like a namespaced collection.
        ["namespaces", name, sub @ ("status" | "finalize")] if group.is_empty() => {
            mk(None, "namespaces", Some(name), Some(sub))
        }
        ["namespaces", ns, plural] => mk(Some(ns), plural, None, None),
        ["namespaces", ns, plural, name] => mk(Some(ns), plural, Some(name), None),
        ["namespaces", ns, plural, name, sub] => mk(Some(ns), plural, Some(name), Some(sub)),
        [plural] => mk(None, plural, None, None),
        [plural, name] => mk(None, plural, Some(name), None),
        [plural, name, sub] => mk(None, plural, Some(name), Some(sub)),
        _ => Route::NotFound,
    }
}

/// Decodes `%XX` escapes and `+` (as a space, in query strings only the
/// caller passes those). Invalid escapes are kept as written.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                    }
                    None => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The query parameters the server understands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub pairs: Vec<(String, String)>,
}

impl Query {
    pub fn parse(q: Option<&str>) -> Self {
        let pairs = q
            .unwrap_or("")
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (
                    percent_decode(&k.replace('+', " ")),
                    percent_decode(&v.replace('+', " ")),
                )
            })
            .collect();
        Self { pairs }
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    pub fn all(&self, key: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    pub fn has(&self, key: &str) -> bool {
        self.pairs.iter().any(|(k, _)| k == key)
    }

    /// `true`/`1` as true; absent or anything else false.
    pub fn flag(&self, key: &str) -> bool {
        matches!(self.get(key), Some("true" | "1"))
    }

    /// A number, `Ok(None)` when absent, an error naming the parameter when malformed.
    pub fn number(&self, key: &str) -> Result<Option<i64>, String> {
        match self.get(key) {
            None | Some("") => Ok(None),
            Some(v) => v
                .parse()
                .map(Some)
                .map_err(|_| format!("invalid {key}: {v:?} is not a number")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn res(r: Route) -> ResourcePath {
        match r {
            Route::Resource(p) => p,
            other => panic!("not a resource: {other:?}"),
        }
    }

    #[test]
    fn parses_resource_paths() {
        let p = res(parse_path("/api/v1/namespaces/default/pods/web-1/eviction"));
        assert_eq!(p.namespace.as_deref(), Some("default"));
        assert_eq!(
            (p.plural.as_str(), p.name.as_deref(), p.subresource.as_deref()),
            ("pods", Some("web-1"), Some("eviction"))
        );
        let p = res(parse_path("/api/v1/nodes/n1"));
        assert_eq!(
            (p.namespace, p.plural.as_str(), p.name.as_deref()),
            (None, "nodes", Some("n1"))
        );
        let p = res(parse_path("/api/v1/namespaces/kube-system"));
        assert_eq!(
            (p.plural.as_str(), p.name.as_deref()),
            ("namespaces", Some("kube-system"))
        );
        let p = res(parse_path("/api/v1/namespaces/kube-system/status"));
        assert_eq!(
            (p.plural.as_str(), p.subresource.as_deref()),
            ("namespaces", Some("status"))
        );
        let p = res(parse_path("/apis/velero.io/v1/namespaces/velero/backups"));
        assert_eq!(
            (p.group.as_str(), p.plural.as_str(), p.name),
            ("velero.io", "backups", None)
        );
        let p = res(parse_path("/api/v1/pods"));
        assert_eq!((p.namespace, p.plural.as_str()), (None, "pods"));
    }

    #[test]
    fn parses_other_paths() {
        assert_eq!(parse_path("/version"), Route::Version);
        assert_eq!(parse_path("/api"), Route::CoreVersions);
        assert_eq!(parse_path("/apis/"), Route::Groups);
        assert_eq!(
            parse_path("/apis/apps/v1"),
            Route::ResourceList {
                group: "apps".into(),
                version: "v1".into()
            }
        );
        assert_eq!(
            parse_path("/readyz/poststarthook/bootstrap-controller"),
            Route::Health {
                endpoint: "readyz".into(),
                check: Some("poststarthook/bootstrap-controller".into())
            }
        );
        assert_eq!(parse_path("/metrics"), Route::NotFound);
        assert_eq!(parse_path("/openapi/v3"), Route::OpenApiIndex);
        assert_eq!(
            parse_path("/openapi/v3/apis/apps/v1"),
            Route::OpenApi {
                group: "apps".into(),
                version: "v1".into()
            }
        );
        assert_eq!(parse_path("/api/v1/a/b/c/d/e/f"), Route::NotFound);
    }

    #[test]
    fn query_decoding() {
        let q = Query::parse(Some(
            "labelSelector=app%3Dweb%2Ctier+in+%28a%2Cb%29&watch=1&limit=x&exclude=etcd&exclude=log",
        ));
        assert_eq!(q.get("labelSelector"), Some("app=web,tier in (a,b)"));
        assert!(q.flag("watch"));
        assert!(q.number("limit").unwrap_err().contains("limit"));
        assert_eq!(q.all("exclude"), ["etcd", "log"]);
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%e6%97%a5"), "日");
    }
}
