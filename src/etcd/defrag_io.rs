//! The guided defrag's I/O: drives [`defrag::Run`] (a poll of every member
//! before each, `POST /v3/maintenance/defragment`, the member's DB size
//! after, the pause), telling the caller after each step; and the separate
//! disarming of an alarm (`/v3/maintenance/alarm`, DEACTIVATE).

use std::time::Duration;

use super::client::{Tls, poll, post};
use super::defrag::{self, Next, Run};
use super::wire::Status;

/// The longest one member's defragment may take (a multi-GiB DB is
/// rewritten whole).
pub const DEFRAG_TIMEOUT: Duration = Duration::from_secs(300);

/// Runs `run` to its end (done or stopped); `told` hears of every step.
/// Each poll's request is bounded by `timeout`, each defragment by
/// [`DEFRAG_TIMEOUT`].
pub async fn drive(run: &mut Run, tls: &Tls, timeout: Duration, mut told: impl FnMut(&Run)) {
    let endpoints: Vec<String> = run.plan.order.iter().map(|m| m.endpoint.clone()).collect();
    told(run);
    loop {
        match run.next.clone() {
            Next::Check => {
                let obs = poll(&endpoints, tls, timeout).await;
                run.checked(&defrag::seen_of(&obs));
            }
            Next::Defrag(i) => {
                let endpoint = run.plan.order[i].endpoint.clone();
                let r = post(&endpoint, "/v3/maintenance/defragment", "{}", tls, DEFRAG_TIMEOUT)
                    .await
                    .map(|_| ());
                let after = match &r {
                    Ok(()) => db_size(&endpoint, tls, timeout).await,
                    Err(_) => None,
                };
                run.defragged(r, after);
            }
            Next::Pause(d) => {
                tokio::time::sleep(d).await;
                run.paused();
            }
            Next::Done | Next::Stop(_) => return,
        }
        told(run);
    }
}

async fn db_size(endpoint: &str, tls: &Tls, timeout: Duration) -> Option<u64> {
    let bytes = post(endpoint, "/v3/maintenance/status", "{}", tls, timeout)
        .await
        .ok()?;
    serde_json::from_slice::<Status>(&bytes).ok().map(|s| s.db_size)
}

/// Disarms `alarm` (`NOSPACE`) of member `member_id` through `endpoint`.
pub async fn disarm(
    endpoint: &str,
    tls: &Tls,
    member_id: u64,
    alarm: &str,
    timeout: Duration,
) -> Result<(), String> {
    let body = serde_json::json!({
        "action": "DEACTIVATE",
        "memberID": member_id.to_string(),
        "alarm": alarm,
    });
    post(endpoint, "/v3/maintenance/alarm", &body.to_string(), tls, timeout)
        .await
        .map(|_| ())
}
