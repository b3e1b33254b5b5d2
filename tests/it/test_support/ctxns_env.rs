//! A private home for driving `kubectx`, `kubens`, `kon ctx`/`kon ns` and
//! `kubectl` as processes: HOME, XDG_CACHE_HOME and KUBECONFIG in a temp
//! dir, the binary linked under the tools' names, colour variables removed.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const KON: &str = env!("CARGO_BIN_EXE_kon");

/// Variables that would change what the tools print.
const SCRUBBED: &[&str] = &[
    "NO_COLOR",
    "_KUBECTX_FORCE_COLOR",
    "KUBECTX_CURRENT_FGCOLOR",
    "KUBECTX_CURRENT_BGCOLOR",
    "KUBECTX_IGNORE_FZF",
    "KUBECONFIG",
    "XDG_CACHE_HOME",
    "KON_CONFIG_DIR",
    "KON_STATE_DIR",
];

pub struct Home {
    pub dir: tempfile::TempDir,
    /// The kubeconfig (KUBECONFIG points here).
    pub config: PathBuf,
    pub bin: PathBuf,
}

/// What a process gave back.
#[derive(Debug)]
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Out {
    fn from(o: Output) -> Self {
        Self {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Home {
    pub fn new(kubeconfig: &str) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let bin = dir.path().join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        std::fs::create_dir_all(dir.path().join("home/.kube")).unwrap();
        for name in ["kubectx", "kubens", "kubectl-kon", "kubectl-ctx", "kubectl-ns"] {
            std::os::unix::fs::symlink(KON, bin.join(name)).expect("symlink");
        }
        let config = dir.path().join("home/.kube/config");
        std::fs::write(&config, kubeconfig).unwrap();
        Self { dir, config, bin }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// A command for `program` (a name under bin/, `kon`, or `kubectl`)
    /// with this home's environment.
    pub fn cmd(&self, program: &str) -> Command {
        let exe = match program {
            "kon" => PathBuf::from(KON),
            "kubectl" => PathBuf::from("kubectl"),
            p => self.bin.join(p),
        };
        let mut c = Command::new(exe);
        for v in SCRUBBED {
            c.env_remove(v);
        }
        let path = format!(
            "{}:{}",
            self.bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        c.env("HOME", self.path("home"))
            .env("XDG_CACHE_HOME", self.path("cache"))
            .env("KUBECONFIG", &self.config)
            .env("KUBECACHEDIR", self.path("kubecache"))
            .env("PATH", path)
            .env("TERM", "xterm-256color")
            .stdin(Stdio::null());
        c
    }

    pub fn run(&self, program: &str, args: &[&str]) -> Out {
        self.cmd(program).args(args).output().expect("runs").into()
    }

    pub fn read(&self) -> String {
        std::fs::read_to_string(&self.config).unwrap()
    }

    /// kubectx's previous-context file.
    pub fn kubectx_state(&self) -> Option<String> {
        std::fs::read_to_string(self.path("cache/.kube/kubectx")).ok()
    }
}

/// A kubeconfig with `n` contexts `ctx-0`..: each with a cluster whose
/// certificate data is `pad` bytes, so that the file reaches a given size.
pub fn generated_kubeconfig(n: usize, pad: usize, current: &str) -> String {
    let mut s = String::from("# generated for the tests\napiVersion: v1\nkind: Config\nclusters:\n");
    for i in 0..n {
        s.push_str(&format!(
            "- name: cl-{i}\n  cluster:\n    server: https://10.0.{}.{}:6443\n    certificate-authority-data: {}\n",
            i / 250,
            i % 250,
            "Q".repeat(pad)
        ));
    }
    s.push_str("contexts:\n");
    for i in 0..n {
        s.push_str(&format!(
            "- name: ctx-{i}\n  context:\n    cluster: cl-{i}\n    user: admin\n"
        ));
    }
    s.push_str(&format!(
        "current-context: {current}\nusers:\n- name: admin\n  user:\n    token: t\n"
    ));
    s
}

/// The contexts and current context of a kubeconfig file, through kon's
/// own strict loader (panics if the file does not parse).
pub fn parsed(path: &Path) -> (Vec<String>, Option<String>) {
    let m = kon::kubeconfig::load(&[path.to_path_buf()]).unwrap_or_else(|e| panic!("kubeconfig parses: {e}"));
    (
        m.contexts.into_iter().map(|c| c.name).collect(),
        m.current_context,
    )
}
