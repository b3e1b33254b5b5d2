//! The connection probe: asks the API server for `/version` and reports the
//! connection state as messages, re-checking while the console runs. A
//! request left unanswered for a few seconds shows at once, counting each
//! second ("no answer for 4s"): a hung server looks connected otherwise.

use std::future::Future;
use std::time::Duration;

use tokio::sync::mpsc::Sender;
use tokio::time::Instant;

use super::retry::{self, Backoff};
use super::{Connection, Report};

const TIMEOUT: Duration = Duration::from_secs(10);
/// A request unanswered this long is reported as "no answer".
pub const SLOW: Duration = Duration::from_secs(3);
/// While connected: a server that stops answering shows within
/// `RECHECK + SLOW` (its watches may hang rather than fail).
const RECHECK: Duration = Duration::from_secs(2);
/// While unreachable: the first wait, doubled up to `RETRY_MAX`, with jitter.
const RETRY_FIRST: Duration = Duration::from_secs(1);
const RETRY_MAX: Duration = Duration::from_secs(10);

/// One probe: the server's version, or why it could not be reached.
pub async fn probe_once(client: &kube::Client) -> Connection {
    match tokio::time::timeout(TIMEOUT, client.apiserver_version()).await {
        Ok(Ok(info)) => Connection::Connected {
            version: info.git_version,
        },
        Ok(Err(e)) => Connection::Unreachable(crate::errors::chain(&e)),
        Err(_) => Connection::Unreachable(format!("no answer within {}s", TIMEOUT.as_secs())),
    }
}

/// How a watched request ended.
#[derive(Debug)]
enum Waited<T> {
    Answer(T),
    TimedOut,
    /// The console is gone.
    Gone,
}

/// Awaits `request` for at most [`TIMEOUT`]. Once the server has not
/// answered for [`SLOW`] (counted from `since`: earlier requests may have
/// gone unanswered too), reports `NoAnswer` every second.
async fn awaited<T>(request: impl Future<Output = T>, since: Instant, tx: &Sender<Report>) -> Waited<T> {
    tokio::pin!(request);
    let deadline = Instant::now() + TIMEOUT;
    let mut report = since + SLOW;
    loop {
        tokio::select! {
            biased;
            r = &mut request => return Waited::Answer(r),
            () = tokio::time::sleep_until(deadline) => return Waited::TimedOut,
            () = tokio::time::sleep_until(report) => {
                let secs = since.elapsed().as_secs();
                if tx.send(Report::Connection(Connection::NoAnswer { secs })).await.is_err() {
                    return Waited::Gone;
                }
                report = Instant::now() + Duration::from_secs(1);
            }
        }
    }
}

/// Probes until the receiver is gone: every 2 s while connected, with
/// backoff (1 s doubling to 10 s) while unreachable.
pub async fn run(client: kube::Client, tx: Sender<Report>) {
    let mut backoff = Backoff::new(RETRY_FIRST, RETRY_MAX, retry::seed());
    // Since when the server has not answered (a request timed out and the
    // next one is waiting too).
    let mut quiet_since: Option<Instant> = None;
    loop {
        let since = quiet_since.unwrap_or_else(Instant::now);
        let state = match awaited(client.apiserver_version(), since, &tx).await {
            Waited::Gone => return,
            Waited::TimedOut => {
                tracing::warn!("probe: no answer within {}s", TIMEOUT.as_secs());
                quiet_since = Some(since);
                continue;
            }
            Waited::Answer(Ok(info)) => Connection::Connected {
                version: info.git_version,
            },
            Waited::Answer(Err(e)) => Connection::Unreachable(crate::errors::chain(&e)),
        };
        quiet_since = None;
        tracing::debug!(?state, "probe");
        let wait = if matches!(state, Connection::Connected { .. }) {
            backoff.reset(RETRY_FIRST);
            RECHECK
        } else {
            backoff.wait(None)
        };
        if tx.send(Report::Connection(state)).await.is_err() {
            return;
        }
        tokio::time::sleep(wait).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `NoAnswer` seconds reported while `request` is awaited.
    async fn reports<T>(request: impl Future<Output = T>, since: Instant) -> (Vec<u64>, Waited<T>) {
        let (tx, mut rx) = tokio::sync::mpsc::channel(64);
        let waited = awaited(request, since, &tx).await;
        drop(tx);
        let mut secs = Vec::new();
        while let Some(m) = rx.recv().await {
            match m {
                Report::Connection(Connection::NoAnswer { secs: s }) => secs.push(s),
                other => panic!("unexpected {other:?}"),
            }
        }
        (secs, waited)
    }

    #[tokio::test(start_paused = true)]
    async fn a_hung_request_says_no_answer_each_second_until_its_timeout() {
        let (secs, waited) = reports(std::future::pending::<()>(), Instant::now()).await;
        assert_eq!(secs, vec![3, 4, 5, 6, 7, 8, 9]);
        assert!(matches!(waited, Waited::TimedOut));
        // The next request goes on counting from the first one.
        let since = Instant::now() - TIMEOUT;
        let (secs, _) = reports(std::future::pending::<()>(), since).await;
        assert_eq!(secs.first(), Some(&10), "{secs:?}");
        assert_eq!(secs.last(), Some(&19), "{secs:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn a_prompt_answer_says_nothing_of_waiting() {
        let answer = async {
            tokio::time::sleep(Duration::from_millis(2500)).await;
            7
        };
        let (secs, waited) = reports(answer, Instant::now()).await;
        assert!(secs.is_empty(), "{secs:?}");
        assert!(matches!(waited, Waited::Answer(7)));
    }

    #[tokio::test]
    async fn refused_connection_says_why() {
        // A port nothing listens on: bind, learn the port, close.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut config = kube::Config::new(format!("http://127.0.0.1:{port}").parse().unwrap());
        config.connect_timeout = Some(Duration::from_secs(2));
        let client = kube::Client::try_from(config).unwrap();
        match probe_once(&client).await {
            Connection::Unreachable(why) => assert!(why.to_lowercase().contains("refused"), "{why}"),
            other => panic!("expected unreachable, got {other:?}"),
        }
    }
}
