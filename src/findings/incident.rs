//! Incident rules: what is broken right now (a crash-looping pod, a stuck
//! rollout, a NotReady node with pods on it), as opposed to posture rules
//! (hygiene that makes a cluster ready for production). The console's
//! Findings list shows incidents first ("now", above "posture"), and
//! `kon check` fails on an incident by default.

/// The ids of the incident rules.
pub const INCIDENT_RULES: &[&str] = &[
    "pod-crashlooping",
    "pod-image-pull-failing",
    "pod-pending-unschedulable",
    "pod-oomkilled-recently",
    "node-not-ready",
    "workload-rollout-stuck",
    "workload-unavailable",
];

/// Whether the rule `id` tells of an incident.
pub fn is_incident(id: &str) -> bool {
    INCIDENT_RULES.contains(&id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn incidents_are_named_and_hygiene_is_not() {
        assert!(is_incident("pod-crashlooping"));
        assert!(is_incident("node-not-ready"));
        assert!(!is_incident("pod-no-requests"));
        assert!(!is_incident(""));
    }
}
