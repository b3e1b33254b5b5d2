//! Tests of the Status shapes.

use super::*;

#[test]
fn not_found_status_matches_kube_apiserver() {
    let e = ApiError::not_found("", "pods", "web-1");
    assert_eq!(
        e.to_status(),
        json!({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
               "message":"pods \"web-1\" not found","reason":"NotFound",
               "details":{"name":"web-1","kind":"pods"},"code":404})
    );
    let e = ApiError::not_found("apps", "deployments", "x");
    assert_eq!(e.message, "deployments.apps \"x\" not found");
    assert_eq!(e.to_status()["details"]["group"], "apps");
}

#[test]
fn conflict_message_is_the_real_one() {
    let e = ApiError::conflict_modified("", "pods", "x");
    assert_eq!(e.code, 409);
    assert_eq!(
        e.message,
        "Operation cannot be fulfilled on pods \"x\": the object has been modified; \
         please apply your changes to the latest version and try again"
    );
}

#[test]
fn expired_and_rbac_forbidden() {
    let e = ApiError::too_old_resource_version(5, 120);
    let s = e.to_status();
    assert_eq!(s["code"], 410);
    assert_eq!(s["reason"], "Expired");
    assert_eq!(s["message"], "too old resource version: 5 (120)");
    assert!(s.get("details").is_none());
    let f = ApiError::forbidden_rbac("bob", "list", "", "pods", Some("default"));
    assert_eq!(
        f.message,
        "pods is forbidden: User \"bob\" cannot list resource \"pods\" in API group \"\" in the namespace \"default\""
    );
}

#[test]
fn eviction_blocked_carries_cause() {
    let s = ApiError::eviction_blocked("web-pdb", 2, 2).to_status();
    assert_eq!(s["code"], 429);
    assert_eq!(s["details"]["causes"][0]["reason"], "DisruptionBudget");
    assert_eq!(
        s["details"]["causes"][0]["message"],
        "The disruption budget web-pdb needs 2 healthy pods and has 2 currently"
    );
    let t = ApiError::too_many_requests("slow down", 3).to_status();
    assert_eq!(t["details"], json!({"retryAfterSeconds": 3}));
}

#[test]
fn invalid_joins_causes() {
    let one = StatusCause {
        reason: "FieldValueRequired".into(),
        message: "Required value: name or generateName is required".into(),
        field: "metadata.name".into(),
    };
    let e = ApiError::invalid("", "Pod", "", vec![one.clone()]);
    assert_eq!(
        e.message,
        "Pod \"\" is invalid: metadata.name: Required value: name or generateName is required"
    );
    let e = ApiError::invalid("apps", "Deployment", "d", vec![one.clone(), one]);
    assert!(
        e.message
            .starts_with("Deployment.apps \"d\" is invalid: [metadata.name")
    );
    assert_eq!(e.code, 422);
}
