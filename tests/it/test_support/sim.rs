//! A simulated cluster for tests that drive the real `kubectl` against it:
//! the sim, a kubeconfig for it in a private temp dir, and a discovery
//! cache dir of its own so parallel tests never share state.

use std::process::{Command, Output};
use std::time::Duration;

use kon::sim::RunningSim;
use kon::sim::kubeconfig::Auth;
use kon::sim::scenarios::builtin;
use serde_json::Value;

use super::heavy;

pub struct KubectlSim {
    pub sim: RunningSim,
    /// The scenario's objects as written in the file (before any controller ran).
    pub objects: Vec<Value>,
    dir: tempfile::TempDir,
    /// Held until the sim is dropped (see [`heavy`]).
    _slot: heavy::Slot,
}

/// What a `kubectl` run gave back.
pub struct Run {
    pub ok: bool,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Both streams, for assertions on what kubectl printed wherever it printed it.
    pub fn all(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }

    fn from(out: Output) -> Self {
        Self {
            ok: out.status.success(),
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

impl KubectlSim {
    /// Starts the built-in scenario `name` with a client-certificate kubeconfig.
    pub async fn start(name: &str) -> Self {
        Self::start_with(name, Auth::ClientCert).await
    }

    pub async fn start_with(name: &str, auth: Auth) -> Self {
        let slot = heavy::slot();
        let scenario = builtin::load(name).expect("scenario loads");
        Self::start_scenario(scenario, auth, slot).await
    }

    /// Starts a scenario written in the test (client-certificate kubeconfig).
    pub async fn start_yaml(yaml: &str) -> Self {
        let slot = heavy::slot();
        let path = std::path::Path::new("<test scenario>");
        let scenario = kon::sim::scenarios::scenario::parse(path, yaml).expect("scenario loads");
        Self::start_scenario(scenario, Auth::ClientCert, slot).await
    }

    async fn start_scenario(
        scenario: kon::sim::scenarios::scenario::Scenario,
        auth: Auth,
        _slot: heavy::Slot,
    ) -> Self {
        let objects = scenario.objects.clone();
        let sim = kon::sim::start(scenario, "127.0.0.1:0".parse().unwrap())
            .await
            .expect("sim starts");
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("kubeconfig"), sim.kubeconfig(auth)).expect("write kubeconfig");
        Self {
            sim,
            objects,
            dir,
            _slot,
        }
    }

    /// Points later `kubectl` runs at another kubeconfig (e.g. a broken one).
    pub fn replace_kubeconfig(&self, yaml: &str) {
        std::fs::write(self.dir.path().join("kubeconfig"), yaml).expect("write kubeconfig");
    }

    /// How many objects of `kind` the scenario file holds.
    pub fn count(&self, kind: &str) -> usize {
        self.objects.iter().filter(|o| o["kind"] == kind).count()
    }

    /// The scenario file's objects of `kind`.
    pub fn of_kind(&self, kind: &str) -> Vec<&Value> {
        self.objects.iter().filter(|o| o["kind"] == kind).collect()
    }

    /// A kube-rs client on the same sim.
    pub async fn client(&self) -> kube::Client {
        kube::Client::try_from(self.sim.kube_config().await.expect("kube config")).expect("client")
    }

    /// Runs `kubectl ARGS` against the sim (on a blocking thread, so the
    /// server keeps serving meanwhile).
    pub async fn kubectl(&self, args: &[&str]) -> Run {
        let mut cmd = self.kubectl_command(args);
        let shown = format!("kubectl {}", args.join(" "));
        let out = tokio::task::spawn_blocking(move || cmd.output())
            .await
            .expect("kubectl thread")
            .unwrap_or_else(|e| panic!("running {shown}: {e} (is kubectl on PATH?)"));
        Run::from(out)
    }

    /// `kubectl ARGS` against the sim, to spawn (e.g. to read a stream as it comes).
    pub fn kubectl_command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new("kubectl");
        cmd.args(args)
            .arg(format!("--cache-dir={}", self.dir.path().join("cache").display()))
            .env("KUBECONFIG", self.dir.path().join("kubeconfig"))
            .env("HOME", self.dir.path())
            .env_remove("KUBECTL_EXTERNAL_DIFF");
        cmd
    }

    /// Runs `kubectl ARGS` and panics with its output unless it exits 0.
    pub async fn kubectl_ok(&self, args: &[&str]) -> Run {
        let run = self.kubectl(args).await;
        assert!(run.ok, "kubectl {} failed: {run:?}", args.join(" "));
        run
    }

    /// Runs `kubectl ARGS -o json` (must succeed) and parses its output.
    pub async fn kubectl_json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.extend(["-o", "json"]);
        let run = self.kubectl_ok(&all).await;
        serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("kubectl {} -o json: {e}\n{}", args.join(" "), run.stdout))
    }
}

/// Polls `check` every 200 ms until it returns Some, for at most 30 s.
pub async fn eventually<T, F: std::future::Future<Output = Option<T>>>(
    what: &str,
    mut check: impl FnMut() -> F,
) -> T {
    for _ in 0..150 {
        if let Some(v) = check().await {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("timed out after 30 s waiting for {what}");
}
