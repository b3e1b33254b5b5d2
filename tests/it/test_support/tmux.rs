//! Driving the real binary in tmux: each session gets its own tmux server
//! socket, so tests run in parallel without seeing each other.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::heavy;

pub struct Tmux {
    socket: String,
    pub dir: tempfile::TempDir,
    /// Held until the tmux server is killed (see [`heavy`]).
    _slot: heavy::Slot,
}

/// Numbers the sessions of this process: all the tests share one pid.
static SESSIONS: AtomicUsize = AtomicUsize::new(0);

fn run(cmd: &mut Command) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("running {cmd:?}: {e} (is tmux installed? apt-get install tmux)"))
}

impl Tmux {
    /// A test's tmux server (not started yet) and its private home dir.
    pub fn new(name: &str) -> Self {
        let _slot = heavy::slot();
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("config")).expect("config dir");
        let n = SESSIONS.fetch_add(1, Ordering::Relaxed);
        let socket = format!("kon-test-{name}-{}-{n}", std::process::id());
        Self { socket, dir, _slot }
    }

    /// The environment every command runs with: HOME, config and state dirs
    /// isolated in the temp dir, a 256-colour terminal.
    pub fn env(&self) -> String {
        format!(
            "export HOME={h} KON_CONFIG_DIR={h}/config KON_STATE_DIR={h}/state TERM=xterm-256color; unset NO_COLOR KUBECONFIG;",
            h = self.home().display()
        )
    }

    /// Starts `command` (a shell command line) in a detached session.
    pub fn start(&self, width: u16, height: u16, command: &str) {
        let out = self.tmux(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
            &format!("{} {command}", self.env()),
        ]);
        assert!(
            out.status.success(),
            "tmux new-session: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Replaces the pane's program with `command`.
    pub fn respawn(&self, command: &str) {
        let out = self.tmux(&[
            "respawn-pane",
            "-k",
            "-t",
            "t",
            &format!("{} {command}", self.env()),
        ]);
        assert!(
            out.status.success(),
            "respawn-pane: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    pub fn home(&self) -> &Path {
        self.dir.path()
    }

    pub fn tmux(&self, args: &[&str]) -> Output {
        run(Command::new("tmux").args(["-L", &self.socket]).args(args))
    }

    pub fn send(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend_from_slice(keys);
        let out = self.tmux(&args);
        assert!(
            out.status.success(),
            "send-keys: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p", "-t", "t"]).stdout).into_owned()
    }

    /// Waits until the screen satisfies `done` (the program is starting or
    /// reacting; this is a readiness wait, not a speed check). Only a screen
    /// that two captures in a row agree on counts: a frame tmux has received
    /// in part (its first rows only) is never what a test looks at.
    pub fn wait_until_screen(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut previous = String::new();
        loop {
            let s = self.screen();
            if s == previous && done(&s) {
                return s;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; screen:\n{s}"
            );
            previous = s;
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until the screen contains `text`.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until_screen(&format!("{text:?}"), |s| s.contains(text))
    }

    /// Waits until the screen no longer contains `text`.
    pub fn wait_without(&self, text: &str) -> String {
        self.wait_until_screen(&format!("{text:?} to go"), |s| !s.contains(text))
    }

    /// The pid of the pane's process.
    pub fn pane_pid(&self) -> i32 {
        let out = self.tmux(&["list-panes", "-t", "t", "-F", "#{pane_pid}"]);
        String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .expect("pane pid")
    }

    pub fn pipe_output_to(&self, file: &Path) {
        let out = self.tmux(&[
            "pipe-pane",
            "-o",
            "-t",
            "t",
            &format!("cat >> {}", file.display()),
        ]);
        assert!(out.status.success());
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

/// Whether a process is still running. A zombie (exited, not yet reaped by
/// a parent that may itself be gone) counts as ended.
pub fn alive(pid: i32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        // The state follows the parenthesised command name.
        Ok(stat) => stat
            .rsplit_once(") ")
            .is_some_and(|(_, rest)| !rest.starts_with('Z')),
        Err(_) => false,
    }
}

pub fn kon_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_kon"))
}

/// A kubeconfig whose server refuses connections: the console starts, shows
/// the context and reports the API server unreachable.
pub fn write_unreachable_kubeconfig(dir: &Path) -> PathBuf {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port");
    let path = dir.join("kubeconfig");
    std::fs::write(
        &path,
        format!(
            "apiVersion: v1\nkind: Config\ncurrent-context: e2e-ctx\nclusters:\n- name: c\n  cluster: {{server: \"https://127.0.0.1:{port}\"}}\ncontexts:\n- name: e2e-ctx\n  context: {{cluster: c, user: u, namespace: team-a}}\nusers:\n- name: u\n  user: {{token: t}}\n"
        ),
    )
    .expect("write kubeconfig");
    path
}
