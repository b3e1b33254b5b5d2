//! The certificates pane's lines: verdicts, what was not checked, then
//! every certificate soonest expiry first. Expiry reads without colour
//! (`EXPIRED 3d ago`, `NOT YET VALID`), so `mono` shows it as plainly.

use super::{PaneLine, cut, heading, level_scope, preamble};
use crate::signals::certs::{CertRow, CertSource, CertsModel};

/// The row's name: the source has its own column.
fn name(r: &CertRow) -> String {
    match r.source {
        CertSource::Secret | CertSource::Csr => r.label(),
        _ => r.name.clone(),
    }
}

fn row(r: &CertRow) -> Vec<PaneLine> {
    let (symbol, scope) = level_scope(r.level);
    let when = match r.mark() {
        "" => r.left_text(),
        mark if r.expired => r.left_text().replacen("EXPIRED", mark, 1),
        mark => mark.to_string(),
    };
    let who = match (&r.subject, &r.issuer) {
        (Some(s), Some(i)) if s == i => format!("{s} (self-signed)"),
        (Some(s), Some(i)) => format!("{s} ← {i}"),
        (Some(s), None) => s.clone(),
        _ => String::new(),
    };
    let mut first = vec![
        (format!("{symbol} {:<15} ", cut(&when, 15)), scope),
        (format!("{:<12} ", r.source.label()), "muted"),
        (format!("{:<34} ", cut(&name(r), 34)), "text"),
        (who, "text"),
    ];
    if !r.sans.is_empty() {
        first.push((format!(" · {}", r.sans), "muted"));
    }
    let mut out = vec![first];
    let detail = [
        r.error.as_ref().map(|e| (format!("unreadable: {e}"), "warn")),
        r.managed_by
            .as_ref()
            .map(|m| (format!("managed by cert-manager {m}"), "muted")),
        r.location.as_ref().map(|l| (l.clone(), "muted")),
    ];
    for (t, s) in detail.into_iter().flatten() {
        out.push(vec![(format!("{:18}{t}", ""), s)]);
    }
    for n in &r.notes {
        out.push(vec![(
            format!("{:18}{n}", ""),
            if r.level > crate::signals::verdict::Level::Ok {
                "warn"
            } else {
                "muted"
            },
        )]);
    }
    out
}

pub fn lines(m: &CertsModel) -> Vec<PaneLine> {
    let mut out = preamble(&m.verdicts, &m.pending, &m.missing);
    out.push(vec![]);
    out.push(heading(&format!(
        "Certificates ({}, {} expired), soonest expiry first",
        m.certificates, m.expired
    )));
    for r in &m.rows {
        out.extend(row(r));
    }
    out
}
