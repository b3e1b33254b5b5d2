//! `kon bench`: the scale benchmark of the live state. Syncs every watcher
//! against a cluster (e.g. `kon sim --scenario large` in another process),
//! then prints the sync time, the pane-model recompute time, the render time
//! per frame of the dashboard and of each pane (p50/p99), the nodes and
//! pods tables' filter keystroke and frame, and peak RSS. First, unless
//! `--no-loop`, the figures through the console's own loop (`bench_loop`).
//! It measures; it asserts nothing.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc;
use tokio::task::JoinSet;

use super::GlobalArgs;
use crate::app::keys::KeyChord;
use crate::app::{AppState, Msg, Settings};
use crate::cluster::store::kinds::Kind;
use crate::cluster::watch;
use crate::config::color::ColorDepth;
use crate::config::theme;
use crate::kubeconfig::target::{self, Selection};

#[derive(Debug, Clone, clap::Args)]
pub struct BenchArgs {
    /// Frames to render per view.
    #[arg(long, default_value_t = 200)]
    pub frames: usize,
    /// Give up syncing after this many seconds.
    #[arg(long, default_value_t = 600)]
    pub timeout: u64,
    /// Skip timing `kubectl get pods -A -o json` against the same cluster.
    #[arg(long)]
    pub no_kubectl: bool,
    /// The pod the log view follows (NS/NAME; default: the sim's chatty ingress controller).
    #[arg(long)]
    pub logs_pod: Option<String>,
    /// Seconds the log view follows it (0: skip).
    #[arg(long, default_value_t = 10)]
    pub logs_seconds: u64,
    /// Skip the figures through the console's loop (key to frame, idle CPU and RSS).
    #[arg(long)]
    pub no_loop: bool,
    /// Milliseconds between two keys typed into the console's loop.
    #[arg(long, default_value_t = 50)]
    pub key_ms: u64,
    /// Rounds of the key script (dashboard, pods table, its filter) typed once synced.
    #[arg(long, default_value_t = 4)]
    pub rounds: usize,
    /// Seconds the synced console is left idle while its CPU and RSS are measured.
    #[arg(long, default_value_t = 60)]
    pub idle_seconds: u64,
    /// Another console (e.g. `kdash`) run in tmux against the same kubeconfig,
    /// its CPU and RSS measured over the same idle window.
    #[arg(long, value_name = "CMD")]
    pub peer: Option<String>,
    /// Seconds the peer runs (its own sync) before the idle window.
    #[arg(long, default_value_t = 60)]
    pub peer_warmup: u64,
}

pub(super) fn peak_rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}

pub(super) fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// The time of each of `frames` renders of the current view, sorted.
fn time_frames(
    term: &mut Terminal<TestBackend>,
    app: &AppState,
    theme: &crate::config::theme::Theme,
    frames: usize,
) -> Result<Vec<Duration>> {
    let mut times = Vec::with_capacity(frames);
    for _ in 0..frames {
        let t = Instant::now();
        term.draw(|f| crate::ui::render(app, theme, f))
            .context("render")?;
        times.push(t.elapsed());
    }
    times.sort();
    Ok(times)
}

/// The time of one `/` filter keystroke in the open table (re-filters and
/// re-sorts its rows), `n` times, sorted; the filter is closed after each.
fn time_filter_keystrokes(app: &mut AppState, n: usize) -> Result<Vec<Duration>> {
    let mut times = Vec::with_capacity(n);
    for i in 0..n {
        for k in ["/", if i % 2 == 0 { "1" } else { "2" }, "enter"] {
            let chord = KeyChord::parse(k).map_err(anyhow::Error::msg)?;
            let t = Instant::now();
            app.update(Msg::Key(chord));
            if k != "/" && k != "enter" {
                times.push(t.elapsed());
            }
        }
        app.update(Msg::Key(KeyChord::plain(crate::app::keys::Key::Esc)));
    }
    times.sort();
    Ok(times)
}

/// The time of each key of `keys` typed into a freshly opened `/` filter,
/// `n` rounds; one sorted list per key.
fn time_typing(app: &mut AppState, keys: &[&str], n: usize) -> Result<Vec<Vec<Duration>>> {
    let mut times = vec![Vec::with_capacity(n); keys.len()];
    let parse = |k: &str| KeyChord::parse(k).map_err(anyhow::Error::msg);
    for _ in 0..n {
        app.update(Msg::Key(parse("/")?));
        for (k, times) in keys.iter().zip(times.iter_mut()) {
            let chord = parse(k)?;
            let t = Instant::now();
            app.update(Msg::Key(chord));
            times.push(t.elapsed());
        }
        app.update(Msg::Key(KeyChord::plain(crate::app::keys::Key::Esc)));
    }
    times.iter_mut().for_each(|t| t.sort());
    Ok(times)
}

pub async fn run(global: GlobalArgs, args: BenchArgs) -> Result<ExitCode> {
    let sel = Selection {
        kubeconfig: global.kubeconfig.clone(),
        context: global.context.clone(),
        namespace: global.namespace.clone(),
        all_namespaces: global.all_namespaces,
    };
    let resolved = target::resolve(&sel, target::load_selected(&sel).1).await;
    let Some(config) = resolved.config else {
        bail!("{}", resolved.problem.unwrap_or_else(|| "no cluster".into()));
    };
    let events_namespace = config.default_namespace.clone();
    let (theme, _) = theme::load(
        "default",
        ColorDepth::TrueColor,
        std::path::Path::new("/nonexistent"),
    );
    if !args.no_loop {
        let plan = super::bench_loop::Plan {
            key_every: Duration::from_millis(args.key_ms.max(1)),
            rounds_after_sync: args.rounds,
            timeout: Duration::from_secs(args.timeout),
            idle: Duration::from_secs(args.idle_seconds),
            peer: args.peer.clone(),
            peer_warmup: Duration::from_secs(args.peer_warmup),
            kubeconfig: global.kubeconfig.clone(),
        };
        super::bench_loop::run(resolved.target.clone(), config.clone(), theme.clone(), plan).await?;
    }
    let client = crate::cluster::client(config).context("building the client")?;

    let mut app = AppState::new(Settings::for_target(resolved.target));
    app.update(Msg::Resize {
        width: 160,
        height: 48,
    });
    let (tx, mut rx) = mpsc::channel(4096);
    let mut set = JoinSet::new();
    let started = Instant::now();
    watch::spawn_all(&mut set, &client, app.live.generation, &tx, &events_namespace);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(args.timeout);
    let mut messages = 0u64;
    while !Kind::ALL.iter().all(|k| app.live.store.state(*k).is_settled()) {
        let Ok(Some(msg)) = tokio::time::timeout_at(deadline, rx.recv()).await else {
            let states: Vec<String> = Kind::ALL
                .iter()
                .map(|k| format!("{k:?}: {}", app.live.store.state(*k).label()))
                .collect();
            bail!("not synced within {} s: {}", args.timeout, states.join(", "));
        };
        messages += 1;
        app.update(msg.into());
    }
    let sync = started.elapsed();
    set.abort_all();
    println!(
        "synced: {} nodes, {} pods, {} namespaces, {} leases in {:.2?} ({messages} messages)",
        app.live.store.nodes.len(),
        app.live.store.pods.len(),
        app.live.store.namespaces.len(),
        app.live.store.leases.len(),
        sync
    );
    let rss_synced = peak_rss_mib();

    let t = Instant::now();
    app.update(Msg::Recompute {
        now: crate::clock::unix_now(),
    });
    println!("pane models recomputed in {:.2?}", t.elapsed());

    let mut term = Terminal::new(TestBackend::new(160, 48)).context("test terminal")?;
    let views: [(&str, Option<&str>); 5] = [
        ("dashboard", None),
        ("control-plane pane", Some("enter")),
        ("zones pane", Some("enter")),
        ("quotas pane", Some("enter")),
        ("nodes table", Some("n")),
    ];
    for (i, (name, key)) in views.iter().enumerate() {
        // Focus the tile: control plane 0, zones 3, quotas 4 (3 columns at 160).
        app.update(Msg::Key(KeyChord::plain(crate::app::keys::Key::Esc)));
        app.nav.focus = [0, 0, 3, 4, 0][i];
        if let Some(k) = key
            && let Ok(chord) = KeyChord::parse(k)
        {
            app.update(Msg::Key(chord));
        }
        let times = time_frames(&mut term, &app, &theme, args.frames)?;
        println!(
            "render {name}: p50 {:.2?}, p99 {:.2?} ({} frames, 160x48)",
            percentile(&times, 0.5),
            percentile(&times, 0.99),
            args.frames
        );
    }
    // The nodes table: one filter keystroke (re-filters and re-sorts every
    // node), then a frame of the filtered table.
    let filter = time_filter_keystrokes(&mut app, args.frames)?;
    println!(
        "nodes table, one filter keystroke over {} nodes: p50 {:.2?}, p99 {:.2?}",
        app.node_rows().len(),
        percentile(&filter, 0.5),
        percentile(&filter, 0.99)
    );
    // The pods table: a frame, then one filter keystroke (re-filters and
    // re-sorts every pod in scope, over filter texts built once per update).
    for k in ["esc", "esc", "p"] {
        app.update(Msg::Key(KeyChord::parse(k).map_err(anyhow::Error::msg)?));
    }
    let frames = time_frames(&mut term, &app, &theme, args.frames)?;
    println!(
        "render pods table: p50 {:.2?}, p99 {:.2?} ({} frames, 160x48)",
        percentile(&frames, 0.5),
        percentile(&frames, 0.99),
        args.frames
    );
    let filter = time_filter_keystrokes(&mut app, args.frames)?;
    println!(
        "pods table, one filter keystroke over {} pods: p50 {:.2?}, p99 {:.2?}",
        app.pod_rows().len(),
        percentile(&filter, 0.5),
        percentile(&filter, 0.99)
    );
    // The loop bench's typing, key by key: a pass over every pod (`a`),
    // then two narrowing passes (`ap`, `api`), the filter opened afresh.
    let typed = time_typing(&mut app, &["a", "p", "i"], args.frames)?;
    for (k, times) in ["a", "ap", "api"].iter().zip(&typed) {
        println!(
            "pods table, typing `{k}`: p50 {:.2?}, p99 {:.2?}",
            percentile(times, 0.5),
            percentile(times, 0.99)
        );
    }
    if let Some(line) = time_etcd(&global).await {
        println!("{line}");
    }
    if args.logs_seconds > 0 {
        super::bench_logs::run(
            client.clone(),
            &mut app,
            &theme,
            args.logs_pod.as_deref(),
            args.logs_seconds,
        )
        .await?;
    }
    match (rss_synced, peak_rss_mib()) {
        (Some(a), Some(b)) => println!("peak RSS: {a} MiB when synced, {b} MiB at the end"),
        _ => println!("peak RSS: unavailable (no /proc)"),
    }
    if !args.no_kubectl {
        drop(app);
        println!("{}", time_kubectl(&global).await);
    }
    Ok(ExitCode::SUCCESS)
}

/// Times one poll of etcd (every member, four requests each, as the
/// console's poller does), when the `--etcd-*` flags, config.toml or
/// kubeadm's manifest say where it is.
async fn time_etcd(global: &GlobalArgs) -> Option<String> {
    use crate::etcd::resolve::Resolution;
    let paths = crate::config::paths::Paths::from_env();
    let (settings, _) = super::load_settings(&paths.config_file());
    let mut local = crate::panes::local::Local::default();
    super::console::configure_local(&mut local, global, &settings, false);
    let Some(Resolution::Watch(t)) = &local.etcd else {
        return None;
    };
    let started = Instant::now();
    let seen =
        crate::etcd::client::poll_cluster(&t.endpoints, &t.tls, crate::etcd::client::REQUEST_TIMEOUT).await;
    let answering = seen.answers.iter().filter(|a| a.status.is_ok()).count();
    Some(format!(
        "etcd poll: {:.2?} ({answering} of {} endpoints answering, from {})",
        started.elapsed(),
        seen.answers.len(),
        t.source
    ))
}

/// Times `kubectl get pods -A -o json` against the same kubeconfig and
/// context, output discarded (after kon's run, so they do not compete).
async fn time_kubectl(global: &GlobalArgs) -> String {
    let mut cmd = tokio::process::Command::new("kubectl");
    cmd.args(["get", "pods", "-A", "-o", "json"]);
    if let Some(k) = &global.kubeconfig {
        cmd.arg("--kubeconfig").arg(k);
    }
    if let Some(c) = &global.context {
        cmd.arg("--context").arg(c);
    }
    cmd.stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    let t = Instant::now();
    match cmd.output().await {
        Ok(out) if out.status.success() => format!(
            "kubectl get pods -A -o json (same cluster, output discarded): {:.2?}",
            t.elapsed()
        ),
        Ok(out) => format!(
            "kubectl get pods -A -o json failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ),
        Err(e) => format!("kubectl not run: {e}"),
    }
}
