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
    /// What pods log (`pods/log`): lines, rate, crash message.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub logs: Vec<crate::sim::pod_logs_decl::PodLogDecl>,
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
            logs: Vec::new(),
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
        for (i, entry) in self.logs.iter().enumerate() {
            entry.validate(i)?;
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

    /// `minor` as `/version` serves it: a build whose gitVersion carries a
    /// `-suffix` after the patch (EKS's `v1.31.2-eks-7f9249a`, GKE's
    /// `v1.31.1-gke.1678000`) says `31+`, as Kubernetes' build scripts make
    /// it; `v1.31.2` and k3s's `v1.31.2+k3s1` say `31`.
    pub fn served_minor(&self) -> Result<String, String> {
        let (_, minor) = self.kubernetes_version_parts()?;
        let core = self.kubernetes_version.split('+').next().unwrap_or_default();
        Ok(if core.contains('-') {
            format!("{minor}+")
        } else {
            minor.to_string()
        })
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

/// The most pod changes per second the churn fault makes.
pub const MAX_POD_CHURN: u32 = 1000;

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
    /// The back-off a 429 asks for (`Retry-After` header and
    /// `details.retryAfterSeconds`), in seconds; 0 sends neither.
    pub retry_after_seconds: u32,
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
    /// Namespaced resources answering 403 Forbidden when read in every
    /// namespace (a user with a namespaced Role): same names as `forbidden`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub forbidden_all_namespaces: Vec<String>,
    /// The server accepts connections but answers nothing, for the whole run.
    pub paused: bool,
    /// Pause for this many seconds (starting `pauseAfterSeconds` after
    /// start), then answer normally again.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paused_seconds: Option<u64>,
    /// When the `pausedSeconds` pause begins, in seconds after start (default 0).
    pub pause_after_seconds: u64,
    /// About this many pod changes per second, spread evenly over each
    /// second (readiness flips, restarts, pods deleted and replaced by their
    /// ReplicaSet): see `sim::churn`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pod_churn_per_second: Option<u32>,
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            latency_ms: 0,
            error_rate: 0.0,
            error_code: 500,
            too_many_requests_rate: 0.0,
            retry_after_seconds: 1,
            watch_cut_seconds: None,
            compact_every_seconds: None,
            force_gone: false,
            forbidden: Vec::new(),
            forbidden_all_namespaces: Vec::new(),
            paused: false,
            paused_seconds: None,
            pause_after_seconds: 0,
            pod_churn_per_second: None,
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
        if let Some(n) = self.pod_churn_per_second
            && !(1..=MAX_POD_CHURN).contains(&n)
        {
            return Err(field_err(
                &["faults", "podChurnPerSecond"],
                format!("{n} is not between 1 and {MAX_POD_CHURN}"),
            ));
        }
        for (field, entries) in [
            ("forbidden", &self.forbidden),
            ("forbiddenAllNamespaces", &self.forbidden_all_namespaces),
        ] {
            for (i, entry) in entries.iter().enumerate() {
                if let Err(m) = parse_forbidden(entry) {
                    return Err(field_err(&["faults", field, &i.to_string()], m));
                }
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
        names(&self.forbidden, group, resource)
    }

    /// Whether reading `resource` of `group` in every namespace answers 403.
    pub fn is_forbidden_all_namespaces(&self, group: &str, resource: &str) -> bool {
        names(&self.forbidden_all_namespaces, group, resource)
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

/// Whether one of `entries` (as `forbidden` writes them) names `resource`
/// of `group`.
fn names(entries: &[String], group: &str, resource: &str) -> bool {
    entries
        .iter()
        .filter_map(|e| parse_forbidden(e).ok())
        .any(|(g, r)| g == group && r == resource)
}

/// `secrets` → ("", "secrets"); `velero.io/backups` → ("velero.io", "backups").
/// Other names kubectl accepts (`po`, `leases.coordination.k8s.io`,
/// `Deployment`) pass this syntax check and are resolved against the served
/// kinds when the server starts (`sim::forbid`).
fn parse_forbidden(entry: &str) -> Result<(String, String), String> {
    let (group, resource) = match entry.split_once('/') {
        Some((g, r)) => (g, r),
        None => ("", entry),
    };
    let resource_ok = !resource.is_empty()
        && resource
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    let group_ok = group.is_empty() || is_dns_subdomain(group);
    if !resource_ok || !group_ok || group == "core" || group == "v1" {
        return Err(format!(
            "{entry:?} is not a resource: write its name as kubectl does, e.g. secrets, po, leases.coordination.k8s.io, or GROUP/RESOURCE, e.g. velero.io/backups"
        ));
    }
    Ok((group.to_owned(), resource.to_owned()))
}

#[path = "sim_cluster_generate.rs"]
mod generate;
pub use generate::*;

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

// Name checks live in `crate::names`; re-exported for the scenario code.
pub use crate::names::{is_dns_label, is_dns_subdomain, is_label_value};

#[cfg(test)]
#[path = "sim_cluster_tests.rs"]
mod tests;
