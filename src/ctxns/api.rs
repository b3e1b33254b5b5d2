//! The namespaces of the current context's cluster: what kubens asks the API.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context as _, anyhow};
use k8s_openapi::api::core::v1::Namespace;
use kube::api::{Api, ListParams};
use tokio::sync::OnceCell;

use crate::kubeconfig::target::{self, Selection};

/// What kubens needs from the cluster.
#[allow(async_fn_in_trait)]
pub trait NamespaceApi {
    /// Every namespace name, in the API's order.
    async fn list(&self) -> anyhow::Result<Vec<String>>;
    /// Whether namespace `name` exists (one GET; 404 is `false`).
    async fn exists(&self, name: &str) -> anyhow::Result<bool>;
}

/// The real cluster of the kubeconfig's current context, connected on first use.
pub struct KubeNamespaces {
    files: Vec<PathBuf>,
    explicit: bool,
    timeout: Duration,
    client: OnceCell<Result<kube::Client, String>>,
}

impl KubeNamespaces {
    /// `explicit`: the files come from `--kubeconfig` (a missing one is an error).
    pub fn new(files: Vec<PathBuf>, explicit: bool) -> Self {
        Self {
            files,
            explicit,
            timeout: Duration::from_secs(10),
            client: OnceCell::new(),
        }
    }

    /// Gives up on an API call after `timeout` (default 10 s).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    async fn client(&self) -> anyhow::Result<kube::Client> {
        let client = self
            .client
            .get_or_init(|| async {
                self.connect()
                    .await
                    .map_err(|e| crate::errors::describe_anyhow(&e))
            })
            .await;
        client
            .clone()
            .map_err(|e| anyhow!("failed to initialize k8s REST client: {e}"))
    }

    async fn connect(&self) -> anyhow::Result<kube::Client> {
        let kubeconfig = target::load_kubeconfig(&self.files, self.explicit);
        let resolved = target::resolve(&Selection::default(), kubeconfig).await;
        let mut config = resolved
            .config
            .ok_or_else(|| anyhow!(resolved.problem.unwrap_or_else(|| "no usable context".into())))?;
        config.connect_timeout = Some(self.timeout);
        config.read_timeout = Some(self.timeout);
        config.write_timeout = Some(self.timeout);
        Ok(crate::kubeconfig::client(config)?)
    }

    /// Runs `call` within the timeout.
    async fn timed<T>(&self, call: impl Future<Output = anyhow::Result<T>>) -> anyhow::Result<T> {
        match tokio::time::timeout(self.timeout, call).await {
            Ok(r) => r,
            Err(_) => Err(anyhow!(
                "no answer from the API server within {}s",
                self.timeout.as_secs()
            )),
        }
    }
}

impl NamespaceApi for KubeNamespaces {
    async fn list(&self) -> anyhow::Result<Vec<String>> {
        let api: Api<Namespace> = Api::all(self.client().await?);
        self.timed(async {
            let mut names = Vec::new();
            let mut params = ListParams::default().limit(500);
            loop {
                let page = api
                    .list_metadata(&params)
                    .await
                    .context("failed to list namespaces from k8s API")?;
                names.extend(page.items.into_iter().filter_map(|n| n.metadata.name));
                match page.metadata.continue_.filter(|c| !c.is_empty()) {
                    Some(token) => params = params.continue_token(&token),
                    None => return Ok(names),
                }
            }
        })
        .await
    }

    async fn exists(&self, name: &str) -> anyhow::Result<bool> {
        let api: Api<Namespace> = Api::all(self.client().await?);
        self.timed(async {
            let ns = api
                .get_metadata_opt(name)
                .await
                .with_context(|| format!("failed to query namespace \"{name}\" from k8s API"))?;
            Ok(ns.is_some())
        })
        .await
    }
}
