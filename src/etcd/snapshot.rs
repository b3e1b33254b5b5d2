//! Snapshot now, the pure parts: the file's timestamped name and its
//! temporary name, the progress by bytes, and the decoder of the gateway's
//! stream (`POST /v3/maintenance/snapshot` answers one JSON object per
//! line, `{"result":{"remaining_bytes":"N","blob":"<base64>"}}`, or
//! `{"error":{…}}`). The I/O is in `snapshot_io`.

use base64::Engine;
use serde::Deserialize;

/// The file's name: `etcd-snapshot-MEMBER-20261206T081952Z.db` (UTC), the
/// member's name kept to letters, digits, `.`, `_` and `-`.
pub fn file_name(member: &str, unix_secs: i64) -> String {
    let safe: String = member
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let safe = safe.trim_start_matches('.');
    let when =
        time::OffsetDateTime::from_unix_timestamp(unix_secs).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!(
        "etcd-snapshot-{}-{:04}{:02}{:02}T{:02}{:02}{:02}Z.db",
        if safe.is_empty() { "member" } else { safe },
        when.year(),
        u8::from(when.month()),
        when.day(),
        when.hour(),
        when.minute(),
        when.second()
    )
}

/// The name the file has while it is written: hidden, ending in `.part`,
/// so the backup directory's scan never takes it for a backup
/// (`local::backup_dir::is_partial`).
pub fn partial_name(name: &str) -> String {
    format!(".{name}.part")
}

/// How far a snapshot is: bytes received, and the whole when known (etcd
/// says what remains after each piece; before the first, the member's DB
/// size is the estimate).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    pub received: u64,
    pub total: Option<u64>,
}

impl Progress {
    /// Received over the whole, within 0..=1 (`None`: the whole unknown).
    pub fn fraction(&self) -> Option<f64> {
        let total = self.total.filter(|t| *t > 0)?;
        Some((self.received as f64 / total as f64).clamp(0.0, 1.0))
    }

    /// One piece more, and what etcd says remains after it.
    pub fn add(&mut self, piece: &Piece) {
        self.received += piece.blob.len() as u64;
        // The database, then its SHA-256 (which etcd does not count: the
        // whole grows by 32 bytes at the end).
        self.total = Some(self.received + piece.remaining);
    }
}

/// One piece of the stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub blob: Vec<u8>,
    /// Bytes etcd has still to send after this piece (the gateway leaves
    /// a zero out).
    pub remaining: u64,
}

#[derive(Deserialize)]
struct Line {
    #[serde(default)]
    result: Option<Resp>,
    #[serde(default)]
    error: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct Resp {
    #[serde(default, alias = "remainingBytes")]
    remaining_bytes: Option<serde_json::Value>,
    #[serde(default)]
    blob: String,
}

/// Splits the stream into lines and decodes each: pieces, or etcd's error.
#[derive(Debug, Default)]
pub struct Decoder {
    buf: Vec<u8>,
}

impl Decoder {
    /// The pieces of every whole line in `bytes` (a line may span calls).
    pub fn feed(&mut self, bytes: &[u8]) -> Result<Vec<Piece>, String> {
        self.buf.extend_from_slice(bytes);
        let mut out = Vec::new();
        while let Some(i) = self.buf.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = self.buf.drain(..=i).collect();
            if let Some(p) = decode(&line)? {
                out.push(p);
            }
        }
        Ok(out)
    }

    /// The last line, if the stream did not end with a newline.
    pub fn finish(&mut self) -> Result<Option<Piece>, String> {
        let line = std::mem::take(&mut self.buf);
        decode(&line)
    }
}

fn decode(line: &[u8]) -> Result<Option<Piece>, String> {
    if line.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let l: Line = serde_json::from_slice(line).map_err(|e| format!("not an etcd snapshot stream: {e}"))?;
    if let Some(e) = l.error {
        let text = e
            .get("message")
            .and_then(|m| m.as_str())
            .map_or_else(|| e.to_string(), str::to_string);
        return Err(format!("etcd stopped the snapshot: {text}"));
    }
    let Some(r) = l.result else {
        return Err("not an etcd snapshot stream: a line with neither result nor error".into());
    };
    let blob = base64::engine::general_purpose::STANDARD
        .decode(r.blob.as_bytes())
        .map_err(|e| format!("not an etcd snapshot stream: {e}"))?;
    let remaining = match r.remaining_bytes {
        Some(serde_json::Value::String(s)) => s.parse().ok(),
        Some(serde_json::Value::Number(n)) => n.as_u64(),
        _ => None,
    };
    Ok(Some(Piece {
        blob,
        remaining: remaining.unwrap_or(0),
    }))
}

#[cfg(test)]
#[path = "snapshot_tests.rs"]
mod tests;
