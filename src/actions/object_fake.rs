//! A scripted [`ObjectApi`] for the tests: it records each request, and
//! answers each with an error or hangs when told to.

use std::sync::Mutex;

use kube::core::Status;
use kube::core::response::{StatusCause, StatusDetails};

use super::object::ObjectApi;
use crate::cluster::ObjectRef;

/// An API error as the server sends it.
pub fn api_err(code: u16, reason: &str, message: &str) -> kube::Error {
    kube::Error::Api(Status::failure(message, reason).with_code(code).boxed())
}

/// The Eviction API's refusal: a 429 naming the budget in its cause.
pub fn budget_refusal() -> kube::Error {
    let mut s = Status::failure(
        "Cannot evict pod as it would violate the pod's disruption budget.",
        "TooManyRequests",
    )
    .with_code(429);
    s.details = Some(StatusDetails {
        causes: vec![StatusCause {
            reason: "DisruptionBudget".into(),
            message: "The disruption budget web needs 2 healthy pods and has 2 currently".into(),
            field: String::new(),
        }],
        name: String::new(),
        group: String::new(),
        kind: String::new(),
        uid: String::new(),
        retry_after_seconds: 0,
    });
    kube::Error::Api(s.boxed())
}

#[derive(Default)]
pub struct FakeObjects {
    /// Each request, as `delete pod/shop/x grace=Some(0)`.
    pub calls: Mutex<Vec<String>>,
    /// The error the requests answer with.
    pub fail: Option<fn() -> kube::Error>,
    /// Requests never answer.
    pub hang: bool,
}

impl FakeObjects {
    pub fn failing(fail: fn() -> kube::Error) -> Self {
        Self {
            fail: Some(fail),
            ..Self::default()
        }
    }

    pub fn calls(&self) -> Vec<String> {
        self.calls.lock().unwrap().clone()
    }

    async fn answer(&self, call: String) -> kube::Result<()> {
        self.calls.lock().unwrap().push(call);
        if self.hang {
            std::future::pending::<()>().await;
        }
        match self.fail {
            Some(fail) => Err(fail()),
            None => Ok(()),
        }
    }
}

impl ObjectApi for FakeObjects {
    async fn delete_pod(&self, pod: &ObjectRef, grace: Option<u32>) -> kube::Result<()> {
        self.answer(format!("delete {} grace={grace:?}", pod.audit_target()))
            .await
    }

    async fn evict_pod(&self, pod: &ObjectRef) -> kube::Result<()> {
        self.answer(format!("evict {}", pod.audit_target())).await
    }

    async fn patch(&self, object: &ObjectRef, body: serde_json::Value) -> kube::Result<()> {
        self.answer(format!("patch {} {body}", object.audit_target()))
            .await
    }

    async fn json_patch(&self, object: &ObjectRef, body: serde_json::Value) -> kube::Result<()> {
        self.answer(format!("json-patch {} {body}", object.audit_target()))
            .await
    }

    async fn scale(&self, object: &ObjectRef, replicas: i32) -> kube::Result<()> {
        self.answer(format!("scale {} {replicas}", object.audit_target()))
            .await
    }
}
