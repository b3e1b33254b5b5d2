//! The simulated cluster: a Kubernetes API server over HTTPS on loopback,
//! with its own PKI, scenarios and small controllers (see docs/architecture.md).
//!
//! Request path: `server` (TLS, auth, faults) → `api` (routing) →
//! `discovery` / `health` / resource verbs on `objects::store`, `watch`,
//! `eviction`; `controllers` react to every change and to time passing.

pub mod api;
pub mod controllers;
pub mod discovery;
pub mod disruption;
pub mod etcd;
pub mod eviction;
pub mod faults;
pub mod forbid;
pub mod health;
pub mod http;
pub mod kubeconfig;
pub mod load;
pub mod objects;
pub mod openapi;
pub mod proto;
pub mod requests;
pub mod route;
pub mod run;
pub mod scenarios;
pub mod scheduler;
pub mod server;
pub mod state;
pub mod table;
pub mod tls;
pub mod watch;

pub use run::{RunningSim, start};
