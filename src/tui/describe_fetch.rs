//! The describe view's worker: reads one object through the API (the
//! lower module redacts Secret values and words the errors like kubectl)
//! and reports it as `Msg::Described`.

use tokio::sync::mpsc;

use crate::app::Msg;
use crate::cluster::ObjectRef;
use crate::describe::fetch;

/// Reads `target` and sends what came back for read `request`.
pub async fn run(client: kube::Client, request: u64, target: ObjectRef, tx: mpsc::Sender<Msg>) {
    let result = fetch::fetch(client, &target, fetch::TIMEOUT).await;
    let _ = tx.send(Msg::Described { request, result }).await;
}
