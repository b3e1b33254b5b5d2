//! Builders of the generated objects: namespaces, nodes, leases, the
//! `kubernetes` service, control-plane static pods, kube-proxy, quotas,
//! network policies.

use serde_json::{Map, Value, json};

use super::*;

pub(super) fn namespace(name: &str, uid: &str, born: i64, psa: Option<&str>) -> Value {
    let mut labels = Map::new();
    labels.insert("kubernetes.io/metadata.name".into(), json!(name));
    if let Some(level) = psa {
        labels.insert("pod-security.kubernetes.io/enforce".into(), json!(level));
        labels.insert("pod-security.kubernetes.io/warn".into(), json!("restricted"));
        labels.insert("pod-security.kubernetes.io/audit".into(), json!("restricted"));
    }
    json!({
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": {"name": name, "uid": uid, "creationTimestamp": format_rfc3339(born), "labels": labels},
        "spec": {"finalizers": ["kubernetes"]},
        "status": {"phase": "Active"},
    })
}

pub(super) struct NodeSpec<'a> {
    pub(super) name: &'a str,
    pub(super) uid: &'a str,
    pub(super) ip: &'a str,
    pub(super) index: u64,
    pub(super) zone: &'a str,
    pub(super) region: &'a str,
    pub(super) control_plane: bool,
    pub(super) tainted: bool,
    pub(super) cpu: u64,
    pub(super) pods_capacity: u64,
    pub(super) version: &'a str,
    pub(super) born: i64,
    pub(super) now: i64,
    pub(super) seed: u64,
}

pub(super) fn node(s: &NodeSpec<'_>) -> Value {
    let mut labels = Map::new();
    for (k, v) in [
        ("beta.kubernetes.io/arch", "amd64"),
        ("beta.kubernetes.io/os", "linux"),
        ("kubernetes.io/arch", "amd64"),
        ("kubernetes.io/hostname", s.name),
        ("kubernetes.io/os", "linux"),
        (
            "node.kubernetes.io/instance-type",
            if s.cpu <= 4 {
                "m6i.xlarge"
            } else if s.cpu <= 8 {
                "m6i.2xlarge"
            } else if s.cpu <= 16 {
                "m6i.4xlarge"
            } else {
                "m6i.8xlarge"
            },
        ),
        ("topology.kubernetes.io/region", s.region),
        ("topology.kubernetes.io/zone", s.zone),
    ] {
        labels.insert(k.into(), json!(v));
    }
    if s.control_plane {
        labels.insert("node-role.kubernetes.io/control-plane".into(), json!(""));
        labels.insert(
            "node.kubernetes.io/exclude-from-external-load-balancers".into(),
            json!(""),
        );
    }
    let k = s.index % 32_768;
    let cidr = format!("10.{}.{}.0/24", k >> 8, k & 255);
    let mut spec =
        json!({"podCIDR": cidr, "podCIDRs": [cidr], "providerID": format!("sim://{}/{}", s.zone, s.name)});
    if s.tainted {
        set(
            &mut spec,
            "taints",
            json!([{"effect": "NoSchedule", "key": "node-role.kubernetes.io/control-plane"}]),
        );
    }
    let memory_ki = s.cpu * 4 * 1_048_576;
    let born = format_rfc3339(s.born);
    let beat = format_rfc3339(s.now - 5 - i64::try_from(s.index % 30).unwrap_or(0));
    let condition = |t: &str, status: &str, reason: &str, message: &str| json!({"lastHeartbeatTime": beat, "lastTransitionTime": born, "message": message, "reason": reason, "status": status, "type": t});
    json!({
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {
            "name": s.name,
            "uid": s.uid,
            "creationTimestamp": born,
            "labels": labels,
            "annotations": {
                "node.alpha.kubernetes.io/ttl": "0",
                "volumes.kubernetes.io/controller-managed-attach-detach": "true",
            },
        },
        "spec": spec,
        "status": {
            "addresses": [{"address": s.ip, "type": "InternalIP"}, {"address": s.name, "type": "Hostname"}],
            "allocatable": {
                "cpu": format!("{}m", s.cpu * 1000 - 80),
                "ephemeral-storage": "95551679124",
                "hugepages-1Gi": "0",
                "hugepages-2Mi": "0",
                "memory": format!("{}Ki", memory_ki - 1_048_576),
                "pods": s.pods_capacity.to_string(),
            },
            "capacity": {
                "cpu": s.cpu.to_string(),
                "ephemeral-storage": "101430960Ki",
                "hugepages-1Gi": "0",
                "hugepages-2Mi": "0",
                "memory": format!("{memory_ki}Ki"),
                "pods": s.pods_capacity.to_string(),
            },
            "conditions": [
                condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
            ],
            "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
            "nodeInfo": {
                "architecture": "amd64",
                "bootID": uid(s.seed, TAG_NODE + 100, s.index),
                "containerRuntimeVersion": "containerd://2.1.4",
                "kernelVersion": "6.8.0-1024-aws",
                "kubeProxyVersion": "",
                "kubeletVersion": s.version,
                "machineID": uid(s.seed, TAG_NODE + 200, s.index).replace('-', ""),
                "operatingSystem": "linux",
                "osImage": "Ubuntu 24.04.2 LTS",
                "systemUUID": uid(s.seed, TAG_NODE + 300, s.index),
            },
        },
    })
}

pub(super) fn node_lease(node: &str, node_uid: &str, uid: &str, born: i64, now: i64) -> Value {
    json!({
        "apiVersion": "coordination.k8s.io/v1",
        "kind": "Lease",
        "metadata": {
            "name": node,
            "namespace": "kube-node-lease",
            "uid": uid,
            "creationTimestamp": format_rfc3339(born),
            "ownerReferences": [{"apiVersion": "v1", "kind": "Node", "name": node, "uid": node_uid}],
        },
        "spec": {"holderIdentity": node, "leaseDurationSeconds": 40, "renewTime": format_rfc3339_micro(now - 3)},
    })
}

#[allow(clippy::too_many_arguments)]
pub(super) fn lease(
    ns: &str,
    name: &str,
    uid: &str,
    labels: Value,
    holder: &str,
    duration: u32,
    renewed: i64,
    born: i64,
) -> Value {
    json!({
        "apiVersion": "coordination.k8s.io/v1",
        "kind": "Lease",
        "metadata": {"name": name, "namespace": ns, "uid": uid, "creationTimestamp": format_rfc3339(born), "labels": labels},
        "spec": {
            "holderIdentity": holder,
            "leaseDurationSeconds": duration,
            "acquireTime": format_rfc3339_micro(born),
            "renewTime": format_rfc3339_micro(renewed),
            "leaseTransitions": 0,
        },
    })
}

pub(super) fn kubernetes_service(
    cp_ips: &[&str],
    next_uid: &mut impl FnMut() -> String,
    born: i64,
) -> Vec<Value> {
    let born = format_rfc3339(born);
    let addresses: Vec<Value> = cp_ips.iter().map(|ip| json!({"ip": ip})).collect();
    let endpoints: Vec<Value> = cp_ips
        .iter()
        .map(|ip| json!({"addresses": [ip], "conditions": {"ready": true}}))
        .collect();
    vec![
        json!({
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": {"name": "kubernetes", "namespace": "default", "uid": next_uid(), "creationTimestamp": born,
                "labels": {"component": "apiserver", "provider": "kubernetes"}},
            "spec": {"clusterIP": "10.96.0.1", "clusterIPs": ["10.96.0.1"], "internalTrafficPolicy": "Cluster",
                "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
                "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}],
                "sessionAffinity": "None", "type": "ClusterIP"},
            "status": {"loadBalancer": {}},
        }),
        json!({
            "apiVersion": "v1",
            "kind": "Endpoints",
            "metadata": {"name": "kubernetes", "namespace": "default", "uid": next_uid(), "creationTimestamp": born,
                "labels": {"endpointslice.kubernetes.io/skip-mirror": "true"}},
            "subsets": [{"addresses": addresses, "ports": [{"name": "https", "port": 6443, "protocol": "TCP"}]}],
        }),
        json!({
            "apiVersion": "discovery.k8s.io/v1",
            "kind": "EndpointSlice",
            "metadata": {"name": "kubernetes", "namespace": "default", "uid": next_uid(), "creationTimestamp": born,
                "labels": {"kubernetes.io/service-name": "kubernetes"}},
            "addressType": "IPv4",
            "endpoints": endpoints,
            "ports": [{"name": "https", "port": 6443, "protocol": "TCP"}],
        }),
    ]
}

pub(super) fn static_pod(component: &str, node: &NodeRef, version: &str, uid: &str, born: i64) -> Value {
    let image = if component == "etcd" {
        "registry.k8s.io/etcd:3.6.5-0".to_owned()
    } else {
        format!("registry.k8s.io/{component}:{version}")
    };
    let hash = format!(
        "{:032x}",
        u128::from(mix(node.index ^ component.len() as u64)) << 64 | u128::from(mix(node.index))
    );
    let started = format_rfc3339(born + 30);
    let cpu = match component {
        "kube-apiserver" => "250m",
        "kube-controller-manager" => "200m",
        _ => "100m",
    };
    let mut annotations = json!({
        "kubernetes.io/config.hash": hash,
        "kubernetes.io/config.mirror": hash,
        "kubernetes.io/config.seen": format_rfc3339(born),
        "kubernetes.io/config.source": "file",
    });
    if component == "kube-apiserver" {
        set(
            &mut annotations,
            "kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint",
            json!(format!("{}:6443", node.ip)),
        );
    } else if component == "etcd" {
        set(
            &mut annotations,
            "kubeadm.kubernetes.io/etcd.advertise-client-urls",
            json!(format!("https://{}:2379", node.ip)),
        );
    }
    json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": format!("{component}-{}", node.name),
            "namespace": "kube-system",
            "uid": uid,
            "creationTimestamp": format_rfc3339(born),
            "labels": {"component": component, "tier": "control-plane"},
            "annotations": annotations,
            "ownerReferences": [{"apiVersion": "v1", "controller": true, "kind": "Node", "name": node.name, "uid": node.uid}],
        },
        "spec": {
            "containers": [{
                "name": component,
                "image": image,
                "imagePullPolicy": "IfNotPresent",
                "command": [component],
                "resources": {"requests": {"cpu": cpu}},
                "livenessProbe": {"failureThreshold": 8, "httpGet": {"host": node.ip, "path": "/livez", "port": 10259, "scheme": "HTTPS"},
                    "initialDelaySeconds": 10, "periodSeconds": 10, "timeoutSeconds": 15},
                "terminationMessagePath": "/dev/termination-log",
                "terminationMessagePolicy": "File",
            }],
            "dnsPolicy": "ClusterFirst",
            "enableServiceLinks": true,
            "hostNetwork": true,
            "nodeName": node.name,
            "preemptionPolicy": "PreemptLowerPriority",
            "priority": 2_000_001_000,
            "priorityClassName": "system-node-critical",
            "restartPolicy": "Always",
            "schedulerName": "default-scheduler",
            "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}},
            "terminationGracePeriodSeconds": 30,
            "tolerations": [{"effect": "NoExecute", "operator": "Exists"}],
        },
        "status": running_status(&node.ip, &node.ip, born, &started, &[(component, &image)], "Burstable"),
    })
}

pub(super) fn running_status(
    host_ip: &str,
    pod_ip: &str,
    born: i64,
    started: &str,
    containers: &[(&str, &str)],
    qos: &str,
) -> Value {
    let t = format_rfc3339(born);
    let cond =
        |ty: &str| json!({"lastProbeTime": null, "lastTransitionTime": t, "status": "True", "type": ty});
    let statuses: Vec<Value> = containers
        .iter()
        .map(|(name, image)| {
            json!({
                "containerID": format!("containerd://{:016x}{:016x}", mix(born as u64 ^ name.len() as u64), mix(pod_ip.len() as u64 ^ born as u64)),
                "image": image,
                "imageID": format!("{image}@sha256:{:016x}{:016x}{:016x}{:016x}", mix(1), mix(image.len() as u64), mix(3), mix(4)),
                "name": name,
                "ready": true,
                "restartCount": 0,
                "started": true,
                "state": {"running": {"startedAt": started}},
            })
        })
        .collect();
    json!({
        "conditions": [cond("Initialized"), cond("Ready"), cond("ContainersReady"), cond("PodScheduled")],
        "containerStatuses": statuses,
        "hostIP": host_ip,
        "phase": "Running",
        "podIP": pod_ip,
        "podIPs": [{"ip": pod_ip}],
        "qosClass": qos,
        "startTime": t,
    })
}

pub(super) fn kube_proxy_daemonset(uid: &str, nodes: u64, version: &str, born: i64) -> Value {
    json!({
        "apiVersion": "apps/v1",
        "kind": "DaemonSet",
        "metadata": {"name": "kube-proxy", "namespace": "kube-system", "uid": uid, "generation": 1,
            "creationTimestamp": format_rfc3339(born), "labels": {"k8s-app": "kube-proxy"},
            "annotations": {"deprecated.daemonset.template.generation": "1"}},
        "spec": {
            "revisionHistoryLimit": 10,
            "selector": {"matchLabels": {"k8s-app": "kube-proxy"}},
            "template": {
                "metadata": {"labels": {"k8s-app": "kube-proxy"}},
                "spec": kube_proxy_pod_spec(None, version),
            },
            "updateStrategy": {"rollingUpdate": {"maxSurge": 0, "maxUnavailable": 1}, "type": "RollingUpdate"},
        },
        "status": {"currentNumberScheduled": nodes, "desiredNumberScheduled": nodes, "numberAvailable": nodes,
            "numberMisscheduled": 0, "numberReady": nodes, "observedGeneration": 1, "updatedNumberScheduled": nodes},
    })
}

pub(super) fn kube_proxy_pod_spec(node: Option<&str>, version: &str) -> Value {
    let mut spec = json!({
        "containers": [{
            "name": "kube-proxy",
            "image": format!("registry.k8s.io/kube-proxy:{version}"),
            "imagePullPolicy": "IfNotPresent",
            "command": ["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf", "--hostname-override=$(NODE_NAME)"],
            "env": [{"name": "NODE_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "spec.nodeName"}}}],
            "resources": {},
            "securityContext": {"privileged": true},
            "terminationMessagePath": "/dev/termination-log",
            "terminationMessagePolicy": "File",
            "volumeMounts": [{"mountPath": "/lib/modules", "name": "lib-modules", "readOnly": true}],
        }],
        "dnsPolicy": "ClusterFirst",
        "hostNetwork": true,
        "nodeSelector": {"kubernetes.io/os": "linux"},
        "priorityClassName": "system-node-critical",
        "restartPolicy": "Always",
        "schedulerName": "default-scheduler",
        "serviceAccountName": "kube-proxy",
        "terminationGracePeriodSeconds": 30,
        "tolerations": [{"operator": "Exists"}],
        "volumes": [{"hostPath": {"path": "/lib/modules", "type": ""}, "name": "lib-modules"}],
    });
    if let Some(node) = node {
        set(&mut spec, "nodeName", json!(node));
        set(
            &mut spec,
            "affinity",
            json!({"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
            {"matchFields": [{"key": "metadata.name", "operator": "In", "values": [node]}]}]}}}),
        );
        set(&mut spec, "priority", json!(2_000_001_000));
    }
    spec
}

pub(super) fn kube_proxy_pod(
    name: &str,
    uid: &str,
    ds_uid: &str,
    node: &NodeRef,
    version: &str,
    born: i64,
) -> Value {
    let image = format!("registry.k8s.io/kube-proxy:{version}");
    let started = format_rfc3339(born + 45);
    json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": name,
            "generateName": "kube-proxy-",
            "namespace": "kube-system",
            "uid": uid,
            "creationTimestamp": format_rfc3339(born),
            "labels": {"controller-revision-hash": "7b9c6d5f8d", "k8s-app": "kube-proxy", "pod-template-generation": "1"},
            "ownerReferences": [{"apiVersion": "apps/v1", "blockOwnerDeletion": true, "controller": true,
                "kind": "DaemonSet", "name": "kube-proxy", "uid": ds_uid}],
        },
        "spec": kube_proxy_pod_spec(Some(&node.name), version),
        "status": running_status(&node.ip, &node.ip, born, &started, &[("kube-proxy", &image)], "BestEffort"),
    })
}

/// A JSON object from (key, value) pairs, moving the values in.
pub(super) fn object<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    Value::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

/// Sets `key` of `obj` when it is an object.
pub(super) fn set(obj: &mut Value, key: &str, value: Value) {
    if let Value::Object(map) = obj {
        map.insert(key.to_owned(), value);
    }
}

pub(super) fn resource_quota(
    ns: &str,
    uid: &str,
    pods: u64,
    cpu: u64,
    mem: u64,
    headroom_pct: u64,
    born: i64,
) -> Value {
    let hard = |used: u64| (used * headroom_pct).div_ceil(100).max(1);
    let hard_cpu = hard(cpu).div_ceil(1000);
    let hard_mem = hard(mem).div_ceil(1024);
    let hard_pods = hard(pods).max(10);
    json!({
        "apiVersion": "v1",
        "kind": "ResourceQuota",
        "metadata": {"name": "compute", "namespace": ns, "uid": uid, "creationTimestamp": format_rfc3339(born)},
        "spec": {"hard": {"pods": hard_pods.to_string(), "requests.cpu": hard_cpu.to_string(), "requests.memory": format!("{hard_mem}Gi")}},
        "status": {
            "hard": {"pods": hard_pods.to_string(), "requests.cpu": hard_cpu.to_string(), "requests.memory": format!("{hard_mem}Gi")},
            "used": {"pods": pods.to_string(), "requests.cpu": format!("{cpu}m"), "requests.memory": format!("{mem}Mi")},
        },
    })
}

pub(super) fn default_deny(ns: &str, uid: &str, born: i64) -> Value {
    json!({
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": {"name": "default-deny-ingress", "namespace": ns, "uid": uid, "generation": 1,
            "creationTimestamp": format_rfc3339(born)},
        "spec": {"podSelector": {}, "policyTypes": ["Ingress"]},
    })
}
