//! `kon cordon`, `kon uncordon` and `kon drain`, headless: progress on
//! stderr, a summary on stdout, every mutation and refusal in the audit log;
//! exit 0 only when every node finished.

use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;
use tokio::sync::watch;
use tokio::time::Instant;

use super::GlobalArgs;
use crate::actions::request::node_targets;
use crate::actions::{self, Executor, Request};
use crate::audit::{AuditLog, Who};
use crate::cluster::retry::Budget;
use crate::config::Paths;
use crate::config::settings::parse_duration;
use crate::drain::api::KubeApi;
use crate::drain::plan::{self, DrainOptions, Plan};
use crate::drain::run::{Event, NodeResult, PER_REQUEST, RunSettings};
use crate::kubeconfig::target::{self, Selection};

#[derive(Debug, Clone, clap::Args)]
pub struct NodesArgs {
    /// The nodes.
    #[arg(required = true, value_name = "NODE")]
    pub nodes: Vec<String>,
    /// Give up after this long (`10s`, `1m`), the API answering or not.
    #[arg(long, value_name = "DURATION", default_value = "30s")]
    pub timeout: String,
}

#[derive(Debug, Clone, clap::Args)]
pub struct DrainArgs {
    /// The nodes to drain, one after the other.
    #[arg(required = true, value_name = "NODE")]
    pub nodes: Vec<String>,
    /// Show the plan (pods evicted, skipped, refused; blocking PDBs) and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Skip DaemonSet-managed pods (without it they refuse the drain).
    #[arg(long)]
    pub ignore_daemonsets: bool,
    /// Evict pods with emptyDir volumes (their data is lost).
    #[arg(long)]
    pub delete_emptydir_data: bool,
    /// Evict pods no controller manages (they are not recreated).
    #[arg(long)]
    pub force: bool,
    /// Grace period for each pod, in seconds (default: the pod's own).
    #[arg(long, value_name = "S")]
    pub grace_period: Option<i64>,
    /// Give up after this long (`90s`, `5m`), planning and waiting included; the node stays
    /// cordoned. The pods left are then read back (a few seconds more at most).
    #[arg(long, value_name = "DURATION", default_value = "5m")]
    pub timeout: String,
    /// Do not ask for confirmation.
    #[arg(long, short = 'y')]
    pub yes: bool,
}

/// Exit code of a command stopped by SIGINT or SIGTERM.
const INTERRUPTED: u8 = 130;

struct Connected {
    client: kube::Client,
    readonly: crate::config::ReadOnly,
    audit: AuditLog,
}

async fn connect(global: &GlobalArgs, paths: &Paths) -> Result<Connected, String> {
    let (settings, problems) = super::load_settings(&paths.config_file());
    for p in problems {
        eprintln!("kon: {p}");
    }
    let sel = Selection {
        kubeconfig: global.kubeconfig.clone(),
        context: global.context.clone(),
        namespace: None,
        all_namespaces: false,
    };
    let (_, kubeconfig) = target::load_selected(&sel);
    let kc = kubeconfig.as_ref().ok().and_then(Option::as_ref).cloned();
    let resolved = target::resolve(&sel, kubeconfig).await;
    let context = resolved.target.context.clone().unwrap_or_default();
    let who = Who::from_kubeconfig(kc.as_ref(), &context);
    let Some(config) = resolved.config else {
        return Err(resolved.problem.unwrap_or_else(|| "no cluster".into()));
    };
    let client = crate::cluster::client(config).map_err(|e| crate::errors::chain(&e))?;
    Ok(Connected {
        client,
        readonly: crate::config::readonly::effective(global.readonly, &settings, Some(&context)),
        audit: AuditLog::new(Some(paths.audit_log()), who),
    })
}

/// Refuses in read-only mode (and records the refusal); true when refused.
fn refused(c: &Connected, action: &str, nodes: &[String]) -> bool {
    let targets = node_targets(nodes);
    let Err(r) = actions::refuse_if_read_only(c.readonly.is_on(), &c.audit, action, &targets) else {
        return false;
    };
    if let Some(why) = r.audit_failed {
        eprintln!("kon: {why}");
    }
    eprintln!("kon {action}: refused, nothing changed: {}", c.readonly);
    true
}

/// `--timeout` as a duration, or the message for a bad one.
fn timeout_arg(text: &str) -> Result<Duration, String> {
    match parse_duration(text) {
        Ok(t) if t > 0 => Ok(Duration::from_secs(t.unsigned_abs())),
        Ok(_) => Err(format!("--timeout: {text}: must be longer than 0s")),
        Err(e) => Err(format!("--timeout: {e}")),
    }
}

/// An abort that SIGINT (ctrl-c) or SIGTERM sets, from now on; the
/// interrupted command then says what it did and exits.
fn abort_on_signals(command: &'static str) -> watch::Receiver<bool> {
    use tokio::signal::unix::{SignalKind, signal};
    let (tx, rx) = watch::channel(false);
    let (int, term) = (signal(SignalKind::interrupt()), signal(SignalKind::terminate()));
    match (int, term) {
        (Ok(mut int), Ok(mut term)) => {
            tokio::spawn(async move {
                tokio::select! {
                    _ = int.recv() => {}
                    _ = term.recv() => {}
                }
                eprintln!(
                    "kon {command}: interrupted: aborting (nothing further is sent; ctrl-c again to quit now)"
                );
                let _ = tx.send(true);
                // A second one does not wait for the read-back of what is left.
                tokio::select! {
                    _ = int.recv() => {}
                    _ = term.recv() => {}
                }
                eprintln!("kon {command}: interrupted again: quitting without reading back what is left");
                std::process::exit(i32::from(INTERRUPTED));
            });
        }
        (Err(e), _) | (_, Err(e)) => eprintln!("kon {command}: ctrl-c will not abort cleanly: {e}"),
    }
    rx
}

/// Progress on stderr; each node's result on stdout (or stderr when it failed).
fn print_event(command: &'static str, e: Event) {
    match e {
        Event::Note(t) => eprintln!("{t}"),
        Event::Pod { pod, state } => eprintln!("  {pod}: {}", state.label()),
        Event::Done(NodeResult { node, ok, text }) if ok || command == "drain" => {
            println!("node/{node} {text}");
        }
        Event::Done(NodeResult { node, text, .. }) => eprintln!("kon {command}: node/{node}: {text}"),
        Event::AuditFailed(t) => eprintln!("kon: {t}"),
    }
}

fn exit_code(results: &[NodeResult], abort: &watch::Receiver<bool>) -> ExitCode {
    if *abort.borrow() {
        ExitCode::from(INTERRUPTED)
    } else if results.iter().all(|r| r.ok) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

pub async fn cordon(global: GlobalArgs, args: NodesArgs, paths: &Paths, on: bool) -> Result<ExitCode> {
    let started = Instant::now();
    let action = if on { "cordon" } else { "uncordon" };
    let timeout = match timeout_arg(&args.timeout) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("kon {action}: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let c = match connect(&global, paths).await {
        Ok(c) => c,
        Err(e) => {
            eprintln!("kon {action}: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    if refused(&c, action, &args.nodes) {
        return Ok(ExitCode::FAILURE);
    }
    let abort = abort_on_signals(action);
    let request = Request::SetUnschedulable {
        nodes: args.nodes,
        on,
        timeout,
    };
    execute(&c, &request, abort, started + timeout).await
}

/// Runs `request` through the one executor, progress on stderr.
async fn execute(
    c: &Connected,
    request: &Request,
    abort: watch::Receiver<bool>,
    deadline: Instant,
) -> Result<ExitCode> {
    let api = KubeApi(c.client.clone());
    let command = request.verb();
    let report = move |e: Event| print_event(command, e);
    let executor = Executor::new(&api, &c.audit, &report, abort.clone());
    match executor.execute(request, c.readonly.is_on(), deadline).await {
        Ok(results) => Ok(exit_code(&results, &abort)),
        Err(_) => {
            eprintln!("kon {command}: refused, nothing changed: {}", c.readonly);
            Ok(ExitCode::FAILURE)
        }
    }
}

/// Asks the user to type `expected` (a node name, or the count of nodes).
fn confirmed(expected: &str, what: &str) -> bool {
    eprint!("type {expected} to {what}: ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).is_ok() && line.trim() == expected
}

pub async fn drain(global: GlobalArgs, args: DrainArgs, paths: &Paths) -> Result<ExitCode> {
    let started = Instant::now();
    let timeout = match timeout_arg(&args.timeout) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("kon drain: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let mut deadline = started + timeout;
    let c = match connect(&global, paths).await {
        Ok(c) => c,
        Err(e) => {
            eprintln!("kon drain: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    if !args.dry_run && refused(&c, "drain", &args.nodes) {
        return Ok(ExitCode::FAILURE);
    }
    let opts = DrainOptions {
        ignore_daemonsets: args.ignore_daemonsets,
        delete_emptydir_data: args.delete_emptydir_data,
        force: args.force,
    };
    // Every plan first: nothing changes unless all can run.
    let budget = Budget {
        per_request: PER_REQUEST,
        deadline,
    };
    let mut plans = Vec::new();
    for n in &args.nodes {
        let store = match crate::drain::read::for_plan(&c.client, n, budget).await {
            Ok(s) => s,
            Err(e) => {
                eprintln!("kon drain: {e}; nothing changed");
                return Ok(ExitCode::FAILURE);
            }
        };
        match plan::plan(&store, n, opts) {
            Ok(p) => plans.push(p),
            Err(e) => {
                eprintln!("kon drain: {e}");
                return Ok(ExitCode::FAILURE);
            }
        }
    }
    for p in &plans {
        if args.dry_run {
            print!("{}", crate::drain::describe::describe(p));
        } else {
            eprint!("{}", crate::drain::describe::describe(p));
        }
    }
    if args.dry_run {
        return Ok(if plans.iter().all(Plan::can_run) {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        });
    }
    if let Some(p) = plans.iter().find(|p| !p.can_run()) {
        let flags = needed_flags(p);
        let outcome = format!("refused: needs {flags}");
        let refusal = actions::refuse_because(&c.audit, "drain", &node_targets(&args.nodes), &outcome);
        if let Some(why) = refusal.audit_failed {
            eprintln!("kon: {why}");
        }
        eprintln!("kon drain: refused, nothing changed: {} needs {flags}", p.node);
        return Ok(ExitCode::FAILURE);
    }
    let settings = RunSettings {
        grace_period: args.grace_period,
        timeout,
        ..RunSettings::default()
    };
    let request = Request::Drain { plans, settings };
    if !args.yes {
        if !std::io::stdin().is_terminal() {
            eprintln!("kon drain: stdin is not a terminal: confirm with --yes");
            return Ok(ExitCode::FAILURE);
        }
        let asked = Instant::now();
        if !confirmed(&request.confirm_token(), "drain") {
            eprintln!("kon drain: not confirmed, nothing changed");
            return Ok(ExitCode::FAILURE);
        }
        // The time the user took to answer is not the cluster's.
        deadline += asked.elapsed();
    }
    let abort = abort_on_signals("drain");
    execute(&c, &request, abort, deadline).await
}

/// The flags a refused plan needs (`--ignore-daemonsets --force`).
fn needed_flags(p: &Plan) -> String {
    let mut flags = Vec::new();
    for (_, why) in &p.refused {
        for w in why {
            let f = match w {
                plan::RefuseReason::DaemonSet => "--ignore-daemonsets",
                plan::RefuseReason::EmptyDir => "--delete-emptydir-data",
                plan::RefuseReason::Unmanaged => "--force",
            };
            if !flags.contains(&f) {
                flags.push(f);
            }
        }
    }
    flags.join(" ")
}
