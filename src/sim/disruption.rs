//! PodDisruptionBudget arithmetic, as the disruption controller and the
//! eviction subresource of a real API server do it.

use serde_json::{Value, json};

/// A PDB's status numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    pub expected_pods: i64,
    pub current_healthy: i64,
    pub desired_healthy: i64,
    pub disruptions_allowed: i64,
}

/// A pod counts as healthy when Ready and not being deleted.
pub fn pod_healthy(pod: &Value) -> bool {
    pod["metadata"]["deletionTimestamp"].is_null()
        && pod["status"]["conditions"]
            .as_array()
            .is_some_and(|cs| cs.iter().any(|c| c["type"] == "Ready" && c["status"] == "True"))
}

/// An int-or-string ("3" or "50%") against a total; percentages round up.
fn scaled(v: &Value, total: i64) -> Result<Option<i64>, String> {
    match v {
        Value::Null => Ok(None),
        Value::Number(n) => n.as_i64().map(Some).ok_or_else(|| format!("invalid value {n}")),
        Value::String(s) => match s.strip_suffix('%') {
            Some(p) => {
                let p: i64 = p
                    .trim()
                    .parse()
                    .map_err(|_| format!("invalid percentage {s:?}"))?;
                Ok(Some((p * total + 99) / 100))
            }
            None => s
                .trim()
                .parse()
                .map(Some)
                .map_err(|_| format!("invalid value {s:?}")),
        },
        other => Err(format!("invalid value {other}")),
    }
}

/// The budget of `pdb` over the pods its selector matches. `expected_scale`
/// is the sum of the replicas of the pods' controllers, when known (used for
/// percentages and maxUnavailable, as the real controller does).
pub fn budget(pdb: &Value, matching: &[&Value], expected_scale: Option<i64>) -> Result<Budget, String> {
    let spec = &pdb["spec"];
    let current_healthy = matching.iter().filter(|p| pod_healthy(p)).count() as i64;
    let pods = matching.len() as i64;
    let (expected, desired) = if !spec["maxUnavailable"].is_null() {
        let expected = expected_scale.unwrap_or(pods);
        let max = scaled(&spec["maxUnavailable"], expected)?.unwrap_or(0);
        (expected, (expected - max).max(0))
    } else {
        let min = &spec["minAvailable"];
        match min {
            Value::String(s) if s.ends_with('%') => {
                let expected = expected_scale.unwrap_or(pods);
                (expected, scaled(min, expected)?.unwrap_or(0))
            }
            _ => (pods, scaled(min, pods)?.unwrap_or(0)),
        }
    };
    Ok(Budget {
        expected_pods: expected,
        current_healthy,
        desired_healthy: desired,
        disruptions_allowed: (current_healthy - desired).max(0),
    })
}

/// The status object the disruption controller writes.
pub fn status(b: &Budget, generation: i64) -> Value {
    json!({
        "observedGeneration": generation,
        "disruptionsAllowed": b.disruptions_allowed,
        "currentHealthy": b.current_healthy,
        "desiredHealthy": b.desired_healthy,
        "expectedPods": b.expected_pods,
        "conditions": [{
            "type": "DisruptionAllowed",
            "status": if b.disruptions_allowed > 0 { "True" } else { "False" },
            "reason": if b.disruptions_allowed > 0 { "SufficientPods" } else { "InsufficientPods" },
            "message": "",
            "observedGeneration": generation,
            "lastTransitionTime": "1970-01-01T00:00:00Z",
        }],
    })
}

/// What the eviction subresource decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Delete the pod; if a PDB is named, it spends one disruption.
    Allow { spend: Option<String> },
    /// 429 TooManyRequests with this cause.
    Blocked { pdb: String, cause: String },
    /// More than one PDB selects the pod: 500, as the real server answers.
    MultiplePdbs,
}

/// Decides an eviction of `pod` given the PDBs (name, budget, policy) that select it.
pub fn decide(pod: &Value, pdbs: &[(String, Budget, Option<String>)]) -> Verdict {
    if !pod["metadata"]["deletionTimestamp"].is_null() {
        return Verdict::Allow { spend: None };
    }
    match pdbs {
        [] => Verdict::Allow { spend: None },
        [(name, b, policy)] => {
            if !pod_healthy(pod) {
                // Unhealthy pods: always with AlwaysAllow, else only while the budget is met.
                if policy.as_deref() == Some("AlwaysAllow") || b.current_healthy >= b.desired_healthy {
                    return Verdict::Allow { spend: None };
                }
            } else if b.disruptions_allowed > 0 {
                return Verdict::Allow {
                    spend: Some(name.clone()),
                };
            }
            Verdict::Blocked {
                pdb: name.clone(),
                cause: format!(
                    "The disruption budget {name} needs {} healthy pods and has {} currently",
                    b.desired_healthy, b.current_healthy
                ),
            }
        }
        _ => Verdict::MultiplePdbs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod(ready: bool) -> Value {
        json!({"metadata": {"name": "p"}, "status": {"conditions": [{"type": "Ready", "status": if ready { "True" } else { "False" }}]}})
    }

    #[test]
    fn min_available_int_and_percent() {
        let pods = [pod(true), pod(true), pod(true)];
        let refs: Vec<&Value> = pods.iter().collect();
        let b = budget(&json!({"spec": {"minAvailable": 3}}), &refs, Some(3)).unwrap();
        assert_eq!((b.desired_healthy, b.disruptions_allowed), (3, 0));
        let b = budget(&json!({"spec": {"minAvailable": "50%"}}), &refs, Some(3)).unwrap();
        assert_eq!((b.desired_healthy, b.disruptions_allowed), (2, 1));
        let b = budget(&json!({"spec": {"maxUnavailable": 1}}), &refs, Some(4)).unwrap();
        assert_eq!(
            (b.expected_pods, b.desired_healthy, b.disruptions_allowed),
            (4, 3, 0)
        );
        assert!(budget(&json!({"spec": {"minAvailable": "lots"}}), &refs, None).is_err());
    }

    #[test]
    fn unhealthy_pods_do_not_count() {
        let pods = [pod(true), pod(false)];
        let refs: Vec<&Value> = pods.iter().collect();
        let b = budget(&json!({"spec": {"minAvailable": 1}}), &refs, None).unwrap();
        assert_eq!((b.current_healthy, b.disruptions_allowed), (1, 0));
    }

    #[test]
    fn decisions() {
        let ok = Budget {
            expected_pods: 3,
            current_healthy: 3,
            desired_healthy: 2,
            disruptions_allowed: 1,
        };
        let none = Budget {
            disruptions_allowed: 0,
            desired_healthy: 3,
            ..ok
        };
        assert_eq!(decide(&pod(true), &[]), Verdict::Allow { spend: None });
        assert_eq!(
            decide(&pod(true), &[("a".into(), ok, None)]),
            Verdict::Allow {
                spend: Some("a".into())
            }
        );
        match decide(&pod(true), &[("web".into(), none, None)]) {
            Verdict::Blocked { cause, .. } => assert_eq!(
                cause,
                "The disruption budget web needs 3 healthy pods and has 3 currently"
            ),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            decide(&pod(true), &[("a".into(), ok, None), ("b".into(), ok, None)]),
            Verdict::MultiplePdbs
        );
        // An unready pod may go while the budget is met, without spending it.
        assert_eq!(
            decide(&pod(false), &[("a".into(), none, None)]),
            Verdict::Allow { spend: None }
        );
        let short = Budget {
            current_healthy: 1,
            ..none
        };
        assert!(matches!(
            decide(&pod(false), &[("a".into(), short, None)]),
            Verdict::Blocked { .. }
        ));
        assert_eq!(
            decide(&pod(false), &[("a".into(), short, Some("AlwaysAllow".into()))]),
            Verdict::Allow { spend: None }
        );
    }
}
