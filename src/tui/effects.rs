//! Carrying out the effects `update` asks for: the runner owns what they
//! act on (the context's workers and their client, the switcher, the
//! running actions and the drain's abort) and answers through messages,
//! applied to the app at once or sent back to the event loop. What only
//! the loop can do (quit, clear the terminal, schedule a recompute) it
//! hands back.

use std::collections::VecDeque;

use tokio::sync::{mpsc, watch};
use tokio::task::JoinSet;

use super::mutations;
use super::workers::{self, ClusterWorkers};
use crate::actions::Request;
use crate::app::{AppState, Effect, Msg};
use crate::audit::AuditLog;
use crate::ctxns::switcher::Switcher;

/// What the event loop must do itself after a batch of effects.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ForLoop {
    pub quit: bool,
    pub clear_screen: bool,
    pub schedule_recompute: bool,
    /// Suspend the console and run this read-only shell.
    pub shell: Option<crate::shell::Session>,
}

/// Applies `msg` to the app (the one writer of its state); `dirty` records
/// that the screen must be drawn again.
pub fn apply(app: &mut AppState, msg: Msg, dirty: &mut bool) -> Vec<Effect> {
    let outcome = app.update(msg);
    *dirty |= outcome.changed;
    outcome.effects
}

/// Carries out the effects of one console session.
pub struct EffectRunner {
    /// The local sources and the running actions.
    tasks: JoinSet<()>,
    /// Where they report (the event loop receives it).
    tx: mpsc::Sender<Msg>,
    /// Stops the running drain.
    drain_abort: Option<watch::Sender<bool>>,
    switcher: Option<Switcher>,
    /// The workers of the context shown.
    pub cluster: ClusterWorkers,
    /// The log view's stream.
    pub logs: super::logs_worker::LogsWorker,
    /// The fleet view's probes.
    fleet: super::fleet_worker::FleetWorker,
}

impl EffectRunner {
    /// Starts the local sources and the workers of `kube`'s context; the
    /// loop receives what they (and the actions started later) report on
    /// the receiver.
    pub fn start(
        app: &mut AppState,
        kube: Option<kube::Config>,
        switcher: Option<Switcher>,
        dirty: &mut bool,
    ) -> (Self, mpsc::Receiver<Msg>) {
        let (tx, rx) = mpsc::channel::<Msg>(4096);
        let mut tasks = JoinSet::new();
        let (pki, backups) = (
            app.live.local.pki_dir.clone(),
            app.live.local.backup_dir_path.clone(),
        );
        let etcd = match &app.live.local.etcd {
            Some(crate::etcd::resolve::Resolution::Watch(t)) => Some((
                t.clone(),
                std::time::Duration::from_secs(app.live.local.etcd_every_secs.max(1)),
            )),
            _ => None,
        };
        let mut started = workers::start_local(pki, backups, etcd, app.live.generation, &mut tasks, &tx);
        let (cluster, more) = ClusterWorkers::start(kube, app.live.generation);
        started.extend(more);
        for msg in started {
            apply(app, msg, dirty);
        }
        let mut executor = Self {
            tasks,
            tx,
            drain_abort: None,
            switcher,
            cluster,
            logs: Default::default(),
            fleet: Default::default(),
        };
        // `kon --fleet`: the console starts in the fleet view.
        if app.nav.mode == crate::app::action::Mode::Fleet {
            let (sw, tx) = (executor.switcher.clone(), executor.tx.clone());
            executor.fleet.start(sw, app.features.fleet.session, tx);
        }
        (executor, rx)
    }

    /// Carries out `effects`, and those their answers ask for, in order.
    pub async fn run(&mut self, app: &mut AppState, effects: Vec<Effect>, dirty: &mut bool) -> ForLoop {
        let mut out = ForLoop::default();
        let mut queue = VecDeque::from(effects);
        while let Some(effect) = queue.pop_front() {
            match effect {
                Effect::Quit => out.quit = true,
                Effect::ClearScreen => out.clear_screen = true,
                Effect::ScheduleRecompute => out.schedule_recompute = true,
                Effect::ReadonlyShell { context } => match self.shell_session(context) {
                    Ok(session) => out.shell = Some(session),
                    Err(text) => queue.extend(apply(app, Msg::ActionDone { ok: false, text }, dirty)),
                },
                effect => queue.extend(self.run_one(app, effect, dirty).await),
            }
        }
        out
    }

    async fn run_one(&mut self, app: &mut AppState, effect: Effect, dirty: &mut bool) -> Vec<Effect> {
        match effect {
            Effect::Quit | Effect::ClearScreen | Effect::ScheduleRecompute | Effect::ReadonlyShell { .. } => {
                vec![]
            }
            Effect::Mutate { request, read_only } => {
                let audit = audit_log(app);
                if read_only {
                    // The app said the refusal; only a failure to record it is news.
                    return match mutations::refused(&audit, request.verb(), &request.targets()) {
                        Some(msg) => apply(app, msg, dirty),
                        None => vec![],
                    };
                }
                // etcd is reached directly: with the API server down too.
                if let Request::Etcd(_) = request {
                    let tx = self.tx.clone();
                    // Not the context's: a context switch does not stop it.
                    tokio::spawn(super::etcd_ops::run(request, read_only, audit, tx));
                    return vec![];
                }
                let Some(client) = self.cluster.client.clone() else {
                    return no_cluster(app, &request, dirty);
                };
                // Only a drain can be aborted (ctrl-x); the rest end at their timeout.
                let abort = matches!(request, Request::Drain { .. }).then(|| {
                    let (abort_tx, abort) = watch::channel(false);
                    self.drain_abort = Some(abort_tx);
                    abort
                });
                let tx = self.tx.clone();
                self.tasks
                    .spawn(mutations::run(client, request, read_only, audit, abort, tx));
                vec![]
            }
            Effect::ReadRevisions { generation, object } => {
                let Some(client) = self.cluster.client.clone() else {
                    let text = format!("rollout undo {object}: not connected to a cluster; nothing changed");
                    return apply(app, Msg::ActionDone { ok: false, text }, dirty);
                };
                let tx = self.tx.clone();
                self.tasks.spawn(async move {
                    let plan = crate::actions::rollback_fetch::fetch(client, &object).await;
                    let _ = tx
                        .send(Msg::UndoPlanned {
                            generation,
                            object,
                            plan,
                        })
                        .await;
                });
                vec![]
            }
            Effect::AuditKubeconfig { action, target } => {
                match mutations::refused(&audit_log(app), &action, &[target]) {
                    Some(msg) => apply(app, msg, dirty),
                    None => vec![],
                }
            }
            Effect::Describe { request, target } => {
                let Some(client) = self.cluster.client.clone() else {
                    let result = Err("no cluster to read from".to_string());
                    return apply(app, Msg::Described { request, result }, dirty);
                };
                self.tasks.spawn(super::describe_fetch::run(
                    client,
                    request,
                    target,
                    self.tx.clone(),
                ));
                vec![]
            }
            Effect::AbortDrain => {
                if let Some(a) = &self.drain_abort {
                    let _ = a.send(true);
                }
                vec![]
            }
            Effect::LoadContexts => {
                let contexts = match &self.switcher {
                    Some(sw) => sw.contexts(),
                    None => Err("no kubeconfig to read contexts from".into()),
                };
                apply(app, Msg::Contexts(contexts), dirty)
            }
            Effect::SwitchContext { name, persist } => self.switch(app, name, persist, dirty).await,
            Effect::StartLogs {
                session,
                namespace,
                params,
            } => match self.cluster.client.clone() {
                Some(client) => {
                    self.logs.start(client, session, &namespace, params);
                    vec![]
                }
                None => {
                    self.logs.stop();
                    let event = crate::podlogs::stream::Event::Stopped {
                        text: "no cluster to read the log from".into(),
                        retry_in: None,
                    };
                    apply(app, Msg::Log { session, event }, dirty)
                }
            },
            Effect::StopLogs => {
                self.logs.stop();
                vec![]
            }
            Effect::ProbeFleet { session } => {
                self.fleet.start(self.switcher.clone(), session, self.tx.clone());
                vec![]
            }
            Effect::StopFleet => {
                self.fleet.stop();
                vec![]
            }
            Effect::SaveLog {
                path,
                lines,
                overwrite,
                what,
                dropped,
            } => {
                let (ok, text) = saved_log(&path, &lines, overwrite, &what, dropped);
                apply(app, Msg::ActionDone { ok, text }, dirty)
            }
            Effect::PersistContext { name } => {
                let saved = self.switcher.as_ref().map(|sw| sw.save_current_context(&name));
                let (ok, text) = saved_notice(saved);
                apply(app, Msg::ActionDone { ok, text }, dirty);
                vec![]
            }
            Effect::PersistNamespace { context, namespace } => {
                let saved = self
                    .switcher
                    .as_ref()
                    .map(|sw| sw.save_namespace(&context, &namespace));
                let (ok, text) = saved_notice(saved);
                apply(app, Msg::ActionDone { ok, text }, dirty);
                vec![]
            }
        }
    }

    /// Stops the old context's workers, switches, and starts the new one's.
    async fn switch(
        &mut self,
        app: &mut AppState,
        name: String,
        persist: bool,
        dirty: &mut bool,
    ) -> Vec<Effect> {
        let result = match &self.switcher {
            Some(sw) => sw.switch(&name, persist).await,
            None => Err("no kubeconfig to switch in".into()),
        };
        match result {
            Ok((switched, config)) => {
                tracing::info!(context = %name, persist, "switching context");
                // The old context's workers stop before the new ones start.
                drop(std::mem::replace(&mut self.cluster, ClusterWorkers::idle()));
                self.logs.stop();
                let effects = apply(app, Msg::Switched(Box::new(switched)), dirty);
                let (cluster, started) = ClusterWorkers::start(config, app.live.generation);
                self.cluster = cluster;
                for msg in started {
                    apply(app, msg, dirty);
                }
                effects
            }
            Err(text) => {
                apply(app, Msg::ActionDone { ok: false, text }, dirty);
                vec![]
            }
        }
    }
}

impl Drop for EffectRunner {
    fn drop(&mut self) {
        self.tasks.abort_all();
    }
}

/// The audit log of the context shown.
impl EffectRunner {
    /// The read-only shell for `context`, on the console's kubeconfig.
    fn shell_session(&self, context: String) -> Result<crate::shell::Session, String> {
        use crate::ctxns::switcher::KubeconfigSource;
        let sw = self
            .switcher
            .as_ref()
            .ok_or_else(|| "no kubeconfig to open a shell from".to_string())?;
        let kubeconfig = match &sw.source {
            KubeconfigSource::Files(files) => crate::shell::Source::Files {
                files: files.clone(),
                explicit: sw.selection.kubeconfig.is_some(),
            },
            KubeconfigSource::InMemory(yaml) => crate::shell::Source::Yaml(yaml.clone()),
        };
        Ok(crate::shell::Session {
            context,
            kind: crate::shell::Kind::Readonly(crate::shellproxy::Deny::default()),
            kubeconfig,
            shell: std::env::var_os("SHELL"),
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
            temp_dir: std::env::temp_dir(),
        })
    }
}

fn audit_log(app: &AppState) -> AuditLog {
    AuditLog::new(app.session.audit_path.clone(), app.session.who.clone())
}

/// Ends a request that has no cluster to act on: each node of a drain
/// ends (the view does not wait for a drain that never ran).
fn no_cluster(app: &mut AppState, request: &Request, dirty: &mut bool) -> Vec<Effect> {
    match request {
        Request::Drain { plans, .. } => {
            for p in plans {
                let text = "no cluster to act on: nothing changed".to_string();
                let msg = Msg::DrainDone {
                    node: p.node.clone(),
                    ok: false,
                    text,
                };
                apply(app, msg, dirty);
            }
        }
        _ => {
            let text = "no cluster to act on".to_string();
            apply(app, Msg::ActionDone { ok: false, text }, dirty);
        }
    }
    vec![]
}

/// What writing a log to `path` tells the user.
fn saved_log(
    path: &std::path::Path,
    lines: &[String],
    overwrite: bool,
    what: &str,
    dropped: u64,
) -> (bool, String) {
    let shown = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let shown = shown.display();
    match super::logs_worker::save(path, lines, overwrite) {
        Ok(()) => {
            let mut text = format!("saved {} lines of {what} to {shown}", lines.len());
            if dropped > 0 {
                text.push_str(&format!(
                    " ({dropped} older lines had been dropped from the buffer)"
                ));
            }
            (true, text)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => (
            false,
            format!(
                "{shown} exists: nothing written (:save! {} replaces it)",
                path.display()
            ),
        ),
        Err(e) => (false, format!("cannot save the log to {shown}: {e}")),
    }
}

/// What a kubeconfig write (or its absence) tells the user.
fn saved_notice(result: Option<Result<String, String>>) -> (bool, String) {
    match result {
        Some(Ok(text)) => (true, text),
        Some(Err(e)) => (false, format!("the kubeconfig is unchanged: {e}")),
        None => (false, "no kubeconfig to write to".into()),
    }
}
