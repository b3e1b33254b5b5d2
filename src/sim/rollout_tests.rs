//! The rollout arithmetic against the real controller's numbers.

use serde_json::json;

use super::*;

#[test]
fn the_hash_is_written_in_the_safe_alphabet_of_the_decimal_digits() {
    let t = json!({"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}});
    let h = template_hash(&t, 0);
    assert!(!h.is_empty() && h.len() <= 10, "{h}");
    // Decimal digits map to these ten letters only, as SafeEncodeString does.
    assert!(h.chars().all(|c| "456789bcdf".contains(c)), "{h}");
    assert_eq!(h, template_hash(&t, 0), "deterministic");
    assert_ne!(h, template_hash(&t, 1), "a collision count gives another hash");
    let mut restarted = t.clone();
    restarted["metadata"]["annotations"] =
        json!({"kubectl.kubernetes.io/restartedAt": "2026-01-01T00:00:00Z"});
    assert_ne!(h, template_hash(&restarted, 0));
}

/// `ComputeHash` feeds a collision count as 8 bytes (`PutUint32` into
/// `make([]byte, 8)`), not 4.
#[test]
fn a_collision_count_is_hashed_as_eight_little_endian_bytes() {
    let t = json!({"spec": {"containers": [{"name": "web", "image": "a"}]}});
    let mut h: u32 = 0x811c_9dc5;
    let body = canonical(&t).to_string();
    for b in body.as_bytes().iter().chain(&[2u8, 0, 0, 0, 0, 0, 0, 0]) {
        h ^= u32::from(*b);
        h = h.wrapping_mul(0x0100_0193);
    }
    let alphabet = b"bcdfghjklmnpqrstvwxz2456789";
    let want: String = h
        .to_string()
        .bytes()
        .map(|b| char::from(alphabet[usize::from(b) % alphabet.len()]))
        .collect();
    assert_eq!(template_hash(&t, 2), want);
}

#[test]
fn templates_compare_without_the_hash_label_nulls_and_empty_fields() {
    let deployment = json!({"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "web", "image": "a"}]}});
    let rs = json!({"metadata": {"labels": {"app": "web", "pod-template-hash": "5b8c7d9f4q"}},
        "spec": {"containers": [{"name": "web", "image": "a"}]}});
    assert!(equal_ignore_hash(&deployment, &rs));
    assert_eq!(template_hash(&deployment, 0), template_hash(&rs, 0));
    // What `kubectl rollout undo` sends back: a typed template's nulls and empty structs.
    let undone = json!({"metadata": {"creationTimestamp": null, "labels": {"app": "web"}},
        "spec": {"containers": [{"name": "web", "image": "a", "resources": {}}]}});
    assert!(equal_ignore_hash(&undone, &rs));
    let other = json!({"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "web", "image": "b"}]}});
    assert!(!equal_ignore_hash(&other, &rs));
}

#[test]
fn fenceposts_default_to_a_quarter_surge_up_unavailable_down() {
    assert_eq!(fenceposts(None, 4), (1, 1));
    assert_eq!(fenceposts(None, 5), (2, 1));
    assert_eq!(fenceposts(None, 1), (1, 0));
    assert_eq!(fenceposts(None, 10), (3, 2));
    let s = json!({"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 0, "maxUnavailable": "50%"}});
    assert_eq!(fenceposts(Some(&s), 5), (0, 2));
    // Never both 0: one may be unavailable.
    let s = json!({"rollingUpdate": {"maxSurge": 0, "maxUnavailable": 0}});
    assert_eq!(fenceposts(Some(&s), 3), (0, 1));
    let s = json!({"rollingUpdate": {"maxSurge": "100%", "maxUnavailable": "0%"}});
    assert_eq!(fenceposts(Some(&s), 3), (3, 0));
}

#[test]
fn the_new_replica_set_grows_within_the_surge() {
    // 4 desired, surge 1: 4 old + 0 new → 1 new.
    assert_eq!(new_rs_target(4, 1, 4, 0), 1);
    // Already at desired + surge: wait.
    assert_eq!(new_rs_target(4, 1, 5, 1), 1);
    // Room for two, but only one more is wanted.
    assert_eq!(new_rs_target(4, 3, 5, 3), 4);
    // More than desired (scaled down): down to desired at once.
    assert_eq!(new_rs_target(2, 1, 5, 5), 2);
    assert_eq!(new_rs_target(0, 1, 1, 1), 0);
}

fn c(spec: i64, available: i64) -> Counts {
    Counts { spec, available }
}

#[test]
fn old_replica_sets_shrink_while_enough_stay_available() {
    // 4 desired, unavailable 1: 4 old available, 1 new not yet available → 1 down.
    assert_eq!(old_rs_targets(&[c(4, 4)], c(1, 0), 4, 1), vec![3]);
    // ... and no more until the new one is available.
    assert_eq!(old_rs_targets(&[c(3, 3)], c(2, 0), 4, 1), vec![3]);
    // The new one is available: 5 available, at least 3 must stay → 2 down.
    assert_eq!(old_rs_targets(&[c(4, 4)], c(1, 1), 4, 1), vec![2]);
    // Unhealthy old replicas go first, even with nothing else to give.
    assert_eq!(old_rs_targets(&[c(3, 1)], c(2, 2), 4, 1), vec![1]);
    // The oldest first.
    assert_eq!(old_rs_targets(&[c(2, 2), c(2, 2)], c(2, 2), 4, 1), vec![0, 1]);
    assert_eq!(old_rs_targets(&[c(2, 2), c(2, 2)], c(1, 1), 4, 1), vec![0, 2]);
    // Nothing old: nothing to do.
    assert_eq!(old_rs_targets(&[c(0, 0)], c(4, 4), 4, 1), vec![0]);
    // The demo's stuck rollout (5 desired, 4 old ready, 3 new not ready) stays stuck.
    assert_eq!(old_rs_targets(&[c(4, 4)], c(3, 0), 5, 1), vec![4]);
}

#[test]
fn status_counts_add_up_the_replica_sets() {
    let old = json!({"spec": {"replicas": 1}, "status": {"replicas": 1, "readyReplicas": 1, "availableReplicas": 1}});
    let new = json!({"spec": {"replicas": 4}, "status": {"replicas": 3, "readyReplicas": 2, "availableReplicas": 2}});
    let s = status_counts(Some(&new), &[&old, &new]);
    assert_eq!(
        s,
        json!({"replicas": 4, "updatedReplicas": 3, "readyReplicas": 3, "availableReplicas": 3, "unavailableReplicas": 2})
    );
}

#[test]
fn revisions_are_read_from_the_annotation() {
    let rs = json!({"metadata": {"annotations": {"deployment.kubernetes.io/revision": "7"}}});
    assert_eq!(revision(&rs), 7);
    assert_eq!(revision(&json!({"metadata": {}})), 0);
}
