//! kubectl's words for the failures a fleet row shows that kube-rs words
//! its own way: a refused connection and a failing exec plugin.

/// `raw` (kube-rs's text) as kubectl says it, when kon knows how;
/// `server` the context's server, `exec` its user's exec command, if any.
pub fn kubectl_words(raw: &str, server: Option<&str>, exec: Option<&str>) -> String {
    if raw.contains("Connection refused")
        && let Some(host) = server.map(host_port)
    {
        return format!(
            "The connection to the server {host} was refused - did you specify the right host or port?"
        );
    }
    if let Some(cmd) = exec
        && raw.contains("auth exec command")
    {
        let code = (raw.split("exit status: ").nth(1))
            .and_then(|s| s.split(|c: char| !c.is_ascii_digit()).next())
            .filter(|s| !s.is_empty());
        return match code {
            Some(code) => format!("getting credentials: exec: executable {cmd} failed with exit code {code}"),
            None => format!("getting credentials: exec: executable {cmd} failed"),
        };
    }
    raw.to_string()
}

/// `127.0.0.1:9` of `https://127.0.0.1:9/path`.
fn host_port(server: &str) -> &str {
    let rest = server.split_once("://").map_or(server, |(_, r)| r);
    rest.split('/').next().unwrap_or(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_and_exec_failures_read_as_kubectl() {
        assert_eq!(
            kubectl_words(
                "client error (Connect): tcp connect error: Connection refused (os error 111)",
                Some("https://127.0.0.1:9"),
                None
            ),
            "The connection to the server 127.0.0.1:9 was refused - did you specify the right host or port?"
        );
        let raw = "auth error: auth exec command '\"/bin/false\"' failed with status exit status: 1: Output { status: ExitStatus(unix_wait_status(256)) }";
        assert_eq!(
            kubectl_words(raw, Some("https://x"), Some("/bin/false")),
            "getting credentials: exec: executable /bin/false failed with exit code 1"
        );
        // Anything else is left as it was said.
        assert_eq!(
            kubectl_words("Error from server (Forbidden): x", None, Some("aws")),
            "Error from server (Forbidden): x"
        );
    }
}
