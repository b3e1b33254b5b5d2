//! The `forbidden` fault names resources as kubectl does (`pods`, `pod`,
//! `po`, `Pod`, `leases.coordination.k8s.io`, `deployments.v1.apps`, or the
//! scenario files' `GROUP/RESOURCE`); here each name is resolved against the
//! kinds the server serves, before it starts, to `RESOURCE` or
//! `GROUP/RESOURCE`. A name nothing matches is an error naming it.

use super::scenarios::kinds::ResourceInfo;

/// Resolves every entry; the first unknown one is an error naming it.
pub fn resolve_all(entries: &[String], served: &[ResourceInfo]) -> Result<Vec<String>, String> {
    entries
        .iter()
        .map(|e| {
            resolve(e, served).map(|(group, plural)| {
                if group.is_empty() {
                    plural
                } else {
                    format!("{group}/{plural}")
                }
            })
        })
        .collect()
}

/// (group, plural) of the resource `entry` names.
pub fn resolve(entry: &str, served: &[ResourceInfo]) -> Result<(String, String), String> {
    let wanted = entry.trim().to_ascii_lowercase();
    let found = match wanted.split_once('/') {
        Some((group, name)) => pick(served.iter().filter(|i| i.group == group && answers_to(i, name))),
        None => {
            // `name.version.group` and `name.group` name one group; a bare name
            // may match several (events): the core group wins, as in kubectl.
            let qualified = served.iter().filter(|i| {
                !i.group.is_empty()
                    && wanted.split_once('.').is_some_and(|(name, rest)| {
                        answers_to(i, name)
                            && (rest == i.group || rest == format!("{}.{}", i.version, i.group))
                    })
            });
            pick(qualified).or_else(|| pick(served.iter().filter(|i| answers_to(i, &wanted))))
        }
    };
    found.ok_or_else(|| format!("the server doesn't have a resource type {:?}", entry.trim()))
}

/// Whether `name` (lowercase) is the plural, singular, kind or a short name of `i`.
fn answers_to(i: &ResourceInfo, name: &str) -> bool {
    i.plural == name
        || i.singular == name
        || i.kind.eq_ignore_ascii_case(name)
        || i.short_names.iter().any(|s| s == name)
}

/// The core group's match if any, else the first (groups are sorted).
fn pick<'a>(mut matches: impl Iterator<Item = &'a ResourceInfo>) -> Option<(String, String)> {
    let first = matches.next()?;
    let chosen = if first.group.is_empty() {
        first
    } else {
        matches.find(|i| i.group.is_empty()).unwrap_or(first)
    };
    Some((chosen.group.clone(), chosen.plural.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::scenarios::kinds::KindRegistry;

    fn served() -> Vec<ResourceInfo> {
        KindRegistry::new().resources()
    }

    fn r(entry: &str) -> Result<(String, String), String> {
        resolve(entry, &served())
    }

    fn ok(group: &str, plural: &str) -> Result<(String, String), String> {
        Ok((group.to_string(), plural.to_string()))
    }

    #[test]
    fn names_kubectl_accepts_resolve() {
        assert_eq!(r("leases"), ok("coordination.k8s.io", "leases"));
        assert_eq!(r("lease"), ok("coordination.k8s.io", "leases"));
        assert_eq!(
            r("leases.coordination.k8s.io"),
            ok("coordination.k8s.io", "leases")
        );
        assert_eq!(
            r("leases.v1.coordination.k8s.io"),
            ok("coordination.k8s.io", "leases")
        );
        assert_eq!(
            r("coordination.k8s.io/leases"),
            ok("coordination.k8s.io", "leases")
        );
        assert_eq!(r("no"), ok("", "nodes"));
        assert_eq!(r("po"), ok("", "pods"));
        assert_eq!(r("ns"), ok("", "namespaces"));
        assert_eq!(r("Pod"), ok("", "pods"));
        assert_eq!(r("deploy"), ok("apps", "deployments"));
        assert_eq!(r("deploy.apps"), ok("apps", "deployments"));
        assert_eq!(r("secrets"), ok("", "secrets"));
        // Two groups serve events: the bare name is the core one, as in kubectl.
        assert_eq!(r("events"), ok("", "events"));
        assert_eq!(r("events.events.k8s.io"), ok("events.k8s.io", "events"));
    }

    #[test]
    fn unknown_names_are_refused_by_name() {
        let e = r("leasez").unwrap_err();
        assert_eq!(e, "the server doesn't have a resource type \"leasez\"");
        assert!(r("velero.io/backups").is_err(), "not served by a bare registry");
        assert!(r("deploy.batch").is_err());
        let all = resolve_all(&["po".into(), "nope".into()], &served());
        assert!(all.unwrap_err().contains("\"nope\""));
        assert_eq!(
            resolve_all(&["po".into(), "leases".into()], &served()),
            Ok(vec!["pods".to_string(), "coordination.k8s.io/leases".to_string()])
        );
    }
}
