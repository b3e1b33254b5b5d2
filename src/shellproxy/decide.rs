//! The read-only shell's decision: which requests reach the API server.
//!
//! Pure: a method, a path, a query and whether the request asks for a
//! protocol upgrade go in; a [`Verdict`] comes out. It follows upstream
//! kubectx (`internal/proxy/readonly.go`) where kon does not differ on
//! purpose, failing closed:
//!
//! - GET, HEAD and OPTIONS pass (reads, lists, watches, logs with follow);
//! - POST passes only to upstream's six review endpoints (access, rules,
//!   token and self-subject reviews), which create nothing;
//! - every other method is refused, and so are protocol upgrades;
//! - beyond upstream: a dry run (`?dryRun=All`) is refused like the write it
//!   rehearses (it still runs admission, webhooks included), the `exec`,
//!   `attach`, `portforward` and `proxy` subresources are refused whatever
//!   the method, a path that could be read two ways (encoded slashes or
//!   percent signs, `.`/`..` segments, empty segments, backslashes, control
//!   characters) is refused, and `--deny secrets` refuses Secrets.

/// What the shell's proxy may not pass besides writes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Deny {
    /// `--deny secrets`: no Secret is read, listed or watched.
    pub secrets: bool,
}

impl Deny {
    /// Parses `--deny` values (`secrets`); an unknown one is an error.
    pub fn parse(values: &[String]) -> Result<Self, String> {
        let mut deny = Deny::default();
        for v in values.iter().flat_map(|v| v.split(',')) {
            match v.trim() {
                "secrets" | "secret" => deny.secrets = true,
                other => return Err(format!("unknown --deny value \"{other}\" (known: secrets)")),
            }
        }
        Ok(deny)
    }
}

/// Whether a request goes to the API server, and if not why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Forward,
    /// Refused; the text after upstream's `[kubectx] readonly mode: `.
    Refuse(String),
}

/// Upstream's reason for upgrades and kon's for the streaming subresources.
pub const STREAMS: &str = "operations like exec, cp, and port-forward are not allowed";

/// Upstream's non-mutating POSTs: `(group, rest after the version)`; a
/// `*` segment is any one namespace.
const REVIEWS: &[(&str, &[&str])] = &[
    ("authorization.k8s.io", &["selfsubjectaccessreviews"]),
    ("authorization.k8s.io", &["subjectaccessreviews"]),
    (
        "authorization.k8s.io",
        &["namespaces", "*", "localsubjectaccessreviews"],
    ),
    ("authorization.k8s.io", &["selfsubjectrulesreviews"]),
    ("authentication.k8s.io", &["tokenreviews"]),
    ("authentication.k8s.io", &["selfsubjectreviews"]),
];

const STREAMING_SUBRESOURCES: &[&str] = &["exec", "attach", "portforward", "proxy"];

/// Decides one request. `path` is as received (still percent-encoded),
/// `query` without the `?`; `upgrade`: the request asks to switch protocols
/// (an `Upgrade` header, or `Connection: upgrade`).
pub fn decide(method: &str, path: &str, query: &str, upgrade: bool, deny: &Deny) -> Verdict {
    let refuse = |why: &str| Verdict::Refuse(why.to_string());
    if upgrade {
        return refuse(STREAMS);
    }
    let Some(segments) = segments(path) else {
        return Verdict::Refuse(format!("the path {path:?} is ambiguous"));
    };
    let resource = Resource::of(&segments);
    if let Some(r) = &resource {
        if r.subresource
            .as_deref()
            .is_some_and(|s| STREAMING_SUBRESOURCES.iter().any(|x| s.eq_ignore_ascii_case(x)))
        {
            return refuse(STREAMS);
        }
        if deny.secrets && r.plural.eq_ignore_ascii_case("secrets") {
            return refuse("reading secrets is denied (--deny secrets)");
        }
    }
    let read = matches!(method, "GET" | "HEAD" | "OPTIONS");
    if read || (method == "POST" && is_review(&segments)) {
        return Verdict::Forward;
    }
    if dry_run(query) {
        return Verdict::Refuse(format!("{method} requests are not allowed, dry runs included"));
    }
    Verdict::Refuse(format!("{method} requests are not allowed"))
}

/// A request that streams until the client goes away (a watch, `logs -f`):
/// it gets no timeout.
pub fn is_stream(path: &str, query: &str) -> bool {
    let on = |name: &str| {
        query.split('&').any(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            k == name && !matches!(v, "false" | "0")
        })
    };
    on("watch") || on("follow") || path.contains("/watch/")
}

/// Whether `headers` ask for a protocol switch: any `Upgrade` header, or an
/// `upgrade` token in `Connection`.
pub fn is_upgrade<'a>(
    upgrade: impl IntoIterator<Item = &'a [u8]>,
    connection: impl IntoIterator<Item = &'a [u8]>,
) -> bool {
    upgrade.into_iter().next().is_some()
        || connection.into_iter().any(|v| {
            String::from_utf8_lossy(v)
                .split(',')
                .any(|t| t.trim().eq_ignore_ascii_case("upgrade"))
        })
}

/// The path's segments, decoded once as the API server decodes them; `None`
/// when the path could be read more than one way.
fn segments(path: &str) -> Option<Vec<String>> {
    let rest = path.strip_prefix('/')?;
    if rest.is_empty() {
        return Some(Vec::new());
    }
    let decoded = percent_decode(rest)?;
    if decoded.contains('%') || decoded.contains('\\') || decoded.chars().any(char::is_control) {
        return None;
    }
    let parts: Vec<String> = decoded.split('/').map(str::to_string).collect();
    if parts.iter().any(|s| s.is_empty() || s == "." || s == "..") {
        return None;
    }
    // An encoded slash hides a segment: refused rather than guessed.
    if rest.to_ascii_lowercase().contains("%2f") {
        return None;
    }
    Some(parts)
}

/// `%XX` decoded; `None` on a malformed escape or a non-UTF-8 result.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A resource request as the API server reads its path
/// (`k8s.io/apiserver/pkg/endpoints/request/requestinfo.go`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Resource {
    plural: String,
    subresource: Option<String>,
}

impl Resource {
    fn of(segments: &[String]) -> Option<Self> {
        let s: Vec<&str> = segments.iter().map(String::as_str).collect();
        let mut rest: &[&str] = match s.as_slice() {
            ["api", _version, rest @ ..] => rest,
            ["apis", _group, _version, rest @ ..] => rest,
            _ => return None,
        };
        // The legacy verb prefixes: `/watch/…` reads, `/proxy/…` proxies.
        let proxy = rest.first().is_some_and(|p| p.eq_ignore_ascii_case("proxy"));
        if proxy || rest.first().is_some_and(|p| p.eq_ignore_ascii_case("watch")) {
            rest = &rest[1..];
        }
        if rest.len() > 2 && rest[0] == "namespaces" {
            let namespace_sub = matches!(rest[2], "status" | "finalize");
            if !namespace_sub {
                rest = &rest[2..];
            }
        }
        let plural = rest.first().map(|s| s.to_string()).unwrap_or_default();
        let subresource = if proxy {
            Some("proxy".to_string())
        } else {
            rest.get(2).map(|s| s.to_string())
        };
        Some(Self { plural, subresource })
    }
}

/// Whether the path is one of upstream's review endpoints (exactly).
fn is_review(segments: &[String]) -> bool {
    let s: Vec<&str> = segments.iter().map(String::as_str).collect();
    let ["apis", group, _version, rest @ ..] = s.as_slice() else {
        return false;
    };
    REVIEWS.iter().any(|(g, pattern)| {
        g == group
            && pattern.len() == rest.len()
            && pattern.iter().zip(rest).all(|(p, r)| *p == "*" || p == r)
    })
}

/// Any `dryRun` parameter at all (`All`, or a value the server may read as it).
fn dry_run(query: &str) -> bool {
    query
        .split('&')
        .filter_map(|kv| percent_decode(kv.split('=').next().unwrap_or("")))
        .any(|k| k.eq_ignore_ascii_case("dryrun"))
}

#[cfg(test)]
#[path = "decide_tests.rs"]
mod tests;
