//! Reading one object through the API, as JSON, within a deadline; its
//! Secret values are redacted here, before anything else sees them.

use std::time::Duration;

use serde_json::Value;

use super::{kinds, redact};
use crate::cluster::ObjectRef;

/// How long a read may take before kon says the server did not answer.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// The object `target` names, redacted; or the error in kubectl's words
/// (`Error from server (NotFound): pods "x" not found`).
pub async fn fetch(client: kube::Client, target: &ObjectRef, timeout: Duration) -> Result<Value, String> {
    let path = kinds::path(target)?;
    let request = http::Request::get(path)
        .body(Vec::new())
        .map_err(|e| format!("error: {e}"))?;
    match tokio::time::timeout(timeout, client.request::<Value>(request)).await {
        Err(_) => Err(format!(
            "the API server did not answer within {}s: {target} was not read",
            timeout.as_secs()
        )),
        Ok(Err(e)) => Err(crate::errors::describe(&e)),
        Ok(Ok(object)) => Ok(redact::object(object)),
    }
}
