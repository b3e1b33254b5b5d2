//! Snapshot now, the I/O: streams `/v3/maintenance/snapshot` from one
//! member into a hidden `.….part` file of the backup directory, hashing it
//! (SHA-256 of the whole file, as `sha256sum` prints it), checks etcd's own
//! appended hash as `etcdutl snapshot restore` would, fsyncs, renames it to
//! its timestamped name and fsyncs the directory. A stream that fails,
//! stalls or is cancelled leaves no file behind.

use std::path::{Path, PathBuf};
use std::time::Duration;

use http_body_util::BodyExt;
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use super::client::Tls;
use super::connect;
use super::snapshot::{Decoder, Progress, file_name, partial_name};
use crate::local::snapshot_check::{Integrity, check};

/// The longest etcd may stay silent in the middle of a snapshot.
pub const IDLE: Duration = Duration::from_secs(30);

/// A snapshot saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub path: PathBuf,
    pub bytes: u64,
    /// The whole file's SHA-256, in hex.
    pub sha256: String,
}

/// What a snapshot needs besides the member's endpoint.
pub struct Destination<'a> {
    pub dir: &'a Path,
    /// The member's name, for the file's name.
    pub member: &'a str,
    /// Now, in Unix seconds, for the file's name.
    pub now: i64,
    /// The member's DB size: the progress's whole until etcd says.
    pub expected: Option<u64>,
    pub idle: Duration,
}

/// Removes the partial file unless the snapshot was kept.
struct Partial(Option<PathBuf>);

impl Drop for Partial {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Streams a snapshot of `endpoint` into `to.dir`; `progress` hears of
/// each piece.
pub async fn save(
    endpoint: &str,
    tls: &Tls,
    to: Destination<'_>,
    mut progress: impl FnMut(Progress),
) -> Result<Saved, String> {
    let name = file_name(to.member, to.now);
    let path = to.dir.join(&name);
    if path.exists() {
        return Err(format!("{}: already exists", path.display()));
    }
    let part_path = to.dir.join(partial_name(&name));
    let shown = part_path.display().to_string();
    let mut file = tokio::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&part_path)
        .await
        .map_err(|e| format!("{shown}: {}", super::client::io_text(&e)))?;
    let partial = Partial(Some(part_path.clone()));

    let (mut sender, driver) = connect::open(endpoint, tls).await?;
    let request = connect::request(endpoint, "/v3/maintenance/snapshot", "{}")?;
    let resp = match tokio::time::timeout(to.idle, sender.send_request(request)).await {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => return Err(connect::failed(endpoint, e, driver, tls).await),
        Err(_) => return Err(silent(endpoint, to.idle)),
    };
    let status = resp.status().as_u16();
    let mut body = resp.into_body();
    if !(200..300).contains(&status) {
        let bytes = body
            .collect()
            .await
            .map(|b| b.to_bytes().to_vec())
            .unwrap_or_default();
        driver.abort();
        return Err(format!("{endpoint}: {}", super::wire::error_text(status, &bytes)));
    }
    let mut decoder = Decoder::default();
    let mut hasher = Sha256::new();
    let mut seen = Progress {
        received: 0,
        total: to.expected,
    };
    progress(seen);
    loop {
        let frame = match tokio::time::timeout(to.idle, body.frame()).await {
            Err(_) => return Err(silent(endpoint, to.idle)),
            Ok(None) => break,
            Ok(Some(Err(e))) => return Err(connect::fail(endpoint, &e, tls)),
            Ok(Some(Ok(f))) => f,
        };
        let Some(data) = frame.data_ref() else { continue };
        let pieces = decoder.feed(data).map_err(|e| format!("{endpoint}: {e}"))?;
        for p in pieces {
            file.write_all(&p.blob)
                .await
                .map_err(|e| format!("{shown}: {}", super::client::io_text(&e)))?;
            hasher.update(&p.blob);
            seen.add(&p);
        }
        progress(seen);
    }
    driver.abort();
    if let Some(p) = decoder.finish().map_err(|e| format!("{endpoint}: {e}"))? {
        file.write_all(&p.blob)
            .await
            .map_err(|e| format!("{shown}: {}", super::client::io_text(&e)))?;
        hasher.update(&p.blob);
        seen.add(&p);
        progress(seen);
    }
    file.flush().await.map_err(|e| format!("{shown}: {e}"))?;
    file.sync_all()
        .await
        .map_err(|e| format!("{shown}: fsync: {}", super::client::io_text(&e)))?;
    drop(file);
    // etcd's own check: the database's SHA-256 appended to it.
    let checked = tokio::task::spawn_blocking({
        let p = part_path.clone();
        move || check(&p)
    })
    .await
    .map_err(|e| format!("{shown}: {e}"))?;
    if checked != Integrity::Valid {
        return Err(format!(
            "{endpoint}: the snapshot streamed is not a valid etcd snapshot ({checked}; {} bytes received): nothing kept",
            seen.received
        ));
    }
    tokio::fs::rename(&part_path, &path)
        .await
        .map_err(|e| format!("{shown} → {}: {}", path.display(), super::client::io_text(&e)))?;
    let mut partial = partial;
    partial.0 = None;
    // The rename itself durable: the directory fsynced.
    let dir = to.dir.to_path_buf();
    let _ = tokio::task::spawn_blocking(move || std::fs::File::open(dir).and_then(|d| d.sync_all())).await;
    Ok(Saved {
        path,
        bytes: seen.received,
        sha256: hex(&hasher.finalize()),
    })
}

fn silent(endpoint: &str, idle: Duration) -> String {
    format!(
        "{endpoint}: the snapshot stream stalled (nothing for {}s)",
        idle.as_secs()
    )
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}
