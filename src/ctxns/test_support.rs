//! A sandbox for the unit tests: kubeconfig files in a temp dir, captured
//! stdout and stderr, a scripted picker and a fake cluster.

use std::cell::RefCell;
use std::io;
use std::path::{Path, PathBuf};

use super::{Env, NamespaceApi, Ttys, Vars, run_kubectx, run_kubens};
use crate::picker::PickItem;

pub const KUBECONFIG: &str = "\
# Managed by hand: keep this comment.
apiVersion: v1
kind: Config
preferences: {}
x-unknown-field:
  keep: [1, 2]
clusters:
- name: c1
  cluster:
    server: https://10.0.0.1:6443
    insecure-skip-tls-verify: true
- name: c2
  cluster:
    server: https://10.0.0.2:6443
contexts:
- name: prod
  context:
    cluster: c1
    namespace: payments
    user: admin # the admin
- name: dev
  context:
    cluster: c2
    user: admin
- name: ctx10
  context:
    cluster: c2
    user: admin
- name: ctx2
  context:
    cluster: c2
    user: admin
current-context: prod
users:
- name: admin
  user:
    token: abc
";

/// What one run gave back.
#[derive(Debug)]
pub struct Run {
    pub code: u8,
    pub stdout: String,
    pub stderr: String,
    /// The titles and items the picker was shown.
    pub picks: Vec<(String, Vec<PickItem>)>,
}

pub struct Sandbox {
    pub dir: tempfile::TempDir,
    pub files: Vec<PathBuf>,
    pub vars: Vars,
    pub ttys: Ttys,
    /// What the picker answers (`None`: cancelled).
    pub answer: Option<String>,
    pub readonly: bool,
    /// config.toml's text (none: no file), read as kon reads it.
    pub config_toml: Option<String>,
    /// Where refusals are recorded (none: not recorded).
    pub audit: Option<PathBuf>,
}

impl Sandbox {
    /// One kubeconfig file with `text` (none when `None`).
    pub fn new(text: Option<&str>) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let config = dir.path().join("config");
        if let Some(t) = text {
            std::fs::write(&config, t).expect("write kubeconfig");
        }
        let vars = Vars {
            home: Some(dir.path().join("home")),
            xdg_cache_home: Some(dir.path().join("cache")),
            ..Vars::default()
        };
        Self {
            files: vec![config],
            vars,
            ttys: Ttys::default(),
            answer: None,
            readonly: false,
            config_toml: None,
            audit: None,
            dir,
        }
    }

    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn config(&self) -> String {
        self.read(&self.files[0])
    }

    pub fn read(&self, path: &Path) -> String {
        std::fs::read_to_string(path).unwrap_or_default()
    }

    pub fn interactive(mut self, answer: Option<&str>) -> Self {
        self.ttys = Ttys {
            stdin: true,
            stdout: true,
            stderr: true,
        };
        self.vars.no_color = Some("1".into());
        self.answer = answer.map(str::to_string);
        self
    }

    pub fn kubectx_state(&self) -> Option<String> {
        std::fs::read_to_string(self.dir.path().join("cache/.kube/kubectx")).ok()
    }

    pub fn kubens_state(&self, ctx: &str) -> Option<String> {
        std::fs::read_to_string(self.dir.path().join("cache/.kube/kubens").join(ctx)).ok()
    }

    fn guard(&self) -> super::WriteGuard {
        let settings = self
            .config_toml
            .as_deref()
            .map(|t| crate::config::settings::Settings::parse(&self.file("config.toml"), t).0)
            .unwrap_or_default();
        super::WriteGuard {
            flag: self.readonly,
            settings,
            audit: self.audit.clone(),
        }
    }

    fn with_env<R>(&self, prog: &str, f: impl FnOnce(&mut Env<'_>) -> R) -> (R, Run) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let picks = RefCell::new(Vec::new());
        let answer = self.answer.clone();
        let mut picker = |title: &str, items: Vec<PickItem>| -> io::Result<Option<String>> {
            picks.borrow_mut().push((title.to_string(), items));
            Ok(answer.clone())
        };
        let r = {
            let mut env = Env::new(
                &mut out,
                &mut err,
                self.ttys,
                self.vars.clone(),
                self.files.clone(),
                prog.into(),
                self.guard(),
                &mut picker,
            );
            f(&mut env)
        };
        let run = Run {
            code: 0,
            stdout: String::from_utf8_lossy(&out).into_owned(),
            stderr: String::from_utf8_lossy(&err).into_owned(),
            picks: picks.into_inner(),
        };
        (r, run)
    }

    pub fn kubectx(&self, args: &[&str]) -> Run {
        let argv: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let (code, mut run) = self.with_env("kubectx", |env| run_kubectx(&argv, env));
        run.code = code;
        run
    }

    pub fn kubens(&self, args: &[&str], api: &FakeCluster) -> Run {
        let argv: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        let (code, mut run) = self.with_env("kubens", |env| rt.block_on(run_kubens(&argv, env, api)));
        run.code = code;
        run
    }
}

/// A cluster with fixed namespaces; counts the calls; can be down.
pub struct FakeCluster {
    pub namespaces: Vec<String>,
    pub down: bool,
    pub calls: RefCell<Vec<String>>,
}

impl FakeCluster {
    pub fn new(names: &[&str]) -> Self {
        Self {
            namespaces: names.iter().map(|s| s.to_string()).collect(),
            down: false,
            calls: RefCell::new(Vec::new()),
        }
    }
}

impl NamespaceApi for FakeCluster {
    async fn list(&self) -> anyhow::Result<Vec<String>> {
        self.calls.borrow_mut().push("list".into());
        if self.down {
            anyhow::bail!("connection refused");
        }
        Ok(self.namespaces.clone())
    }

    async fn exists(&self, name: &str) -> anyhow::Result<bool> {
        self.calls.borrow_mut().push(format!("get {name}"));
        if self.down {
            anyhow::bail!("connection refused");
        }
        Ok(self.namespaces.iter().any(|n| n == name))
    }
}

/// `text` with exactly one substring replaced (asserting it occurs once).
pub fn replaced(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "{from:?} once in the text");
    text.replacen(from, to, 1)
}
