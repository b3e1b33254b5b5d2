//! `kon` (and `kon --demo`): the console.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};

use super::GlobalArgs;
use crate::app::AppState;
use crate::app::keymap;
use crate::config::settings::Settings;
use crate::config::{Paths, theme};
use crate::ctxns::switcher::{KubeconfigSource, Switcher};
use crate::kubeconfig::target::{self, Selection};
use crate::sim::kubeconfig::Auth;
use crate::tui::event_loop::Exit;

pub async fn run(args: GlobalArgs, demo: bool, paths: Paths, mut problems: Vec<String>) -> Result<ExitCode> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!("the console needs a terminal (stdin and stdout must be a tty)");
    }
    let (settings, p) = super::load_settings(&paths.config_file());
    // config.toml's problems first: the first is the notice under the READ-ONLY
    // badge, and a config that leaves kon read-only says so first.
    problems.splice(0..0, p);
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
    // Relative certificate paths in the kubeconfig are relative to its directory.
    let mut kubeconfig_dir = None;
    // The demo: a simulated cluster in this process, reached over HTTPS like any other.
    let source;
    let (_sim, kubeconfig) = if demo {
        let scenario = crate::sim::scenarios::builtin::load("demo").context("loading the demo scenario")?;
        let listen = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
        let sim = crate::sim::start(scenario, listen)
            .await
            .context("starting the demo cluster")?;
        let yaml = sim.kubeconfig(Auth::ClientCert);
        let kc =
            kube::config::Kubeconfig::from_yaml(&yaml).context("reading the demo cluster's kubeconfig")?;
        sel.context = Some(crate::sim::kubeconfig::CONTEXT.to_string());
        source = KubeconfigSource::InMemory(yaml);
        (Some(sim), Ok(Some(kc)))
    } else {
        let (files, kubeconfig) = target::load_selected(&sel);
        source = KubeconfigSource::Files(files.clone());
        kubeconfig_dir = files
            .first()
            .and_then(|p| p.parent().map(std::path::Path::to_path_buf));
        (None, kubeconfig)
    };
    // The kubeconfig's own certificates (client certificate, cluster CA) for the certificates pane.
    let context = target::selected_context(&sel, &kubeconfig).unwrap_or_default();
    let kc = kubeconfig.as_ref().ok().and_then(Option::as_ref);
    let kubeconfig_certs = kc
        .map(|kc| crate::certs::kubeconfig::from_kubeconfig(kc, &context, kubeconfig_dir.as_deref()))
        .unwrap_or_default();
    let who = crate::audit::Who::from_kubeconfig(kc, &context);
    let resolved = target::resolve(&sel, kubeconfig).await;
    let readonly =
        crate::config::readonly::effective(args.readonly, &settings, resolved.target.context.as_deref());
    tracing::info!(context = ?resolved.target.context, %readonly, demo, "starting console");
    let platform = (resolved.target.context.as_deref()).and_then(|c| settings.platform_of(c));
    let mut app = AppState::new(crate::app::Settings {
        target: resolved.target,
        problem: resolved.problem,
        readonly: readonly.is_on(),
        readonly_why: readonly.why(),
        readonly_badge: readonly.badge(),
        keymap,
        problems,
        who,
        drain_settings: crate::drain::run::RunSettings {
            timeout: std::time::Duration::from_secs(settings.drain.timeout.unsigned_abs()),
            grace_period: settings.drain.grace_period,
            ..Default::default()
        },
        // The demo's actions never mix with real clusters' records.
        audit_path: Some(if demo {
            crate::audit::demo_path(&paths.audit_log())
        } else {
            paths.audit_log()
        }),
        persist_switches: settings.persist_switch,
        platform,
    });
    configure_local(&mut app.live.local, &args, &settings, demo);
    if let Some(client) = (!demo)
        .then_some(resolved.config.as_ref())
        .flatten()
        .and_then(|c| crate::cluster::client(c.clone()).ok())
    {
        with_mirror(&mut app.live.local, &args, &settings, &client).await;
    }
    app.features.logs.settings = crate::app::logs_view::LogSettings {
        buffer_lines: settings.logs.buffer_lines,
        tail: settings.logs.tail,
    };
    if let Some(sim) = &_sim {
        app.live.local.etcd = Some(demo_etcd(sim, &paths.state_dir));
        demo_backups(&mut app.live.local, &paths.state_dir);
    }
    if !kubeconfig_certs.is_empty() {
        app.live
            .local
            .report(crate::certs::Origin::Kubeconfig, kubeconfig_certs);
    }
    let switcher = Some(Switcher {
        source,
        selection: sel.clone(),
        readonly_flag: args.readonly,
        settings: settings.clone(),
        // The same log as the console's own actions (the demo's apart).
        audit: app.session.audit_path.clone(),
    });
    Ok(
        match crate::tui::run(app, theme, resolved.config, switcher).await? {
            Exit::Quit => ExitCode::SUCCESS,
            Exit::Signal(_) | Exit::TerminalGone => ExitCode::from(129),
        },
    )
}

/// The certificate and backup panes' settings and local sources: flags
/// first, then config.toml; kubeadm's default PKI directory when it exists
/// (not for the demo, whose cluster is not this machine's).
pub(super) fn configure_local(
    local: &mut crate::panes::Local,
    args: &GlobalArgs,
    settings: &Settings,
    demo: bool,
) {
    crate::judge::settle(local, settings);
    let default_pki = std::path::Path::new(crate::cluster::sources::KUBEADM_PKI);
    local.pki_dir = args
        .pki_dir
        .clone()
        .or_else(|| settings.certificates.pki_dir.clone())
        .or_else(|| (!demo && default_pki.is_dir()).then(|| default_pki.to_path_buf()));
    // config.toml's backup directory is the real clusters': the demo's
    // snapshots never go there (see demo_backups).
    local.backup_dir_path = args
        .backup_dir
        .clone()
        .or_else(|| (!demo).then(|| settings.backups.dir.clone()).flatten());
    local.etcd_every_secs = settings.etcd.poll.unsigned_abs();
    local.etcd_defrag_pause_secs = settings.etcd.defrag_pause.unsigned_abs();
    // The demo's cluster is not this machine's: its etcd is the simulator's.
    local.etcd = (!demo).then(|| etcd_resolution(args, settings, local.pki_dir.as_deref(), None));
}

/// Where etcd is when nothing on this machine says: etcd's mirror pod
/// through the API (bounded by `etcd::mirror::TIMEOUT`); unchanged when
/// there is none or it cannot be read.
pub(super) async fn with_mirror(
    local: &mut crate::panes::local::Local,
    args: &GlobalArgs,
    settings: &Settings,
    client: &kube::Client,
) {
    if !matches!(local.etcd, Some(crate::etcd::resolve::Resolution::NotWatched(_))) {
        return;
    }
    if let Ok(Some(m)) = crate::etcd::mirror::fetch(client).await {
        local.etcd = Some(etcd_resolution(args, settings, local.pki_dir.as_deref(), Some(m)));
    }
}

/// Where etcd is, from the flags, config.toml and kubeadm's manifest
/// (read here, at the edge; the resolution itself is pure).
pub(super) fn etcd_resolution(
    args: &GlobalArgs,
    settings: &Settings,
    pki_dir: Option<&std::path::Path>,
    mirror: Option<crate::etcd::resolve::Mirror>,
) -> crate::etcd::resolve::Resolution {
    use crate::etcd::resolve::{self, Given, Manifest};
    let path = std::path::Path::new(resolve::KUBEADM_MANIFEST);
    let manifest = match std::fs::read_to_string(path) {
        Ok(text) => Manifest::Text(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Manifest::Missing,
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            Manifest::Unreadable("permission denied (root-only on kubeadm)".into())
        }
        Err(e) => Manifest::Unreadable(e.to_string()),
    };
    let e = &settings.etcd;
    let config = Given {
        endpoints: e.endpoints.clone(),
        cert: e.cert.clone(),
        key: e.key.clone(),
        cacert: e.cacert.clone(),
    };
    resolve::resolve(&resolve::Inputs {
        flags: &args.etcd,
        config: &config,
        quota_override: e.quota_bytes,
        manifest_path: path,
        manifest,
        pki_dir,
        mirror,
    })
}

/// Where the demo's snapshot now writes, unless `--backup-dir` gives a
/// backup directory: its own, under the state dir, so a demo snapshot never
/// lands among real backups. Not scanned until a snapshot is saved there,
/// so the demo's backups pane is the scenario's until then.
fn demo_backups(local: &mut crate::panes::Local, state: &std::path::Path) {
    let dir = state.join("demo-etcd").join("backups");
    // A failure shows when a snapshot is tried: the error names the directory.
    if let Err(e) = std::fs::create_dir_all(&dir) {
        tracing::warn!(dir = %dir.display(), error = %e, "the demo's backup directory");
    }
    local.snapshot_dir = Some(dir);
}

/// The demo's etcd: the simulator's 3 members, reached with its client
/// certificate (written under the state dir: kon reads credentials from files).
fn demo_etcd(sim: &crate::sim::run::RunningSim, state: &std::path::Path) -> crate::etcd::resolve::Resolution {
    use crate::etcd::resolve::{DEFAULT_QUOTA, Quota, QuotaSource, Resolution, Target, TlsFiles};
    let dir = state.join("demo-etcd");
    let pki = &sim.sim.pki;
    let files = [
        ("ca.crt", &pki.ca_pem),
        ("client.crt", &pki.client_cert_pem),
        ("client.key", &pki.client_key_pem),
    ];
    let written = std::fs::create_dir_all(&dir).and_then(|_| {
        files
            .iter()
            .try_for_each(|(f, pem)| std::fs::write(dir.join(f), pem))
    });
    if let Err(e) = written {
        return Resolution::NotWatched(format!("the demo's etcd credentials: {}: {e}", dir.display()));
    }
    Resolution::Watch(Target {
        endpoints: vec![crate::sim::etcd::endpoint(&sim.url(), "control-plane-1")],
        tls: TlsFiles {
            cert: Some(dir.join("client.crt")),
            key: Some(dir.join("client.key")),
            cacert: Some(dir.join("ca.crt")),
        },
        quota: Quota {
            bytes: DEFAULT_QUOTA,
            source: QuotaSource::Default,
        },
        source: "the demo's simulated etcd".into(),
    })
}
