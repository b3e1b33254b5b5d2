//! The certificates pane: every certificate kon can see, soonest expiry
//! first: the API server's serving chain, the kubeconfig's client
//! certificate and CA, kubeadm's PKI files (all found outside the API),
//! `kubernetes.io/tls` Secrets (each certificate of the chain), cert-manager
//! Certificates (merged into the Secret they write) and recent
//! CertificateSigningRequests. The guidance: all of them expire; plan
//! their management.

use std::collections::HashMap;
use std::sync::Arc;

use super::verdict::{Level, Verdict, sort_worst_first, summarize};
use crate::certs::{CertInfo, FoundCert, Origin};
use crate::cluster::store::cert_records::{CertManagerRecord, CsrRecord, CsrState, TlsSecretRecord};
use crate::cluster::store::{Store, SyncState};

pub use verdicts::{cn_of, short, short_sans};

pub const DAY: i64 = 86_400;
/// A CSR pending (or approved and not issued) longer than this warns:
/// nobody approves it, or the signer does not sign.
pub const CSR_STUCK_SECS: i64 = 3_600;
/// Issued, denied and failed CSRs are listed this long after creation.
pub const CSR_RECENT_SECS: i64 = DAY;
/// cert-manager renews at `renewalTime`; this long after it, with no new
/// certificate, the renewal is overdue (the renewal itself takes moments).
pub const RENEWAL_GRACE_SECS: i64 = 3_600;

/// Time left below which a certificate warns, and below which it is critical.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    pub warn_secs: i64,
    pub crit_secs: i64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            warn_secs: 28 * DAY,
            crit_secs: 14 * DAY,
        }
    }
}

impl Thresholds {
    /// Expired (`left < 0`) or under `crit_secs` left: crit; under
    /// `warn_secs`: warn.
    pub fn level(&self, left: i64) -> Level {
        if left < 0 || left < self.crit_secs {
            Level::Crit
        } else if left < self.warn_secs {
            Level::Warn
        } else {
            Level::Ok
        }
    }
}

/// Where a row's certificate comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CertSource {
    Serving,
    Kubeconfig,
    Kubeadm,
    Secret,
    /// A cert-manager Certificate whose Secret is not visible.
    CertManager,
    Csr,
}

impl CertSource {
    pub fn label(self) -> &'static str {
        match self {
            CertSource::Serving => "serving",
            CertSource::Kubeconfig => "kubeconfig",
            CertSource::Kubeadm => "kubeadm",
            CertSource::Secret => "secret",
            CertSource::CertManager => "cert-manager",
            CertSource::Csr => "csr",
        }
    }
}

impl From<Origin> for CertSource {
    fn from(o: Origin) -> Self {
        match o {
            Origin::Serving => CertSource::Serving,
            Origin::Kubeconfig => CertSource::Kubeconfig,
            Origin::Kubeadm => CertSource::Kubeadm,
        }
    }
}

/// What a CSR row says of its request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsrInfo {
    pub state: CsrState,
    pub requester: Arc<str>,
    pub signer: Arc<str>,
    /// Seconds since the request was made.
    pub age: Option<i64>,
}

/// One certificate (or, for a CSR not issued, one request).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertRow {
    pub level: Level,
    pub source: CertSource,
    /// `ns/name` of a Secret or Certificate, a CSR's name, or what a found
    /// certificate is (`apiserver`, `serving chain 1/2`, `admin.conf`).
    pub name: String,
    /// A found certificate's file path or server URL.
    pub location: Option<String>,
    /// Position (1-based) in a Secret's chain and the chain's length, when
    /// the chain holds more than one certificate; 1 is the leaf.
    pub chain: Option<(usize, usize)>,
    /// A certificate authority.
    pub ca: bool,
    /// The subject's CN (else the whole subject), the issuer's CN (else the
    /// whole issuer).
    pub subject: Option<String>,
    pub issuer: Option<String>,
    /// The first subject alternative names, `+N` for the rest.
    pub sans: String,
    pub not_before: Option<i64>,
    pub not_after: Option<i64>,
    /// Seconds until `not_after`; negative once expired.
    pub left: Option<i64>,
    pub expired: bool,
    pub not_yet_valid: bool,
    /// The cert-manager Certificate (`ns/name`) that writes this Secret.
    pub managed_by: Option<String>,
    /// Why the certificate could not be read.
    pub error: Option<String>,
    pub csr: Option<CsrInfo>,
    /// What else to know: cert-manager status, chain problems, CSR state.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertsModel {
    /// By time left, ascending (expired first); then the certificates with
    /// no known expiry (unreadable, not issued yet); then the CSRs that carry
    /// no certificate, oldest first.
    pub rows: Vec<CertRow>,
    /// Certificates in use (rows other than CSRs), and how many expired.
    pub certificates: usize,
    pub expired: usize,
    /// Sources not checked (forbidden, unreachable) and not installed.
    pub missing: Vec<String>,
    /// Sources still arriving (`"TLS Secrets"`, `"serving chain"`, …).
    pub pending: Vec<&'static str>,
    /// Worst first.
    pub verdicts: Vec<Verdict>,
    /// The dashboard tile's line and level.
    pub summary: Verdict,
}

/// Why a kind cannot be read (`forbidden (list secrets)`), or `None` when it can.
pub fn unreadable_reason(state: &SyncState) -> Option<String> {
    match state {
        SyncState::Forbidden { verb, resource } => Some(format!("forbidden ({verb} {resource})")),
        SyncState::Unreachable { reason } => Some(format!("unreachable ({reason})")),
        _ => None,
    }
}

/// Builds the pane's model. `found` are the certificates read outside the
/// API; `found_pending` names those sources not read yet.
pub fn model(
    store: &Store,
    found: &[FoundCert],
    found_pending: &[&'static str],
    th: Thresholds,
    now: i64,
) -> CertsModel {
    let mut verdicts = Vec::new();
    let mut pending = Vec::new();
    let mut missing = Vec::new();
    let mut readable = |what: &'static str, state: &SyncState, absent: &str| match state {
        SyncState::Synced | SyncState::Stale { .. } => true,
        SyncState::NotStarted | SyncState::Syncing { .. } => {
            pending.push(what);
            false
        }
        SyncState::Absent => {
            missing.push(absent.to_owned());
            false
        }
        SyncState::Forbidden { .. } | SyncState::Unreachable { .. } => {
            let why = unreadable_reason(state).unwrap_or_default();
            let line = format!("{what} not checked: {why}");
            verdicts.push(Verdict::warn(line.clone()));
            missing.push(line);
            false
        }
    };
    let secrets_ok = readable(
        "TLS Secrets",
        &store.tls_secrets.state,
        "TLS Secrets not served by the API",
    );
    let cm_ok = readable(
        "cert-manager Certificates",
        &store.certificates.state,
        "cert-manager not installed",
    );
    let csrs_ok = readable("CSRs", &store.csrs.state, "CSRs not served by the API");
    pending.extend_from_slice(found_pending);

    let mut rows: Vec<CertRow> = found.iter().map(|f| found_row(f, th, now)).collect();
    // The leaf row of each Secret, by (namespace, name).
    let mut leaves: HashMap<(Arc<str>, Arc<str>), usize> = HashMap::new();
    if secrets_ok {
        for s in store.tls_secrets.items.values() {
            leaves.insert((s.namespace.clone(), s.name.clone()), rows.len());
            rows.extend(secret_rows(s, th, now));
        }
    }
    let mut cm_problems = Vec::new();
    if cm_ok {
        let mut certs: Vec<&CertManagerRecord> = store.certificates.items.values().collect();
        certs.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
        for c in certs {
            let status = verdicts::cert_manager_status(c, now);
            if let Some(p) = &status.problem {
                cm_problems.push(p.clone());
            }
            let secret = c.secret_name.as_ref().map(|s| (c.namespace.clone(), s.clone()));
            match secret.and_then(|k| leaves.get(&k)) {
                Some(&i) => {
                    let row = &mut rows[i];
                    row.managed_by = Some(format!("{}/{}", c.namespace, c.name));
                    row.level = row.level.max(status.level);
                    row.notes.extend(status.notes);
                }
                None => rows.push(cert_manager_row(c, status, &store.tls_secrets.state, th, now)),
            }
        }
    }
    if csrs_ok {
        let mut csrs: Vec<&CsrRecord> = store.csrs.items.values().collect();
        csrs.sort_by(|a, b| a.name.cmp(&b.name));
        rows.extend(csrs.into_iter().filter_map(|c| verdicts::csr_row(c, th, now)));
    }
    rows.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));

    verdicts.extend(verdicts::expiry(&rows, th, now));
    verdicts.extend(verdicts::unreadable(&rows));
    verdicts.extend(verdicts::cert_manager(&cm_problems));
    verdicts.extend(verdicts::csrs(&rows));
    sort_worst_first(&mut verdicts);
    let in_use: Vec<&CertRow> = rows.iter().filter(|r| r.in_use()).collect();
    let certificates = in_use.len();
    let expired = in_use.iter().filter(|r| r.expired).count();
    let summary = summarize(&verdicts, || verdicts::all_ok(&in_use, pending.is_empty()));
    CertsModel {
        rows,
        certificates,
        expired,
        missing,
        pending,
        verdicts,
        summary,
    }
}

/// Rows with an expiry by time left; then, without one, certificates
/// (unreadable, not issued) and then CSR requests, oldest first.
fn sort_key(r: &CertRow) -> (u8, i64, CertSource, &str, usize) {
    let (group, t) = match (r.left, &r.csr) {
        (Some(l), _) => (0, l),
        (None, None) => (1, 0),
        (None, Some(c)) => (2, -c.age.unwrap_or(0)),
    };
    (group, t, r.source, &r.name, r.chain.map_or(0, |c| c.0))
}

/// A row with no certificate in it yet.
pub(crate) fn empty_row(source: CertSource, name: String) -> CertRow {
    CertRow {
        level: Level::Ok,
        source,
        name,
        location: None,
        chain: None,
        ca: false,
        subject: None,
        issuer: None,
        sans: String::new(),
        not_before: None,
        not_after: None,
        left: None,
        expired: false,
        not_yet_valid: false,
        managed_by: None,
        error: None,
        csr: None,
        notes: Vec::new(),
    }
}

/// Fills `row` from a certificate (or marks it unreadable) and levels it.
fn with_cert(mut row: CertRow, cert: Result<&CertInfo, &str>, th: Thresholds, now: i64) -> CertRow {
    match cert {
        Ok(c) => {
            row.subject = c
                .common_name
                .clone()
                .or_else(|| Some(c.subject.clone()).filter(|s| !s.is_empty()));
            row.issuer = cn_of(&c.issuer).or_else(|| Some(c.issuer.clone()).filter(|s| !s.is_empty()));
            row.sans = short_sans(&c.sans);
            row.ca |= c.is_ca;
            row.not_before = Some(c.not_before);
            row.not_after = Some(c.not_after);
            let left = c.not_after.saturating_sub(now);
            row.left = Some(left);
            row.expired = left < 0;
            row.not_yet_valid = now < c.not_before;
            row.level = row.level.max(th.level(left));
            if row.not_yet_valid {
                row.level = row.level.max(Level::Warn);
            }
        }
        Err(e) => {
            row.error = Some(e.to_owned());
            row.level = row.level.max(Level::Warn);
        }
    }
    row
}

fn found_row(f: &FoundCert, th: Thresholds, now: i64) -> CertRow {
    let row = CertRow {
        location: Some(f.location.clone()).filter(|l| !l.is_empty()),
        ca: f.ca,
        ..empty_row(f.origin.into(), f.name.clone())
    };
    with_cert(row, f.cert.as_ref().map_err(|e| e.as_str()), th, now)
}

/// Every certificate of a Secret's chain, leaf first; the leaf notes the
/// chain's certificates that expire before it (or have expired).
fn secret_rows(s: &TlsSecretRecord, th: Thresholds, now: i64) -> Vec<CertRow> {
    let name = format!("{}/{}", s.namespace, s.name);
    let chain = match &s.chain {
        Ok(chain) if chain.is_empty() => Err("no certificate in tls.crt"),
        Ok(chain) => Ok(chain),
        Err(e) => Err(e.as_str()),
    };
    let chain = match chain {
        Ok(c) => c,
        Err(e) => return vec![with_cert(empty_row(CertSource::Secret, name), Err(e), th, now)],
    };
    let n = chain.len();
    let mut rows: Vec<CertRow> = chain
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let row = CertRow {
                chain: (n > 1).then_some((i + 1, n)),
                ..empty_row(CertSource::Secret, name.clone())
            };
            with_cert(row, Ok(c), th, now)
        })
        .collect();
    let leaf_end = chain[0].not_after;
    let notes: Vec<String> = chain
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, c)| c.not_after < leaf_end || c.not_after < now)
        .map(|(i, c)| verdicts::chain_note(i + 1, n, c, now))
        .collect();
    rows[0].notes.extend(notes);
    rows
}

/// A Certificate whose Secret is not visible: its expiry from its status.
fn cert_manager_row(
    c: &CertManagerRecord,
    status: verdicts::CmStatus,
    secrets: &SyncState,
    th: Thresholds,
    now: i64,
) -> CertRow {
    let mut row = CertRow {
        level: status.level,
        sans: short_sans(&c.dns_names),
        managed_by: Some(format!("{}/{}", c.namespace, c.name)),
        ..empty_row(CertSource::CertManager, format!("{}/{}", c.namespace, c.name))
    };
    // While Secrets are still arriving, say nothing: the row merges soon.
    match (&c.secret_name, secrets) {
        (Some(s), SyncState::Synced | SyncState::Stale { .. }) => {
            row.notes.push(format!("Secret {}/{s} not found", c.namespace))
        }
        (Some(_), SyncState::Forbidden { .. } | SyncState::Unreachable { .. }) => row
            .notes
            .push("Secret not readable: expiry from the Certificate's status".into()),
        _ => {}
    }
    match c.not_after {
        Some(t) => {
            let left = t.saturating_sub(now);
            row.not_after = Some(t);
            row.left = Some(left);
            row.expired = left < 0;
            row.level = row.level.max(th.level(left));
        }
        None => row.notes.push("not issued yet".into()),
    }
    row.notes.extend(status.notes);
    row
}

#[path = "certs_verdicts.rs"]
mod verdicts;

#[cfg(test)]
#[path = "certs_tests.rs"]
mod tests;
