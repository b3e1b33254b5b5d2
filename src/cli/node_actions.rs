//! `kon cordon`, `kon uncordon` and `kon drain`, headless: progress on
//! stderr, a summary on stdout, every mutation and refusal in the audit log;
//! exit 0 only when every node finished.

use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;
use kube::api::{Api, ListParams};

use super::GlobalArgs;
use crate::audit::{self, Entry, Who};
use crate::cluster::slim::pod::SlimPod;
use crate::cluster::slim::workloads::{SlimDaemonSet, SlimPdb};
use crate::cluster::store::kinds::Event;
use crate::cluster::store::{Delta, Store};
use crate::cluster::target::{self, Selection};
use crate::config::Paths;
use crate::config::settings::{Settings, parse_duration};
use crate::drain::plan::{self, DrainOptions, Plan};
use crate::drain::run::{self, RunSettings};

#[derive(Debug, Clone, clap::Args)]
pub struct NodesArgs {
    /// The nodes.
    #[arg(required = true, value_name = "NODE")]
    pub nodes: Vec<String>,
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
    /// Give up after this long (`90s`, `5m`); the node stays cordoned.
    #[arg(long, value_name = "DURATION", default_value = "5m")]
    pub timeout: String,
    /// Do not ask for confirmation.
    #[arg(long, short = 'y')]
    pub yes: bool,
}

struct Connected {
    client: kube::Client,
    who: Who,
    readonly: crate::config::ReadOnly,
    audit: std::path::PathBuf,
}

async fn connect(global: &GlobalArgs, paths: &Paths) -> Result<Connected, String> {
    let (settings, problems) = Settings::load(&paths.config_file());
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
    let client = crate::cluster::client(config).map_err(|e| crate::cluster::probe::error_chain(&e))?;
    Ok(Connected {
        client,
        who,
        readonly: crate::config::readonly::effective(global.readonly, &settings, Some(&context)),
        audit: paths.audit_log(),
    })
}

fn log(c: &Connected, action: &str, target: &str, outcome: &str) {
    if let Err(e) = audit::append(&c.audit, &Entry::now(&c.who, action, target, outcome)) {
        eprintln!("kon: cannot write the audit log {}: {e}", c.audit.display());
    }
}

/// Refuses in read-only mode (and records the refusal); true when refused.
fn refused(c: &Connected, action: &str, nodes: &[String]) -> bool {
    if !c.readonly.is_on() {
        return false;
    }
    for n in nodes {
        log(c, action, &format!("node/{n}"), "refused: read-only");
    }
    eprintln!("kon {action}: refused, nothing changed: {}", c.readonly);
    true
}

pub async fn cordon(global: GlobalArgs, args: NodesArgs, paths: &Paths, on: bool) -> Result<ExitCode> {
    let action = if on { "cordon" } else { "uncordon" };
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
    let mut ok = true;
    for n in &args.nodes {
        match run::set_unschedulable(&c.client, n, on).await {
            Ok(()) => {
                log(&c, action, &format!("node/{n}"), "ok");
                println!("node/{n} {action}ed");
            }
            Err(e) => {
                ok = false;
                log(&c, action, &format!("node/{n}"), &format!("failed: {e}"));
                eprintln!("kon {action}: node/{n}: {e}");
            }
        }
    }
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// The objects a drain plan needs: the node, its pods, every PDB and DaemonSet.
async fn read_for(client: &kube::Client, node: &str) -> Result<Store, String> {
    let err = |e: kube::Error| crate::cluster::probe::error_chain(&e);
    let mut store = Store::default();
    let n = Api::<crate::cluster::slim::node::SlimNode>::all(client.clone())
        .get_opt(node)
        .await
        .map_err(err)?
        .ok_or_else(|| format!("node {node} not found"))?;
    let events = [
        Event::Node(Delta::InitStart),
        Event::Node(Delta::InitApply(node.into(), n)),
        Event::Node(Delta::InitDone),
    ];
    let on_node = ListParams::default().fields(&format!("spec.nodeName={node}"));
    let pods = Api::<SlimPod>::all(client.clone())
        .list(&on_node)
        .await
        .map_err(err)?;
    let pdbs = Api::<SlimPdb>::all(client.clone())
        .list(&ListParams::default())
        .await
        .map_err(err)?;
    let dss = Api::<SlimDaemonSet>::all(client.clone())
        .list(&ListParams::default())
        .await
        .map_err(err)?;
    let key = |m: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta| {
        (
            m.namespace.clone().unwrap_or_default(),
            m.name.clone().unwrap_or_default(),
        )
    };
    for ev in events {
        store.apply(ev);
    }
    store.apply(Event::Pod(Delta::InitStart));
    for p in pods {
        store.apply(Event::Pod(Delta::InitApply(key(&p.metadata), p)));
    }
    store.apply(Event::Pod(Delta::InitDone));
    store.apply(Event::Pdb(Delta::InitStart));
    for p in pdbs {
        store.apply(Event::Pdb(Delta::InitApply(key(&p.metadata), p)));
    }
    store.apply(Event::Pdb(Delta::InitDone));
    store.apply(Event::DaemonSet(Delta::InitStart));
    for d in dss {
        store.apply(Event::DaemonSet(Delta::InitApply(key(&d.metadata), d)));
    }
    store.apply(Event::DaemonSet(Delta::InitDone));
    Ok(store)
}

/// Asks the user to type `expected` (a node name, or the count of nodes).
fn confirmed(expected: &str, what: &str) -> bool {
    eprint!("type {expected} to {what}: ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).is_ok() && line.trim() == expected
}

pub async fn drain(global: GlobalArgs, args: DrainArgs, paths: &Paths) -> Result<ExitCode> {
    let timeout = match parse_duration(&args.timeout) {
        Ok(t) => Duration::from_secs(t.unsigned_abs()),
        Err(e) => {
            eprintln!("kon drain: --timeout: {e}");
            return Ok(ExitCode::from(2));
        }
    };
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
    let mut plans = Vec::new();
    for n in &args.nodes {
        let store = match read_for(&c.client, n).await {
            Ok(s) => s,
            Err(e) => {
                eprintln!("kon drain: {n}: {e}");
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
        for n in &args.nodes {
            log(
                &c,
                "drain",
                &format!("node/{n}"),
                &format!("refused: needs {}", flags.join(" ")),
            );
        }
        eprintln!(
            "kon drain: refused, nothing changed: {} needs {}",
            p.node,
            flags.join(" ")
        );
        return Ok(ExitCode::FAILURE);
    }
    if !args.yes {
        if !std::io::stdin().is_terminal() {
            eprintln!("kon drain: stdin is not a terminal: confirm with --yes");
            return Ok(ExitCode::FAILURE);
        }
        let expected = if plans.len() == 1 {
            plans[0].node.clone()
        } else {
            plans.len().to_string()
        };
        if !confirmed(&expected, "drain") {
            eprintln!("kon drain: not confirmed, nothing changed");
            return Ok(ExitCode::FAILURE);
        }
    }
    let settings = RunSettings {
        grace_period: args.grace_period,
        timeout,
        ..RunSettings::default()
    };
    let (_abort_tx, abort) = tokio::sync::watch::channel(false);
    let mut all_done = true;
    for p in &plans {
        let target = format!("node/{}", p.node);
        if let Err(e) = run::set_unschedulable(&c.client, &p.node, true).await {
            log(&c, "cordon", &target, &format!("failed: {e}"));
            eprintln!("kon drain: {target}: cordon failed: {e}");
            all_done = false;
            continue;
        }
        log(&c, "cordon", &target, "ok");
        eprintln!("{target} cordoned");
        let outcome = run::evict_all(&c.client, p, settings, abort.clone(), |pod, st| {
            eprintln!("  {}/{}: {}", pod.namespace, pod.name, st.label());
        })
        .await;
        let text = outcome.text();
        log(&c, "drain", &target, &text);
        println!("{target} {text}");
        all_done &= outcome == run::Outcome::Done;
    }
    Ok(if all_done {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
