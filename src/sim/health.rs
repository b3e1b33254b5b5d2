//! `/livez`, `/readyz`, `/healthz` in the real kube-apiserver's format
//! (k8s.io/apiserver/pkg/server/healthz): `[+]name ok` / `[-]name failed:
//! reason withheld`, a last line `readyz check passed|failed`, HTTP 500 on
//! failure (always verbose then), plain `ok` when healthy and not verbose;
//! per-check paths answer `ok` or `internal server error: <reason>`.

use super::scenarios::sim_cluster::{Health, HealthEndpoint};

/// The endpoint named by a path segment.
pub fn endpoint(name: &str) -> Option<HealthEndpoint> {
    Some(match name {
        "livez" => HealthEndpoint::Livez,
        "readyz" => HealthEndpoint::Readyz,
        "healthz" => HealthEndpoint::Healthz,
        _ => return None,
    })
}

/// An HTTP answer: status and plain-text body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub body: String,
}

/// Answers `/{endpoint}` or `/{endpoint}/{check}`. `check` is the rest of
/// the path (it may contain `/`, as in `poststarthook/...`). `None` when the
/// path is not a health endpoint (the caller answers 404).
pub fn answer(
    endpoint: HealthEndpoint,
    check: Option<&str>,
    verbose: bool,
    exclude: &[&str],
    health: &Health,
) -> Option<Answer> {
    let name_of = endpoint.path().trim_start_matches('/');
    let all = health.checks(endpoint);
    if let Some(name) = check.filter(|c| !c.is_empty()) {
        let (_, failing) = all.iter().find(|(c, _)| c == name)?;
        return Some(match failing {
            Some(reason) => Answer {
                status: 500,
                body: format!("internal server error: {reason}\n"),
            },
            None => Answer {
                status: 200,
                body: "ok".into(),
            },
        });
    }
    let mut body = String::new();
    let mut failed = false;
    let mut unmatched: Vec<&str> = exclude.to_vec();
    for (name, failing) in &all {
        if exclude.contains(&name.as_str()) {
            unmatched.retain(|e| e != name);
            body.push_str(&format!("[+]{name} excluded: ok\n"));
        } else if failing.is_some() {
            failed = true;
            body.push_str(&format!("[-]{name} failed: reason withheld\n"));
        } else {
            body.push_str(&format!("[+]{name} ok\n"));
        }
    }
    if !unmatched.is_empty() {
        let quoted: Vec<String> = unmatched.iter().map(|e| format!("{e:?}")).collect();
        body.push_str(&format!(
            "warn: some health checks cannot be excluded: no matches for {}\n",
            quoted.join(",")
        ));
    }
    Some(if failed {
        body.push_str(&format!("{name_of} check failed\n"));
        Answer { status: 500, body }
    } else if verbose {
        body.push_str(&format!("{name_of} check passed\n"));
        Answer { status: 200, body }
    } else {
        Answer {
            status: 200,
            body: "ok".into(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::scenarios::sim_cluster::FailingCheck;
    use HealthEndpoint::{Livez, Readyz};

    fn failing(check: &str, endpoints: Vec<HealthEndpoint>, reason: &str) -> Health {
        Health {
            failing: vec![FailingCheck {
                check: check.into(),
                endpoints,
                reason: Some(reason.into()),
            }],
        }
    }

    #[test]
    fn healthy_terse_and_verbose() {
        let h = Health::default();
        let a = answer(Readyz, None, false, &[], &h).unwrap();
        assert_eq!(
            a,
            Answer {
                status: 200,
                body: "ok".into()
            }
        );
        let a = answer(Readyz, None, true, &[], &h).unwrap();
        assert!(
            a.body
                .starts_with("[+]ping ok\n[+]log ok\n[+]etcd ok\n[+]etcd-readiness ok\n")
        );
        assert!(a.body.ends_with("[+]shutdown ok\nreadyz check passed\n"));
    }

    #[test]
    fn failing_check_is_withheld_and_500() {
        let h = failing("etcd", vec![], "etcd client connection not yet established");
        let a = answer(Livez, None, false, &[], &h).unwrap();
        assert_eq!(a.status, 500);
        assert!(a.body.contains("[-]etcd failed: reason withheld\n"));
        assert!(a.body.ends_with("livez check failed\n"));
        assert!(!a.body.contains("not yet established"));
        let one = answer(Readyz, Some("etcd"), false, &[], &h).unwrap();
        assert_eq!(one.status, 500);
        assert_eq!(
            one.body,
            "internal server error: etcd client connection not yet established\n"
        );
        let ok = answer(Readyz, Some("ping"), false, &[], &h).unwrap();
        assert_eq!(
            ok,
            Answer {
                status: 200,
                body: "ok".into()
            }
        );
    }

    #[test]
    fn failures_can_target_one_endpoint_and_be_excluded() {
        let h = failing("etcd", vec![Readyz], "x");
        assert_eq!(answer(Livez, None, false, &[], &h).unwrap().status, 200);
        assert_eq!(answer(Readyz, None, false, &[], &h).unwrap().status, 500);
        let a = answer(Readyz, None, true, &["etcd", "nope"], &h).unwrap();
        assert_eq!(a.status, 200);
        assert!(a.body.contains("[+]etcd excluded: ok\n"));
        assert!(a.body.contains("no matches for \"nope\""));
    }

    #[test]
    fn unknown_checks_are_none() {
        let h = Health::default();
        assert!(endpoint("metrics").is_none());
        assert!(answer(Readyz, Some("bogus"), false, &[], &h).is_none());
        assert!(answer(Livez, Some("poststarthook/bootstrap-controller"), false, &[], &h).is_some());
        assert!(answer(Livez, Some("shutdown"), false, &[], &h).is_none());
    }
}
