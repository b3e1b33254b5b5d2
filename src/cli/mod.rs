//! The command line: flags, subcommands, and what `kon` does with them.

mod args;
mod bench;
mod bench_keys;
mod bench_logs;
mod bench_loop;
mod bench_peer;
mod bench_proc;
mod check;
mod check_report;
mod completions;
mod console;
pub mod ctxns;
mod fleet;
mod node_actions;
mod sim;

use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::Parser;

pub use args::{
    BenchCmd, CheckCmd, ColorChoice, ConsoleArgs, CtxNsCmd, DrainCmd, GlobalArgs, LocalArgs, LookArgs,
    NodesCmd, ReadonlyArg, ScopeArgs, ShellCmd, TargetArgs,
};

use crate::config::Paths;
use crate::config::settings::Settings;

/// config.toml as every command reads it: the settings and the problems
/// found in them, the `[findings] skip` ids checked against the rules.
fn load_settings(path: &std::path::Path) -> (Settings, Vec<String>) {
    let (mut settings, mut problems) = Settings::load(path);
    problems.extend(crate::findings::check_skip(&mut settings));
    (settings, problems)
}

/// kon: the on-call engineer's Kubernetes console.
///
/// Opens a console on the current kubeconfig context showing whether the
/// cluster is healthy, and lets you act on it safely.
#[derive(Debug, Parser)]
#[command(name = "kon", version, about, long_about)]
pub struct Cli {
    #[command(flatten)]
    pub console: ConsoleArgs,
    /// Open the console on a built-in simulated cluster (the `demo` scenario).
    #[arg(long)]
    pub demo: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, clap::Subcommand)]
// Parsed once at start: the size difference costs nothing.
#[allow(clippy::large_enum_variant)]
pub enum Command {
    /// Serve a simulated Kubernetes API server (HTTPS on loopback) until interrupted.
    Sim(sim::SimArgs),
    /// Measure sync time, memory and render time against a cluster (e.g. `kon sim --scenario large`).
    Bench(BenchCmd),
    /// Check the cluster against the production guidance once, print the findings and exit
    /// (0: nothing at or above --fail-on; 1: something, or a kind not checked; 2: could not judge).
    Check(CheckCmd),
    /// Every context's health at once, one row each, worst first
    /// (0: nothing at or above --fail-on; 1: something; 2: a context could not be judged).
    Fleet(fleet::FleetArgs),
    /// Mark nodes unschedulable.
    Cordon(NodesCmd),
    /// Mark nodes schedulable again.
    Uncordon(NodesCmd),
    /// Cordon nodes and evict their pods through the Eviction API, after showing the plan
    /// (the same rules as kubectl drain; PodDisruptionBudgets respected and reported).
    Drain(DrainCmd),
    /// Print a completion script for bash, zsh or fish (completes subcommands, flags, and
    /// context and namespace names for `kon ctx`, `kon ns`, `kubectx` and `kubens`).
    Completions(completions::CompletionsArgs),
    /// Switch kubeconfig contexts (a drop-in kubectx)
    #[command(disable_help_flag = true)]
    Ctx(CtxNsCmd),
    /// Switch the namespace of the current context (a drop-in kubens)
    #[command(disable_help_flag = true)]
    Ns(CtxNsCmd),
    /// Start a sub-shell whose kubectl sees only CONTEXT (kubectx -s), or with --readonly one
    /// where every write is refused (kubectx -r); the kubeconfig is left untouched.
    Shell(ShellCmd),
}

pub fn main() -> ExitCode {
    let mut argv = std::env::args_os();
    if let Some((tool, prog)) = argv.next().as_deref().and_then(ctxns::tool_for) {
        return ctxns::run_named(tool, prog, argv.collect());
    }
    let cli = Cli::parse();
    if let Some(Command::Shell(sub)) = &cli.command {
        return shell(sub, &cli.console);
    }
    if let Some(Command::Ctx(sub) | Command::Ns(sub)) = &cli.command {
        let tool = match cli.command {
            Some(Command::Ctx(_)) => ctxns::Tool::Ctx,
            _ => ctxns::Tool::Ns,
        };
        let top = &cli.console;
        let options = ctxns::KonOptions {
            kubeconfig: sub.kubeconfig.clone().or_else(|| top.target.kubeconfig.clone()),
            readonly: top.readonly.readonly || sub.readonly.readonly,
            theme: sub.theme.clone().or_else(|| top.look.theme.clone()),
            depth: Some(sub.color.unwrap_or(top.look.color).depth()),
            kon: true,
        };
        return ctxns::run_kon(tool, ctxns::kon_prog(tool), sub.args.clone(), options);
    }
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("kon: {}", crate::errors::describe_anyhow(&e));
            ExitCode::FAILURE
        }
    }
}

/// `kon shell`: kubectx `-s`/`-r` with kon's flags. `--readonly` before
/// the subcommand (kon read-only) also asks for the read-only shell.
fn shell(sub: &ShellCmd, top: &ConsoleArgs) -> ExitCode {
    let readonly = sub.readonly || top.readonly.readonly;
    let mut args: Vec<std::ffi::OsString> = vec![if readonly { "-r" } else { "-s" }.into()];
    for d in &sub.deny {
        args.push("--deny".into());
        args.push(d.into());
    }
    args.extend(sub.context.iter().map(Into::into));
    let options = ctxns::KonOptions {
        kubeconfig: sub.kubeconfig.clone().or_else(|| top.target.kubeconfig.clone()),
        readonly: false,
        theme: sub.theme.clone().or_else(|| top.look.theme.clone()),
        depth: Some(top.look.color.depth()),
        kon: true,
    };
    ctxns::run_kon(ctxns::Tool::Ctx, "kon shell".into(), args, options)
}

fn run(cli: Cli) -> Result<ExitCode> {
    let paths = Paths::from_env();
    let mut problems = Vec::new();
    let _log_guard = match crate::logging::init(&paths.state_dir, std::env::var("KON_LOG").ok().as_deref()) {
        Ok(g) => Some(g),
        Err(e) => {
            problems.push(format!("logging off: {e}"));
            None
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let global = GlobalArgs::from(cli.console);
    let result = runtime.block_on(async {
        match cli.command {
            Some(Command::Sim(args)) => sim::run(args, &paths).await,
            Some(Command::Bench(c)) => bench::run(global.target(c.target).scope(c.scope).etcd(c.etcd), c.args).await,
            Some(Command::Fleet(args)) => fleet::run(args, &paths).await,
            Some(Command::Check(c)) => {
                let global = global.target(c.target).scope(c.scope).local(c.local).etcd(c.etcd);
                check::run(global, c.args, &paths).await
            }
            // --demo is the console's own cluster: never act on the kubeconfig's instead.
            Some(Command::Cordon(_) | Command::Uncordon(_) | Command::Drain(_)) if cli.demo => {
                eprintln!("kon: --demo opens the console on the built-in cluster; cordon, uncordon and drain act on a kubeconfig context (`kon sim` serves one)");
                Ok(ExitCode::from(2))
            }
            Some(Command::Cordon(c)) => {
                let global = global.target(c.target).readonly(c.readonly);
                node_actions::cordon(global, c.args, &paths, true).await
            }
            Some(Command::Uncordon(c)) => {
                let global = global.target(c.target).readonly(c.readonly);
                node_actions::cordon(global, c.args, &paths, false).await
            }
            Some(Command::Drain(c)) => {
                let global = global.target(c.target).readonly(c.readonly);
                node_actions::drain(global, c.args, &paths).await
            }
            // Handled in main() before anything is started.
            Some(Command::Ctx(_) | Command::Ns(_) | Command::Shell(_)) => Ok(ExitCode::SUCCESS),
            Some(Command::Completions(args)) => completions::run(args),
            None => console::run(global, cli.demo, paths, problems).await,
        }
    });
    // Do not wait for stuck I/O (a hung API call, a dead terminal) on the way out.
    runtime.shutdown_timeout(std::time::Duration::from_millis(200));
    result
}
