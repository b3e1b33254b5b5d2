//! A scripted [`ObjectApi`] for the tests: it records each request, and
//! answers each with an error or hangs when told to.

use std::sync::Mutex;

use kube::core::Status;

use super::object::ObjectApi;
use crate::cluster::ObjectRef;

/// An API error as the server sends it.
pub fn api_err(code: u16, reason: &str, message: &str) -> kube::Error {
    kube::Error::Api(Status::failure(message, reason).with_code(code).boxed())
}

#[derive(Default)]
pub struct FakeObjects {
    /// Each request, as `delete pod/shop/x grace=Some(0)`.
    pub calls: Mutex<Vec<String>>,
    /// The error the next requests answer with.
    pub fail: Mutex<Option<(u16, &'static str, String)>>,
    /// Requests never answer.
    pub hang: bool,
}

impl FakeObjects {
    pub fn failing(code: u16, reason: &'static str, message: &str) -> Self {
        Self {
            fail: Mutex::new(Some((code, reason, message.into()))),
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
        match self.fail.lock().unwrap().clone() {
            Some((code, reason, message)) => Err(api_err(code, reason, &message)),
            None => Ok(()),
        }
    }
}

impl ObjectApi for FakeObjects {
    async fn delete_pod(&self, pod: &ObjectRef, grace: Option<u32>) -> kube::Result<()> {
        self.answer(format!("delete {} grace={grace:?}", pod.audit_target()))
            .await
    }
}
