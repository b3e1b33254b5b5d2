//! The stream client against a fake source: batches, the end of a log,
//! errors as given, and a reconnect that skips what was shown.

use std::sync::Mutex;
use std::time::Duration;

use futures::future::BoxFuture;
use kube::api::LogParams;
use tokio::sync::mpsc;

use super::stream::{Event, LogSource, Params, Reader, Timing, log_params, run};

/// Answers each open with the next of its answers (then an error).
struct Fake {
    answers: Mutex<Vec<Result<String, String>>>,
    asked: Mutex<Vec<LogParams>>,
}

impl Fake {
    fn new(answers: Vec<Result<&str, &str>>) -> Self {
        let mut a: Vec<Result<String, String>> = answers
            .into_iter()
            .map(|r| r.map(str::to_string).map_err(str::to_string))
            .collect();
        a.reverse();
        Self {
            answers: Mutex::new(a),
            asked: Mutex::new(Vec::new()),
        }
    }
}

impl LogSource for Fake {
    fn open(&self, _pod: &str, lp: LogParams) -> BoxFuture<'_, Result<Reader, String>> {
        self.asked.lock().expect("lock").push(lp);
        let next = self.answers.lock().expect("lock").pop();
        Box::pin(async move {
            match next {
                Some(Ok(body)) => Ok(Box::pin(futures::io::Cursor::new(body.into_bytes())) as Reader),
                Some(Err(e)) => Err(e),
                None => Err("no more answers".into()),
            }
        })
    }
}

fn params(follow: bool) -> Params {
    Params {
        pod: "ledger-1".into(),
        container: Some("app".into()),
        previous: !follow,
        follow,
        tail: Some(500),
        since_seconds: None,
    }
}

async fn collect(fake: &Fake, p: Params, until: usize) -> Vec<Event> {
    let (tx, mut rx) = mpsc::channel(16);
    let timing = Timing {
        connect: Duration::from_secs(5),
        first_retry: Duration::from_millis(1),
        max_retry: Duration::from_millis(2),
    };
    let mut out = Vec::new();
    let task = run(fake, p, timing, tx);
    tokio::pin!(task);
    loop {
        tokio::select! {
            () = &mut task => break,
            Some(e) = rx.recv() => {
                out.push(e);
                if out.len() >= until { break; }
            }
        }
    }
    while let Ok(e) = rx.try_recv() {
        out.push(e);
    }
    out
}

fn lines(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Lines(b) => Some(b.lines().map(|l| l.into_owned()).collect::<Vec<_>>()),
            _ => None,
        })
        .flatten()
        .collect()
}

#[tokio::test]
async fn a_previous_log_is_read_to_its_end_and_said_so() {
    let fake = Fake::new(vec![Ok(
        "2024-01-01T00:00:01Z one\n2024-01-01T00:00:02Z panic: boom",
    )]);
    let ev = collect(&fake, params(false), 100).await;
    assert_eq!(ev[0], Event::Connected { again: false });
    assert_eq!(
        lines(&ev),
        ["2024-01-01T00:00:01Z one", "2024-01-01T00:00:02Z panic: boom"]
    );
    assert_eq!(
        ev.last(),
        Some(&Event::Stopped {
            text: "end of the previous container's log".into(),
            retry_in: None
        })
    );
    let asked = fake.asked.lock().expect("lock");
    assert_eq!(asked.len(), 1);
    assert!(asked[0].previous && asked[0].timestamps && !asked[0].follow);
    assert_eq!(asked[0].tail_lines, Some(500));
}

#[tokio::test]
async fn the_apis_error_is_said_as_given_and_not_retried_without_follow() {
    let text = "Error from server (BadRequest): container \"app\" in pod \"ledger-1\" is waiting to start: ContainerCreating";
    let fake = Fake::new(vec![Err(text)]);
    let ev = collect(&fake, params(false), 100).await;
    assert_eq!(
        ev,
        [Event::Stopped {
            text: text.into(),
            retry_in: None
        }]
    );
}

#[tokio::test]
async fn following_reconnects_after_the_end_and_skips_lines_already_shown() {
    let fake = Fake::new(vec![
        Ok("2024-01-01T00:00:01Z a\n2024-01-01T00:00:02Z b\n"),
        Err(
            "Error from server (BadRequest): container \"app\" in pod \"ledger-1\" is waiting to start: CrashLoopBackOff",
        ),
        // The API answers from the second of the last line on: b again, then the new container.
        Ok("2024-01-01T00:00:02Z b\n2024-01-01T00:00:09Z new container\n"),
    ]);
    let ev = collect(&fake, params(true), 9).await;
    assert_eq!(
        lines(&ev),
        [
            "2024-01-01T00:00:01Z a",
            "2024-01-01T00:00:02Z b",
            "2024-01-01T00:00:09Z new container"
        ]
    );
    assert!(ev.contains(&Event::Connected { again: true }));
    assert!(
        ev.iter()
            .any(|e| matches!(e, Event::Stopped { text, retry_in: Some(_) }
        if text.contains("is waiting to start: CrashLoopBackOff")))
    );
    let asked = fake.asked.lock().expect("lock");
    assert_eq!(asked[0].tail_lines, Some(500));
    assert_eq!(asked[1].tail_lines, None, "a reconnect asks since the last line");
    assert_eq!(
        asked[1].since_time.map(|t| t.to_string()),
        Some("2024-01-01T00:00:02Z".into())
    );
}

#[test]
fn the_first_connection_asks_what_the_user_chose() {
    let mut p = params(true);
    p.tail = None;
    p.since_seconds = Some(600);
    let lp = log_params(&p, None);
    assert_eq!(
        (lp.since_seconds, lp.tail_lines, lp.follow),
        (Some(600), None, true)
    );
    assert_eq!(lp.container.as_deref(), Some("app"));
}

// Paused time: the batches are cut by count, not by a slow machine's clock.
#[tokio::test(start_paused = true)]
async fn many_lines_come_in_few_batches() {
    let body: String = (0..10_000)
        .map(|i| format!("2024-01-01T00:00:01Z line {i}\n"))
        .collect();
    let fake = Fake::new(vec![Ok(&body)]);
    let ev = collect(&fake, params(false), 100_000).await;
    let batches = ev.iter().filter(|e| matches!(e, Event::Lines(_))).count();
    assert_eq!(lines(&ev).len(), 10_000);
    assert!(
        batches <= 10_000 / super::batch::BATCH_LINES + 1,
        "{batches} batches"
    );
}
