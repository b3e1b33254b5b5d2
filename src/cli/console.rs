//! `kon` (and `kon --demo`): the console.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};

use super::GlobalArgs;
use crate::app::AppState;
use crate::cluster::target::{self, Selection};
use crate::config::settings::Settings;
use crate::config::{Paths, keymap, theme};
use crate::sim::kubeconfig::Auth;
use crate::tui::event_loop::Exit;

pub async fn run(args: GlobalArgs, demo: bool, paths: Paths, mut problems: Vec<String>) -> Result<ExitCode> {
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

    let mut sel = Selection {
        kubeconfig: args.kubeconfig.clone(),
        context: args.context.clone(),
        namespace: args.namespace.clone(),
        all_namespaces: args.all_namespaces,
    };
    // The demo: a simulated cluster in this process, reached over HTTPS like any other.
    let (_sim, kubeconfig) = if demo {
        let scenario = crate::sim::scenarios::builtin::load("demo").context("loading the demo scenario")?;
        let listen = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
        let sim = crate::sim::start(scenario, listen)
            .await
            .context("starting the demo cluster")?;
        let kc = kube::config::Kubeconfig::from_yaml(&sim.kubeconfig(Auth::ClientCert))
            .context("reading the demo cluster's kubeconfig")?;
        sel.context = Some(crate::sim::kubeconfig::CONTEXT.to_string());
        (Some(sim), Ok(Some(kc)))
    } else {
        let env_kubeconfig = std::env::var("KUBECONFIG").ok();
        let home = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
        let files = target::kubeconfig_paths(
            sel.kubeconfig.as_deref(),
            env_kubeconfig.as_deref(),
            home.as_deref(),
        );
        (None, target::load_kubeconfig(&files, sel.kubeconfig.is_some()))
    };
    let resolved = target::resolve(&sel, kubeconfig).await;
    let readonly = args.readonly || settings.readonly_for(resolved.target.context.as_deref());
    tracing::info!(context = ?resolved.target.context, readonly, demo, "starting console");
    let app = AppState::new(resolved.target, resolved.problem, readonly, keymap, problems);
    Ok(match crate::tui::run(app, theme, resolved.config).await? {
        Exit::Quit => ExitCode::SUCCESS,
        Exit::Signal(_) | Exit::TerminalGone => ExitCode::from(129),
    })
}
