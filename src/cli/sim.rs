//! `kon sim`: serve a simulated cluster until interrupted.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use std::io::Write as _;

use anyhow::{Context as _, Result, bail};

use crate::config::Paths;
use crate::sim::kubeconfig::Auth;
use crate::sim::scenarios::builtin;

#[derive(Debug, Clone, clap::Args)]
pub struct SimArgs {
    /// A built-in scenario (demo, healthy, large, eks, gke, aks) or a scenario file.
    #[arg(
        long,
        value_name = "NAME|PATH",
        default_value = "demo",
        conflicts_with = "from"
    )]
    pub scenario: String,
    /// Replay a dump of a real cluster (`kubectl get ... -o yaml` output).
    #[arg(long, value_name = "DUMP.yaml")]
    pub from: Option<PathBuf>,
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:0")]
    pub listen: SocketAddr,
    /// Where to write the kubeconfig for it (default: the state dir's sim/kubeconfig).
    /// It is never merged into your own kubeconfig.
    #[arg(long, value_name = "PATH")]
    pub kubeconfig_out: Option<PathBuf>,
    /// Authenticate with a bearer token in the kubeconfig instead of a client certificate.
    #[arg(long)]
    pub token_auth: bool,
    /// Fault: milliseconds added to every answer.
    #[arg(long, value_name = "MS")]
    pub latency_ms: Option<u64>,
    /// Fault: share (0..1) of API requests answered 500.
    #[arg(long, value_name = "RATE")]
    pub error_rate: Option<f64>,
    /// Fault: share (0..1) of API requests answered 429.
    #[arg(long, value_name = "RATE")]
    pub throttle_rate: Option<f64>,
    /// Fault: the back-off 429s ask for, in seconds (`Retry-After`; default 1).
    #[arg(long, value_name = "SECS")]
    pub retry_after: Option<u32>,
    /// Fault: cut every watch stream after this many seconds.
    #[arg(long, value_name = "SECS")]
    pub watch_cut: Option<u64>,
    /// Fault: compact the watch history this often (old resourceVersions get 410 Gone).
    #[arg(long, value_name = "SECS")]
    pub compact_every: Option<u64>,
    /// Fault: answer 403 Forbidden for a resource, named as kubectl names it
    /// (`secrets`, `po`, `leases.coordination.k8s.io`, `velero.io/backups`); repeatable.
    #[arg(long, value_name = "RESOURCE")]
    pub forbid: Vec<String>,
    /// Fault: answer 403 Forbidden when a namespaced resource is read in
    /// every namespace (a user with only a namespaced Role); repeatable.
    #[arg(long, value_name = "RESOURCE")]
    pub forbid_all_namespaces: Vec<String>,
    /// Fault: stop answering (open watches too) for SECS seconds, AFTER seconds from start (`AFTER:SECS`).
    #[arg(long, value_name = "AFTER:SECS")]
    pub pause: Option<String>,
    /// Churn: about N pod changes per second (readiness flips, restarts, pods
    /// deleted and replaced by their ReplicaSet), spread over each second.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=crate::sim::scenarios::sim_cluster::MAX_POD_CHURN as i64))]
    pub pod_churn: Option<u32>,
    /// When stopped, write how many requests it answered (by method and
    /// path) and connections it accepted to this file, as JSON (benchmarks).
    #[arg(long, value_name = "PATH")]
    pub requests_out: Option<PathBuf>,
}

pub async fn run(args: SimArgs, paths: &Paths) -> Result<ExitCode> {
    let source = args
        .from
        .as_ref()
        .map_or(args.scenario.clone(), |p| p.display().to_string());
    let mut scenario = builtin::load(&source)?;
    let faults = &mut scenario.cluster.faults;
    if let Some(v) = args.latency_ms {
        faults.latency_ms = v;
    }
    for (name, rate, slot) in [
        ("--error-rate", args.error_rate, &mut faults.error_rate),
        (
            "--throttle-rate",
            args.throttle_rate,
            &mut faults.too_many_requests_rate,
        ),
    ] {
        if let Some(r) = rate {
            if !(0.0..=1.0).contains(&r) {
                bail!("{name} {r}: must be between 0 and 1");
            }
            *slot = r;
        }
    }
    if let Some(secs) = args.retry_after {
        faults.retry_after_seconds = secs;
    }
    faults.watch_cut_seconds = args.watch_cut.or(faults.watch_cut_seconds);
    faults.compact_every_seconds = args.compact_every.or(faults.compact_every_seconds);
    faults.pod_churn_per_second = args.pod_churn.or(faults.pod_churn_per_second);
    faults.forbidden.extend(args.forbid.iter().cloned());
    faults
        .forbidden_all_namespaces
        .extend(args.forbid_all_namespaces.iter().cloned());
    if let Some(p) = &args.pause {
        let (after, secs) = p
            .split_once(':')
            .and_then(|(a, s)| Some((a.parse().ok()?, s.parse().ok()?)))
            .with_context(|| format!("--pause {p}: expected AFTER:SECS, e.g. 10:5"))?;
        faults.pause_after_seconds = after;
        faults.paused_seconds = Some(secs);
    }
    let started = std::time::Instant::now();
    let sim = crate::sim::start(scenario, args.listen).await?;
    let out = args
        .kubeconfig_out
        .clone()
        .unwrap_or_else(|| paths.state_dir.join("sim").join("kubeconfig"));
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let auth = if args.token_auth {
        Auth::Token
    } else {
        Auth::ClientCert
    };
    write_private(&out, &sim.kubeconfig(auth))?;
    // stdout may be a closed pipe (a script that read what it needed): never panic on it.
    let mut stdout = std::io::stdout();
    let _ = writeln!(
        stdout,
        "kon sim: scenario {source} serving {} (loaded in {:.1?})\nkubeconfig: {} (context {})\n  export KUBECONFIG={}\nCtrl-C to stop.",
        sim.url(),
        started.elapsed(),
        out.display(),
        crate::sim::kubeconfig::CONTEXT,
        out.display()
    );
    let _ = stdout.flush();

    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
    if let Some(path) = &args.requests_out {
        let counts = serde_json::json!({
            "connections": sim.sim.requests.connections(),
            "requests": sim.sim.requests.counts(),
        });
        std::fs::write(path, format!("{counts:#}\n"))
            .with_context(|| format!("writing {}", path.display()))?;
    }
    drop(sim);
    Ok(ExitCode::SUCCESS)
}

/// Writes a file readable by its owner only (it holds a private key).
fn write_private(path: &std::path::Path, text: &str) -> Result<()> {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("writing {}", path.display()))?;
    f.write_all(text.as_bytes())
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}
