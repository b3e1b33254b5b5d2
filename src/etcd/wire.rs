//! etcd's gRPC-gateway JSON: the fields kon reads of `Status`,
//! `MemberList`, `Alarm` and error answers. The gateway writes 64-bit
//! integers as strings, leaves out zero values, and names enums.

use serde::{Deserialize, Deserializer, Serialize};

/// A uint64 as the gateway writes it: a string (or a number).
fn u64_text<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum N {
        S(String),
        N(u64),
    }
    match N::deserialize(d)? {
        N::N(n) => Ok(n),
        N::S(s) => s.parse().map_err(serde::de::Error::custom),
    }
}

fn ser_text<S: serde::Serializer>(n: &u64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&n.to_string())
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct Header {
    #[serde(default, deserialize_with = "u64_text", serialize_with = "ser_text")]
    pub member_id: u64,
}

/// `POST /v3/maintenance/status`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    #[serde(default)]
    pub header: Header,
    #[serde(default)]
    pub version: String,
    #[serde(default, deserialize_with = "u64_text", serialize_with = "ser_text")]
    pub db_size: u64,
    #[serde(default, deserialize_with = "u64_text", serialize_with = "ser_text")]
    pub db_size_in_use: u64,
    /// The leader's member ID; 0: no leader.
    #[serde(default, deserialize_with = "u64_text", serialize_with = "ser_text")]
    pub leader: u64,
    #[serde(default, deserialize_with = "u64_text", serialize_with = "ser_text")]
    pub raft_index: u64,
    #[serde(default, deserialize_with = "u64_text", serialize_with = "ser_text")]
    pub raft_term: u64,
    #[serde(default, deserialize_with = "u64_text", serialize_with = "ser_text")]
    pub raft_applied_index: u64,
    #[serde(default)]
    pub errors: Vec<String>,
    #[serde(default)]
    pub is_learner: bool,
}

/// One member of `POST /v3/cluster/member/list`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    #[serde(
        rename = "ID",
        default,
        deserialize_with = "u64_text",
        serialize_with = "ser_text"
    )]
    pub id: u64,
    /// Empty for a member added but not started yet.
    #[serde(default)]
    pub name: String,
    #[serde(rename = "clientURLs", default)]
    pub client_urls: Vec<String>,
    #[serde(default)]
    pub is_learner: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct MemberList {
    #[serde(default)]
    pub members: Vec<Member>,
}

/// One active alarm of `POST /v3/maintenance/alarm` (`{"action":"GET"}`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Alarm {
    #[serde(
        rename = "memberID",
        default,
        deserialize_with = "u64_text",
        serialize_with = "ser_text"
    )]
    pub member_id: u64,
    /// `NOSPACE`, `CORRUPT` (a number from another encoder is kept as text).
    #[serde(default, deserialize_with = "alarm_name")]
    pub alarm: String,
}

fn alarm_name<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => s,
        serde_json::Value::Number(n) => match n.as_u64() {
            Some(0) => "NONE".into(),
            Some(1) => "NOSPACE".into(),
            Some(2) => "CORRUPT".into(),
            _ => n.to_string(),
        },
        other => other.to_string(),
    })
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct AlarmList {
    #[serde(default)]
    pub alarms: Vec<Alarm>,
}

/// The gateway's error answer (`{"error": …, "message": …, "code": N}`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct GatewayError {
    #[serde(default)]
    pub error: String,
    #[serde(default)]
    pub message: String,
}

/// The text of a non-2xx answer: the gateway's message, else the body.
pub fn error_text(status: u16, body: &[u8]) -> String {
    match serde_json::from_slice::<GatewayError>(body) {
        Ok(e) if !e.message.is_empty() => e.message,
        Ok(e) if !e.error.is_empty() => e.error,
        _ => {
            let text = String::from_utf8_lossy(body);
            let text = text.trim();
            if text.is_empty() {
                format!("HTTP {status}")
            } else {
                format!("HTTP {status}: {}", text.chars().take(200).collect::<String>())
            }
        }
    }
}

#[cfg(test)]
#[path = "wire_tests.rs"]
mod tests;
