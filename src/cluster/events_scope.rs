//! Where the console reads Events from: every namespace when the user may
//! list them cluster-wide, else the namespace of the context (a user with
//! a namespaced Role still sees what happens there). The scope is reported
//! before the first event, so the events view can say which it shows.

use std::time::Duration;

use kube::api::{Api, ListParams};

use super::Report;
use super::slim::events::SlimEvent;
use super::store::delta::WireKey;
use super::store::kinds::{Event, Kind};
use super::watch::{To, watch_kind};

/// How long the probe of the cluster-wide list may take before kon reads
/// cluster-wide anyway (and the watch says what fails).
const PROBE: Duration = Duration::from_secs(10);

/// Whether `result` (of a cluster-wide list) says the user may not list
/// Events in every namespace.
fn forbidden<T>(result: &Result<Result<T, kube::Error>, tokio::time::error::Elapsed>) -> bool {
    matches!(result, Ok(Err(kube::Error::Api(s))) if s.code == 403)
}

/// Watches Events cluster-wide, or in `namespace` when listing them
/// cluster-wide is forbidden, after reporting which.
pub async fn watch_events(client: kube::Client, namespace: String, to: To) {
    let all: Api<SlimEvent> = Api::all(client.clone());
    let probe = tokio::time::timeout(PROBE, all.list_metadata(&ListParams::default().limit(1))).await;
    let (api, only) = if forbidden(&probe) {
        tracing::info!(
            namespace,
            "events: forbidden cluster-wide, reading the context's namespace"
        );
        (Api::namespaced(client, &namespace), Some(namespace))
    } else {
        (all, None)
    };
    let scope = Report::EventsScope {
        generation: to.generation,
        namespace: only,
    };
    if to.tx.send(scope).await.is_err() {
        return;
    }
    let key = |e: &SlimEvent| -> WireKey<SlimEvent> {
        (
            e.metadata.namespace.clone().unwrap_or_default(),
            e.metadata.name.clone().unwrap_or_default(),
        )
    };
    let q = Kind::Events.query();
    watch_kind(
        api,
        (q.labels, q.fields),
        Kind::Events,
        key,
        Event::ClusterEvent,
        to,
    )
    .await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_403_narrows_the_scope() {
        let status = |code| {
            let s = kube::core::Status::failure("events is forbidden", "Forbidden").with_code(code);
            Ok::<Result<(), kube::Error>, tokio::time::error::Elapsed>(Err(kube::Error::Api(s.boxed())))
        };
        assert!(forbidden(&status(403)));
        assert!(!forbidden(&status(500)));
        assert!(!forbidden(&Ok::<Result<(), kube::Error>, _>(Ok(()))));
    }
}
