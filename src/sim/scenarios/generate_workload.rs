//! One generated Deployment: its ReplicaSet, Pods, PDB and the pod template
//! they share.

use serde_json::{Value, json};

use super::*;

/// One generated Deployment with what its ReplicaSet and Pods share.
pub(super) struct Workload {
    pub(super) ns: String,
    pub(super) name: String,
    pub(super) rs_name: String,
    pub(super) hash: String,
    pub(super) replicas: u64,
    pub(super) deploy_uid: String,
    pub(super) rs_uid: String,
    pub(super) born: i64,
    pub(super) container: Value,
    pub(super) service_account: String,
    pub(super) cpu_millis: u64,
    pub(super) memory_mi: u64,
    pub(super) image: String,
}

impl Workload {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn new(
        ns: &str,
        name: &str,
        d: u64,
        replicas: u64,
        rng: &mut Rng,
        seed: u64,
        cluster_born: i64,
        now: i64,
    ) -> Self {
        let hash = encode(mix(seed ^ d.wrapping_mul(31)), 10);
        let cpu_millis = [50u64, 100, 200]
            .get(usize::try_from(rng.below(3)).unwrap_or(0))
            .copied()
            .unwrap_or(100);
        let memory_mi = [64u64, 128, 256]
            .get(usize::try_from(rng.below(3)).unwrap_or(0))
            .copied()
            .unwrap_or(128);
        let age_days = 1 + i64::try_from(rng.below(60)).unwrap_or(0);
        let born = (now - age_days * DAY).max(cluster_born);
        let system = ns == "kube-system";
        let image = if system {
            "registry.k8s.io/coredns/coredns:v1.12.1".to_owned()
        } else {
            format!(
                "registry.example.com/{ns}/{name}:1.{}.{}",
                rng.below(20),
                rng.below(10)
            )
        };
        let port = if system { 8181 } else { 8080 };
        let container = json!({
            "name": if system { "coredns" } else { "app" },
            "image": image,
            "imagePullPolicy": "IfNotPresent",
            "ports": [{"containerPort": port, "name": "http", "protocol": "TCP"}],
            "resources": {
                "requests": {"cpu": format!("{cpu_millis}m"), "memory": format!("{memory_mi}Mi")},
                "limits": {"memory": format!("{}Mi", memory_mi * 2)},
            },
            "readinessProbe": {"failureThreshold": 3, "httpGet": {"path": "/ready", "port": port, "scheme": "HTTP"},
                "periodSeconds": 10, "successThreshold": 1, "timeoutSeconds": 1},
            "livenessProbe": {"failureThreshold": 5, "httpGet": {"path": "/health", "port": port, "scheme": "HTTP"},
                "initialDelaySeconds": 10, "periodSeconds": 10, "successThreshold": 1, "timeoutSeconds": 5},
            "securityContext": {"allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true,
                "runAsNonRoot": true, "capabilities": {"drop": ["ALL"]}},
            "terminationMessagePath": "/dev/termination-log",
            "terminationMessagePolicy": "File",
        });
        Workload {
            ns: ns.to_owned(),
            name: name.to_owned(),
            rs_name: format!("{name}-{hash}"),
            hash,
            replicas,
            deploy_uid: uid(seed, TAG_DEPLOY, d),
            rs_uid: uid(seed, TAG_RS, d),
            born,
            container,
            service_account: if d.is_multiple_of(3) {
                "default".to_owned()
            } else {
                name.to_owned()
            },
            cpu_millis,
            memory_mi,
            image,
        }
    }

    pub(super) fn labels(&self, with_hash: bool) -> Value {
        let key = if self.ns == "kube-system" {
            "k8s-app"
        } else {
            "app"
        };
        let value = if self.ns == "kube-system" {
            "kube-dns"
        } else {
            self.name.as_str()
        };
        if with_hash {
            json!({key: value, "pod-template-hash": self.hash})
        } else {
            json!({key: value})
        }
    }

    pub(super) fn pod_spec(&self) -> Value {
        json!({
            "containers": [self.container.clone()],
            "dnsPolicy": "ClusterFirst",
            "restartPolicy": "Always",
            "schedulerName": "default-scheduler",
            "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}},
            "serviceAccountName": self.service_account,
            "terminationGracePeriodSeconds": 30,
        })
    }

    pub(super) fn status(&self) -> Value {
        let t = format_rfc3339(self.born + 60);
        json!({
            "availableReplicas": self.replicas, "observedGeneration": 1, "readyReplicas": self.replicas,
            "replicas": self.replicas, "updatedReplicas": self.replicas,
            "conditions": [
                {"lastTransitionTime": t, "lastUpdateTime": t, "message": "Deployment has minimum availability.",
                    "reason": "MinimumReplicasAvailable", "status": "True", "type": "Available"},
                {"lastTransitionTime": t, "lastUpdateTime": t,
                    "message": format!("ReplicaSet \"{}\" has successfully progressed.", self.rs_name),
                    "reason": "NewReplicaSetAvailable", "status": "True", "type": "Progressing"},
            ],
        })
    }

    pub(super) fn deployment(&self) -> Value {
        json!({
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {"name": self.name, "namespace": self.ns, "uid": self.deploy_uid, "generation": 1,
                "creationTimestamp": format_rfc3339(self.born), "labels": self.labels(false),
                "annotations": {"deployment.kubernetes.io/revision": "1"}},
            "spec": {
                "progressDeadlineSeconds": 600,
                "replicas": self.replicas,
                "revisionHistoryLimit": 10,
                "selector": {"matchLabels": self.labels(false)},
                "strategy": {"rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}, "type": "RollingUpdate"},
                "template": {"metadata": {"labels": self.labels(false)}, "spec": self.pod_spec()},
            },
            "status": self.status(),
        })
    }

    pub(super) fn replica_set(&self) -> Value {
        let r = self.replicas;
        json!({
            "apiVersion": "apps/v1",
            "kind": "ReplicaSet",
            "metadata": {
                "name": self.rs_name, "namespace": self.ns, "uid": self.rs_uid, "generation": 1,
                "creationTimestamp": format_rfc3339(self.born), "labels": self.labels(true),
                "annotations": {"deployment.kubernetes.io/desired-replicas": r.to_string(),
                    "deployment.kubernetes.io/max-replicas": (r + r.div_ceil(4)).to_string(),
                    "deployment.kubernetes.io/revision": "1"},
                "ownerReferences": [{"apiVersion": "apps/v1", "blockOwnerDeletion": true, "controller": true,
                    "kind": "Deployment", "name": self.name, "uid": self.deploy_uid}],
            },
            "spec": {
                "replicas": r,
                "selector": {"matchLabels": self.labels(true)},
                "template": {"metadata": {"labels": self.labels(true)}, "spec": self.pod_spec()},
            },
            "status": {"availableReplicas": r, "fullyLabeledReplicas": r, "observedGeneration": 1, "readyReplicas": r, "replicas": r},
        })
    }

    pub(super) fn pdb(&self, uid: &str) -> Value {
        let r = self.replicas;
        let t = format_rfc3339(self.born + 60);
        json!({
            "apiVersion": "policy/v1",
            "kind": "PodDisruptionBudget",
            "metadata": {"name": self.name, "namespace": self.ns, "uid": uid, "generation": 1,
                "creationTimestamp": format_rfc3339(self.born)},
            "spec": {"maxUnavailable": 1, "selector": {"matchLabels": self.labels(false)}},
            "status": {"currentHealthy": r, "desiredHealthy": r - 1, "disruptionsAllowed": 1, "expectedPods": r,
                "observedGeneration": 1,
                "conditions": [{"lastTransitionTime": t, "message": "", "observedGeneration": 1,
                    "reason": "SufficientPods", "status": "True", "type": "DisruptionAllowed"}]},
        })
    }

    /// What every pod of this workload shares, built once.
    pub(super) fn pod_template(&self) -> PodTemplate {
        let mut spec = self.pod_spec();
        set(&mut spec, "enableServiceLinks", Value::Bool(true));
        set(&mut spec, "preemptionPolicy", json!("PreemptLowerPriority"));
        set(&mut spec, "priority", json!(0));
        let container_name = if self.ns == "kube-system" {
            "coredns"
        } else {
            "app"
        };
        let started = format_rfc3339(self.born + 20);
        PodTemplate {
            generate_name: format!("{}-", self.rs_name),
            born: format_rfc3339(self.born),
            labels: self.labels(true),
            owners: json!([{"apiVersion": "apps/v1", "blockOwnerDeletion": true, "controller": true,
                "kind": "ReplicaSet", "name": self.rs_name, "uid": self.rs_uid}]),
            spec,
            status: running_status(
                "",
                "",
                self.born,
                &started,
                &[(container_name, &self.image)],
                "Burstable",
            ),
        }
    }
}

/// The shared parts of one workload's pods.
pub(super) struct PodTemplate {
    pub(super) generate_name: String,
    pub(super) born: String,
    pub(super) labels: Value,
    pub(super) owners: Value,
    pub(super) spec: Value,
    pub(super) status: Value,
}

impl PodTemplate {
    /// A pod named `name` on `host`: clones of the shared parts plus the
    /// per-pod fields, with no JSON text or serde round trip in between.
    pub(super) fn pod(&self, ns: &str, name: &str, uid: String, host: &mut NodeRef) -> Value {
        let pod_ip = host.next_pod_ip();
        let mut spec = self.spec.clone();
        set(&mut spec, "nodeName", Value::String(host.name.clone()));
        let mut status = self.status.clone();
        set(&mut status, "hostIP", Value::String(host.ip.clone()));
        set(&mut status, "podIPs", json!([{ "ip": pod_ip }]));
        set(&mut status, "podIP", Value::String(pod_ip));
        let metadata = object([
            ("name", Value::String(name.to_owned())),
            ("generateName", Value::String(self.generate_name.clone())),
            ("namespace", Value::String(ns.to_owned())),
            ("uid", Value::String(uid)),
            ("creationTimestamp", Value::String(self.born.clone())),
            ("labels", self.labels.clone()),
            ("ownerReferences", self.owners.clone()),
        ]);
        object([
            ("apiVersion", Value::String("v1".to_owned())),
            ("kind", Value::String("Pod".to_owned())),
            ("metadata", metadata),
            ("spec", spec),
            ("status", status),
        ])
    }
}
