//! The state of the connection to the API server, as the probe reports it
//! and the header shows it.

/// The state of the connection to the API server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Connection {
    /// No context to connect to (no kubeconfig, or it names none).
    NoContext(String),
    Connecting,
    Connected {
        version: String,
    },
    Unreachable(String),
    /// A request has gone unanswered for `secs` seconds (the server may
    /// hang: its watches go quiet rather than fail).
    NoAnswer {
        secs: u64,
    },
}

impl Connection {
    /// A short label for the header, readable without colour.
    pub fn label(&self) -> String {
        match self {
            Connection::NoContext(_) => "✖ no context".into(),
            Connection::Connecting => "… connecting".into(),
            Connection::Connected { version } => format!("✔ connected {version}"),
            Connection::Unreachable(_) => "✖ unreachable".into(),
            Connection::NoAnswer { secs } if *secs < 10 => format!("▲ no answer for {secs}s"),
            Connection::NoAnswer { secs } => format!("✖ no answer for {secs}s"),
        }
    }

    /// The theme scope that colours the label.
    pub fn scope(&self) -> &'static str {
        match self {
            Connection::Connected { .. } => "ok",
            Connection::Connecting => "muted",
            Connection::NoAnswer { secs } if *secs < 10 => "warn",
            Connection::NoAnswer { .. } => "crit",
            Connection::NoContext(_) | Connection::Unreachable(_) => "crit",
        }
    }
}
