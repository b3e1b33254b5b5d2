//! Polls the API server's `/readyz?verbose` and `/livez?verbose` every few
//! seconds (the only polling kon does; everything else is watched) and
//! reports the raw answers.

use std::time::Duration;

use tokio::sync::mpsc::Sender;

use super::Report;

const EVERY: Duration = Duration::from_secs(5);
const TIMEOUT: Duration = Duration::from_secs(10);

/// The body of `/{endpoint}?verbose`, whether the server says healthy (200)
/// or not (500: the body lists the failing checks); `Err` when there is no
/// usable answer at all.
pub async fn fetch(client: &kube::Client, endpoint: &str) -> Result<String, String> {
    let req = http::Request::get(format!("/{endpoint}?verbose"))
        .body(Vec::new())
        .map_err(|e| e.to_string())?;
    match tokio::time::timeout(TIMEOUT, client.request_text(req)).await {
        Err(_) => Err(format!("no answer within {}s", TIMEOUT.as_secs())),
        Ok(Ok(body)) => Ok(body),
        // A failing check answers 500 with the verbose listing as its body.
        Ok(Err(kube::Error::Api(s))) if s.code == 500 && s.message.contains("check failed") => Ok(s.message),
        Ok(Err(e)) => Err(crate::errors::chain(&e)),
    }
}

/// Polls both endpoints until the receiver is gone: every 5 s while they
/// answer, with backoff (5 s doubling to 30 s, jitter) while they do not.
pub async fn run(client: kube::Client, generation: u64, tx: Sender<Report>) {
    let mut backoff = super::retry::Backoff::new(EVERY, super::retry::MAX_WAIT, super::retry::seed());
    loop {
        let mut answered = true;
        for endpoint in ["readyz", "livez"] {
            let result = fetch(&client, endpoint).await;
            answered &= result.is_ok();
            if tx
                .send(Report::Health {
                    generation,
                    endpoint,
                    result,
                })
                .await
                .is_err()
            {
                return;
            }
        }
        let wait = if answered {
            backoff.reset(EVERY);
            EVERY
        } else {
            backoff.wait(None)
        };
        tokio::time::sleep(wait).await;
    }
}
