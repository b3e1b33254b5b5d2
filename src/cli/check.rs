//! `kon check`: the readiness findings, headless. Lists every kind once
//! (no watch, retrying passing failures), reads the health endpoints, the
//! serving chain and the local sources, evaluates the rule catalog, prints a
//! report (text or JSON) and exits 0 when nothing at or above `--fail-on`
//! (nor any incident, see `findings::incident`) was found, 1 when something
//! was (or a kind was forbidden, unless
//! `--allow-incomplete`), 2 when it could not judge: the cluster could not
//! be read (a kind still failing at the deadline), or the namespace does
//! not exist. All of it within `--timeout`.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;
use kube::api::Api;

use super::GlobalArgs;
use super::check_report::{self, Scope};
use crate::certs::Origin;
use crate::cluster::retry::{self, Budget, Failure};
use crate::cluster::slim::namespace::SlimNamespace;
use crate::config::Paths;
use crate::findings::{self, Cause, Config, Severity, completeness};
use crate::kubeconfig::target::{self, Selection};
use crate::panes::Local;

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
    /// Exit 1 when a finding at or above this severity is found, or an
    /// incident at any severity (or a kind could not be checked, unless
    /// --allow-incomplete); `none` never fails on findings.
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
    /// Give up after this long (`30s`, `2m`), a hung API server included;
    /// what is still unread by then makes the check exit 2.
    #[arg(long, value_name = "DURATION", default_value = "60s")]
    pub timeout: String,
    /// Do not count kinds the user may not read (forbidden) as a failure of
    /// `--fail-on`; the report still says they were not checked.
    #[arg(long)]
    pub allow_incomplete: bool,
}

/// The longest any one request may take.
const PER_REQUEST: Duration = Duration::from_secs(10);
/// How long to retry reaching the API server at all.
const PROBE: Duration = Duration::from_secs(10);

fn cannot_run(why: impl std::fmt::Display) -> Result<ExitCode> {
    eprintln!("kon check: {why}");
    Ok(ExitCode::from(2))
}

pub async fn run(global: GlobalArgs, args: CheckArgs, paths: &Paths) -> Result<ExitCode> {
    if args.list_rules {
        print!("{}", check_report::rule_table());
        return Ok(ExitCode::SUCCESS);
    }
    let total = match crate::config::settings::parse_duration(&args.timeout) {
        Ok(secs) => Duration::from_secs(secs.unsigned_abs()),
        Err(e) => return cannot_run(format!("--timeout: {e}")),
    };
    // The reads stop a little before the deadline, so that what they could
    // not read is reported; the deadline itself bounds everything else.
    let reads = Budget::new(
        PER_REQUEST.min(total),
        total - (total / 10).min(Duration::from_secs(5)),
    );
    match tokio::time::timeout(total, check(global, args, paths, reads)).await {
        Ok(done) => done,
        Err(_) => cannot_run(format!(
            "could not judge: no complete answer within {} (--timeout)",
            retry::human(total)
        )),
    }
}

async fn check(global: GlobalArgs, args: CheckArgs, paths: &Paths, budget: Budget) -> Result<ExitCode> {
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
    let (settings, problems) = super::load_settings(&paths.config_file());
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
        Err(e) => return cannot_run(crate::errors::chain(&e)),
    };
    // A server that does not answer at all is not waited for as long as a
    // read that fails now and then.
    let probe = Budget {
        deadline: budget.deadline.min(tokio::time::Instant::now() + PROBE),
        ..budget
    };
    let version = match retry::retry(probe, || client.apiserver_version()).await {
        Ok(info) => info.git_version,
        Err(why) => {
            return cannot_run(format!(
                "could not judge: cannot reach the API server {url}: {why}"
            ));
        }
    };
    let scope = match resolved.target.scope.clone() {
        Some(ns) => match verify_namespace(&client, &ns, budget).await {
            Verified::Exists => Scope {
                namespace: Some(ns),
                unverified: None,
            },
            Verified::Unknown(why) => {
                if args.output == Output::Json {
                    eprintln!("kon check: namespace {ns} could not be verified: {why}");
                }
                Scope {
                    namespace: Some(ns),
                    unverified: Some(why),
                }
            }
            Verified::Missing(why) => return cannot_run(why),
        },
        None => Scope::default(),
    };
    let mut reads = crate::judge::read(&client, &url, budget, PER_REQUEST).await;
    let mut local = Local::default();
    super::console::configure_local(&mut local, &global, &settings, false);
    super::console::with_mirror(&mut local, &global, &settings, &client).await;
    config.cert_thresholds = local.thresholds;
    config.judge_system |= settings.findings.judge_system;
    config.skip.extend(settings.findings.skip.iter().cloned());
    if let Some(ns) = &settings.findings.system_namespaces {
        config.system_namespaces = ns.clone();
    }
    local.findings = config.clone();
    local.report(Origin::Serving, std::mem::take(&mut reads.serving));
    local.report(Origin::Kubeconfig, kubeconfig_certs);
    if let Some(dir) = local.pki_dir.clone() {
        local.report(Origin::Kubeadm, crate::certs::kubeadm::scan(&dir));
    }
    if let Some(dir) = local.backup_dir_path.clone() {
        local.backup_dir_expected = true;
        local.backup_dir = Some(crate::local::backup_dir::scan(&dir));
    }
    // etcd, once, with the time left (each request under its own timeout).
    if let Some(crate::etcd::resolve::Resolution::Watch(t)) = &local.etcd {
        let timeout = crate::etcd::client::REQUEST_TIMEOUT.min(budget.remaining());
        local.etcd_seen = Some(crate::etcd::client::poll_cluster(&t.endpoints, &t.tls, timeout).await);
    }
    let now = crate::clock::unix_now();
    // What the platform detection reads besides the store (and the API groups).
    let clues = crate::platform::Evidence {
        git_version: Some(version),
        configured: settings.platform_of(&context),
        ..Default::default()
    };
    let judged = crate::judge::judge(&reads, &local, clues, scope.namespace.as_deref(), now);
    let panes = judged.panes;
    // The findings (scoped to the namespace, when one is chosen: cluster-wide ones stay).
    let Some(report) = judged.report else {
        return cannot_run("no data to check (nodes, pods and leases unreadable)");
    };
    let context = resolved.target.context.clone().unwrap_or_default();
    let target = check_report::Target {
        context: &context,
        server: &url,
        scope: &scope,
        platform: &panes.platform,
    };
    let out = match args.output {
        Output::Json => format!("{}\n", check_report::json(&report, &target)?),
        Output::Text => {
            let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            check_report::text(&report, &target, colour)
        }
    };
    // A reader that went away (`| head`) does not change the verdict.
    let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), out.as_bytes());
    Ok(verdict(&report, args.fail_on, args.allow_incomplete))
}

/// The exit code: 2 when a kind could not be read (could not judge), 1 when
/// a finding at or above `fail_on` was found or, unless `allow_incomplete`,
/// a kind was not checked (forbidden); else 0.
fn verdict(report: &findings::Report, fail_on: FailOn, allow_incomplete: bool) -> ExitCode {
    let (forbidden, failed): (Vec<_>, Vec<_>) = report
        .unread
        .iter()
        .cloned()
        .partition(|u| u.cause == Cause::Forbidden);
    if !failed.is_empty() {
        eprintln!(
            "kon check: could not judge: not read: {}",
            completeness::describe(&failed)
        );
        return ExitCode::from(2);
    }
    let threshold = match fail_on {
        FailOn::Critical => Some(Severity::Critical),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::None => None,
    };
    // An incident (something broken now) fails the check whatever its
    // severity; `--fail-on none` alone accepts it.
    let found = threshold.is_some_and(|t| {
        report
            .findings
            .iter()
            .any(|f| f.severity >= t || findings::incident::is_incident(f.id))
    });
    let incomplete = threshold.is_some() && !forbidden.is_empty() && !allow_incomplete;
    if !forbidden.is_empty() {
        eprintln!(
            "kon check: incomplete: not checked: {}{}",
            completeness::describe(&forbidden),
            if incomplete {
                "; counted as a failure (--allow-incomplete accepts it)"
            } else {
                ""
            }
        );
    }
    if found || incomplete {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Whether the namespace the check is scoped to exists.
enum Verified {
    Exists,
    /// It does not: the error, as kubectl says it.
    Missing(String),
    /// It could not be told (forbidden, no answer): why.
    Unknown(String),
}

async fn verify_namespace(client: &kube::Client, ns: &str, budget: Budget) -> Verified {
    let api: Api<SlimNamespace> = Api::all(client.clone());
    match retry::retry(budget, || api.get(ns)).await {
        Ok(_) => Verified::Exists,
        Err(Failure::Permanent(e)) if matches!(&e, kube::Error::Api(s) if s.code == 404) => {
            Verified::Missing(crate::errors::chain(&e))
        }
        Err(f) => Verified::Unknown(f.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::judge::mark_unread;

    fn complete_report() -> findings::Report {
        findings::Report {
            findings: Vec::new(),
            checked: 3,
            clean: 3,
            score: Some(100),
            grade: Some('A'),
            complete: true,
            unread: Vec::new(),
            critical: 0,
            warning: 0,
            info: 0,
            not_checked: Vec::new(),
            not_applicable: Vec::new(),
        }
    }

    #[test]
    fn unanswered_health_checks_leave_no_score_and_no_pass() {
        let pass = format!("{:?}", ExitCode::SUCCESS);
        let report = complete_report();
        assert_eq!(format!("{:?}", verdict(&report, FailOn::Critical, false)), pass);
        let mut report = complete_report();
        mark_unread(
            &mut report,
            "readyz",
            "no answer within 10s (gave up after 6 tries)",
        );
        assert!(!report.complete);
        assert_eq!((report.score, report.grade), (None, None));
        assert_eq!(report.unread[0].kind, "readyz");
        let code = verdict(&report, FailOn::None, true);
        assert_eq!(
            format!("{code:?}"),
            format!("{:?}", ExitCode::from(2)),
            "could not judge"
        );
    }

    #[test]
    fn an_incident_fails_the_check_whatever_its_severity() {
        let finding = |id: &'static str| findings::Finding {
            id,
            severity: Severity::Warning,
            kind: "Deployment".into(),
            namespace: Some("web".into()),
            name: "checkout".into(),
            message: String::new(),
            remediation: String::new(),
        };
        let (pass, fail) = (
            format!("{:?}", ExitCode::SUCCESS),
            format!("{:?}", ExitCode::from(1)),
        );
        let mut report = complete_report();
        report.findings.push(finding("workload-single-replica"));
        assert_eq!(
            format!("{:?}", verdict(&report, FailOn::Critical, false)),
            pass,
            "hygiene at warning"
        );
        report.findings.push(finding("workload-rollout-stuck"));
        assert_eq!(
            format!("{:?}", verdict(&report, FailOn::Critical, false)),
            fail,
            "an incident at warning"
        );
        assert_eq!(
            format!("{:?}", verdict(&report, FailOn::None, false)),
            pass,
            "--fail-on none accepts it"
        );
    }
}
