//! `kon bench --peer CMD`: another console (kdash, k9s…) run in a detached
//! tmux session of 160x48 against the same cluster (the same kubeconfig
//! and context), its CPU and memory read from /proc as kon's are.

use anyhow::{Context as _, Result, bail};

use super::bench_proc::{self, Sample};

/// The peer's tmux session, ended when dropped.
pub struct Peer {
    session: String,
    pub command: String,
    pub pid: u32,
}

/// The tmux arguments that start `command` in `session` (`exec`: the pane's
/// process is the peer itself, not a shell around it).
pub fn tmux_args(session: &str, command: &str, kubeconfig: Option<&str>) -> Vec<String> {
    let mut args: Vec<String> = ["new-session", "-d", "-s", session, "-x", "160", "-y", "48"]
        .map(String::from)
        .to_vec();
    if let Some(k) = kubeconfig {
        args.extend(["-e".to_string(), format!("KUBECONFIG={k}")]);
    }
    args.push(format!("exec {command}"));
    args
}

impl Peer {
    pub fn start(command: &str, kubeconfig: Option<&std::path::Path>) -> Result<Self> {
        let session = format!("kon-bench-peer-{}", std::process::id());
        let kubeconfig = kubeconfig.map(|k| {
            std::path::absolute(k)
                .unwrap_or_else(|_| k.to_path_buf())
                .display()
                .to_string()
        });
        let out = std::process::Command::new("tmux")
            .args(tmux_args(&session, command, kubeconfig.as_deref()))
            .output()
            .context("running tmux (the peer runs in a tmux session)")?;
        if !out.status.success() {
            bail!(
                "tmux new-session for the peer failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        // Ends the session on every way out from here.
        let mut peer = Self {
            session,
            command: command.to_string(),
            pid: 0,
        };
        let out = std::process::Command::new("tmux")
            .args(["display-message", "-p", "-t", &peer.session, "#{pane_pid}"])
            .output()
            .context("asking tmux for the peer's pid")?;
        let pid = String::from_utf8_lossy(&out.stdout).trim().parse::<u32>();
        match pid {
            Ok(pid) => {
                peer.pid = pid;
                Ok(peer)
            }
            Err(_) => bail!("the peer `{command}` is not running (tmux gave no pid)"),
        }
    }

    /// A reading of the peer now (`None`: it has ended).
    pub fn sample(&self) -> Option<Sample> {
        bench_proc::sample(Some(self.pid))
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = std::process::Command::new("tmux")
            .args(["kill-session", "-t", &self.session])
            .output();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_peer_is_execd_with_the_bench_kubeconfig() {
        let args = tmux_args("s", "kdash --tick-rate 250", Some("/tmp/kc"));
        assert_eq!(args[..7], ["new-session", "-d", "-s", "s", "-x", "160", "-y"]);
        assert!(args.contains(&"KUBECONFIG=/tmp/kc".to_string()));
        assert_eq!(
            args.last().map(String::as_str),
            Some("exec kdash --tick-rate 250")
        );
        assert!(!tmux_args("s", "k9s", None).iter().any(|a| a == "-e"));
    }
}
