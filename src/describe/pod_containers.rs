//! A Pod's containers (init, regular, ephemeral) described: image, state
//! and last state (reason, exit code, started, finished), restarts,
//! requests and limits, probes, environment (values from Secrets shown as
//! references, never read), mounts.

use serde_json::Value;

use super::Line;
use super::layout::{field, heading, list, plain, s, text, when};

/// The `title` section for the containers in `spec.<spec_key>`, with
/// their statuses from `status.<status_key>`; nothing when there are none
/// (except for regular containers).
pub fn section(v: &Value, title: &str, spec_key: &str, status_key: &str, now: i64) -> Vec<Line> {
    let specs = list(v, &format!("/spec/{spec_key}"));
    if specs.is_empty() && spec_key != "containers" {
        return vec![];
    }
    let statuses = list(v, &format!("/status/{status_key}"));
    let mut out = vec![heading(0, title)];
    for c in specs {
        let name = s(c, "/name");
        let st = statuses.iter().find(|st| s(st, "/name") == name);
        out.push(heading(2, name));
        out.push(field(4, "Image", s(c, "/image"), "text"));
        if let Some(ports) = ports(c) {
            out.push(field(4, "Ports", ports, "text"));
        }
        match st {
            Some(st) => {
                out.extend(state(st, "/state", "State", now));
                if st
                    .pointer("/lastState")
                    .and_then(Value::as_object)
                    .is_some_and(|m| !m.is_empty())
                {
                    out.extend(state(st, "/lastState", "Last State", now));
                }
                let ready = text(st, "/ready");
                let scope = if ready == "true" { "ok" } else { "warn" };
                out.push(field(4, "Ready", capital(&ready), scope));
                let restarts = text(st, "/restartCount");
                let scope = if restarts.is_empty() || restarts == "0" {
                    "text"
                } else {
                    "warn"
                };
                out.push(field(4, "Restart Count", restarts, scope));
            }
            None => out.push(field(4, "State", "(no status reported yet)", "muted")),
        }
        out.extend(resources(c, "requests", "Requests"));
        out.extend(resources(c, "limits", "Limits"));
        for (key, label) in [
            ("livenessProbe", "Liveness"),
            ("readinessProbe", "Readiness"),
            ("startupProbe", "Startup"),
        ] {
            if let Some(p) = c.get(key) {
                out.push(field(4, label, probe(p), "text"));
            }
        }
        out.extend(env(c));
        out.extend(mounts(c));
    }
    out
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn ports(c: &Value) -> Option<String> {
    let ports: Vec<String> = list(c, "/ports")
        .iter()
        .map(|p| {
            let proto = match s(p, "/protocol") {
                "" => "TCP",
                x => x,
            };
            let name = s(p, "/name");
            let base = format!("{}/{proto}", text(p, "/containerPort"));
            if name.is_empty() {
                base
            } else {
                format!("{base} ({name})")
            }
        })
        .collect();
    (!ports.is_empty()).then(|| ports.join(", "))
}

/// `State:  Running` and its details, or Waiting / Terminated with theirs.
fn state(st: &Value, pointer: &str, label: &str, now: i64) -> Vec<Line> {
    let Some(m) = st.pointer(pointer).and_then(Value::as_object) else {
        return vec![field(4, label, "", "text")];
    };
    let Some((which, d)) = m.iter().next() else {
        return vec![field(4, label, "", "text")];
    };
    let mut out = Vec::new();
    match which.as_str() {
        "running" => {
            out.push(field(4, label, "Running", "ok"));
            out.push(field(6, "Started", when(s(d, "/startedAt"), now), "text"));
        }
        "waiting" => {
            out.push(field(4, label, "Waiting", "warn"));
            out.push(field(6, "Reason", s(d, "/reason"), "warn"));
            let msg = s(d, "/message");
            if !msg.is_empty() {
                out.push(field(6, "Message", msg, "warn"));
            }
        }
        "terminated" => {
            let code = text(d, "/exitCode");
            let reason = s(d, "/reason");
            let bad = code != "0" || reason == "OOMKilled";
            let scope = if bad { "crit" } else { "text" };
            out.push(field(4, label, "Terminated", scope));
            out.push(field(6, "Reason", reason, scope));
            let msg = s(d, "/message");
            if !msg.is_empty() {
                out.push(field(6, "Message", msg, "text"));
            }
            out.push(field(6, "Exit Code", code, scope));
            let signal = text(d, "/signal");
            if !signal.is_empty() {
                out.push(field(6, "Signal", signal, "text"));
            }
            out.push(field(6, "Started", when(s(d, "/startedAt"), now), "text"));
            out.push(field(6, "Finished", when(s(d, "/finishedAt"), now), "text"));
        }
        other => out.push(field(4, label, capital(other), "text")),
    }
    out
}

fn resources(c: &Value, key: &str, label: &str) -> Vec<Line> {
    let Some(m) = c
        .pointer(&format!("/resources/{key}"))
        .and_then(Value::as_object)
        .filter(|m| !m.is_empty())
    else {
        return vec![];
    };
    let mut out = vec![heading(4, label)];
    out.extend(m.iter().map(|(k, v)| {
        field(
            6,
            k,
            v.as_str().map_or_else(|| v.to_string(), str::to_string),
            "text",
        )
    }));
    out
}

/// kubectl's one-line probe: `http-get http://:8080/healthz delay=0s
/// timeout=1s period=10s #success=1 #failure=3`.
fn probe(p: &Value) -> String {
    let how = if let Some(h) = p.get("httpGet") {
        let scheme = s(h, "/scheme").to_ascii_lowercase();
        let scheme = if scheme.is_empty() {
            "http".to_string()
        } else {
            scheme
        };
        format!(
            "http-get {scheme}://{}:{}{}",
            s(h, "/host"),
            text(h, "/port"),
            s(h, "/path")
        )
    } else if let Some(t) = p.get("tcpSocket") {
        format!("tcp-socket :{}", text(t, "/port"))
    } else if let Some(e) = p.get("exec") {
        let cmd: Vec<&str> = list(e, "/command").iter().filter_map(Value::as_str).collect();
        format!("exec [{}]", cmd.join(" "))
    } else if let Some(g) = p.get("grpc") {
        format!("grpc <pod>:{}", text(g, "/port"))
    } else {
        "unknown".to_string()
    };
    let num = |k: &str, d: &str| {
        let t = text(p, &format!("/{k}"));
        if t.is_empty() { d.to_string() } else { t }
    };
    format!(
        "{how} delay={}s timeout={}s period={}s #success={} #failure={}",
        num("initialDelaySeconds", "0"),
        num("timeoutSeconds", "1"),
        num("periodSeconds", "10"),
        num("successThreshold", "1"),
        num("failureThreshold", "3")
    )
}

/// Each variable: its literal value, or where it comes from (a Secret's
/// key is named, never read).
fn env(c: &Value) -> Vec<Line> {
    let vars = list(c, "/env");
    let from = list(c, "/envFrom");
    let mut out = Vec::new();
    if vars.is_empty() {
        out.push(field(4, "Environment", "", "text"));
    } else {
        out.push(heading(4, "Environment"));
    }
    for e in vars {
        let name = s(e, "/name");
        let (value, scope) = match e.get("valueFrom") {
            Some(f) => (value_from(f), "info"),
            None => (text(e, "/value"), "text"),
        };
        out.push(vec![(format!("      {name}:  "), "muted"), (value, scope)]);
    }
    if !from.is_empty() {
        out.push(heading(4, "Environment From"));
        for f in from {
            let prefix = s(f, "/prefix");
            let prefix = if prefix.is_empty() {
                String::new()
            } else {
                format!(" (prefix {prefix})")
            };
            let (kind, src) = if let Some(x) = f.get("secretRef") {
                ("Secret", x)
            } else if let Some(x) = f.get("configMapRef") {
                ("ConfigMap", x)
            } else {
                continue;
            };
            out.push(plain(6, format!("{}  {kind}{prefix}", s(src, "/name")), "info"));
        }
    }
    out
}

fn value_from(f: &Value) -> String {
    if let Some(r) = f.get("secretKeyRef") {
        format!(
            "<set to the key '{}' in secret '{}'>",
            s(r, "/key"),
            s(r, "/name")
        )
    } else if let Some(r) = f.get("configMapKeyRef") {
        format!(
            "<set to the key '{}' of config map '{}'>",
            s(r, "/key"),
            s(r, "/name")
        )
    } else if let Some(r) = f.get("fieldRef") {
        format!("({}:{})", s(r, "/apiVersion"), s(r, "/fieldPath"))
    } else if let Some(r) = f.get("resourceFieldRef") {
        format!("{} ({})", s(r, "/resource"), s(r, "/containerName"))
    } else {
        "<set from a source kon does not know>".to_string()
    }
}

fn mounts(c: &Value) -> Vec<Line> {
    let ms = list(c, "/volumeMounts");
    if ms.is_empty() {
        return vec![field(4, "Mounts", "", "text")];
    }
    let mut out = vec![heading(4, "Mounts")];
    for m in ms {
        let ro = if m.get("readOnly").and_then(Value::as_bool) == Some(true) {
            "ro"
        } else {
            "rw"
        };
        let sub = s(m, "/subPath");
        let sub = if sub.is_empty() {
            String::new()
        } else {
            format!(", path \"{sub}\"")
        };
        out.push(plain(
            6,
            format!("{} from {} ({ro}{sub})", s(m, "/mountPath"), s(m, "/name")),
            "text",
        ));
    }
    out
}
