//! Starting and stopping a simulated cluster: bind, load, serve, tick.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, Result};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use super::kubeconfig::{self, Auth};
use super::scenarios::scenario::Scenario;
use super::state::Sim;
use super::{load, server};

/// A running simulated cluster. Dropping it stops the server.
pub struct RunningSim {
    pub addr: SocketAddr,
    pub sim: Arc<Sim>,
    tasks: Vec<JoinHandle<()>>,
}

impl RunningSim {
    /// `https://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("https://{}", self.addr)
    }

    /// A kubeconfig for this cluster (context `kon-sim`).
    pub fn kubeconfig(&self, auth: Auth) -> String {
        kubeconfig::render(&self.url(), &self.sim.pki, &self.sim.token, auth)
    }

    /// A kube-rs client configuration for it (the same HTTPS path as any cluster).
    pub async fn kube_config(&self) -> Result<kube::Config> {
        let kc = kube::config::Kubeconfig::from_yaml(&self.kubeconfig(Auth::ClientCert))
            .context("reading the sim's kubeconfig")?;
        kube::Config::from_custom_kubeconfig(kc, &kube::config::KubeConfigOptions::default())
            .await
            .context("building the client configuration")
    }
}

impl Drop for RunningSim {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

fn random_token() -> String {
    let mut bytes = [0u8; 16];
    if let Ok(mut f) = std::fs::File::open("/dev/urandom") {
        let _ = std::io::Read::read_exact(&mut f, &mut bytes);
    }
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("kon-sim.{hex}{:x}", nanos & 0xffff)
}

/// Loads `scenario` and serves it on `listen` (port 0: an ephemeral port).
pub async fn start(mut scenario: Scenario, listen: SocketAddr) -> Result<RunningSim> {
    let served = scenario.kinds.resources();
    let faults = &mut scenario.cluster.faults;
    faults.forbidden =
        super::forbid::resolve_all(&faults.forbidden, &served).map_err(|e| anyhow::anyhow!("forbid: {e}"))?;
    faults.forbidden_all_namespaces = super::forbid::resolve_all(&faults.forbidden_all_namespaces, &served)
        .map_err(|e| anyhow::anyhow!("forbid-all-namespaces: {e}"))?;
    let listener = TcpListener::bind(listen)
        .await
        .with_context(|| format!("listening on {listen}"))?;
    let addr = listener.local_addr().context("reading the bound address")?;
    let cluster = scenario.cluster.clone();
    let (world, pki) = tokio::task::spawn_blocking(move || load::load(scenario))
        .await
        .context("loading the scenario")??;
    let sim = Arc::new(Sim::new(pki, cluster, random_token(), addr.to_string(), world));
    // The controllers' first look (every namespace is dirty after loading)
    // happens before serving, so that no request waits behind it and the
    // start-to-serving time said is the real one.
    let s = sim.clone();
    tokio::task::spawn_blocking(move || s.mutate(|_| ()))
        .await
        .context("priming the controllers")?;
    let mut tasks = Vec::new();
    let s = sim.clone();
    tasks.push(tokio::spawn(async move {
        if let Err(e) = server::serve(listener, s).await {
            tracing::error!(error = %format!("{e:#}"), "simulated API server stopped");
        }
    }));
    // Time passing: kubelets finish pods, leases renew, controllers react.
    let s = sim.clone();
    tasks.push(tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_millis(500));
        loop {
            tick.tick().await;
            s.mutate(|w| w.controllers.tick(&mut w.store));
        }
    }));
    if let Some(every) = sim.cluster.faults.compact_every_seconds {
        let s = sim.clone();
        tasks.push(tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(every.max(1)));
            tick.tick().await;
            loop {
                tick.tick().await;
                s.mutate(|w| {
                    let rv = w.store.latest_rv();
                    w.store.compact(rv);
                });
            }
        }));
    }
    if let Some(per_second) = sim.cluster.faults.pod_churn_per_second.filter(|n| *n > 0) {
        let s = sim.clone();
        tasks.push(tokio::spawn(async move {
            // Spread over each second; a tick that comes late (the world
            // held by a controllers' round) makes the steps that fell due
            // meanwhile, at most a second's worth, so that the rate holds.
            let mut tick = tokio::time::interval(Duration::from_secs(1) / per_second);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            let mut churn = super::churn::Churn::default();
            let mut pace = super::churn::Pace::new(per_second, std::time::Instant::now());
            loop {
                tick.tick().await;
                let due = pace.due(std::time::Instant::now());
                s.mutate(|w| {
                    for _ in 0..due {
                        churn.step(w);
                    }
                });
            }
        }));
    }
    Ok(RunningSim { addr, sim, tasks })
}
