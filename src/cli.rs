//! The command line: flags, and what `kon` does with them.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use clap::{Parser, ValueEnum};

use crate::app::AppState;
use crate::cluster::target::{self, Selection};
use crate::config::color::ColorDepth;
use crate::config::settings::Settings;
use crate::config::{Paths, keymap, theme};
use crate::tui::event_loop::Exit;

/// kon: the on-call engineer's Kubernetes console.
///
/// Opens a console on the current kubeconfig context showing whether the
/// cluster is healthy, and lets you act on it safely.
#[derive(Debug, Parser)]
#[command(name = "kon", version, about, long_about)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
}

/// Options every kon command understands.
#[derive(Debug, Clone, clap::Args)]
pub struct GlobalArgs {
    /// The kubeconfig context to use (default: the current context).
    #[arg(long, value_name = "NAME")]
    pub context: Option<String>,
    /// The namespace for namespaced panes (default: the context's namespace).
    #[arg(long, short = 'n', value_name = "NAME")]
    pub namespace: Option<String>,
    /// A kubeconfig file to use instead of $KUBECONFIG or ~/.kube/config.
    #[arg(long, value_name = "PATH")]
    pub kubeconfig: Option<PathBuf>,
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
    fn depth(self) -> ColorDepth {
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
    let cli = Cli::parse();
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
    let result = runtime.block_on(console(cli.global, paths, problems));
    // Do not wait for stuck I/O (a hung API call, a dead terminal) on the way out.
    runtime.shutdown_timeout(std::time::Duration::from_millis(200));
    match result? {
        Exit::Quit => Ok(ExitCode::SUCCESS),
        Exit::Signal(_) | Exit::TerminalGone => Ok(ExitCode::from(129)),
    }
}

async fn console(args: GlobalArgs, paths: Paths, mut problems: Vec<String>) -> Result<Exit> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!("the console needs a terminal (stdin and stdout must be a tty)");
    }
    let (settings, p) = Settings::load(&paths.config_file());
    problems.extend(p);
    let depth = args.color.depth();
    let theme_name = args.theme.clone().unwrap_or_else(|| settings.theme.clone());
    let (theme, p) = theme::load(&theme_name, depth, &paths.themes_dir());
    problems.extend(p);
    let keymap_name = args.keymap.clone().unwrap_or_else(|| settings.keymap.clone());
    let (keymap, p) = keymap::load(&keymap_name, &paths.keymaps_dir());
    problems.extend(p);
    for p in &problems {
        tracing::warn!("{p}");
    }

    let sel = Selection {
        kubeconfig: args.kubeconfig.clone(),
        context: args.context.clone(),
        namespace: args.namespace.clone(),
    };
    let env_kubeconfig = std::env::var("KUBECONFIG").ok();
    let home = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
    let files = target::kubeconfig_paths(
        sel.kubeconfig.as_deref(),
        env_kubeconfig.as_deref(),
        home.as_deref(),
    );
    let kubeconfig = target::load_kubeconfig(&files, sel.kubeconfig.is_some());
    let resolved = target::resolve(&sel, kubeconfig).await;
    let readonly = args.readonly || settings.readonly_for(resolved.target.context.as_deref());
    tracing::info!(context = ?resolved.target.context, readonly, "starting console");
    let app = AppState::new(resolved.target, resolved.problem, readonly, keymap, problems);
    crate::tui::run(app, theme, resolved.config).await
}
