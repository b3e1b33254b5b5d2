//! The certificates pane's texts: verdicts, cert-manager status, CSR
//! rows and their notes, a row's mark and label, and the short forms
//! they use (CN of a DN, a few SANs, a clipped reason).

use super::{CertRow, CertSource, CsrInfo, Thresholds};
use crate::certs::CertInfo;
use crate::cluster::store::cert_records::{CertManagerRecord, CsrRecord, CsrState};
use crate::signals::backups::duration;
use crate::signals::verdict::{Level, Verdict, age, remaining};

/// Names listed in a verdict before `(+N more)`.
const NAMES_SHOWN: usize = 3;
/// Subject alternative names shown in a row before `+N`.
const SANS_SHOWN: usize = 2;
/// A reason (cert-manager message, read error) is clipped to this many chars.
const REASON_CHARS: usize = 80;

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The first `CN=` value of an RFC 4514 name (`CN=etcd-ca, O=kubeadm`),
/// with backslash escapes undone.
pub fn cn_of(dn: &str) -> Option<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut chars = dn.chars();
    while let Some(ch) = chars.next() {
        match ch {
            '\\' => {
                cur.push(ch);
                cur.extend(chars.next());
            }
            ',' | '+' => parts.push(std::mem::take(&mut cur)),
            _ => cur.push(ch),
        }
    }
    parts.push(cur);
    let value = parts.iter().find_map(|p| {
        let p = p.trim();
        p.get(..3)
            .filter(|k| k.eq_ignore_ascii_case("CN="))
            .map(|_| &p[3..])
    })?;
    // Undo `\,`-style escapes; `\XX` hex pairs (control characters) stay as they are.
    let chars: Vec<char> = value.chars().collect();
    let mut out = String::with_capacity(value.len());
    let mut i = 0;
    while i < chars.len() {
        let hex_pair = chars
            .get(i + 1..i + 3)
            .is_some_and(|p| p.iter().all(char::is_ascii_hexdigit));
        if chars[i] == '\\' && !hex_pair {
            i += 1;
        }
        out.extend(chars.get(i));
        i += 1;
    }
    Some(out)
}

/// The first line of `s`, clipped to `max` characters with `…`.
pub fn short(s: &str, max: usize) -> String {
    let line = s.lines().next().unwrap_or("").trim();
    if line.chars().count() <= max && !s.trim().contains('\n') {
        return line.to_owned();
    }
    let clipped: String = line.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", clipped.trim_end())
}

/// `shop.example.com, www.example.com +3`: DNS and IP names without their prefix.
pub fn short_sans(sans: &[String]) -> String {
    let bare = |s: &String| {
        let s = s.as_str();
        s.strip_prefix("DNS:")
            .or_else(|| s.strip_prefix("IP:"))
            .unwrap_or(s)
            .to_owned()
    };
    let mut out: Vec<String> = sans.iter().take(SANS_SHOWN).map(bare).collect::<Vec<_>>();
    if sans.len() > SANS_SHOWN {
        let last = out.pop().unwrap_or_default();
        out.push(format!("{last} +{}", sans.len() - SANS_SHOWN));
    }
    out.join(", ")
}

impl CertRow {
    /// A mark that reads without colour: `EXPIRED`, `NOT YET VALID`,
    /// `UNREADABLE`, a CSR's `PENDING`/`APPROVED`/`DENIED`/`FAILED`, else "".
    pub fn mark(&self) -> &'static str {
        if self.expired {
            "EXPIRED"
        } else if self.not_yet_valid {
            "NOT YET VALID"
        } else if self.error.is_some() {
            "UNREADABLE"
        } else {
            match self.csr.as_ref().map(|c| c.state) {
                Some(CsrState::Pending) => "PENDING",
                Some(CsrState::Approved) => "APPROVED",
                Some(CsrState::Denied) => "DENIED",
                Some(CsrState::Failed) => "FAILED",
                _ => "",
            }
        }
    }

    /// Time left as the pane shows it: `9d`, `2d 23h`, `EXPIRED 3d ago`, `-` without expiry.
    pub fn left_text(&self) -> String {
        match self.left {
            Some(l) if l < 0 => format!("EXPIRED {} ago", age(-l)),
            Some(l) => remaining(l),
            None => "-".into(),
        }
    }

    /// How a verdict names it: `web/shop-tls`, `web/shop-tls [2/3]`,
    /// `kubeadm apiserver`, `serving chain 1/2`, `csr-8x2k`.
    pub fn label(&self) -> String {
        let chain = match self.chain {
            Some((i, n)) if i > 1 => format!(" [{i}/{n}]"),
            _ => String::new(),
        };
        match self.source {
            CertSource::Secret | CertSource::Csr => format!("{}{chain}", self.name),
            s if self.name.starts_with(s.label()) => self.name.clone(),
            s => format!("{} {}", s.label(), self.name),
        }
    }

    /// A certificate in use (every row but a CSR's record).
    pub fn in_use(&self) -> bool {
        self.source != CertSource::Csr
    }
}

/// A CSR worth listing: pending or approved (not issued) ones always,
/// issued, denied and failed ones of the last [`super::CSR_RECENT_SECS`].
pub(super) fn csr_row(c: &CsrRecord, th: Thresholds, now: i64) -> Option<CertRow> {
    let age_secs = c.created.map(|t| now.saturating_sub(t));
    let recent = age_secs.is_some_and(|a| a <= super::CSR_RECENT_SECS);
    let stuck = age_secs.is_some_and(|a| a > super::CSR_STUCK_SECS);
    let ago = age_secs.map_or_else(|| "at an unknown time".to_owned(), |a| format!("{} ago", age(a)));
    let mut row = CertRow {
        csr: Some(CsrInfo {
            state: c.state,
            requester: c.requester.clone(),
            signer: c.signer.clone(),
            age: age_secs,
        }),
        ..super::empty_row(CertSource::Csr, c.name.to_string())
    };
    let note = match c.state {
        CsrState::Pending => format!("pending, requested {ago} by {}", c.requester),
        CsrState::Approved => format!("approved, not issued; requested {ago} by {}", c.requester),
        CsrState::Issued if recent => format!("issued to {}, requested {ago}", c.requester),
        CsrState::Denied if recent => format!("denied, requested {ago} by {}", c.requester),
        CsrState::Failed if recent => format!(
            "signing failed ({}), requested {ago} by {}",
            c.signer, c.requester
        ),
        _ => return None,
    };
    row.notes.push(note);
    if matches!(c.state, CsrState::Pending | CsrState::Approved) && stuck {
        row.level = Level::Warn;
    }
    if let Some(cert) = &c.certificate {
        // A record of what was signed, not a certificate in use: its expiry
        // is shown but does not level the row; only an unreadable one warns.
        let level = row.level;
        row = super::with_cert(row, cert.as_ref().map_err(|e| e.as_str()), th, now);
        if cert.is_ok() {
            row.level = level;
        }
    }
    Some(row)
}

/// What a cert-manager Certificate's status adds to its row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct CmStatus {
    pub level: Level,
    pub notes: Vec<String>,
    /// The verdict line when something is wrong (worst problem only).
    pub problem: Option<String>,
}

/// Not Ready, issuance or renewal failing, renewal overdue: each a note,
/// warn; the verdict names the first of failing, not Ready, overdue.
pub(super) fn cert_manager_status(c: &CertManagerRecord, now: i64) -> CmStatus {
    let who = format!("cert-manager {}/{}", c.namespace, c.name);
    let overdue = c
        .renewal_time
        .map(|t| now.saturating_sub(t))
        .filter(|&late| late > super::RENEWAL_GRACE_SECS);
    let mut notes = Vec::new();
    let mut failing = None;
    let mut late = None;
    if c.issuing_failure.is_some() || c.failed_attempts > 0 {
        let what = if c.not_after.is_some() {
            "renewal"
        } else {
            "issuance"
        };
        let since = overdue.map(|l| format!(" for {}", age(l))).unwrap_or_default();
        let attempts = match c.failed_attempts {
            0 => String::new(),
            n => format!(" ({n} attempt{})", plural(n as usize)),
        };
        let why = c
            .issuing_failure
            .as_deref()
            .map(|m| format!(": {}", short(m, REASON_CHARS)))
            .unwrap_or_default();
        notes.push(format!("{what} failing{since}{attempts}{why}"));
        failing = Some(format!("{who}: {what} failing{since}{attempts}{why}"));
    } else if let Some(l) = overdue {
        notes.push(format!("renewal due {} ago, not renewed", age(l)));
        late = Some(format!("{who}: renewal due {} ago, not renewed", age(l)));
    }
    let mut not_ready = None;
    if c.ready == Some(false) {
        let why = c
            .ready_message
            .as_deref()
            .map(|m| format!(": {}", short(m, REASON_CHARS)))
            .unwrap_or_default();
        notes.push(format!("not Ready{why}"));
        not_ready = Some(format!("{who} not Ready{why}"));
    }
    // A failing renewal explains not Ready better than its message does.
    let problem = failing.or(not_ready).or(late);
    CmStatus {
        level: if problem.is_some() { Level::Warn } else { Level::Ok },
        notes,
        problem,
    }
}

/// The leaf's note about a chain certificate that expires before it.
pub(super) fn chain_note(pos: usize, n: usize, c: &CertInfo, now: i64) -> String {
    let cn = c
        .common_name
        .as_deref()
        .map(|cn| format!(" (CN={cn})"))
        .unwrap_or_default();
    let left = c.not_after.saturating_sub(now);
    if left < 0 {
        format!("chain certificate {pos}/{n}{cn} expired {} ago", age(-left))
    } else {
        format!(
            "chain certificate {pos}/{n}{cn} expires in {}, before this one",
            remaining(left)
        )
    }
}

/// `a, b, c (+2 more)` of the first names.
fn listed(names: impl ExactSizeIterator<Item = String>) -> String {
    let n = names.len();
    let mut out = names.take(NAMES_SHOWN).collect::<Vec<_>>().join(", ");
    if n > NAMES_SHOWN {
        out.push_str(&format!(" (+{} more)", n - NAMES_SHOWN));
    }
    out
}

/// `storefront-tls` and `web/storefront-tls, CN=shop.example.com`: a
/// short name and where it is.
fn names(r: &CertRow) -> (String, String) {
    let chain = match r.chain {
        Some((i, n)) if i > 1 => format!(" [{i}/{n}]"),
        _ => String::new(),
    };
    let (short, place) = match r.source {
        CertSource::Secret | CertSource::CertManager => {
            let bare = r.name.rsplit('/').next().unwrap_or(&r.name);
            let place = if r.source == CertSource::Secret {
                format!("{}{chain}", r.name)
            } else {
                format!("cert-manager {}", r.name)
            };
            (format!("{bare}{chain}"), place)
        }
        s => {
            let place = r.location.clone().unwrap_or_else(|| r.name.clone());
            (r.name.clone(), format!("{} {place}", s.label()))
        }
    };
    match &r.subject {
        Some(cn) => (short, format!("{place}, CN={cn}")),
        None => (short, place),
    }
}

/// Expired (crit, listed), the soonest under the crit and the warn
/// thresholds (with how many more), not yet valid (warn). CSR records are
/// left out: they are not certificates in use.
pub(super) fn expiry(rows: &[CertRow], th: Thresholds, now: i64) -> Vec<Verdict> {
    let in_use = || rows.iter().filter(|r| r.in_use());
    let mut out = Vec::new();
    let expired: Vec<&CertRow> = in_use().filter(|r| r.expired).collect();
    if !expired.is_empty() {
        let items = expired
            .iter()
            .map(|r| format!("{} ({} ago)", r.label(), age(-r.left.unwrap_or(0))));
        out.push(Verdict::crit(format!(
            "{} certificate{} expired: {}",
            expired.len(),
            plural(expired.len()),
            listed(items)
        )));
    }
    let windows = [
        (Level::Crit, 0, th.crit_secs),
        (Level::Warn, th.crit_secs.max(0), th.warn_secs),
    ];
    for (level, from, to) in windows {
        let within: Vec<&CertRow> = in_use()
            .filter(|r| r.left.is_some_and(|l| l >= from && l < to))
            .collect();
        let Some(first) = within.first() else { continue };
        let (short, place) = names(first);
        let mut message = format!(
            "{short} expires in {} ({place})",
            remaining(first.left.unwrap_or(0))
        );
        if within.len() > 1 {
            message.push_str(&format!("; {} more within {}", within.len() - 1, age(to)));
        }
        out.push(Verdict { level, message });
    }
    let early: Vec<&CertRow> = in_use().filter(|r| r.not_yet_valid && !r.expired).collect();
    if let Some(first) = early.first() {
        let (short, place) = names(first);
        let wait = first.not_before.unwrap_or(now).saturating_sub(now);
        let mut message = format!("{short} is not valid for another {} ({place})", remaining(wait));
        if early.len() > 1 {
            message.push_str(&format!("; {} more not yet valid", early.len() - 1));
        }
        out.push(Verdict::warn(message));
    }
    out
}

/// Certificates that could not be read, with why.
pub(super) fn unreadable(rows: &[CertRow]) -> Option<Verdict> {
    let bad: Vec<&CertRow> = rows.iter().filter(|r| r.error.is_some()).collect();
    if bad.is_empty() {
        return None;
    }
    let items = bad
        .iter()
        .map(|r| format!("{} ({})", r.label(), short(r.error.as_deref().unwrap_or(""), 40)));
    Some(Verdict::warn(format!(
        "{} certificate{} unreadable: {}",
        bad.len(),
        plural(bad.len()),
        listed(items)
    )))
}

/// One verdict per troubled Certificate, the first few; then how many more.
pub(super) fn cert_manager(problems: &[String]) -> Vec<Verdict> {
    let mut out: Vec<Verdict> = problems.iter().take(NAMES_SHOWN).map(Verdict::warn).collect();
    if problems.len() > NAMES_SHOWN {
        let more = problems.len() - NAMES_SHOWN;
        out.push(Verdict::warn(format!(
            "{more} more cert-manager Certificate{} not Ready or not renewing",
            plural(more)
        )));
    }
    out
}

/// CSRs pending, or approved and not issued, longer than [`super::CSR_STUCK_SECS`].
pub(super) fn csrs(rows: &[CertRow]) -> Vec<Verdict> {
    let stuck_for = super::CSR_STUCK_SECS;
    let mut out = Vec::new();
    for (state, what) in [
        (CsrState::Pending, "pending"),
        (CsrState::Approved, "approved but not issued"),
    ] {
        let stuck: Vec<_> = rows
            .iter()
            .filter_map(|r| r.csr.as_ref().map(|c| (r, c)))
            .filter(|(_, c)| c.state == state && c.age.is_some_and(|a| a > stuck_for))
            .collect();
        // Rows of CSRs without a certificate are sorted oldest first.
        let Some((r, c)) = stuck.first() else { continue };
        out.push(Verdict::warn(format!(
            "{} CSR{} {what} for more than {} (oldest {} {}, by {})",
            stuck.len(),
            plural(stuck.len()),
            duration(stuck_for),
            r.name,
            age(c.age.unwrap_or(0)),
            c.requester
        )));
    }
    out
}

/// The tile when nothing is wrong.
pub(super) fn all_ok(in_use: &[&CertRow], settled: bool) -> String {
    let n = in_use.len();
    if n == 0 {
        return if settled {
            "no certificates found"
        } else {
            "checking certificates"
        }
        .into();
    }
    match in_use.iter().find(|r| r.left.is_some()) {
        Some(r) => format!(
            "{n} certificate{}, soonest expiry in {} ({})",
            plural(n),
            remaining(r.left.unwrap_or(0)),
            r.label()
        ),
        None => format!("{n} certificate{}", plural(n)),
    }
}
