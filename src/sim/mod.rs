//! The simulated cluster: a Kubernetes API server over HTTPS on loopback,
//! with its own PKI, scenarios and small controllers (see docs/architecture.md).
//!
//! Request path: `server` (TLS, auth, faults) → `api` (routing) →
//! `discovery` / `health` / `pod_logs` / resource verbs on `objects::store`, `watch`,
//! `eviction`; `controllers` react to every change and to time passing.

pub mod api;
pub mod churn;
pub mod controllers;
pub mod deletion;
pub mod discovery;
pub mod disruption;
pub mod etcd;
pub mod events;
pub mod events_api;
pub mod eviction;
pub mod faults;
pub mod forbid;
pub mod health;
pub mod http;
pub mod kubeconfig;
pub mod kubectl_extras;
pub mod kubelet;
pub mod load;
pub mod objects;
pub mod openapi;
pub mod pod_logs;
pub mod pod_logs_decl;
pub mod pod_logs_options;
pub mod pod_logs_stream;
pub mod printers;
pub mod process_age;
pub mod proto;
pub mod recorder;
pub mod requests;
pub mod rollout;
pub mod rollout_conditions;
pub mod route;
pub mod run;
pub mod scale;
pub mod scenarios;
pub mod scheduler;
pub mod scheduler_fit;
pub mod scheduler_node;
pub mod server;
pub mod state;
pub mod table;
pub mod tls;
pub mod watch;

pub use run::{RunningSim, start};
