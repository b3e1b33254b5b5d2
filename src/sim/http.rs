//! HTTP plumbing for the simulated API server: the response body type,
//! JSON/text/Status responses, streaming bodies for watches.

use std::convert::Infallible;

use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::Frame;
use hyper::{Response, StatusCode};
use serde_json::{Value, json};
use tokio::sync::mpsc;

pub type Body = BoxBody<Bytes, Infallible>;

pub fn full(bytes: impl Into<Bytes>) -> Body {
    Full::new(bytes.into()).boxed()
}

fn with_status(status: u16, content_type: &str, body: Body) -> Response<Body> {
    let mut r = Response::new(body);
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if let Ok(v) = content_type.parse() {
        r.headers_mut().insert(hyper::header::CONTENT_TYPE, v);
    }
    r
}

pub fn json_response(status: u16, value: &Value) -> Response<Body> {
    let bytes = serde_json::to_vec(value).unwrap_or_default();
    with_status(status, "application/json", full(bytes))
}

/// `bytes` as they are (kon --demo's etcd answers, already encoded).
pub fn bytes_response(status: u16, content_type: &str, bytes: Vec<u8>) -> Response<Body> {
    with_status(status, content_type, full(bytes))
}

pub fn text_response(status: u16, text: String) -> Response<Body> {
    let mut r = with_status(status, "text/plain; charset=utf-8", full(text));
    r.headers_mut().insert(
        "x-content-type-options",
        hyper::header::HeaderValue::from_static("nosniff"),
    );
    r
}

/// A `Status` failure as the real server sends it.
pub fn status_object(code: u16, reason: &str, message: &str) -> Value {
    json!({
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": message,
        "reason": reason,
        "code": code,
    })
}

pub fn status_response(code: u16, reason: &str, message: &str) -> Response<Body> {
    json_response(code, &status_object(code, reason, message))
}

/// A streaming response: what is sent on the returned sender goes out as
/// body chunks; dropping the sender ends the response.
pub fn streaming(content_type: &str) -> (mpsc::Sender<Bytes>, Response<Body>) {
    streaming_bounded(content_type, 256)
}

/// [`streaming`] holding at most `chunks` unsent chunks: the sender waits
/// while the client does not read.
pub fn streaming_bounded(content_type: &str, chunks: usize) -> (mpsc::Sender<Bytes>, Response<Body>) {
    let (tx, rx) = mpsc::channel::<Bytes>(chunks.max(1));
    let stream = futures::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|b| (Ok::<_, Infallible>(Frame::data(b)), rx))
    });
    let body = StreamBody::new(stream).boxed();
    (tx, with_status(200, content_type, body))
}
