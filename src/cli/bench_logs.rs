//! `kon bench`'s log figures: the log view follows a chatty pod (the sim's
//! `ingress-nginx` controller writes 20000 lines/s) through the console's
//! own worker for a while, in a loop shaped like the event loop's (keys
//! first, then the worker's batches, a frame at most every 30 ms), and
//! prints the lines/s the view ingested, what the ring dropped, and the
//! latency from a key's arrival to the frame that shows it (p50/p99/max).
//! It measures; it asserts nothing.

use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc;

use crate::app::keys::KeyChord;
use crate::app::{AppState, Effect, Msg};
use crate::podlogs::stream::Event;
use crate::tui::logs_worker::LogsWorker;

const FRAME: Duration = Duration::from_millis(30);
/// How often a key arrives.
const KEY_EVERY: Duration = Duration::from_millis(50);

/// The pod to follow: `ns/name` as given, else the sim's chatty ingress controller.
fn chatty_pod(app: &AppState, given: Option<&str>) -> Option<(String, String)> {
    if let Some(g) = given {
        let (ns, name) = g.split_once('/')?;
        return Some((ns.to_string(), name.to_string()));
    }
    let mut names: Vec<_> = app
        .live
        .store
        .pods
        .items
        .keys()
        .filter(|(ns, name)| &**ns == "ingress-nginx" && name.starts_with("ingress-nginx-controller-"))
        .map(|(ns, name)| (ns.to_string(), name.to_string()))
        .collect();
    names.sort();
    names.into_iter().next()
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    super::bench::percentile(sorted, p)
}

/// Follows the chatty pod for `seconds` and prints the figures.
pub async fn run(
    client: kube::Client,
    app: &mut AppState,
    theme: &crate::config::theme::Theme,
    pod: Option<&str>,
    seconds: u64,
) -> Result<()> {
    let Some((ns, name)) = chatty_pod(app, pod) else {
        println!(
            "log view: skipped (no pod to follow: the sim's ingress-nginx controller, or --logs-pod NS/NAME)"
        );
        return Ok(());
    };
    let (w, h) = (160, 48);
    app.update(Msg::Resize { width: w, height: h });
    let mut term = Terminal::new(TestBackend::new(w, h)).context("test terminal")?;
    let mut worker = LogsWorker::default();
    for e in app.open_log(&ns, &name).effects {
        if let Effect::StartLogs {
            session,
            namespace,
            params,
        } = e
        {
            worker.start(client.clone(), session, &namespace, params);
        }
    }
    // Keys arrive from elsewhere, as the terminal's do: k (pause) and G (follow).
    let (keys_tx, mut keys) = mpsc::channel::<(Instant, KeyChord)>(16);
    let feeder = tokio::spawn(async move {
        let chords = [KeyChord::parse("k"), KeyChord::parse("G")];
        for i in 0usize.. {
            tokio::time::sleep(KEY_EVERY).await;
            let Some(Ok(c)) = chords.get(i % 2).cloned() else {
                return;
            };
            if keys_tx.send((Instant::now(), c)).await.is_err() {
                return;
            }
        }
    });
    let started = Instant::now();
    let end = tokio::time::Instant::now() + Duration::from_secs(seconds);
    let (mut lines, mut batches) = (0u64, 0u64);
    let mut latencies = Vec::new();
    let mut frames = Vec::new();
    let mut last_frame = tokio::time::Instant::now();
    let mut dirty = true;
    loop {
        let deadline = last_frame + FRAME;
        tokio::select! {
            biased;
            () = tokio::time::sleep_until(end) => break,
            Some((sent, chord)) = keys.recv() => {
                app.update(Msg::Key(chord));
                // A key's frame is drawn at once: what the user waits for.
                term.draw(|f| crate::ui::render(app, theme, f)).context("render")?;
                latencies.push(sent.elapsed());
                last_frame = tokio::time::Instant::now();
                dirty = false;
            }
            () = tokio::time::sleep_until(deadline), if dirty => {
                let t = Instant::now();
                term.draw(|f| crate::ui::render(app, theme, f)).context("render")?;
                frames.push(t.elapsed());
                last_frame = tokio::time::Instant::now();
                dirty = false;
            }
            msg = worker.recv() => {
                let mut next = Some(msg);
                while let Some(msg) = next.take() {
                    if let Msg::Log { event: Event::Lines(b), .. } = &msg {
                        lines += b.len() as u64;
                        batches += 1;
                    }
                    dirty |= app.update(msg).changed;
                    next = worker.try_recv();
                }
            }
        }
    }
    let elapsed = started.elapsed();
    feeder.abort();
    worker.stop();
    latencies.sort();
    frames.sort();
    let (kept, dropped) = app
        .features
        .logs
        .view
        .as_ref()
        .map_or((0, 0), |v| (v.ring.len(), v.ring.dropped()));
    println!(
        "log view following {ns}/{name} for {elapsed:.1?}: {lines} lines ingested ({:.0} lines/s) in {batches} batches; ring kept {kept}, dropped {dropped}",
        lines as f64 / elapsed.as_secs_f64()
    );
    println!(
        "log view key latency (key arrives → its frame drawn), {} keys: p50 {:.2?}, p99 {:.2?}, max {:.2?}",
        latencies.len(),
        pct(&latencies, 0.5),
        pct(&latencies, 0.99),
        latencies.last().copied().unwrap_or_default()
    );
    println!(
        "log view frames while following: p50 {:.2?}, p99 {:.2?} ({} frames, {w}x{h}); peak RSS {}",
        pct(&frames, 0.5),
        pct(&frames, 0.99),
        frames.len(),
        super::bench::peak_rss_mib().map_or("unavailable".into(), |m| format!("{m} MiB"))
    );
    Ok(())
}
