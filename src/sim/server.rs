//! The HTTPS listener: TLS with the sim's PKI, authentication by client
//! certificate or bearer token, injected faults, then the API.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::{Context as _, Result};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

use super::api;
use super::http::{Body, status_response};
use super::state::Sim;

/// Accepts connections until the task is aborted. Connections live in a
/// set owned by this future, so stopping the server closes them too (a
/// stopped cluster must look gone to keep-alive clients).
pub async fn serve(listener: TcpListener, sim: Arc<Sim>) -> Result<()> {
    let acceptor = TlsAcceptor::from(sim.pki.server_config().context("TLS configuration")?);
    let mut connections = tokio::task::JoinSet::new();
    let mut down = sim.down_changes();
    loop {
        tokio::select! {
            Ok(()) = down.changed() => {
                if *down.borrow() {
                    // Gone: every open connection (watches included) is cut.
                    connections.abort_all();
                }
            }
            accepted = listener.accept() => {
                let (tcp, peer) = match accepted {
                    Ok(c) => c,
                    Err(e) => {
                        tracing::warn!(error = %e, "accept failed");
                        continue;
                    }
                };
                sim.requests.connected();
                if sim.is_down() {
                    drop(tcp);
                    continue;
                }
                let _ = tcp.set_nodelay(true);
                let acceptor = acceptor.clone();
                let sim = sim.clone();
                connections.spawn(async move {
                    if let Err(e) = connection(tcp, peer, acceptor, sim).await {
                        tracing::debug!(%peer, error = %e, "connection ended with an error");
                    }
                });
            }
            Some(_) = connections.join_next() => {}
        }
    }
}

async fn connection(
    tcp: tokio::net::TcpStream,
    peer: SocketAddr,
    acceptor: TlsAcceptor,
    sim: Arc<Sim>,
) -> Result<()> {
    let tls = acceptor.accept(tcp).await.context("TLS handshake")?;
    let has_client_cert = tls.get_ref().1.peer_certificates().is_some_and(|c| !c.is_empty());
    let service = service_fn(move |req: Request<Incoming>| {
        let sim = sim.clone();
        async move { Ok::<_, std::convert::Infallible>(handle(sim, has_client_cert, req).await) }
    });
    http1::Builder::new()
        .keep_alive(true)
        .serve_connection(TokioIo::new(tls), service)
        .await
        .with_context(|| format!("serving {peer}"))
}

async fn handle(sim: Arc<Sim>, has_client_cert: bool, req: Request<Incoming>) -> Response<Body> {
    sim.requests
        .record(req.method().as_str(), req.uri().path(), req.uri().query());
    sim.wait_if_paused().await;
    let latency = sim.cluster.faults.latency_ms;
    if latency > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(latency)).await;
    }
    if !has_client_cert && !sim.token_ok(req.headers().get(hyper::header::AUTHORIZATION)) {
        return status_response(401, "Unauthorized", "Unauthorized");
    }
    let (parts, body) = req.into_parts();
    let body = match body.collect().await {
        Ok(b) => b.to_bytes(),
        Err(e) => return status_response(400, "BadRequest", &format!("reading the request body: {e}")),
    };
    tracing::debug!(method = %parts.method, uri = %parts.uri, "request");
    api::dispatch(&sim, &parts, body).await
}
