//! The worker over an in-memory kubeconfig whose one context's server
//! refuses connections: a round says Started, Probing, the row (marked
//! read-only under `--readonly`), Done, and starts again after `[fleet]
//! refresh`; a `[fleet] contexts` naming no context is said once.

use super::*;
use crate::config::settings::Settings;
use crate::kubeconfig::target::Selection;

fn switcher(contexts: &[&str]) -> Switcher {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let yaml = format!(
        "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:{port}\ncontexts:\n- name: lab\n  context:\n    cluster: c\n    user: u\nusers:\n- name: u\n  user:\n    token: t\n"
    );
    let mut settings = Settings::default();
    settings.fleet.refresh = 1;
    settings.fleet.contexts = contexts.iter().map(|c| c.to_string()).collect();
    Switcher {
        source: KubeconfigSource::InMemory(yaml),
        selection: Selection::default(),
        readonly_flag: true,
        settings,
        audit: None,
    }
}

async fn next(rx: &mut mpsc::Receiver<Msg>) -> (u64, FleetUpdate) {
    loop {
        match rx.recv().await.expect("the worker runs") {
            Msg::Fleet {
                update: FleetUpdate::Tick,
                ..
            } => continue,
            Msg::Fleet { session, update, .. } => return (session, update),
            other => panic!("{other:?}"),
        }
    }
}

#[tokio::test]
async fn a_round_streams_its_rows_and_starts_again_after_the_refresh() {
    let (tx, mut rx) = mpsc::channel(64);
    let mut w = FleetWorker::default();
    w.start(Some(switcher(&[])), 7, tx);
    for round in 0..2 {
        let (session, started) = next(&mut rx).await;
        assert_eq!(session, 7);
        match started {
            FleetUpdate::Started { contexts, .. } => assert_eq!(contexts[0].0, "lab"),
            other => panic!("round {round}: {other:?}"),
        }
        assert_eq!(next(&mut rx).await.1, FleetUpdate::Probing("lab".into()));
        match next(&mut rx).await.1 {
            FleetUpdate::Probed(row) => {
                assert!(
                    row.error.as_deref().is_some_and(|e| e.contains("was refused")),
                    "{row:?}"
                );
                assert!(row.readonly, "--readonly covers every context");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(next(&mut rx).await.1, FleetUpdate::Done);
    }
    w.stop();
}

#[tokio::test]
async fn a_fleet_contexts_setting_that_names_nothing_is_said() {
    let (tx, mut rx) = mpsc::channel(64);
    let mut w = FleetWorker::default();
    w.start(Some(switcher(&["nope"])), 1, tx);
    assert_eq!(
        next(&mut rx).await.1,
        FleetUpdate::Failed("no context exists with the name: \"nope\"".into())
    );
    // Without a kubeconfig (no switcher): said too.
    let (tx, mut rx) = mpsc::channel(64);
    w.start(None, 2, tx);
    assert_eq!(
        next(&mut rx).await,
        (
            2,
            FleetUpdate::Failed("no kubeconfig to read contexts from".into())
        )
    );
}
