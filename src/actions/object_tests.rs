//! Each operation against a scripted API: what is sent, kubectl's text of
//! the result and of a refusal; the typed values; what a confirmation says.

use super::*;
use crate::actions::object_fake::{FakeObjects, api_err, budget_refusal};
use crate::actions::rollback::UndoPatch;

fn deploy() -> ObjectRef {
    ObjectRef::namespaced(ObjectKind::Deployment, "web", "checkout")
}

fn pod() -> ObjectRef {
    ObjectRef::pod("shop", "web-1")
}

#[tokio::test]
async fn evict_and_a_budget_refusal_named_from_the_store_or_the_api() {
    let api = FakeObjects::default();
    let op = ObjectOp::new(pod(), Change::Evict { budgets: vec![] });
    assert_eq!(perform(&api, &op).await.as_deref(), Ok("pod/web-1 evicted"));
    assert_eq!(api.calls(), ["evict pod/shop/web-1"]);

    let api = FakeObjects::failing(budget_refusal);
    let named = "poddisruptionbudget.policy/web -n shop (minAvailable 2: 2 healthy, 0 disruptions allowed)";
    let op = ObjectOp::new(
        pod(),
        Change::Evict {
            budgets: vec![named.into()],
        },
    );
    assert_eq!(
        perform(&api, &op).await.unwrap_err(),
        format!(
            "Error from server (TooManyRequests): Cannot evict pod as it would violate the pod's disruption budget.; blocked by {named}"
        )
    );
    // Not known to the store: the API's own words name it.
    let op = ObjectOp::new(pod(), Change::Evict { budgets: vec![] });
    assert!(
        perform(&api, &op)
            .await
            .unwrap_err()
            .ends_with("; blocked by The disruption budget web needs 2 healthy pods and has 2 currently")
    );
    // Another error: kubectl's words only.
    let api = FakeObjects::failing(|| api_err(404, "NotFound", "pods \"web-1\" not found"));
    assert_eq!(
        perform(&api, &op).await.unwrap_err(),
        "Error from server (NotFound): pods \"web-1\" not found"
    );
}

#[tokio::test]
async fn restart_sends_kubectls_template_annotation() {
    let api = FakeObjects::default();
    let op = ObjectOp::new(deploy(), Change::Restart);
    assert_eq!(
        perform(&api, &op).await.as_deref(),
        Ok("deployment.apps/checkout restarted")
    );
    let call = &api.calls()[0];
    let body: serde_json::Value =
        serde_json::from_str(call.strip_prefix("patch deployment.apps/web/checkout ").unwrap()).unwrap();
    let at = body["spec"]["template"]["metadata"]["annotations"][RESTARTED_AT]
        .as_str()
        .unwrap();
    assert!(
        at.parse::<k8s_openapi::jiff::Timestamp>().is_ok(),
        "RFC 3339: {at}"
    );
    assert!(at.ends_with('Z') && !at.contains('.'), "{at}");
    assert_eq!(
        restart_patch("t"),
        serde_json::json!({"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"t"}}}}})
    );
}

#[tokio::test]
async fn scale_sends_the_target() {
    let api = FakeObjects::default();
    let op = ObjectOp::new(deploy(), Change::Scale { from: 5, to: 3 });
    assert_eq!(
        perform(&api, &op).await.as_deref(),
        Ok("deployment.apps/checkout scaled")
    );
    assert_eq!(api.calls(), ["scale deployment.apps/web/checkout 3"]);
    assert_eq!(op.summary(), "scale deployment.apps/checkout -n web 5 → 3");
    assert_eq!(
        op.change.options().as_deref(),
        Some("--current-replicas=5 --replicas=3")
    );
}

#[test]
fn typed_values_are_checked_before_anything_is_sent() {
    let scale = ObjectOp::new(deploy(), Change::Scale { from: 5, to: 5 });
    assert_eq!(scale.prompt().as_deref(), Some("replicas (now 5)"));
    assert_eq!(
        scale.with_value(" 3 ").unwrap().change,
        Change::Scale { from: 5, to: 3 }
    );
    assert_eq!(
        scale.with_value("0").unwrap().change,
        Change::Scale { from: 5, to: 0 }
    );
    assert_eq!(
        scale.with_value("-1").unwrap_err(),
        "-1: the number of replicas cannot be negative"
    );
    assert_eq!(
        scale.with_value("three").unwrap_err(),
        "\"three\" is not a number of replicas"
    );
    assert_eq!(
        scale.with_value("").unwrap_err(),
        "\"\" is not a number of replicas"
    );
    assert!(scale.with_value("99999999999").is_err());

    let delete = ObjectOp::new(
        pod(),
        Change::Delete {
            grace: None,
            force: false,
        },
    );
    let d = |v: &str| delete.with_value(v).map(|o| o.change);
    assert_eq!(
        d(""),
        Ok(Change::Delete {
            grace: None,
            force: false
        })
    );
    assert_eq!(
        d("5"),
        Ok(Change::Delete {
            grace: Some(5),
            force: false
        })
    );
    assert_eq!(
        d("0"),
        Ok(Change::Delete {
            grace: Some(0),
            force: true
        })
    );
    assert_eq!(d("-3").unwrap_err(), "-3: a grace period cannot be negative");
    assert_eq!(d("soon").unwrap_err(), "\"soon\" is not a number of seconds");
}

#[test]
fn what_a_confirmation_says_and_the_risk_of_force() {
    let d = |grace, force| ObjectOp::new(pod(), Change::Delete { grace, force });
    assert_eq!(
        d(None, false).summary(),
        "delete pod/web-1 -n shop (with the pod's own grace period)"
    );
    assert_eq!(
        d(Some(5), false).summary(),
        "delete pod/web-1 -n shop --grace-period=5"
    );
    assert_eq!(
        d(Some(0), true).summary(),
        "delete pod/web-1 -n shop --grace-period=0 --force"
    );
    assert_eq!(d(Some(0), true).risk(), Some(FORCE_RISK));
    assert_eq!(d(Some(5), false).risk(), None);
    assert!(
        FORCE_RISK.contains("may still run on the node")
            && FORCE_RISK.contains("StatefulSet pod can then exist twice")
    );
    assert_eq!(
        ObjectOp::new(deploy(), Change::Restart).summary(),
        "rollout restart deployment.apps/checkout -n web: every pod is replaced"
    );
    assert_eq!(Change::Restart.verb(), "rollout-restart");
}

#[tokio::test]
async fn undo_sends_the_json_patch_and_an_unread_revision_sends_nothing() {
    let api = FakeObjects::default();
    let patch = serde_json::json!([{ "op": "replace", "path": "/spec/template", "value": {} }]);
    let op = ObjectOp::new(
        deploy(),
        Change::Undo {
            to_revision: 2,
            patch: UndoPatch::Json(patch.clone()),
        },
    );
    assert_eq!(
        perform(&api, &op).await.as_deref(),
        Ok("deployment.apps/checkout rolled back")
    );
    assert_eq!(
        api.calls(),
        [format!("json-patch deployment.apps/web/checkout {patch}")]
    );
    assert_eq!(
        op.summary(),
        "rollout undo deployment.apps/checkout -n web to revision 2"
    );
    assert_eq!(op.change.verb(), "rollout-undo");
    assert_eq!(op.change.options().as_deref(), Some("--to-revision=2"));
    let unread = ObjectOp::new(
        deploy(),
        Change::Undo {
            to_revision: 0,
            patch: UndoPatch::Unread,
        },
    );
    assert!(perform(&api, &unread).await.is_err());
    assert_eq!(unread.change.options(), None);
    assert_eq!(api.calls().len(), 1, "nothing more sent");
    let failing =
        FakeObjects::failing(|| api_err(404, "NotFound", "deployments.apps \"checkout\" not found"));
    assert_eq!(
        perform(&failing, &op).await.unwrap_err(),
        "Error from server (NotFound): deployments.apps \"checkout\" not found"
    );
}

fn sts() -> ObjectRef {
    ObjectRef::namespaced(ObjectKind::StatefulSet, "shop", "db")
}

#[tokio::test]
async fn undo_of_a_statefulset_sends_the_revisions_data_as_a_strategic_merge_patch() {
    let api = FakeObjects::default();
    let data = serde_json::json!({ "spec": { "template": { "$patch": "replace", "spec": {} } } });
    let op = ObjectOp::new(
        sts(),
        Change::Undo {
            to_revision: 1,
            patch: UndoPatch::Strategic(data.clone()),
        },
    );
    assert_eq!(
        perform(&api, &op).await.as_deref(),
        Ok("statefulset.apps/db rolled back")
    );
    assert_eq!(api.calls(), [format!("patch statefulset.apps/shop/db {data}")]);
    assert_eq!(op.skipped(), None);
    assert_eq!(op.change.options().as_deref(), Some("--to-revision=1"));
    // A plan that was never read sends nothing, whatever its patch.
    let unread = ObjectOp::new(
        sts(),
        Change::Undo {
            to_revision: 0,
            patch: UndoPatch::Strategic(data),
        },
    );
    assert!(perform(&api, &unread).await.is_err());
    assert_eq!(api.calls().len(), 1, "nothing more sent");
}

#[tokio::test]
async fn a_skipped_undo_sends_nothing_and_says_so_in_kubectls_words() {
    let api = FakeObjects::default();
    let op = ObjectOp::new(
        sts(),
        Change::Undo {
            to_revision: 2,
            patch: UndoPatch::Skip,
        },
    );
    let text = "statefulset.apps/db skipped rollback (current template already matches revision 2)";
    assert_eq!(perform(&api, &op).await.as_deref(), Ok(text));
    assert!(api.calls().is_empty(), "nothing sent");
    assert_eq!(
        op.skipped(),
        Some((
            text.to_string(),
            "skipped: current template already matches revision 2".to_string()
        ))
    );
}
