//! `kon fleet`: every context's health, one row each, worst first; exit 0
//! (nothing at or above `--fail-on`), 1 (something), 2 (a context could not
//! be judged, or no kubeconfig): see `fleet::row::exit_code`.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;

use super::check::Output;
use crate::config::Paths;
use crate::config::readonly::effective;
use crate::fleet::probe::{self, Limits};
use crate::fleet::row::{self, Row, Thresholds, Verdict};
use crate::fleet::select::select;
use crate::kubeconfig::target::{self, Selection};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Critical,
    Warning,
}

#[derive(Debug, Clone, clap::Args)]
pub struct FleetArgs {
    /// Only these contexts: names or globs (`prod-*`), comma-separated
    /// (default: `[fleet] contexts` in config.toml, else every context).
    #[arg(long, value_delimiter = ',', value_name = "NAME|GLOB,...")]
    pub contexts: Vec<String>,
    /// Report format.
    #[arg(long, short = 'o', value_enum, default_value = "text")]
    pub output: Output,
    /// Exit 1 when a context is at or above this verdict.
    #[arg(long, value_enum, default_value = "critical")]
    pub fail_on: FailOn,
    /// A kubeconfig file to use instead of $KUBECONFIG or ~/.kube/config.
    #[arg(long, value_name = "PATH")]
    pub kubeconfig: Option<std::path::PathBuf>,
}

fn cannot_run(why: impl std::fmt::Display) -> Result<ExitCode> {
    eprintln!("kon fleet: {why}");
    Ok(ExitCode::from(2))
}

pub async fn run(args: FleetArgs, paths: &Paths) -> Result<ExitCode> {
    let (settings, problems) = super::load_settings(&paths.config_file());
    for p in problems {
        eprintln!("kon fleet: {p}");
    }
    let sel = Selection {
        kubeconfig: args.kubeconfig.clone(),
        ..Selection::default()
    };
    let kc = match target::load_selected(&sel).1 {
        Ok(Some(kc)) => kc,
        Ok(None) => return cannot_run("no kubeconfig found (set KUBECONFIG or --kubeconfig)"),
        Err(e) => return cannot_run(crate::errors::describe_anyhow(&e)),
    };
    let all: Vec<String> = kc.contexts.iter().map(|c| c.name.clone()).collect();
    let wanted = if args.contexts.is_empty() {
        &settings.fleet.contexts
    } else {
        &args.contexts
    };
    let contexts = match select(&all, wanted) {
        Ok(c) => c,
        Err(e) => return cannot_run(e),
    };
    let limits = Limits {
        timeout: Duration::from_secs(settings.fleet.timeout.unsigned_abs().max(1)),
        concurrency: settings.fleet.concurrency,
    };
    let mut rows = probe::probe_all_with(&kc, &contexts, limits, &settings).await;
    for r in &mut rows {
        r.readonly = effective(false, &settings, Some(&r.context)).is_on();
    }
    let t = Thresholds::of(&settings);
    row::sort_worst_first(&mut rows, &t);
    match args.output {
        Output::Json => println!("{}", json(&rows, &t)),
        Output::Text => print!("{}", text(&rows, &t)),
    }
    let fail_on = match args.fail_on {
        FailOn::Critical => Verdict::Critical,
        FailOn::Warning => Verdict::Warning,
    };
    Ok(ExitCode::from(row::exit_code(&rows, &t, fail_on)))
}

/// One object per context, worst first, each with its verdict.
pub fn json(rows: &[Row], t: &Thresholds) -> String {
    let list: Vec<serde_json::Value> = (rows.iter())
        .map(|r| {
            let mut v = serde_json::to_value(r).unwrap_or_default();
            v["verdict"] = serde_json::to_value(r.verdict(t)).unwrap_or_default();
            v
        })
        .collect();
    serde_json::to_string_pretty(&list).unwrap_or_default()
}

/// A table, worst first, in columns; what could not be read under its row.
pub fn text(rows: &[Row], t: &Thresholds) -> String {
    let header = [
        "",
        "CONTEXT",
        "SERVER",
        "RTT",
        "VERSION",
        "NODES",
        "PROBLEM-PODS",
        "CRITICAL",
        "WARNING",
        "CERTS",
        "BACKUP",
    ];
    let cells: Vec<[String; 11]> = rows.iter().map(|r| cells(r, t)).collect();
    let mut widths = header.map(str::len);
    for c in &cells {
        for (w, cell) in widths.iter_mut().zip(c) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cols: &[String]| {
        let padded: Vec<String> = (cols.iter().zip(widths))
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect();
        format!("{}\n", padded.join("  ").trim_end())
    };
    let mut out = line(&header.map(String::from));
    for (r, c) in rows.iter().zip(&cells) {
        out.push_str(&line(c));
        for e in r.error.iter().chain(&r.unread) {
            out.push_str(&format!("    error: {e}\n"));
        }
    }
    out
}

/// One row's columns: `-` for a figure not read.
fn cells(r: &Row, t: &Thresholds) -> [String; 11] {
    let dash = || "-".to_string();
    let nodes = match (r.nodes_ready, r.nodes_total) {
        (Some(a), Some(b)) => format!("{a}/{b}"),
        _ => dash(),
    };
    let count = |n: Option<usize>| n.map_or_else(dash, |n| n.to_string());
    [
        r.verdict(t).symbol().to_string(),
        format!("{}{}", r.context, if r.readonly { " (read-only)" } else { "" }),
        r.server.clone().unwrap_or_else(dash),
        r.rtt_ms.map_or_else(dash, |ms| format!("{ms}ms")),
        r.version.clone().unwrap_or_else(dash),
        nodes,
        count(r.problem_pods.map(|p| p.not_running + p.containers_failing)),
        count(r.critical),
        count(r.warning),
        r.cert_days.map_or_else(dash, certs),
        r.backup.as_ref().map_or_else(dash, backup),
    ]
}

/// `expired`, `<1d`, `12d`: the soonest certificate's time left.
fn certs(days: i64) -> String {
    match days {
        ..0 => "expired".into(),
        0 => "<1d".into(),
        d => format!("{d}d"),
    }
}

/// `26h ago (RPO 24h)`, `managed`, `none`.
fn backup(b: &row::Backup) -> String {
    use crate::signals::verdict::age;
    match b {
        row::Backup::Managed => "managed".into(),
        row::Backup::NoneFound => "none".into(),
        row::Backup::Age { age_secs, rpo_secs } => format!("{} ago (RPO {})", age(*age_secs), age(*rpo_secs)),
    }
}
