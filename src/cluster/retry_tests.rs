use std::cell::Cell;
use std::time::Duration;

use kube::core::Status;
use kube::core::response::{StatusCause, StatusDetails};
use tokio::time::Instant;

use super::*;

fn api(code: u16, reason: &str, retry_after: u32) -> kube::Error {
    let mut s = Status::failure("boom", reason).with_code(code);
    if retry_after > 0 {
        s.details = Some(details(retry_after, Vec::new()));
    }
    kube::Error::Api(s.boxed())
}

fn details(retry_after_seconds: u32, causes: Vec<StatusCause>) -> StatusDetails {
    StatusDetails {
        name: String::new(),
        group: String::new(),
        kind: String::new(),
        uid: String::new(),
        causes,
        retry_after_seconds,
    }
}

#[test]
fn classifies_transient_and_permanent_errors() {
    assert_eq!(
        transient(&api(429, "TooManyRequests", 3)),
        Some(Some(Duration::from_secs(3)))
    );
    assert_eq!(transient(&api(429, "TooManyRequests", 0)), Some(None));
    for code in [500, 502, 503, 504] {
        assert_eq!(transient(&api(code, "InternalError", 0)), Some(None), "{code}");
    }
    for code in [400, 401, 403, 404, 409, 410, 422] {
        assert_eq!(transient(&api(code, "x", 0)), None, "{code}");
    }
}

#[test]
fn a_disruption_budget_refusal_is_not_throttling() {
    let mut s = Status::failure(
        "Cannot evict pod as it would violate the pod's disruption budget.",
        "TooManyRequests",
    )
    .with_code(429);
    let cause = StatusCause {
        reason: "DisruptionBudget".into(),
        message: "The disruption budget web needs 2 healthy pods and has 2 currently".into(),
        field: String::new(),
    };
    s.details = Some(details(0, vec![cause]));
    assert!(is_disruption_budget_refusal(&kube::Error::Api(s.boxed())));
    assert!(!is_disruption_budget_refusal(&api(429, "TooManyRequests", 1)));
}

#[test]
fn backoff_grows_is_capped_and_jittered_and_honours_retry_after() {
    let mut b = Backoff::new(Duration::from_millis(100), Duration::from_secs(2), 7);
    let waits: Vec<Duration> = (0..8).map(|_| b.wait(None)).collect();
    for (i, w) in waits.iter().enumerate() {
        let ceiling = (Duration::from_millis(100) * 2u32.pow(i as u32)).min(Duration::from_secs(2));
        assert!(
            *w <= ceiling && *w >= ceiling / 2,
            "wait {i}: {w:?} vs {ceiling:?}"
        );
    }
    assert!(waits[7] >= Duration::from_secs(1), "capped, not reset: {waits:?}");
    // Retry-After is a floor (capped by the maximum wait).
    let mut b = Backoff::new(Duration::from_millis(100), Duration::from_secs(30), 7);
    assert_eq!(b.wait(Some(Duration::from_secs(5))), Duration::from_secs(5));
    assert_eq!(b.wait(Some(Duration::from_secs(600))), Duration::from_secs(30));
    // A floor, not a replacement: a longer backoff stays.
    let mut b = Backoff::new(Duration::from_secs(10), Duration::from_secs(30), 7);
    assert!(b.wait(Some(Duration::from_secs(1))) >= Duration::from_secs(5));
    // Two seeds give two different schedules (no thundering herd).
    let mut a = Backoff::new(Duration::from_secs(1), Duration::from_secs(30), 1);
    let mut c = Backoff::new(Duration::from_secs(1), Duration::from_secs(30), 99);
    let (sa, sc): (Vec<_>, Vec<_>) = (0..4).map(|_| (a.wait(None), c.wait(None))).unzip();
    assert_ne!(sa, sc);
}

#[tokio::test(start_paused = true)]
async fn retries_throttling_after_the_servers_retry_after_then_succeeds() {
    let calls = Cell::new(0);
    let start = Instant::now();
    let budget = Budget::new(Duration::from_secs(5), Duration::from_secs(60));
    let got = retry(budget, || {
        calls.set(calls.get() + 1);
        let n = calls.get();
        async move {
            if n < 3 {
                Err(api(429, "TooManyRequests", 2))
            } else {
                Ok(n)
            }
        }
    })
    .await
    .unwrap();
    assert_eq!(got, 3);
    assert!(start.elapsed() >= Duration::from_secs(4), "{:?}", start.elapsed());
}

#[tokio::test(start_paused = true)]
async fn a_permanent_error_is_returned_at_once() {
    let calls = Cell::new(0);
    let budget = Budget::new(Duration::from_secs(5), Duration::from_secs(60));
    let err = retry(budget, || {
        calls.set(calls.get() + 1);
        async { Err::<(), _>(api(404, "NotFound", 0)) }
    })
    .await
    .unwrap_err();
    assert_eq!(calls.get(), 1);
    assert_eq!(err.api_status().map(|s| s.code), Some(404));
}

#[tokio::test(start_paused = true)]
async fn a_failing_server_is_given_up_on_at_the_deadline() {
    let calls = Cell::new(0);
    let start = Instant::now();
    let budget = Budget::new(Duration::from_secs(5), Duration::from_secs(20));
    let err = retry(budget, || {
        calls.set(calls.get() + 1);
        async { Err::<(), _>(api(503, "ServiceUnavailable", 0)) }
    })
    .await
    .unwrap_err();
    assert!(calls.get() > 3, "retried: {}", calls.get());
    assert!(
        start.elapsed() <= Duration::from_secs(20),
        "{:?}",
        start.elapsed()
    );
    match err {
        Failure::GaveUp {
            attempts, timed_out, ..
        } => {
            assert_eq!(attempts, calls.get());
            assert!(!timed_out);
        }
        other => panic!("expected GaveUp, got {other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn a_hung_server_is_bounded_by_the_request_timeout_and_the_deadline() {
    let calls = Cell::new(0);
    let start = Instant::now();
    let budget = Budget::new(Duration::from_secs(3), Duration::from_secs(10));
    let err = retry(budget, || {
        calls.set(calls.get() + 1);
        std::future::pending::<kube::Result<()>>()
    })
    .await
    .unwrap_err();
    assert!(
        start.elapsed() <= Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
    assert!(calls.get() >= 2, "{}", calls.get());
    let text = err.to_string();
    assert!(text.starts_with("no answer within"), "{text}");
    assert!(matches!(err, Failure::GaveUp { timed_out: true, .. }));
}

#[test]
fn durations_read_like_a_person_wrote_them() {
    assert_eq!(human(Duration::from_millis(200)), "200ms");
    assert_eq!(human(Duration::from_secs(2)), "2s");
    assert_eq!(human(Duration::from_millis(1500)), "1.5s");
    assert_eq!(human(Duration::from_secs(300)), "5m");
}
