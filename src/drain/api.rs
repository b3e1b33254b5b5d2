//! The few API requests a drain and a cordon make, behind a trait so that
//! the runner can be tested against a scripted API in virtual time. Each
//! method is one request; retries, timeouts and deadlines are the runner's.

use std::future::Future;

use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, DeleteParams, EvictParams, ListParams, Patch, PatchParams, PostParams};

use super::plan::PodRef;
use crate::cluster::slim::node::SlimNode;
use crate::cluster::slim::pod::SlimPod;

/// A pod on the node, as read back from the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodOnNode {
    pub pod: PodRef,
    pub uid: Option<String>,
    /// Deleted, waiting for its containers to stop.
    pub terminating: bool,
}

pub trait NodeApi: Sync {
    /// Whether the node is cordoned now.
    fn is_unschedulable(&self, node: &str) -> impl Future<Output = kube::Result<bool>> + Send;
    /// Cordons (`true`) or uncordons the node.
    fn set_unschedulable(&self, node: &str, on: bool) -> impl Future<Output = kube::Result<()>> + Send;
    /// Every pod bound to the node.
    fn pods_on(&self, node: &str) -> impl Future<Output = kube::Result<Vec<PodOnNode>>> + Send;
    /// Asks the Eviction API to evict the pod (`grace`: its delete option).
    fn evict(&self, pod: &PodRef, grace: Option<i64>) -> impl Future<Output = kube::Result<()>> + Send;
}

/// The real API, through a kube client.
#[derive(Clone)]
pub struct KubeApi(pub kube::Client);

impl NodeApi for KubeApi {
    async fn is_unschedulable(&self, node: &str) -> kube::Result<bool> {
        let n = Api::<SlimNode>::all(self.0.clone()).get(node).await?;
        Ok(n.spec.unschedulable)
    }

    async fn set_unschedulable(&self, node: &str, on: bool) -> kube::Result<()> {
        // The patch kubectl sends (a merge patch of spec.unschedulable).
        let patch = serde_json::json!({ "spec": { "unschedulable": on } });
        Api::<SlimNode>::all(self.0.clone())
            .patch(node, &PatchParams::default(), &Patch::Merge(&patch))
            .await
            .map(|_| ())
    }

    async fn pods_on(&self, node: &str) -> kube::Result<Vec<PodOnNode>> {
        let on_node = ListParams::default().fields(&format!("spec.nodeName={node}"));
        let pods = Api::<SlimPod>::all(self.0.clone()).list(&on_node).await?;
        Ok(pods
            .items
            .into_iter()
            .map(|p| PodOnNode {
                pod: PodRef {
                    namespace: p.metadata.namespace.unwrap_or_default(),
                    name: p.metadata.name.unwrap_or_default(),
                },
                uid: p.metadata.uid,
                terminating: p.metadata.deletion_timestamp.is_some(),
            })
            .collect())
    }

    async fn evict(&self, pod: &PodRef, grace: Option<i64>) -> kube::Result<()> {
        let params = EvictParams {
            delete_options: grace.map(|g| DeleteParams {
                grace_period_seconds: Some(u32::try_from(g.max(0)).unwrap_or(0)),
                ..Default::default()
            }),
            post_options: PostParams::default(),
        };
        Api::<Pod>::namespaced(self.0.clone(), &pod.namespace)
            .evict(&pod.name, &params)
            .await
            .map(|_| ())
    }
}
