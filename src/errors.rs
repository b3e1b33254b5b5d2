//! Errors in kubectl's words, for the screen, stderr and the audit log.
//!
//! An API error reads as kubectl prints it (`Error from server (NotFound):
//! nodes "nosuch-node" not found`), never as kube-rs's debug dump of the
//! `Status`. Any other error reads as its chain of causes, each said once:
//! a layer that repeats its cause's text (`… (os error 2): … (os error
//! 2)`) gives only its own part, and Rust variant names (`ServiceError`)
//! are left out.

use std::error::Error as StdError;

use kube::core::Status;

/// kube-rs's reason for an error body that was not a `Status`.
const NOT_A_STATUS: &str = "Failed to parse error data";

/// The longest server text kept from a body that was not a `Status` (an
/// HTML error page from a proxy, say).
const MAX_BODY: usize = 300;

/// A kube-rs error as kubectl would print it.
pub fn describe(e: &kube::Error) -> String {
    chain(e)
}

/// An API server's `Status` as kubectl prints it: `Error from server
/// (Reason): message`; `Error from server: message` without a reason; and
/// for a body that was not a `Status`, its text (or the HTTP status) with
/// the reason the code implies, as client-go does.
pub fn describe_status(s: &Status) -> String {
    let parsed = s.reason != NOT_A_STATUS;
    let reason = if parsed {
        s.reason.trim().to_string()
    } else {
        reason_for_code(s.code).to_string()
    };
    let message = match one_line(&s.message, if parsed { usize::MAX } else { MAX_BODY }) {
        m if !m.is_empty() => m,
        _ => http_status(s.code),
    };
    if reason == "Unauthorized" {
        return format!("You must be logged in to the server ({message})");
    }
    if reason.is_empty() {
        format!("Error from server: {message}")
    } else {
        format!("Error from server ({reason}): {message}")
    }
}

/// An anyhow error's chain, each part once (see [`chain`]).
pub fn describe_anyhow(e: &anyhow::Error) -> String {
    chain(e.as_ref())
}

/// An error and its causes on one line, `: `-joined, each said once; a
/// kube-rs API error in the chain reads as kubectl prints it and ends it.
pub fn chain(e: &(dyn StdError + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cur: Option<&(dyn StdError + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(status) = api_status(err) {
            push(&mut parts, describe_status(status));
            break;
        }
        let source = err.source();
        let own = own_part(&err.to_string(), source.map(|s| s.to_string()).as_deref());
        if !is_variant_name(&own) {
            push(&mut parts, own);
        }
        cur = source;
    }
    if parts.is_empty() {
        return e.to_string();
    }
    parts.join(": ")
}

/// The `Status` of a kube-rs API error (or the `Status` itself).
fn api_status<'a>(e: &'a (dyn StdError + 'static)) -> Option<&'a Status> {
    match e.downcast_ref::<kube::Error>() {
        Some(kube::Error::Api(s)) => Some(s),
        _ => e
            .downcast_ref::<Status>()
            .or_else(|| e.downcast_ref::<Box<Status>>().map(|b| &**b)),
    }
}

/// What a layer says beyond its cause: its text less the cause's text when
/// it ends with it (`context: cause` gives `context`).
fn own_part(text: &str, source: Option<&str>) -> String {
    let text = text.trim();
    if let Some(src) = source.map(str::trim).filter(|s| !s.is_empty())
        && let Some(head) = text.strip_suffix(src)
    {
        return head
            .trim_end()
            .trim_end_matches([':', '-', ','])
            .trim_end()
            .to_string();
    }
    text.to_string()
}

/// A Rust variant name standing alone (`ServiceError`, `HyperError`),
/// which tells the user nothing.
fn is_variant_name(part: &str) -> bool {
    !part.is_empty()
        && part.ends_with("Error")
        && part.chars().all(|c| c.is_ascii_alphanumeric())
        && part.starts_with(|c: char| c.is_ascii_uppercase())
}

/// Adds `part` unless it is empty or an earlier part already says it.
fn push(parts: &mut Vec<String>, part: String) {
    if part.is_empty() || parts.iter().any(|p| p.contains(&part)) {
        return;
    }
    // A later part that says more replaces an earlier one it contains.
    parts.retain(|p| !part.contains(p.as_str()));
    parts.push(part);
}

/// `text` on one line (whitespace runs collapsed), at most `max` characters.
fn one_line(text: &str, max: usize) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if joined.chars().count() <= max {
        return joined;
    }
    let mut cut: String = joined.chars().take(max).collect();
    cut.push('…');
    cut
}

/// `HTTP 502 Bad Gateway`.
fn http_status(code: u16) -> String {
    let reason = http::StatusCode::from_u16(code)
        .ok()
        .and_then(|c| c.canonical_reason());
    match reason {
        Some(r) => format!("HTTP {code} {r}"),
        None => format!("HTTP {code}"),
    }
}

/// The reason client-go gives a response of `code` whose body was not a
/// `Status` (apimachinery's `NewGenericServerResponse`).
fn reason_for_code(code: u16) -> &'static str {
    match code {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        409 => "Conflict",
        410 => "Expired",
        413 => "RequestEntityTooLarge",
        415 => "UnsupportedMediaType",
        422 => "Invalid",
        429 => "TooManyRequests",
        500 => "InternalError",
        503 => "ServiceUnavailable",
        504 => "Timeout",
        _ => "",
    }
}

#[cfg(test)]
#[path = "errors_tests.rs"]
mod tests;
