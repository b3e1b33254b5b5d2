//! The console's etcd actions (snapshot now, guided defrag, alarm disarm)
//! through [`OneShot`]: the read-only refusal, the deadline and the audit
//! line come with it; the progress (bytes, members) comes back as
//! `Msg::EtcdProgress`, the end as `Msg::ActionDone`, and a snapshot saved
//! as a fresh scan of the backup directory (the backups pane at once).

use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::Instant;

use super::mutations::{note_to, send_outcome};
use crate::actions::etcd::{EtcdChange, EtcdOp};
use crate::actions::{OneShot, Request};
use crate::app::Msg;
use crate::app::etcd_ops::{EtcdProgress, defrag_lines};
use crate::audit::AuditLog;
use crate::cluster::Report;
use crate::etcd::client::{REQUEST_TIMEOUT, Tls};
use crate::etcd::defrag::{Next, Run};
use crate::etcd::{defrag_io, snapshot_io};
use crate::signals::quotas::bytes;

/// How often the progress of a snapshot is sent at most.
const EVERY: Duration = Duration::from_millis(100);

pub async fn run(request: Request, read_only: bool, audit: AuditLog, tx: mpsc::Sender<Msg>) {
    let Request::Etcd(op) = &request else { return };
    let deadline = Instant::now() + request.timeout();
    let report = note_to(tx.clone());
    let shot = OneShot::new(&audit, &report);
    let result = shot.run(&request, read_only, deadline, perform(op, &tx)).await;
    send_outcome(&tx, request.verb(), result).await;
}

async fn perform(op: &EtcdOp, tx: &mpsc::Sender<Msg>) -> Result<String, String> {
    let tls = Tls::load(&op.tls);
    match &op.change {
        EtcdChange::Snapshot {
            member,
            endpoint,
            dir,
            expected,
        } => {
            let mut last = std::time::Instant::now() - EVERY;
            let progress = |p| {
                if last.elapsed() >= EVERY {
                    last = std::time::Instant::now();
                    let _ = tx.try_send(Msg::EtcdProgress(EtcdProgress::Snapshot {
                        member: member.clone(),
                        progress: p,
                    }));
                }
            };
            let to = snapshot_io::Destination {
                dir,
                member,
                now: time::OffsetDateTime::now_utc().unix_timestamp(),
                expected: *expected,
                idle: snapshot_io::IDLE,
            };
            let saved = snapshot_io::save(endpoint, &tls, to, progress).await?;
            let whole = crate::etcd::snapshot::Progress {
                received: saved.bytes,
                total: Some(saved.bytes),
            };
            let _ = tx
                .send(Msg::EtcdProgress(EtcdProgress::Snapshot {
                    member: member.clone(),
                    progress: whole,
                }))
                .await;
            // The backups pane at once: a fresh scan (and check) of the directory.
            let d = dir.clone();
            if let Ok(scan) =
                tokio::task::spawn_blocking(move || crate::local::backup_dir::scan_checked(&d, &mut None))
                    .await
            {
                let _ = tx.send(Msg::Cluster(Report::BackupDir(scan))).await;
            }
            Ok(format!(
                "etcd snapshot of member {member} saved: {} ({}, sha256 {})",
                saved.path.display(),
                bytes(saved.bytes as f64),
                saved.sha256
            ))
        }
        EtcdChange::Defrag(plan) => {
            let mut run = Run::new(plan.clone());
            defrag_io::drive(&mut run, &tls, REQUEST_TIMEOUT, |r| {
                let _ = tx.try_send(Msg::EtcdProgress(EtcdProgress::Defrag(r.clone())));
            })
            .await;
            let _ = tx
                .send(Msg::EtcdProgress(EtcdProgress::Defrag(run.clone())))
                .await;
            let text = format!("etcd defrag: {}", defrag_lines(&run).join("; "));
            match run.next {
                Next::Done => Ok(text),
                _ => Err(text),
            }
        }
        EtcdChange::Disarm {
            member,
            member_id,
            endpoint,
            alarm,
        } => {
            defrag_io::disarm(endpoint, &tls, *member_id, alarm, REQUEST_TIMEOUT).await?;
            Ok(format!("etcd alarm {alarm} of member {member} disarmed"))
        }
    }
}
