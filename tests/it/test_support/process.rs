//! `kon sim` as a separate process, and kubectl against it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use super::heavy;
use super::tmux::kon_bin;

/// A `kon sim` process, killed on drop.
pub struct SimProcess {
    child: Child,
    pub kubeconfig: PathBuf,
    _dir: tempfile::TempDir,
    /// Held until the process is killed (see [`heavy`]).
    _slot: heavy::Slot,
}

impl SimProcess {
    /// Stops the process (SIGSTOP): it keeps its port, the kernel still
    /// accepts connections, and nothing answers. Drop still kills it.
    pub fn pause(&self) {
        let status = Command::new("kill")
            .args(["-STOP", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -STOP the sim");
    }
}

impl Drop for SimProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn sim(args: &[&str]) -> SimProcess {
    let _slot = heavy::slot();
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = dir.path().join("kubeconfig");
    let mut child = Command::new(kon_bin())
        .arg("sim")
        .args(args)
        .arg("--kubeconfig-out")
        .arg(&kubeconfig)
        .env("KON_STATE_DIR", dir.path().join("state"))
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("kon sim starts");
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    // Serving once it has printed where its kubeconfig is.
    loop {
        match lines.next() {
            Some(Ok(l)) if l.starts_with("kubeconfig:") => break,
            Some(Ok(_)) => {}
            other => panic!("kon sim ended before serving: {other:?}"),
        }
    }
    SimProcess {
        child,
        kubeconfig,
        _dir: dir,
        _slot,
    }
}

pub fn kubectl(kubeconfig: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new("kubectl")
        .args(args)
        .env("KUBECONFIG", kubeconfig)
        .output()
        .expect("kubectl runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `kon check --kubeconfig KUBECONFIG ARGS…` with its own config and state
/// directories and no colour.
pub fn check(kubeconfig: &Path, args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    Command::new(kon_bin())
        .arg("check")
        .arg("--kubeconfig")
        .arg(kubeconfig)
        .args(args)
        .env("KON_CONFIG_DIR", home.path().join("config"))
        .env("KON_STATE_DIR", home.path().join("state"))
        .env("NO_COLOR", "1")
        .output()
        .expect("kon check runs")
}
