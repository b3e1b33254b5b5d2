//! Logging with `tracing` to a file in the state dir (stdout is the screen).
//! `KON_LOG` sets the filter (`debug`, `kon=trace`, ...); default `info`.
//! The file is capped at 5 MB and rotated (`kon.log.1` … `kon.log.3`), and a
//! repeated warning or error is written once a minute with a count.

mod collapse;
mod rotate;

use std::path::Path;
use std::time::Duration;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

/// The size at which `kon.log` is rotated, and how many old files are kept.
const MAX_BYTES: u64 = 5 * 1024 * 1024;
const KEEP: u32 = 3;
/// A repeated warning or error is written once in this time, with a count.
const REPEAT_WINDOW: Duration = Duration::from_secs(60);

/// Starts logging to `<state_dir>/kon.log`. Returns the guard that flushes
/// on drop, or why logging is off (never fatal).
pub fn init(state_dir: &Path, filter: Option<&str>) -> Result<WorkerGuard, String> {
    std::fs::create_dir_all(state_dir).map_err(|e| format!("cannot create {}: {e}", state_dir.display()))?;
    let filter = EnvFilter::try_new(filter.filter(|f| !f.is_empty()).unwrap_or("info"))
        .map_err(|e| format!("KON_LOG: {e}"))?;
    let path = state_dir.join("kon.log");
    let file = rotate::RotatingFile::open(&path, MAX_BYTES, KEEP)
        .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let (writer, guard) = tracing_appender::non_blocking(collapse::Collapse::new(file, REPEAT_WINDOW));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .map_err(|e| format!("logging already set up: {e}"))?;
    Ok(guard)
}
