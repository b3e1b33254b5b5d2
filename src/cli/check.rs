//! `kon check`: the readiness findings, headless. Lists every kind once
//! (no watch), reads the health endpoints, the serving chain and the local
//! sources, evaluates the rule catalog, prints a report (text or JSON) and
//! exits 0 when nothing at or above `--fail-on` was found, 1 when something
//! was, 2 when the check could not run.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;
use serde::Serialize;

use super::GlobalArgs;
use crate::app::local::Local;
use crate::app::panes::Panes;
use crate::certs::Origin;
use crate::cluster::target::{self, Selection};
use crate::config::Paths;
use crate::config::settings::Settings;
use crate::findings::{self, Config, Finding, Report, Severity};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Output {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Critical,
    Warning,
    Info,
    None,
}

#[derive(Debug, Clone, clap::Args)]
pub struct CheckArgs {
    /// Report format.
    #[arg(long, short = 'o', value_enum, default_value = "text")]
    pub output: Output,
    /// Exit 1 when a finding at or above this severity is found.
    #[arg(long, value_enum, default_value = "critical")]
    pub fail_on: FailOn,
    /// Only these rules (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "ID,...")]
    pub rules: Option<Vec<String>>,
    /// Skip these rules (comma-separated ids).
    #[arg(long, value_delimiter = ',', value_name = "ID,...")]
    pub skip: Vec<String>,
    /// Also judge system namespaces (kube-system, ...) by the rules that skip them.
    #[arg(long)]
    pub judge_system: bool,
    /// Print the rule catalog (id, default severity, system namespaces, what, remediation) and exit.
    #[arg(long)]
    pub list_rules: bool,
}

const TIMEOUT: Duration = Duration::from_secs(10);

fn cannot_run(why: impl std::fmt::Display) -> Result<ExitCode> {
    eprintln!("kon check: {why}");
    Ok(ExitCode::from(2))
}

pub async fn run(global: GlobalArgs, args: CheckArgs, paths: &Paths) -> Result<ExitCode> {
    if args.list_rules {
        print!("{}", rule_table());
        return Ok(ExitCode::SUCCESS);
    }
    let mut config = Config {
        only: args.rules.clone(),
        skip: args.skip.clone(),
        judge_system: args.judge_system,
        ..Config::default()
    };
    let unknown = config.unknown_ids();
    if !unknown.is_empty() {
        return cannot_run(format!(
            "unknown rule id(s): {} (known: {})",
            unknown.join(", "),
            findings::catalog()
                .iter()
                .map(|r| r.id)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let (settings, problems) = Settings::load(&paths.config_file());
    for p in problems {
        eprintln!("kon check: {p}");
    }
    let sel = Selection {
        kubeconfig: global.kubeconfig.clone(),
        context: global.context.clone(),
        namespace: global.namespace.clone(),
        all_namespaces: global.all_namespaces,
    };
    let (files, kubeconfig) = target::load_selected(&sel);
    let context = target::selected_context(&sel, &kubeconfig).unwrap_or_default();
    let dir = files.first().and_then(|f| f.parent());
    let kubeconfig_certs = match &kubeconfig {
        Ok(Some(kc)) => crate::certs::kubeconfig::from_kubeconfig(kc, &context, dir),
        _ => Vec::new(),
    };
    let resolved = target::resolve(&sel, kubeconfig).await;
    let Some(kube_config) = resolved.config else {
        return cannot_run(resolved.problem.unwrap_or_else(|| "no cluster to check".into()));
    };
    let url = kube_config.cluster_url.to_string();
    let client = match crate::cluster::client(kube_config) {
        Ok(c) => c,
        Err(e) => return cannot_run(crate::cluster::probe::error_chain(&e)),
    };
    if let crate::app::Connection::Unreachable(why) = crate::cluster::probe::probe_once(&client).await {
        return cannot_run(format!("cannot reach the API server {url}: {why}"));
    }
    let (store, readyz, livez, serving) = tokio::join!(
        crate::cluster::list::list_all(&client),
        crate::cluster::health::fetch(&client, "readyz"),
        crate::cluster::health::fetch(&client, "livez"),
        crate::certs::serving::fetch_chain(&url, TIMEOUT),
    );
    let mut local = Local::default();
    super::console::configure_local(&mut local, &global, &settings, false);
    config.cert_thresholds = local.thresholds;
    config.judge_system |= settings.findings.judge_system;
    config.skip.extend(settings.findings.skip.iter().cloned());
    if let Some(ns) = &settings.findings.system_namespaces {
        config.system_namespaces = ns.clone();
    }
    local.findings = config.clone();
    local.report(Origin::Serving, serving);
    local.report(Origin::Kubeconfig, kubeconfig_certs);
    if let Some(dir) = local.pki_dir.clone() {
        local.report(Origin::Kubeadm, crate::certs::kubeadm::scan(&dir));
    }
    if let Some(dir) = local.backup_dir_path.clone() {
        local.backup_dir_expected = true;
        local.backup_dir = Some(crate::local::backup_dir::scan(&dir));
    }
    let now = crate::clock::unix_now();
    let mut panes = Panes::default();
    let scope = resolved.target.scope.as_deref();
    panes.recompute(&store, (Some(&readyz), Some(&livez)), scope, &local, now);
    // The findings (scoped to the namespace, when one is chosen: cluster-wide ones stay).
    let Some(report) = panes.findings.take() else {
        return cannot_run("no data to check (nodes, pods and leases unreadable)");
    };
    let context = resolved.target.context.clone().unwrap_or_default();
    match args.output {
        Output::Json => println!("{}", json(&report, &context, &url)?),
        Output::Text => {
            let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            print!("{}", text(&report, &context, &url, colour));
        }
    }
    let threshold = match args.fail_on {
        FailOn::Critical => Some(Severity::Critical),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::None => None,
    };
    let failed = threshold.is_some_and(|t| report.findings.iter().any(|f| f.severity >= t));
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonReport<'a> {
    context: &'a str,
    server: &'a str,
    generated_at: String,
    score: u8,
    grade: String,
    findings: Vec<JsonFinding<'a>>,
    summary: Summary,
    not_checked: &'a [String],
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

fn json(r: &Report, context: &str, server: &str) -> Result<String> {
    let out = JsonReport {
        context,
        server,
        generated_at: k8s_openapi::jiff::Timestamp::now().to_string(),
        score: r.score,
        grade: r.grade.to_string(),
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
    };
    Ok(serde_json::to_string_pretty(&out)?)
}

/// The readable report: a headline, then findings grouped by severity and
/// rule, each rule's remediation once.
pub fn text(r: &Report, context: &str, server: &str, colour: bool) -> String {
    let paint = |code: &str, s: &str| {
        if colour {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let mut out = format!(
        "kon check: {context} ({server})\nscore {} ({}): {} critical, {} warning, {} info; {} of {} checked objects clean\n",
        r.score,
        r.grade,
        count(&r.findings, Severity::Critical),
        count(&r.findings, Severity::Warning),
        count(&r.findings, Severity::Info),
        r.clean,
        r.checked
    );
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
    if r.findings.is_empty() {
        out.push_str("\nno findings\n");
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
