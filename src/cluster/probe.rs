//! The connection probe: asks the API server for `/version` and reports the
//! connection state as messages, re-checking while the console runs.

use std::time::Duration;

use tokio::sync::mpsc::Sender;

use crate::app::{Connection, Msg};

const TIMEOUT: Duration = Duration::from_secs(10);
/// While connected: often enough that a server that stops answering is
/// noticed within about 20 s (its watches may hang rather than fail).
const RECHECK: Duration = Duration::from_secs(10);
const RETRY: Duration = Duration::from_secs(5);

/// One probe: the server's version, or why it could not be reached.
pub async fn probe_once(client: &kube::Client) -> Connection {
    match tokio::time::timeout(TIMEOUT, client.apiserver_version()).await {
        Ok(Ok(info)) => Connection::Connected {
            version: info.git_version,
        },
        Ok(Err(e)) => Connection::Unreachable(error_chain(&e)),
        Err(_) => Connection::Unreachable(format!("no answer within {}s", TIMEOUT.as_secs())),
    }
}

/// Probes until the receiver is gone: every few seconds while unreachable,
/// less often once connected.
pub async fn run(client: kube::Client, tx: Sender<Msg>) {
    loop {
        let state = probe_once(&client).await;
        tracing::debug!(?state, "probe");
        let wait = if matches!(state, Connection::Connected { .. }) {
            RECHECK
        } else {
            RETRY
        };
        if tx.send(Msg::Connection(state)).await.is_err() {
            return;
        }
        tokio::time::sleep(wait).await;
    }
}

/// An error and its sources on one line, each part once, an API error in
/// kubectl's words: see [`crate::errors::chain`].
pub fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    crate::errors::chain(e)
}

#[cfg(test)]
mod tests {
    use super::*;

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
