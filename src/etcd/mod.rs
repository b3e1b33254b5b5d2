//! etcd, live: what kon reads from the etcd members themselves (status,
//! members, alarms, a linearizable health read), through etcd's gRPC
//! gateway — HTTP/JSON on the client port (`POST /v3/...`), served by
//! default since etcd 3.4. No protoc, no tonic: the same rustls kon uses
//! for the API server, and a simulator that answers over the HTTP it
//! already serves.
//!
//! - [`resolve`]: where the endpoints, the credentials and the quota come
//!   from (flags, config.toml, kubeadm's manifest and PKI) — pure.
//! - [`wire`]: the gateway's JSON (int64 as strings).
//! - [`client`]: one poll of every endpoint, concurrently, each request
//!   under a timeout.

pub mod client;
pub mod connect;
pub mod defrag;
pub mod defrag_io;
pub mod mirror;
pub mod resolve;
pub mod snapshot;
pub mod snapshot_io;
pub mod wire;

/// What one endpoint answered in one poll.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointAnswer {
    /// The endpoint's URL, as configured or learned from the member list.
    pub endpoint: String,
    pub status: Result<wire::Status, String>,
    /// The latency of a linearizable read (milliseconds), or why it failed.
    pub health: Result<u64, String>,
    pub members: Result<Vec<wire::Member>, String>,
    pub alarms: Result<Vec<wire::Alarm>, String>,
}

/// One poll of every endpoint: what the workers report.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Observation {
    pub answers: Vec<EndpointAnswer>,
    /// Why no endpoint could be asked at all (credentials unreadable).
    pub problem: Option<String>,
}

impl Observation {
    /// The member list of the first endpoint that gave one.
    pub fn members(&self) -> Option<&[wire::Member]> {
        self.answers
            .iter()
            .find_map(|a| a.members.as_ref().ok().map(Vec::as_slice))
    }

    /// The alarm list of the first endpoint that gave one.
    pub fn alarms(&self) -> Option<&[wire::Alarm]> {
        self.answers
            .iter()
            .find_map(|a| a.alarms.as_ref().ok().map(Vec::as_slice))
    }
}
