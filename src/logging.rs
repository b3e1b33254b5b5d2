//! Logging with `tracing` to a file in the state dir (stdout is the screen).
//! `KON_LOG` sets the filter (`debug`, `kon=trace`, ...); default `info`.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

/// Starts logging to `<state_dir>/kon.log`. Returns the guard that flushes
/// on drop, or why logging is off (never fatal).
pub fn init(state_dir: &Path, filter: Option<&str>) -> Result<WorkerGuard, String> {
    std::fs::create_dir_all(state_dir).map_err(|e| format!("cannot create {}: {e}", state_dir.display()))?;
    let filter = EnvFilter::try_new(filter.filter(|f| !f.is_empty()).unwrap_or("info"))
        .map_err(|e| format!("KON_LOG: {e}"))?;
    let appender = tracing_appender::rolling::never(state_dir, "kon.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .map_err(|e| format!("logging already set up: {e}"))?;
    Ok(guard)
}
