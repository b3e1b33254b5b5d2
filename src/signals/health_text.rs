//! Parses the body of the API server's `/readyz?verbose` and `/livez?verbose`
//! in the real kube-apiserver format (k8s.io/apiserver/pkg/server/healthz):
//!
//! ```text
//! [+]ping ok
//! [-]etcd failed: reason withheld
//! [+]informer-sync excluded: ok
//! warn: some health checks cannot be excluded: no matches for "x"
//! readyz check failed
//! ```
//!
//! and the plain `ok` of a healthy non-verbose answer. Anything else is a
//! [`ParseError`], never a panic.

use std::fmt;

/// One named check of a verbose listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub name: String,
    pub ok: bool,
    /// Excluded by the caller (`?exclude=`); the server reports it as ok.
    pub excluded: bool,
}

/// What `/readyz` or `/livez` said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthReport {
    /// Empty for the plain `ok` answer.
    pub checks: Vec<Check>,
    /// The server's own verdict (its last line, or the plain `ok`).
    pub passed: bool,
    /// `warn: ...` lines, without the prefix.
    pub warnings: Vec<String>,
}

impl HealthReport {
    /// The names of the failing checks, in the server's order.
    pub fn failing(&self) -> impl Iterator<Item = &str> {
        self.checks.iter().filter(|c| !c.ok).map(|c| c.name.as_str())
    }
}

/// Why a body is not a health listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    Empty,
    /// A line that is neither a check, a warning nor the verdict (1-based).
    UnexpectedLine {
        line: usize,
        text: String,
    },
    /// The listing does not end with `<endpoint> check passed|failed`.
    NoVerdict,
    /// The verdict says passed while a check is listed as failed.
    Inconsistent {
        failing: String,
    },
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Empty => write!(f, "empty health answer"),
            ParseError::UnexpectedLine { line, text } => {
                write!(f, "unexpected health answer at line {line}: {}", clip(text))
            }
            ParseError::NoVerdict => write!(f, "health answer has no 'check passed/failed' line"),
            ParseError::Inconsistent { failing } => {
                write!(f, "health answer says passed but lists {failing} as failed")
            }
        }
    }
}

impl std::error::Error for ParseError {}

/// At most 60 characters of a line for an error message.
fn clip(s: &str) -> String {
    match s.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

/// Parses a `/readyz` or `/livez` body.
pub fn parse(body: &str) -> Result<HealthReport, ParseError> {
    let lines: Vec<(usize, &str)> = body
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    let Some((&(last_no, last), rest)) = lines.split_last() else {
        return Err(ParseError::Empty);
    };
    if rest.is_empty() && last == "ok" {
        return Ok(HealthReport {
            checks: Vec::new(),
            passed: true,
            warnings: Vec::new(),
        });
    }
    let passed = verdict(last).ok_or_else(|| {
        if check_line(last).is_some() || last.starts_with("warn:") {
            ParseError::NoVerdict
        } else {
            ParseError::UnexpectedLine {
                line: last_no,
                text: last.to_owned(),
            }
        }
    })?;
    let mut checks = Vec::new();
    let mut warnings = Vec::new();
    for &(no, line) in rest {
        if let Some(w) = line.strip_prefix("warn:") {
            warnings.push(w.trim().to_owned());
        } else if let Some(c) = check_line(line) {
            checks.push(c);
        } else {
            return Err(ParseError::UnexpectedLine {
                line: no,
                text: line.to_owned(),
            });
        }
    }
    if passed && let Some(bad) = checks.iter().find(|c| !c.ok) {
        return Err(ParseError::Inconsistent {
            failing: bad.name.clone(),
        });
    }
    Ok(HealthReport {
        checks,
        passed,
        warnings,
    })
}

/// `readyz check passed` → `Some(true)`; `livez check failed` → `Some(false)`.
fn verdict(line: &str) -> Option<bool> {
    let (name, outcome) = line.rsplit_once(" check ")?;
    if name.is_empty() || name.contains(char::is_whitespace) {
        return None;
    }
    match outcome {
        "passed" => Some(true),
        "failed" => Some(false),
        _ => None,
    }
}

/// `[+]name ok`, `[+]name excluded: ok`, `[-]name failed: <reason>`.
fn check_line(line: &str) -> Option<Check> {
    let named = |rest: &str, suffix: &str| {
        rest.strip_suffix(suffix)
            .filter(|n| !n.is_empty() && !n.contains(char::is_whitespace))
            .map(str::to_owned)
    };
    if let Some(rest) = line.strip_prefix("[+]") {
        if let Some(name) = named(rest, " excluded: ok") {
            return Some(Check {
                name,
                ok: true,
                excluded: true,
            });
        }
        return named(rest, " ok").map(|name| Check {
            name,
            ok: true,
            excluded: false,
        });
    }
    let rest = line.strip_prefix("[-]")?;
    let (name, _reason) = rest.split_once(" failed")?;
    named(name, "").map(|name| Check {
        name,
        ok: false,
        excluded: false,
    })
}

/// What the health poller reported (`Ok(body)` or a transport error) as a
/// report, or one line saying why there is none.
pub fn from_fetch(fetched: &Result<String, String>) -> Result<HealthReport, String> {
    match fetched {
        Ok(body) => parse(body).map_err(|e| e.to_string()),
        Err(e) => Err(e.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAILING: &str = "[+]ping ok\n[+]log ok\n[-]etcd failed: reason withheld\n\
        [+]poststarthook/start-apiserver-admission-initializer ok\n\
        [+]informer-sync excluded: ok\n\
        warn: some health checks cannot be excluded: no matches for \"nope\"\n\
        readyz check failed\n";

    #[test]
    fn parses_a_failing_listing_with_exclusions_and_warnings() {
        let r = parse(FAILING).unwrap();
        assert!(!r.passed);
        assert_eq!(r.checks.len(), 5);
        assert_eq!(r.failing().collect::<Vec<_>>(), ["etcd"]);
        assert_eq!(
            r.checks[3].name,
            "poststarthook/start-apiserver-admission-initializer"
        );
        let ex = &r.checks[4];
        assert!(ex.ok && ex.excluded && ex.name == "informer-sync");
        assert_eq!(
            r.warnings,
            ["some health checks cannot be excluded: no matches for \"nope\""]
        );
    }

    #[test]
    fn parses_a_passing_listing_and_plain_ok() {
        let r = parse("[+]ping ok\n[+]etcd ok\nlivez check passed\n").unwrap();
        assert!(r.passed && r.checks.len() == 2 && r.failing().count() == 0);
        let plain = parse("ok").unwrap();
        assert!(plain.passed && plain.checks.is_empty());
        // kube trims a 500 body into the error message; CRLF and padding too.
        let trimmed = parse("  [-]etcd failed: reason withheld\r\nreadyz check failed").unwrap();
        assert_eq!(trimmed.failing().collect::<Vec<_>>(), ["etcd"]);
    }

    #[test]
    fn malformed_bodies_are_errors() {
        assert_eq!(parse(""), Err(ParseError::Empty));
        assert_eq!(parse(" \n\n"), Err(ParseError::Empty));
        // Truncated: no verdict line.
        assert_eq!(parse("[+]ping ok\n[+]etcd ok\n"), Err(ParseError::NoVerdict));
        // An HTML error page from a proxy.
        assert!(matches!(
            parse("<html><body>502 Bad Gateway</body></html>"),
            Err(ParseError::UnexpectedLine { line: 1, .. })
        ));
        assert!(matches!(
            parse("[+]ping ok\n[*]etcd maybe\nreadyz check passed"),
            Err(ParseError::UnexpectedLine { line: 2, .. })
        ));
        assert!(matches!(
            parse("[+] ok\nreadyz check passed"),
            Err(ParseError::UnexpectedLine { line: 1, .. })
        ));
        assert_eq!(
            parse("[-]etcd failed: reason withheld\nreadyz check passed"),
            Err(ParseError::Inconsistent {
                failing: "etcd".into()
            })
        );
        assert!(parse("readyz check maybe").is_err());
        assert!(parse("ok\nok").is_err());
        // Multibyte text in an error is clipped on a char boundary.
        let long = "é".repeat(100);
        let msg = parse(&long).unwrap_err().to_string();
        assert!(msg.ends_with('…') && msg.chars().count() < 120, "{msg}");
    }

    #[test]
    fn from_fetch_carries_errors_as_text() {
        let ok = from_fetch(&Ok("ok".into())).unwrap();
        assert!(ok.passed);
        assert_eq!(from_fetch(&Err("refused".into())), Err("refused".into()));
        let bad = from_fetch(&Ok("garbage".into())).unwrap_err();
        assert!(bad.contains("garbage"), "{bad}");
    }
}
