//! The command line: flags, subcommands, and what `kon` does with them.

mod bench;
mod check;
mod completions;
mod console;
pub mod ctxns;
mod node_actions;
mod sim;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::{Parser, ValueEnum};

use crate::config::Paths;
use crate::config::color::ColorDepth;

/// kon: the on-call engineer's Kubernetes console.
///
/// Opens a console on the current kubeconfig context showing whether the
/// cluster is healthy, and lets you act on it safely.
#[derive(Debug, Parser)]
#[command(name = "kon", version, about, long_about)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
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
    Bench(bench::BenchArgs),
    /// Check the cluster against the production guidance once, print the findings and exit
    /// (0: nothing at or above --fail-on; 1: something; 2: the check could not run).
    Check(check::CheckArgs),
    /// Mark nodes unschedulable.
    Cordon(node_actions::NodesArgs),
    /// Mark nodes schedulable again.
    Uncordon(node_actions::NodesArgs),
    /// Cordon nodes and evict their pods through the Eviction API, after showing the plan
    /// (the same rules as kubectl drain; PodDisruptionBudgets respected and reported).
    Drain(node_actions::DrainArgs),
    /// Print a completion script for bash, zsh or fish (completes subcommands, flags, and
    /// context and namespace names for `kon ctx`, `kon ns`, `kubectx` and `kubens`).
    Completions(completions::CompletionsArgs),
    /// Switch kubeconfig contexts (a drop-in kubectx)
    #[command(disable_help_flag = true)]
    Ctx {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<std::ffi::OsString>,
    },
    /// Switch the namespace of the current context (a drop-in kubens)
    #[command(disable_help_flag = true)]
    Ns {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<std::ffi::OsString>,
    },
}

/// Options every kon command understands.
#[derive(Debug, Clone, clap::Args)]
pub struct GlobalArgs {
    /// The kubeconfig context to use (default: the current context).
    #[arg(long, value_name = "NAME", global = true)]
    pub context: Option<String>,
    /// The namespace for namespaced panes (default: the context's namespace, else all).
    #[arg(long, short = 'n', value_name = "NAME", global = true)]
    pub namespace: Option<String>,
    /// Show every namespace in the namespaced panes, whatever the context says.
    #[arg(long, short = 'A', global = true, conflicts_with = "namespace")]
    pub all_namespaces: bool,
    /// A kubeconfig file to use instead of $KUBECONFIG or ~/.kube/config.
    #[arg(long, value_name = "PATH", global = true)]
    pub kubeconfig: Option<PathBuf>,
    /// kubeadm's PKI directory, for its certificates' expiry (default: `/etc/kubernetes/pki`
    /// when it exists, or `pki-dir` in config.toml).
    #[arg(long, value_name = "DIR", global = true)]
    pub pki_dir: Option<PathBuf>,
    /// A local directory of etcd snapshot files, for their age (or `[backups] dir` in config.toml).
    #[arg(long, value_name = "DIR", global = true)]
    pub backup_dir: Option<PathBuf>,
    /// Refuse every change to the cluster or the kubeconfig.
    #[arg(long)]
    pub readonly: bool,
    /// Colour theme: default, light, high-contrast, mono, or a file in ~/.config/kon/themes/.
    #[arg(long, value_name = "NAME")]
    pub theme: Option<String>,
    /// Keymap: default, k9s, or a file in ~/.config/kon/keymaps/.
    #[arg(long, value_name = "NAME")]
    pub keymap: Option<String>,
    /// Colours the terminal can show (default: detected from NO_COLOR, COLORTERM, TERM).
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    /// No colour: state by symbols and text.
    Never,
    /// The 16 ANSI colours.
    #[value(name = "16")]
    Ansi16,
    #[value(name = "256")]
    Ansi256,
    Truecolor,
}

impl ColorChoice {
    pub fn depth(self) -> ColorDepth {
        match self {
            ColorChoice::Auto => ColorDepth::detect(|k| std::env::var(k).ok()),
            ColorChoice::Never => ColorDepth::Mono,
            ColorChoice::Ansi16 => ColorDepth::Ansi16,
            ColorChoice::Ansi256 => ColorDepth::Ansi256,
            ColorChoice::Truecolor => ColorDepth::TrueColor,
        }
    }
}

pub fn main() -> ExitCode {
    let mut argv = std::env::args_os();
    if let Some((tool, prog)) = argv.next().as_deref().and_then(ctxns::tool_for) {
        return ctxns::run_named(tool, prog, argv.collect());
    }
    let cli = Cli::parse();
    if let Some(Command::Ctx { args } | Command::Ns { args }) = &cli.command {
        let tool = match cli.command {
            Some(Command::Ctx { .. }) => ctxns::Tool::Ctx,
            _ => ctxns::Tool::Ns,
        };
        let options = ctxns::KonOptions {
            kubeconfig: cli.global.kubeconfig.clone(),
            readonly: cli.global.readonly,
            theme: cli.global.theme.clone(),
            depth: Some(cli.global.color.depth()),
        };
        return ctxns::run_kon(tool, ctxns::kon_prog(tool), args.clone(), options);
    }
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("kon: {e:#}");
            ExitCode::FAILURE
        }
    }
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
    let result = runtime.block_on(async {
        match cli.command {
            Some(Command::Sim(args)) => sim::run(args, &paths).await,
            Some(Command::Bench(args)) => bench::run(cli.global, args).await,
            Some(Command::Check(args)) => check::run(cli.global, args, &paths).await,
            // --demo is the console's own cluster: never act on the kubeconfig's instead.
            Some(Command::Cordon(_) | Command::Uncordon(_) | Command::Drain(_)) if cli.demo => {
                eprintln!("kon: --demo opens the console on the built-in cluster; cordon, uncordon and drain act on a kubeconfig context (`kon sim` serves one)");
                Ok(ExitCode::from(2))
            }
            Some(Command::Cordon(args)) => node_actions::cordon(cli.global, args, &paths, true).await,
            Some(Command::Uncordon(args)) => node_actions::cordon(cli.global, args, &paths, false).await,
            Some(Command::Drain(args)) => node_actions::drain(cli.global, args, &paths).await,
            // Handled in main() before anything is started.
            Some(Command::Ctx { .. } | Command::Ns { .. }) => Ok(ExitCode::SUCCESS),
            Some(Command::Completions(args)) => completions::run(args),
            None => console::run(cli.global, cli.demo, paths, problems).await,
        }
    });
    // Do not wait for stuck I/O (a hung API call, a dead terminal) on the way out.
    runtime.shutdown_timeout(std::time::Duration::from_millis(200));
    result
}
