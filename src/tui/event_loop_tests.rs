//! The loop itself, on a `TestBackend` with synthetic input: what the probe
//! hears, and input read between batches of a flood of cluster reports.

use std::pin::Pin;
use std::task::{Context, Poll};

use futures::Stream;
use ratatui::backend::TestBackend;

use super::*;
use crate::app::keys::KeyChord;
use crate::app::{Settings, key_events::to_key_event};
use crate::cluster::Report;
use crate::kubeconfig::target::Target;
use crate::tui::probe::Seen;

fn key(s: &str) -> Event {
    Event::Key(to_key_event(KeyChord::parse(s).unwrap()))
}

fn new_loop(probe: Option<Probe>) -> Loop<TestBackend> {
    let target = Target {
        context: Some("prod".into()),
        server: Some("https://10.0.0.1:6443".into()),
        namespace: "default".into(),
        scope: None,
    };
    let app = AppState::new(Settings::for_target(target));
    let (theme, _) = crate::config::theme::load(
        "default",
        crate::config::color::ColorDepth::TrueColor,
        std::path::Path::new("/nonexistent"),
    );
    let term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    Loop::start(app, theme, None, None, term, probe).unwrap()
}

/// Pending for its first `wait` polls (waking itself), then `then`, then the end.
struct Later {
    wait: usize,
    then: Option<Event>,
}

impl Stream for Later {
    type Item = std::io::Result<Event>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.wait > 0 {
            self.wait -= 1;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        Poll::Ready(self.then.take().map(Ok))
    }
}

#[tokio::test]
async fn a_key_is_read_between_batches_of_a_report_flood() {
    use crate::cluster::slim::pod::SlimPod;
    use crate::cluster::store::Delta;
    use crate::cluster::store::kinds::Event as StoreEvent;
    let mut lp = new_loop(None);
    const FLOOD: usize = 100_000;
    let (tx, rx) = mpsc::channel(FLOOD);
    lp.runner.cluster.rx = rx;
    for i in 0..FLOOD {
        let mut p = SlimPod::default();
        p.metadata.name = Some(format!("pod-{i}"));
        p.metadata.namespace = Some("shop".into());
        let event = Box::new(StoreEvent::Pod(Delta::Apply(
            ("shop".into(), format!("pod-{i}")),
            p,
        )));
        tx.try_send(Report::Store { generation: 0, event }).unwrap();
    }
    // The first frame, two batches of reports, then ctrl-c (quit).
    let mut input = Later {
        wait: 3,
        then: Some(key("ctrl-c")),
    };
    let stop = lp.drive(&mut input, &mut Signals::default()).await.unwrap();
    assert!(matches!(stop, Stop::Exit(Exit::Quit)));
    let applied = lp.app.live.store.pods.len();
    assert!(applied > 0, "reports were applied before the key");
    assert!(applied < FLOOD, "the key waited for the whole flood");
}

#[tokio::test]
async fn the_probe_hears_each_input_and_the_frame_that_shows_it() {
    let (probe_tx, mut heard) = mpsc::unbounded_channel();
    let mut lp = new_loop(Some(Probe(probe_tx)));
    let (keys, mut input) = futures::channel::mpsc::unbounded::<std::io::Result<Event>>();
    keys.unbounded_send(Ok(key("?"))).unwrap();
    keys.unbounded_send(Ok(Event::FocusGained)).unwrap();
    let mut signals = Signals::default();
    let driving = lp.drive(&mut input, &mut signals);
    let listening = async {
        let mut seen = Vec::new();
        while let Some(s) = heard.recv().await {
            seen.push(s);
            if matches!(s, Seen::Frame { inputs: 2.., .. }) {
                break;
            }
        }
        // No more input: the loop ends.
        drop(keys);
        seen
    };
    let (stop, seen) = tokio::join!(driving, listening);
    assert!(matches!(stop.unwrap(), Stop::Exit(Exit::TerminalGone)));
    let inputs: Vec<_> = seen
        .iter()
        .filter_map(|s| match s {
            Seen::Input { seq, changed, .. } => Some((*seq, *changed)),
            Seen::Frame { .. } | Seen::Recompute { .. } | Seen::Busy { .. } => None,
        })
        .collect();
    assert_eq!(
        inputs,
        vec![(1, true), (2, false)],
        "? opens the help; focus changes nothing"
    );
    assert!(lp.app.nav.mode == crate::app::action::Mode::Help);
    let screen = format!("{:?}", lp.term.backend().buffer());
    assert!(screen.contains("Help"), "the last frame shows the help");
}

#[tokio::test(start_paused = true)]
async fn a_key_is_drawn_at_once_not_after_the_frame_interval() {
    let (probe_tx, mut heard) = mpsc::unbounded_channel();
    let mut lp = new_loop(Some(Probe(probe_tx)));
    let (keys, mut input) = futures::channel::mpsc::unbounded::<std::io::Result<Event>>();
    let mut signals = Signals::default();
    let driving = lp.drive(&mut input, &mut signals);
    let listening = async {
        // The first frame, then a key right after it (the clock is paused:
        // it moves only when the loop waits for a timer).
        while !matches!(heard.recv().await, Some(Seen::Frame { .. })) {}
        let sent = tokio::time::Instant::now();
        keys.unbounded_send(Ok(key("?"))).unwrap();
        let drawn = loop {
            match heard.recv().await {
                Some(Seen::Frame { inputs: 1, at, .. }) => break at,
                Some(_) => {}
                None => panic!("the loop ended"),
            }
        };
        drop(keys);
        drawn - sent
    };
    let (stop, waited) = tokio::join!(driving, listening);
    stop.unwrap();
    assert!(
        waited < FRAME,
        "the key's frame waited {waited:?} for the frame interval"
    );
}

#[tokio::test(start_paused = true)]
async fn an_idle_loop_recomputes_only_what_is_due() {
    let (probe_tx, mut heard) = mpsc::unbounded_channel();
    let mut lp = new_loop(Some(Probe(probe_tx)));
    let (keys, mut input) = futures::channel::mpsc::unbounded::<std::io::Result<Event>>();
    let mut signals = Signals::default();
    let started = tokio::time::Instant::now();
    let driving = lp.drive(&mut input, &mut signals);
    let listening = async {
        // No input and no cluster: only the tick moves anything. (The
        // clock is paused: 4.5 s here is the loop's time, not the
        // machine's, whose Unix seconds the models are judged at: no
        // deadline or cadence comes after the first recompute.)
        let (mut recomputes, mut frames) = (Vec::new(), Vec::new());
        let listen = async {
            loop {
                match heard.recv().await {
                    Some(Seen::Recompute { at }) => recomputes.push(at - started),
                    Some(Seen::Frame { at, .. }) => frames.push(at - started),
                    Some(_) => {}
                    None => panic!("the loop ended"),
                }
            }
        };
        let _ = tokio::time::timeout(RECOMPUTE_TICK * 4 + RECOMPUTE_TICK / 2, listen).await;
        drop(keys);
        (recomputes, frames)
    };
    let (stop, (recomputes, frames)) = tokio::join!(driving, listening);
    stop.unwrap();
    // The first tick finds no model computed yet: one recompute, within a
    // second after it; then nothing is due, and nothing on this empty
    // console draws ages: no frame either.
    assert_eq!(recomputes.len(), 1, "{recomputes:?}");
    assert!(recomputes[0] >= RECOMPUTE_TICK && recomputes[0] < RECOMPUTE_TICK * 2);
    assert!(
        frames.iter().all(|t| *t < RECOMPUTE_TICK * 2),
        "frames on an idle empty console: {frames:?}"
    );
}

#[tokio::test]
async fn a_console_with_lease_renewals_draws_ages_an_empty_one_does_not() {
    use crate::signals::test_support::{add_lease, lease, synced};
    let mut lp = new_loop(None);
    assert!(!lp.app.draws_ages());
    let mut s = synced();
    s.leases.state = crate::cluster::store::SyncState::Synced;
    let empty = crate::signals::control_plane::model(&s, None, None, 100);
    lp.app.live.panes.control_plane = Some(std::sync::Arc::new(empty));
    assert!(!lp.app.draws_ages(), "no lease: nothing drawn from the time");
    add_lease(
        &mut s,
        lease("kube-system", "kube-scheduler", Some("cp-1"), Some(98), Some(15)),
    );
    let renewed = crate::signals::control_plane::model(&s, None, None, 100);
    lp.app.live.panes.control_plane = Some(std::sync::Arc::new(renewed));
    assert!(
        lp.app.draws_ages(),
        "a renewal's age is drawn from the frame's time"
    );
}
