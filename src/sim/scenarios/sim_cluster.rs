//! The `apiVersion: sim.kon/v1`, `kind: SimCluster` document: what a
//! simulated cluster needs that Kubernetes objects cannot say — version,
//! failing health checks, certificate lifetimes, faults, a generator for
//! large clusters and hints about custom kinds. Every field has a default;
//! unknown fields are refused.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::sim_time::{SimDuration, TimeSpec};

/// The `apiVersion` of the SimCluster document.
pub const SIM_API_VERSION: &str = "sim.kon/v1";
/// The `kind` of the SimCluster document.
pub const SIM_KIND: &str = "SimCluster";
/// The Kubernetes version served when the scenario names none.
pub const DEFAULT_KUBERNETES_VERSION: &str = "v1.35.0";

/// The SimCluster document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct SimCluster {
    /// Always `sim.kon/v1`.
    pub api_version: String,
    /// Always `SimCluster`.
    pub kind: String,
    /// Free-form metadata (e.g. a name); ignored by the server.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<serde_json::Value>,
    /// `gitVersion` served by `/version`, e.g. `v1.35.0`.
    pub kubernetes_version: String,
    /// Which `/livez` `/readyz` `/healthz` checks fail.
    pub health: Health,
    /// Lifetimes of the server's certificates and generated TLS Secrets.
    pub certificates: Certificates,
    /// Faults injected into the API.
    pub faults: Faults,
    /// Generated bulk objects, for clusters too large to write out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generate: Option<Generate>,
    /// How to serve custom kinds that no CustomResourceDefinition in the
    /// scenario declares (plural, scope). Usually unnecessary.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<KindHint>,
}

impl Default for SimCluster {
    fn default() -> Self {
        SimCluster {
            api_version: SIM_API_VERSION.to_owned(),
            kind: SIM_KIND.to_owned(),
            metadata: None,
            kubernetes_version: DEFAULT_KUBERNETES_VERSION.to_owned(),
            health: Health::default(),
            certificates: Certificates::default(),
            faults: Faults::default(),
            generate: None,
            kinds: Vec::new(),
        }
    }
}

/// A validation problem: the field path (keys, and list indexes as
/// numbers) and the message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// Keys from the document root to the offending field.
    pub path: Vec<String>,
    /// What is wrong.
    pub message: String,
}

fn field_err(path: &[&str], message: impl Into<String>) -> FieldError {
    FieldError {
        path: path.iter().map(|s| (*s).to_owned()).collect(),
        message: message.into(),
    }
}

impl SimCluster {
    /// Checks what serde cannot: value ranges, consistency, lifetimes
    /// (relative to `now`, Unix seconds).
    pub fn validate(&self, now: i64) -> Result<(), FieldError> {
        self.kubernetes_version_parts()
            .map_err(|m| field_err(&["kubernetesVersion"], m))?;
        self.health.validate()?;
        self.certificates.validate(now)?;
        self.faults.validate()?;
        if let Some(g) = &self.generate {
            g.validate()?;
        }
        for (i, hint) in self.kinds.iter().enumerate() {
            let index = i.to_string();
            if !hint.api_version.contains('/') {
                return Err(field_err(
                    &["kinds", &index, "apiVersion"],
                    format!(
                        "{:?} is not GROUP/VERSION: hints are for custom kinds",
                        hint.api_version
                    ),
                ));
            }
            if hint.kind.is_empty() {
                return Err(field_err(&["kinds", &index, "kind"], "kind must not be empty"));
            }
        }
        Ok(())
    }

    /// (major, minor, gitVersion) of `kubernetesVersion`, e.g. (1, 35) for
    /// `v1.35.0`; an error unless it reads `vMAJOR.MINOR.PATCH[-suffix]`.
    pub fn kubernetes_version_parts(&self) -> Result<(u32, u32), String> {
        let v = &self.kubernetes_version;
        let bad = || format!("kubernetesVersion {v:?} is not of the form v1.35.0");
        let rest = v.strip_prefix('v').ok_or_else(bad)?;
        let core = rest.split(['-', '+']).next().unwrap_or_default();
        let mut parts = core.split('.');
        let mut number = || -> Result<u32, String> {
            parts
                .next()
                .filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|p| p.parse().ok())
                .ok_or_else(bad)
        };
        let (major, minor, _patch) = (number()?, number()?, number()?);
        if parts.next().is_some() {
            return Err(bad());
        }
        Ok((major, minor))
    }
}

// ---------------------------------------------------------------- health

/// A health endpoint of the API server.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HealthEndpoint {
    /// `/livez`
    Livez,
    /// `/readyz`
    Readyz,
    /// `/healthz` (deprecated, still served)
    Healthz,
}

/// Checks of `/livez` (and `/healthz`), in the real server's order.
pub const LIVEZ_CHECKS: &[&str] = &[
    "ping",
    "log",
    "etcd",
    "poststarthook/start-apiserver-admission-initializer",
    "poststarthook/generic-apiserver-start-informers",
    "poststarthook/priority-and-fairness-config-consumer",
    "poststarthook/priority-and-fairness-filter",
    "poststarthook/storage-object-count-tracker-hook",
    "poststarthook/start-apiextensions-informers",
    "poststarthook/start-apiextensions-controllers",
    "poststarthook/crd-informer-synced",
    "poststarthook/start-system-namespaces-controller",
    "poststarthook/start-cluster-authentication-info-controller",
    "poststarthook/start-kube-apiserver-identity-lease-controller",
    "poststarthook/start-kube-apiserver-identity-lease-garbage-collector",
    "poststarthook/start-legacy-token-tracking-controller",
    "poststarthook/start-service-ip-repair-controllers",
    "poststarthook/rbac/bootstrap-roles",
    "poststarthook/scheduling/bootstrap-system-priority-classes",
    "poststarthook/priority-and-fairness-config-producer",
    "poststarthook/bootstrap-controller",
    "poststarthook/start-kubernetes-service-cidr-controller",
    "poststarthook/aggregator-reload-proxy-client-cert",
    "poststarthook/start-kube-aggregator-informers",
    "poststarthook/apiservice-status-local-available-controller",
    "poststarthook/apiservice-status-remote-available-controller",
    "poststarthook/apiservice-registration-controller",
    "poststarthook/apiservice-discovery-controller",
    "poststarthook/kube-apiserver-autoregistration",
    "autoregister-completion",
    "poststarthook/apiservice-openapi-controller",
    "poststarthook/apiservice-openapiv3-controller",
];

/// Checks `/readyz` adds to the `/livez` ones: `etcd-readiness` and
/// `informer-sync` after `etcd`, `shutdown` last.
pub const READYZ_EXTRA_CHECKS: &[&str] = &["etcd-readiness", "informer-sync", "shutdown"];

impl HealthEndpoint {
    /// The endpoint's path, e.g. `/readyz`.
    pub fn path(self) -> &'static str {
        match self {
            HealthEndpoint::Livez => "/livez",
            HealthEndpoint::Readyz => "/readyz",
            HealthEndpoint::Healthz => "/healthz",
        }
    }

    /// The checks the real server lists for this endpoint, in order.
    pub fn standard_checks(self) -> Vec<&'static str> {
        match self {
            HealthEndpoint::Livez | HealthEndpoint::Healthz => LIVEZ_CHECKS.to_vec(),
            HealthEndpoint::Readyz => {
                let mut checks = Vec::with_capacity(LIVEZ_CHECKS.len() + 3);
                for &c in LIVEZ_CHECKS {
                    checks.push(c);
                    if c == "etcd" {
                        checks.extend(["etcd-readiness", "informer-sync"]);
                    }
                }
                checks.push("shutdown");
                checks
            }
        }
    }
}

/// Which health checks fail.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Health {
    /// The failing checks; every other check passes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub failing: Vec<FailingCheck>,
}

/// One failing check.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FailingCheck {
    /// The check's name, e.g. `etcd` or `poststarthook/rbac/bootstrap-roles`.
    /// A name the real server does not have is added as an extra check.
    pub check: String,
    /// Where it fails; empty (the default) means every endpoint that has
    /// the check (an extra check: every endpoint).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub endpoints: Vec<HealthEndpoint>,
    /// Why, as the per-check path (`/readyz/etcd`) and the server log say
    /// it; the `?verbose` listing prints `reason withheld` like the real
    /// server. Default: `check failed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl Health {
    fn validate(&self) -> Result<(), FieldError> {
        for (i, f) in self.failing.iter().enumerate() {
            let index = i.to_string();
            let name = f.check.as_str();
            if name.is_empty() || name.contains(char::is_whitespace) {
                return Err(field_err(
                    &["health", "failing", &index, "check"],
                    format!(
                        "{name:?} is not a check name (e.g. etcd, informer-sync, poststarthook/rbac/bootstrap-roles)"
                    ),
                ));
            }
            if !f.endpoints.is_empty() {
                let known: Vec<HealthEndpoint> = [
                    HealthEndpoint::Livez,
                    HealthEndpoint::Readyz,
                    HealthEndpoint::Healthz,
                ]
                .into_iter()
                .filter(|e| e.standard_checks().contains(&name))
                .collect();
                let is_standard = !known.is_empty();
                if let Some(e) = f.endpoints.iter().find(|e| is_standard && !known.contains(e)) {
                    return Err(field_err(
                        &["health", "failing", &index, "endpoints"],
                        format!("the real server has no {name} check on {}", e.path()),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Every check `endpoint` lists, in order, with `Some(reason)` for the
    /// failing ones; extra (non-standard) failing checks come last.
    pub fn checks(&self, endpoint: HealthEndpoint) -> Vec<(String, Option<String>)> {
        let standard = endpoint.standard_checks();
        let mut out: Vec<(String, Option<String>)> = standard
            .iter()
            .map(|c| ((*c).to_owned(), self.failure(endpoint, c)))
            .collect();
        for f in &self.failing {
            if !standard.contains(&f.check.as_str())
                && !out.iter().any(|(n, _)| *n == f.check)
                && let Some(reason) = self.failure(endpoint, &f.check)
            {
                out.push((f.check.clone(), Some(reason)));
            }
        }
        out
    }

    /// The reason `check` fails on `endpoint`, or `None` when it passes.
    pub fn failure(&self, endpoint: HealthEndpoint, check: &str) -> Option<String> {
        self.failing
            .iter()
            .find(|f| f.check == check && (f.endpoints.is_empty() || f.endpoints.contains(&endpoint)))
            .map(|f| f.reason.clone().unwrap_or_else(|| "check failed".to_owned()))
    }
}

// ---------------------------------------------------------- certificates

/// Lifetimes of the certificates the simulated server presents and issues.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Certificates {
    /// The cluster CA (default: valid 10 years from an hour ago).
    pub ca: CertLifetime,
    /// The API server's serving certificate (default: 1 year).
    pub serving: CertLifetime,
    /// The client certificate written to the kubeconfig (default: 1 year).
    pub client: CertLifetime,
    /// `kubernetes.io/tls` Secrets whose `tls.crt`/`tls.key` the loader
    /// fills with a certificate issued by the cluster CA at load time.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub secrets: Vec<TlsSecretCert>,
}

/// When a certificate is valid. `notBefore` defaults to `notAfter -
/// validFor` when both of those are given, else to an hour before load;
/// `notAfter` defaults to `notBefore + validFor`; `validFor` defaults per
/// certificate (CA 10y, others 1y).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct CertLifetime {
    /// Start of validity: `now-30d` or RFC 3339.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_before: Option<TimeSpec>,
    /// End of validity: `now+10d` or RFC 3339.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_after: Option<TimeSpec>,
    /// Total lifetime, e.g. `365d`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_for: Option<SimDuration>,
}

/// Default lifetime of the CA.
pub const DEFAULT_CA_VALIDITY: SimDuration = SimDuration::from_secs(10 * 365 * 86_400);
/// Default lifetime of leaf certificates.
pub const DEFAULT_LEAF_VALIDITY: SimDuration = SimDuration::from_secs(365 * 86_400);

impl CertLifetime {
    /// (notBefore, notAfter) in Unix seconds, given the load time `now`.
    pub fn window(&self, now: i64, default_valid_for: SimDuration) -> Result<(i64, i64), String> {
        let valid_for = i64::try_from(self.valid_for.unwrap_or(default_valid_for).secs)
            .map_err(|_| "validFor is too large".to_owned())?;
        if valid_for == 0 {
            return Err("validFor must be longer than 0s".into());
        }
        let (not_before, not_after) = match (self.not_before, self.not_after) {
            (Some(b), Some(a)) => {
                if self.valid_for.is_some() {
                    return Err("give at most two of notBefore, notAfter and validFor".into());
                }
                (b.resolve(now), a.resolve(now))
            }
            (Some(b), None) => (b.resolve(now), b.resolve(now).saturating_add(valid_for)),
            (None, Some(a)) if self.valid_for.is_some() => {
                (a.resolve(now).saturating_sub(valid_for), a.resolve(now))
            }
            (None, Some(a)) => {
                let a = a.resolve(now);
                let b = now - 3_600;
                (if b < a { b } else { a.saturating_sub(valid_for) }, a)
            }
            (None, None) => (now - 3_600, (now - 3_600).saturating_add(valid_for)),
        };
        if not_before >= not_after {
            return Err("notBefore must be before notAfter".into());
        }
        Ok((not_before, not_after))
    }
}

/// A `kubernetes.io/tls` Secret whose certificate the loader generates.
/// The loader adds the Secret when the scenario does not hold it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TlsSecretCert {
    /// The Secret's namespace (default `default`).
    #[serde(default = "default_namespace")]
    pub namespace: String,
    /// The Secret's name.
    pub name: String,
    /// Subject common name (default: the first DNS name, else the Secret's name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub common_name: Option<String>,
    /// Subject alternative DNS names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dns_names: Vec<String>,
    /// Start of validity (see [`CertLifetime`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_before: Option<TimeSpec>,
    /// End of validity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_after: Option<TimeSpec>,
    /// Total lifetime (default 90d, as cert-manager/Let's Encrypt issue).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_for: Option<SimDuration>,
}

/// Default lifetime of generated TLS Secret certificates.
pub const DEFAULT_SECRET_VALIDITY: SimDuration = SimDuration::from_secs(90 * 86_400);

fn default_namespace() -> String {
    "default".to_owned()
}

impl TlsSecretCert {
    /// The lifetime fields as a [`CertLifetime`].
    pub fn lifetime(&self) -> CertLifetime {
        CertLifetime {
            not_before: self.not_before,
            not_after: self.not_after,
            valid_for: self.valid_for,
        }
    }

    /// The subject common name to use.
    pub fn subject(&self) -> &str {
        self.common_name
            .as_deref()
            .or(self.dns_names.first().map(String::as_str))
            .unwrap_or(&self.name)
    }

    /// (notBefore, notAfter) in Unix seconds.
    pub fn window(&self, now: i64) -> Result<(i64, i64), String> {
        self.lifetime().window(now, DEFAULT_SECRET_VALIDITY)
    }
}

impl Certificates {
    /// (notBefore, notAfter) of the CA.
    pub fn ca_window(&self, now: i64) -> Result<(i64, i64), String> {
        self.ca.window(now, DEFAULT_CA_VALIDITY)
    }
    /// (notBefore, notAfter) of the serving certificate.
    pub fn serving_window(&self, now: i64) -> Result<(i64, i64), String> {
        self.serving.window(now, DEFAULT_LEAF_VALIDITY)
    }
    /// (notBefore, notAfter) of the client certificate.
    pub fn client_window(&self, now: i64) -> Result<(i64, i64), String> {
        self.client.window(now, DEFAULT_LEAF_VALIDITY)
    }

    fn validate(&self, now: i64) -> Result<(), FieldError> {
        self.ca_window(now)
            .map_err(|m| field_err(&["certificates", "ca"], m))?;
        self.serving_window(now)
            .map_err(|m| field_err(&["certificates", "serving"], m))?;
        self.client_window(now)
            .map_err(|m| field_err(&["certificates", "client"], m))?;
        for (i, s) in self.secrets.iter().enumerate() {
            let index = i.to_string();
            if !is_dns_subdomain(&s.name) {
                return Err(field_err(
                    &["certificates", "secrets", &index, "name"],
                    format!("{:?} is not a valid Secret name", s.name),
                ));
            }
            if !is_dns_label(&s.namespace) {
                return Err(field_err(
                    &["certificates", "secrets", &index, "namespace"],
                    format!("{:?} is not a valid namespace name", s.namespace),
                ));
            }
            s.window(now)
                .map_err(|m| field_err(&["certificates", "secrets", &index], m))?;
            let duplicate = self
                .secrets
                .iter()
                .take(i)
                .any(|o| o.namespace == s.namespace && o.name == s.name);
            if duplicate {
                return Err(field_err(
                    &["certificates", "secrets", &index],
                    format!("Secret {}/{} is listed twice", s.namespace, s.name),
                ));
            }
        }
        Ok(())
    }
}

// ----------------------------------------------------------------- faults

/// Faults injected into the API, for tests.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Faults {
    /// Added to every API answer, in milliseconds.
    pub latency_ms: u64,
    /// Share of API requests (0..1) answered with `errorCode`.
    pub error_rate: f64,
    /// 500 (InternalError) or 503 (ServiceUnavailable).
    pub error_code: u16,
    /// Share of API requests (0..1) answered 429 TooManyRequests.
    pub too_many_requests_rate: f64,
    /// Watch streams are cut after this many seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub watch_cut_seconds: Option<u64>,
    /// Every this many seconds the history is compacted: a watch from an
    /// older resourceVersion answers 410 Gone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compact_every_seconds: Option<u64>,
    /// The first watch of each resource that names a resourceVersion
    /// answers 410 Gone (once per resource).
    pub force_gone: bool,
    /// Resources answering 403 Forbidden to every verb: `secrets` (core
    /// group) or `GROUP/RESOURCE` such as `velero.io/backups`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub forbidden: Vec<String>,
    /// The server accepts connections but answers nothing, for the whole run.
    pub paused: bool,
    /// Pause for this many seconds (starting `pauseAfterSeconds` after
    /// start), then answer normally again.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paused_seconds: Option<u64>,
    /// When the `pausedSeconds` pause begins, in seconds after start (default 0).
    pub pause_after_seconds: u64,
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            latency_ms: 0,
            error_rate: 0.0,
            error_code: 500,
            too_many_requests_rate: 0.0,
            watch_cut_seconds: None,
            compact_every_seconds: None,
            force_gone: false,
            forbidden: Vec::new(),
            paused: false,
            paused_seconds: None,
            pause_after_seconds: 0,
        }
    }
}

impl Faults {
    fn validate(&self) -> Result<(), FieldError> {
        for (name, rate) in [
            ("errorRate", self.error_rate),
            ("tooManyRequestsRate", self.too_many_requests_rate),
        ] {
            if !(0.0..=1.0).contains(&rate) {
                return Err(field_err(
                    &["faults", name],
                    format!("{rate} is not between 0 and 1"),
                ));
            }
        }
        if self.error_rate + self.too_many_requests_rate > 1.0 {
            return Err(field_err(
                &["faults", "tooManyRequestsRate"],
                "errorRate + tooManyRequestsRate must not exceed 1",
            ));
        }
        if !matches!(self.error_code, 500 | 503) {
            return Err(field_err(
                &["faults", "errorCode"],
                format!("{} is not 500 or 503", self.error_code),
            ));
        }
        for (name, v) in [
            ("watchCutSeconds", self.watch_cut_seconds),
            ("compactEverySeconds", self.compact_every_seconds),
        ] {
            if v == Some(0) {
                return Err(field_err(&["faults", name], "must be at least 1"));
            }
        }
        for (i, entry) in self.forbidden.iter().enumerate() {
            if let Err(m) = parse_forbidden(entry) {
                return Err(field_err(&["faults", "forbidden", &i.to_string()], m));
            }
        }
        Ok(())
    }

    /// The forbidden resources as (group, plural resource).
    pub fn forbidden_resources(&self) -> Vec<(String, String)> {
        self.forbidden
            .iter()
            .filter_map(|e| parse_forbidden(e).ok())
            .collect()
    }

    /// Whether requests on `resource` of `group` answer 403.
    pub fn is_forbidden(&self, group: &str, resource: &str) -> bool {
        self.forbidden
            .iter()
            .filter_map(|e| parse_forbidden(e).ok())
            .any(|(g, r)| g == group && r == resource)
    }

    /// Whether the server is paused `elapsed_secs` seconds after it started.
    pub fn paused_at(&self, elapsed_secs: u64) -> bool {
        if self.paused {
            return true;
        }
        match self.paused_seconds {
            Some(len) => {
                elapsed_secs >= self.pause_after_seconds && elapsed_secs - self.pause_after_seconds < len
            }
            None => false,
        }
    }
}

/// `secrets` → ("", "secrets"); `velero.io/backups` → ("velero.io", "backups").
fn parse_forbidden(entry: &str) -> Result<(String, String), String> {
    let (group, resource) = match entry.split_once('/') {
        Some((g, r)) => (g, r),
        None => ("", entry),
    };
    let resource_ok = !resource.is_empty()
        && resource
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    let group_ok = group.is_empty() || is_dns_subdomain(group);
    if !resource_ok || !group_ok || group == "core" || group == "v1" {
        return Err(format!(
            "{entry:?} is not a resource: write the plural, e.g. secrets, or GROUP/RESOURCE, e.g. velero.io/backups"
        ));
    }
    Ok((group.to_owned(), resource.to_owned()))
}

// --------------------------------------------------------------- generate

/// Settings of the bulk generator (see `generate.rs`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Generate {
    /// Nodes in total, control plane included.
    pub nodes: u32,
    /// Zones: a count (named `REGIONa`, `REGIONb`…) or a list of names.
    pub zones: NamesOrCount,
    /// The `topology.kubernetes.io/region` label.
    pub region: String,
    /// Control-plane nodes (tainted, with static pods), spread over zones.
    pub control_plane_nodes: u32,
    /// Average pods per node: the cluster holds exactly `nodes ×
    /// podsPerNode` pods, static and DaemonSet pods included.
    pub pods_per_node: u32,
    /// Workload namespaces: a count (named `team-01`…) or a list of names.
    pub namespaces: NamesOrCount,
    /// Deployments per workload namespace.
    pub workloads_per_namespace: u32,
    /// Seed of the generator: same seed, same cluster.
    pub seed: u64,
}

impl Default for Generate {
    fn default() -> Self {
        Generate {
            nodes: 0,
            zones: NamesOrCount::Count(3),
            region: "region-1".to_owned(),
            control_plane_nodes: 3,
            pods_per_node: 10,
            namespaces: NamesOrCount::Count(5),
            workloads_per_namespace: 4,
            seed: 1,
        }
    }
}

/// Static pods on each generated control-plane node.
pub const STATIC_PODS_PER_CONTROL_PLANE_NODE: u64 = 4;
/// Upper bound on generated nodes (a guard against typos).
pub const MAX_GENERATED_NODES: u32 = 100_000;
/// Upper bound on generated pods (a guard against typos).
pub const MAX_GENERATED_PODS: u64 = 2_000_000;
/// Namespaces the generator always creates and users cannot name.
pub const SYSTEM_NAMESPACES: &[&str] = &["default", "kube-system", "kube-public", "kube-node-lease"];

impl Generate {
    /// Control-plane nodes actually generated (never more than `nodes`).
    pub fn control_plane_count(&self) -> u32 {
        self.control_plane_nodes.min(self.nodes)
    }

    /// Zone names.
    pub fn zone_names(&self) -> Vec<String> {
        self.zones.names(|i| {
            if i < 26 {
                let letter = char::from(b'a' + u8::try_from(i).unwrap_or(0));
                format!("{}{letter}", self.region)
            } else {
                format!("{}-zone{}", self.region, i + 1)
            }
        })
    }

    /// Workload namespace names.
    pub fn namespace_names(&self) -> Vec<String> {
        self.namespaces.names(|i| format!("team-{:02}", i + 1))
    }

    /// Total pods: `nodes × podsPerNode`.
    pub fn total_pods(&self) -> u64 {
        u64::from(self.nodes) * u64::from(self.pods_per_node)
    }

    /// Pods that are not Deployment pods: one DaemonSet pod per node, plus
    /// the static pods of the control plane.
    pub fn fixed_pods(&self) -> u64 {
        u64::from(self.nodes) + STATIC_PODS_PER_CONTROL_PLANE_NODE * u64::from(self.control_plane_count())
    }

    /// Checks the settings make a cluster the generator can build.
    pub fn validate(&self) -> Result<(), FieldError> {
        if self.nodes == 0 {
            return Ok(());
        }
        if self.nodes > MAX_GENERATED_NODES {
            return Err(field_err(
                &["generate", "nodes"],
                format!(
                    "{} nodes is more than the generator makes ({MAX_GENERATED_NODES})",
                    self.nodes
                ),
            ));
        }
        if self.control_plane_nodes == 0 {
            return Err(field_err(
                &["generate", "controlPlaneNodes"],
                "a cluster needs at least 1 control-plane node",
            ));
        }
        if self.control_plane_nodes > self.nodes {
            return Err(field_err(
                &["generate", "controlPlaneNodes"],
                format!(
                    "{} control-plane nodes but only {} nodes",
                    self.control_plane_nodes, self.nodes
                ),
            ));
        }
        let zones = self.zone_names();
        if zones.is_empty() {
            return Err(field_err(&["generate", "zones"], "at least one zone is needed"));
        }
        if let Some(bad) = zones.iter().find(|z| !is_label_value(z)) {
            return Err(field_err(
                &["generate", "zones"],
                format!("{bad:?} is not a valid label value"),
            ));
        }
        if !is_label_value(&self.region) || self.region.is_empty() {
            return Err(field_err(
                &["generate", "region"],
                format!("{:?} is not a valid label value", self.region),
            ));
        }
        if has_duplicates(&zones) {
            return Err(field_err(&["generate", "zones"], "zone names must be distinct"));
        }
        if self.total_pods() > MAX_GENERATED_PODS {
            return Err(field_err(
                &["generate", "podsPerNode"],
                format!(
                    "{} pods in total is more than the generator makes ({MAX_GENERATED_PODS})",
                    self.total_pods()
                ),
            ));
        }
        if self.total_pods() < self.fixed_pods() {
            let minimum = self.fixed_pods().div_ceil(u64::from(self.nodes));
            return Err(field_err(
                &["generate", "podsPerNode"],
                format!(
                    "{} is too few: each node runs a DaemonSet pod and control-plane nodes 4 static pods; use at least {minimum}",
                    self.pods_per_node
                ),
            ));
        }
        let namespaces = self.namespace_names();
        if let Some(bad) = namespaces.iter().find(|n| !is_dns_label(n)) {
            return Err(field_err(
                &["generate", "namespaces"],
                format!("{bad:?} is not a valid namespace name"),
            ));
        }
        if let Some(bad) = namespaces
            .iter()
            .find(|n| SYSTEM_NAMESPACES.contains(&n.as_str()))
        {
            return Err(field_err(
                &["generate", "namespaces"],
                format!("{bad} is generated anyway; name workload namespaces only"),
            ));
        }
        if has_duplicates(&namespaces) {
            return Err(field_err(
                &["generate", "namespaces"],
                "namespace names must be distinct",
            ));
        }
        let workload_pods = self.total_pods() - self.fixed_pods();
        if workload_pods > 0 && (namespaces.is_empty() || self.workloads_per_namespace == 0) {
            return Err(field_err(
                &["generate", "workloadsPerNamespace"],
                format!(
                    "{workload_pods} workload pods need at least one namespace and one workload per namespace"
                ),
            ));
        }
        Ok(())
    }
}

fn has_duplicates(names: &[String]) -> bool {
    let mut sorted: Vec<&String> = names.iter().collect();
    sorted.sort();
    sorted.windows(2).any(|w| w.first() == w.get(1))
}

/// A count of things to name automatically, or the names themselves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NamesOrCount {
    /// This many, named automatically.
    Count(u32),
    /// These names.
    Names(Vec<String>),
}

/// Upper bound on a `NamesOrCount` count.
pub const MAX_NAMED_COUNT: u32 = 10_000;

impl NamesOrCount {
    fn names(&self, auto: impl Fn(usize) -> String) -> Vec<String> {
        match self {
            NamesOrCount::Count(n) => (0..usize::try_from(*n).unwrap_or(0)).map(auto).collect(),
            NamesOrCount::Names(names) => names.clone(),
        }
    }
}

impl Serialize for NamesOrCount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            NamesOrCount::Count(n) => s.serialize_u32(*n),
            NamesOrCount::Names(names) => names.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for NamesOrCount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = NamesOrCount;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a count or a list of names")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<NamesOrCount, E> {
                match u32::try_from(v) {
                    Ok(n) if n <= MAX_NAMED_COUNT => Ok(NamesOrCount::Count(n)),
                    _ => Err(E::custom(format!("{v} is more than {MAX_NAMED_COUNT}"))),
                }
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<NamesOrCount, E> {
                Err(E::custom(format!(
                    "{v} is negative: give a count or a list of names"
                )))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<NamesOrCount, A::Error> {
                let mut names = Vec::new();
                while let Some(name) = seq.next_element::<String>()? {
                    names.push(name);
                }
                Ok(NamesOrCount::Names(names))
            }
        }
        d.deserialize_any(V)
    }
}

// ------------------------------------------------------------------ kinds

/// How to serve a custom kind when no CustomResourceDefinition in the
/// scenario declares it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KindHint {
    /// `GROUP/VERSION`, e.g. `k3s.cattle.io/v1`.
    pub api_version: String,
    /// The kind, e.g. `ETCDSnapshotFile`.
    pub kind: String,
    /// Plural resource name (default: by the Kubernetes rule).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plural: Option<String>,
    /// Whether objects live in namespaces (default true).
    #[serde(default = "yes")]
    pub namespaced: bool,
    /// kubectl short names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub short_names: Vec<String>,
}

fn yes() -> bool {
    true
}

// ------------------------------------------------------------ name checks

/// RFC 1123 label: what namespace names must be.
pub fn is_dns_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// RFC 1123 subdomain: what most object names must be.
pub fn is_dns_subdomain(s: &str) -> bool {
    s.len() <= 253 && s.split('.').all(is_dns_label)
}

/// A valid label value (may be empty).
pub fn is_label_value(s: &str) -> bool {
    s.len() <= 63
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && s.bytes().next().is_none_or(|b| b.is_ascii_alphanumeric())
        && s.bytes().last().is_none_or(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000;

    #[test]
    fn defaults() {
        let c = SimCluster::default();
        assert_eq!(c.kubernetes_version, "v1.35.0");
        assert_eq!(c.kubernetes_version_parts(), Ok((1, 35)));
        assert_eq!(c.validate(NOW), Ok(()));
        let (b, a) = c.certificates.ca_window(NOW).unwrap();
        assert_eq!((b, a - b), (NOW - 3_600, 10 * 365 * 86_400));
        assert_eq!(c.faults.error_code, 500);
        assert!(!c.faults.paused_at(0));
    }

    #[test]
    fn version_format() {
        let mut c = SimCluster::default();
        for good in ["v1.30.2", "v1.35.0-rc.1", "v1.29.3+k3s1"] {
            c.kubernetes_version = good.into();
            assert!(c.kubernetes_version_parts().is_ok(), "{good}");
        }
        for bad in ["1.35.0", "v1.35", "v1.x.0", "v1.35.0.1", ""] {
            c.kubernetes_version = bad.into();
            assert!(c.validate(NOW).is_err(), "{bad}");
        }
    }

    #[test]
    fn cert_windows() {
        let w = |nb: Option<&str>, na: Option<&str>, vf: Option<&str>| {
            CertLifetime {
                not_before: nb.map(|s| TimeSpec::parse(s).unwrap()),
                not_after: na.map(|s| TimeSpec::parse(s).unwrap()),
                valid_for: vf.map(|s| SimDuration::parse(s).unwrap()),
            }
            .window(NOW, DEFAULT_LEAF_VALIDITY)
        };
        let d = 86_400;
        assert_eq!(
            w(None, None, Some("20d")),
            Ok((NOW - 3_600, NOW - 3_600 + 20 * d))
        );
        assert_eq!(
            w(None, Some("now+10d"), Some("365d")),
            Ok((NOW - 355 * d, NOW + 10 * d))
        );
        assert_eq!(
            w(Some("now-30d"), None, Some("90d")),
            Ok((NOW - 30 * d, NOW + 60 * d))
        );
        assert_eq!(
            w(Some("now-30d"), Some("now-1d"), None),
            Ok((NOW - 30 * d, NOW - d))
        );
        // Already expired with no validFor: a year-long certificate.
        assert_eq!(w(None, Some("now-5d"), None), Ok((NOW - 370 * d, NOW - 5 * d)));
        assert!(
            w(Some("now"), Some("now-1d"), None)
                .unwrap_err()
                .contains("before")
        );
        assert!(
            w(Some("now"), Some("now+1d"), Some("1d"))
                .unwrap_err()
                .contains("at most two")
        );
        assert!(w(None, None, Some("0s")).is_err());
    }

    #[test]
    fn health_lists_and_failures() {
        let health = Health {
            failing: vec![
                FailingCheck {
                    check: "etcd".into(),
                    endpoints: vec![HealthEndpoint::Readyz],
                    reason: Some("etcd timeout".into()),
                },
                FailingCheck {
                    check: "kms-providers".into(),
                    endpoints: vec![],
                    reason: None,
                },
            ],
        };
        let ready = health.checks(HealthEndpoint::Readyz);
        let names: Vec<&str> = ready.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            &names[..5],
            &["ping", "log", "etcd", "etcd-readiness", "informer-sync"]
        );
        assert_eq!(names[names.len() - 2], "shutdown");
        assert_eq!(
            ready.last().unwrap(),
            &("kms-providers".to_owned(), Some("check failed".to_owned()))
        );
        assert_eq!(ready[2].1.as_deref(), Some("etcd timeout"));
        let live = health.checks(HealthEndpoint::Livez);
        assert!(
            live.iter()
                .all(|(n, r)| n != "informer-sync" && (r.is_none() || n == "kms-providers"))
        );
        assert_eq!(health.validate(), Ok(()));
        let bad = Health {
            failing: vec![FailingCheck {
                check: "informer-sync".into(),
                endpoints: vec![HealthEndpoint::Livez],
                reason: None,
            }],
        };
        assert_eq!(
            bad.validate().unwrap_err().path,
            vec!["health", "failing", "0", "endpoints"]
        );
    }

    #[test]
    fn faults_validation_and_queries() {
        let mut f = Faults {
            forbidden: vec!["secrets".into(), "velero.io/backups".into()],
            ..Faults::default()
        };
        assert_eq!(f.validate(), Ok(()));
        assert!(f.is_forbidden("", "secrets"));
        assert!(f.is_forbidden("velero.io", "backups"));
        assert!(!f.is_forbidden("", "backups"));
        f.forbidden.push("Secrets".into());
        assert_eq!(f.validate().unwrap_err().path, vec!["faults", "forbidden", "2"]);
        let f = Faults {
            error_rate: 1.5,
            ..Faults::default()
        };
        assert_eq!(f.validate().unwrap_err().path, vec!["faults", "errorRate"]);
        let f = Faults {
            error_rate: 0.6,
            too_many_requests_rate: 0.6,
            ..Faults::default()
        };
        assert!(f.validate().is_err());
        let f = Faults {
            error_code: 502,
            ..Faults::default()
        };
        assert_eq!(f.validate().unwrap_err().path, vec!["faults", "errorCode"]);
        let f = Faults {
            paused_seconds: Some(10),
            pause_after_seconds: 5,
            ..Faults::default()
        };
        assert!(!f.paused_at(4) && f.paused_at(5) && f.paused_at(14) && !f.paused_at(15));
    }

    #[test]
    fn generate_validation() {
        let g = Generate {
            nodes: 5000,
            pods_per_node: 30,
            ..Generate::default()
        };
        assert_eq!(g.validate(), Ok(()));
        assert_eq!(g.total_pods(), 150_000);
        assert_eq!(g.zone_names(), vec!["region-1a", "region-1b", "region-1c"]);
        let g = Generate {
            nodes: 3,
            pods_per_node: 4,
            ..Generate::default()
        };
        let e = g.validate().unwrap_err();
        assert_eq!(e.path, vec!["generate", "podsPerNode"]);
        assert!(e.message.contains("at least 5"), "{}", e.message);
        let g = Generate {
            nodes: 2,
            ..Generate::default()
        };
        assert_eq!(
            g.validate().unwrap_err().path,
            vec!["generate", "controlPlaneNodes"]
        );
        let g = Generate {
            nodes: 10,
            namespaces: NamesOrCount::Names(vec!["kube-system".into()]),
            ..Generate::default()
        };
        assert!(g.validate().unwrap_err().message.contains("generated anyway"));
        let g = Generate {
            nodes: 10,
            zones: NamesOrCount::Names(vec!["a".into(), "a".into()]),
            ..Generate::default()
        };
        assert!(g.validate().unwrap_err().message.contains("distinct"));
        let g = Generate {
            nodes: 10,
            zones: NamesOrCount::Count(0),
            ..Generate::default()
        };
        assert!(g.validate().is_err());
        let g = Generate {
            nodes: 10,
            workloads_per_namespace: 0,
            ..Generate::default()
        };
        assert_eq!(
            g.validate().unwrap_err().path,
            vec!["generate", "workloadsPerNamespace"]
        );
        let g = Generate {
            nodes: 100_000,
            pods_per_node: 110,
            ..Generate::default()
        };
        assert!(g.validate().is_err());
    }

    #[test]
    fn names() {
        assert!(is_dns_label("team-01") && !is_dns_label("Team") && !is_dns_label("-a") && !is_dns_label(""));
        assert!(is_dns_subdomain("velero.io") && !is_dns_subdomain("velero..io"));
        assert!(
            is_label_value("")
                && is_label_value("eu-west-1a")
                && !is_label_value("-x")
                && !is_label_value("a b")
        );
    }
}
