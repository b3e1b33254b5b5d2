//! `kon check`'s report: the readable text and the JSON, both saying what
//! was checked (the scope, the kinds not read) before any score, and the
//! rule catalog as a table.

use anyhow::Result;
use serde::Serialize;

use crate::findings::{self, Finding, NotApplicable, Report, Severity, Unread, completeness};

/// Where the check looked.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// The namespace the namespaced findings are limited to (`None`: all).
    pub namespace: Option<String>,
    /// Why the namespace could not be verified to exist, when it could not.
    pub unverified: Option<String>,
}

impl Scope {
    /// `namespace payments` or `all namespaces`.
    pub fn label(&self) -> String {
        match &self.namespace {
            Some(ns) => format!("namespace {ns}"),
            None => "all namespaces".into(),
        }
    }
}

/// Who was checked: the context, the server and the scope.
pub struct Target<'a> {
    pub context: &'a str,
    pub server: &'a str,
    pub scope: &'a Scope,
    /// The platform the rules judged it as, and the evidence.
    pub platform: &'a crate::platform::Detection,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonReport<'a> {
    context: &'a str,
    server: &'a str,
    /// `namespace payments` or `all namespaces`.
    scope: String,
    /// `eks`, `gke`, `aks`, `kubeadm`, `k3s`, `rke2`, `openshift` or `unknown`.
    platform: &'static str,
    /// What the platform was told by (`config.toml: …` when configured).
    platform_evidence: &'a [String],
    namespace: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    namespace_unverified: Option<&'a str>,
    generated_at: String,
    /// Every kind was read: without that there is no score or grade.
    complete: bool,
    unread: &'a [Unread],
    score: Option<u8>,
    grade: Option<String>,
    findings: Vec<JsonFinding<'a>>,
    summary: Summary,
    not_checked: &'a [String],
    /// Rules that cannot apply on the cluster's platform, with the reason.
    not_applicable: &'a [NotApplicable],
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    id: &'a str,
    severity: &'static str,
    kind: &'a str,
    namespace: Option<&'a str>,
    name: &'a str,
    message: &'a str,
    remediation: &'a str,
}

#[derive(Serialize)]
struct Summary {
    critical: usize,
    warning: usize,
    info: usize,
}

fn count(findings: &[Finding], s: Severity) -> usize {
    findings.iter().filter(|f| f.severity == s).count()
}

pub fn json(r: &Report, t: &Target) -> Result<String> {
    let out = JsonReport {
        context: t.context,
        server: t.server,
        scope: t.scope.label(),
        platform: t.platform.platform.key(),
        platform_evidence: &t.platform.evidence,
        namespace: t.scope.namespace.as_deref(),
        namespace_unverified: t.scope.unverified.as_deref(),
        generated_at: k8s_openapi::jiff::Timestamp::now().to_string(),
        complete: r.complete,
        unread: &r.unread,
        score: r.score.filter(|_| r.complete),
        grade: r.grade.filter(|_| r.complete).map(String::from),
        findings: r
            .findings
            .iter()
            .map(|f| JsonFinding {
                id: f.id,
                severity: f.severity.label(),
                kind: &f.kind,
                namespace: f.namespace.as_deref(),
                name: &f.name,
                message: &f.message,
                remediation: &f.remediation,
            })
            .collect(),
        summary: Summary {
            critical: count(&r.findings, Severity::Critical),
            warning: count(&r.findings, Severity::Warning),
            info: count(&r.findings, Severity::Info),
        },
        not_checked: &r.not_checked,
        not_applicable: &r.not_applicable,
    };
    Ok(serde_json::to_string_pretty(&out)?)
}

/// `platform EKS (gitVersion v1.31.2-eks-7f9249a; …)`.
fn platform_line(d: &crate::platform::Detection) -> String {
    let why = if d.evidence.is_empty() {
        "no evidence read".to_string()
    } else {
        d.evidence.join("; ")
    };
    format!("platform {} ({why})\n", d.platform.label())
}

/// The headline: the score, or that there is none and why.
fn headline(r: &Report) -> String {
    let counts = format!(
        "{} critical, {} warning, {} info",
        count(&r.findings, Severity::Critical),
        count(&r.findings, Severity::Warning),
        count(&r.findings, Severity::Info),
    );
    match (r.score, r.grade) {
        (Some(score), Some(grade)) if r.complete => format!(
            "score {score} ({grade}): {counts}; {} of {} checked objects clean\n",
            r.clean, r.checked
        ),
        _ => format!(
            "INCOMPLETE, no score: {} of {} kinds not read; {counts} in what was read\nnot read: {}\n",
            r.unread.len(),
            crate::cluster::store::Kind::judged_count(),
            completeness::describe(&r.unread)
        ),
    }
}

/// The readable report: a headline, then findings grouped by severity and
/// rule, each rule's remediation once.
pub fn text(r: &Report, t: &Target, colour: bool) -> String {
    let paint = |code: &str, s: &str| {
        if colour {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let mut out = format!("kon check: {} ({}), {}\n", t.context, t.server, t.scope.label());
    out.push_str(&platform_line(t.platform));
    if let Some(why) = &t.scope.unverified {
        let ns = t.scope.namespace.as_deref().unwrap_or_default();
        out.push_str(&format!("namespace {ns} could not be verified: {why}\n"));
    }
    out.push_str(&headline(r));
    for sev in [Severity::Critical, Severity::Warning, Severity::Info] {
        let of_sev: Vec<&Finding> = r.findings.iter().filter(|f| f.severity == sev).collect();
        if of_sev.is_empty() {
            continue;
        }
        let (mark, code) = match sev {
            Severity::Critical => ("✖ CRITICAL", "1;31"),
            Severity::Warning => ("▲ WARNING", "1;33"),
            Severity::Info => ("ℹ INFO", "34"),
        };
        out.push_str(&format!("\n{}\n", paint(code, mark)));
        let mut i = 0;
        while i < of_sev.len() {
            let id = of_sev[i].id;
            let group: Vec<&&Finding> = of_sev[i..].iter().take_while(|f| f.id == id).collect();
            out.push_str(&format!("  {} ({})\n", paint("1", id), group.len()));
            for f in &group {
                let object = match &f.namespace {
                    Some(ns) if f.kind == "Namespace" && *ns == f.name => format!("Namespace {ns}"),
                    Some(ns) => format!("{} {ns}/{}", f.kind, f.name),
                    None => format!("{} {}", f.kind, f.name),
                };
                out.push_str(&format!("    {object}: {}\n", f.message));
            }
            out.push_str(&format!("    → {}\n", group[0].remediation));
            i += group.len();
        }
    }
    if !r.not_checked.is_empty() {
        out.push_str(&format!("\nnot checked: {}\n", r.not_checked.join("; ")));
    }
    if !r.not_applicable.is_empty() {
        out.push_str("\nnot applicable on this platform (not run, not scored):\n");
        for n in &r.not_applicable {
            out.push_str(&format!("  {}: {}\n", n.id, n.reason));
        }
    }
    if r.findings.is_empty() {
        out.push_str(if r.complete {
            "\nno findings\n"
        } else {
            "\nno findings in what was read (incomplete)\n"
        });
    }
    out
}

/// The catalog as a Markdown table (what `--list-rules` prints).
pub fn rule_table() -> String {
    let mut out = String::from(
        "| id | default severity | system namespaces | what | remediation |\n|---|---|---|---|---|\n",
    );
    for r in findings::catalog() {
        let system = if r.skip_in_system { "skipped" } else { "judged" };
        out.push_str(&format!(
            "| {} | {} | {system} | {} | {} |\n",
            r.id,
            r.severity.label(),
            r.what,
            r.remediation
        ));
    }
    out
}

#[cfg(test)]
#[path = "check_report_tests.rs"]
mod tests;
