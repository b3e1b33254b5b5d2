#!/usr/bin/env python3
"""Writes assets/scenarios/{eks,gke,aks}.yaml: managed control planes as the API shows them.

Run from the repository root: `python3 scripts/gen-managed-scenarios.py`.

The application side (namespaces shop, cert-manager and default with their quotas,
limit ranges, network policies, workloads, PDBs, probes) is taken from healthy.yaml,
which `kon check` already finds nothing critical in; its pods move to the provider's
nodes. Everything the provider owns is written here: nodes (providerID, provider
labels, kubelet version), the kube-system DaemonSets and Deployments with the
provider's images and labels, the leases the provider exposes, the `kubernetes`
Service's endpoints. No control-plane node, no static pod, no etcd.
"""

import copy
import hashlib
import sys
import uuid

import yaml

NS_UUID = uuid.UUID("6f1c2a4e-3b7d-5e8f-9a0b-1c2d3e4f5a6b")
HEALTHY = "assets/scenarios/healthy.yaml"
# Objects of healthy.yaml a managed cluster does not show, or that are rewritten here.
DROP_KINDS = {"Node", "SimCluster"}
DROP_KUBE_SYSTEM = True  # every kube-system object is the provider's, rewritten below
DROP_DEFAULT = {("Service", "kubernetes"), ("Endpoints", "kubernetes"), ("EndpointSlice", "kubernetes")}


def uid(scenario, *key):
    return str(uuid.uuid5(NS_UUID, "/".join((scenario,) + key)))


def short_hash(*key, n=10):
    alphabet = "bcdfghjklmnpqrstvwxz2456789"
    h = hashlib.sha256("/".join(key).encode()).digest()
    return "".join(alphabet[b % len(alphabet)] for b in h[:n])


def hexid(*key, n=17):
    return hashlib.sha256("/".join(key).encode()).hexdigest()[:n]


# ------------------------------------------------------------------ providers

EKS = {
    "name": "eks",
    "version": "v1.31.2-eks-7f9249a",
    "kubelet": "v1.31.2-eks-94953ac",
    "region": "eu-west-1",
    "zones": ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
    "os": ("Amazon Linux 2023.6.20241121", "6.1.115-126.197.amzn2023.x86_64", "containerd://1.7.23"),
    "service_ip": "10.100.0.1",
    "apiserver_endpoints": ["10.0.46.21", "10.0.117.198"],  # the control plane's ENIs in the VPC
}
GKE = {
    "name": "gke",
    "version": "v1.31.1-gke.1678000",
    "kubelet": "v1.31.1-gke.1678000",
    "region": "europe-west1",
    "zones": ["europe-west1-b", "europe-west1-c", "europe-west1-d"],
    "os": ("Container-Optimized OS from Google", "6.1.100+", "containerd://1.7.22"),
    "service_ip": "34.118.224.1",
    "npd_conditions": [  # node-problem-detector runs on COS nodes as a system service
        ("FrequentUnregisterNetDevice", "NoFrequentUnregisterNetDevice", "node is functioning properly"),
        ("FrequentContainerdRestart", "NoFrequentContainerdRestart", "containerd is functioning properly"),
        ("KernelDeadlock", "KernelHasNoDeadlock", "kernel has no deadlock"),
        ("ReadonlyFilesystem", "FilesystemIsNotReadOnly", "Filesystem is not read-only"),
        ("CorruptDockerOverlay2", "NoCorruptDockerOverlay2", "docker overlay2 is functioning properly"),
        ("FrequentKubeletRestart", "NoFrequentKubeletRestart", "kubelet is functioning properly"),
        ("FrequentDockerRestart", "NoFrequentDockerRestart", "docker is functioning properly"),
    ],
    "apiserver_endpoints": ["172.16.0.2"],  # the control plane's private endpoint
}
AKS = {
    "name": "aks",
    "version": "v1.31.2",
    "kubelet": "v1.31.2",
    "region": "westeurope",
    "zones": ["westeurope-1", "westeurope-2", "westeurope-3"],
    "os": ("Ubuntu 22.04.5 LTS", "5.15.0-1075-azure", "containerd://1.7.23-1"),
    "service_ip": "10.0.0.1",
    "npd_conditions": [  # AKS runs node-problem-detector on the node as a system service
        ("KernelDeadlock", "KernelHasNoDeadlock", "kernel has no deadlock"),
        ("ReadonlyFilesystem", "FilesystemIsNotReadOnly", "Filesystem is not read-only"),
        ("FrequentKubeletRestart", "NoFrequentKubeletRestart", "kubelet is functioning properly"),
        ("FrequentContainerdRestart", "NoFrequentContainerdRestart", "containerd is functioning properly"),
        ("FilesystemCorruptionProblem", "FilesystemIsOK", "Filesystem is healthy"),
        ("KubeletProblem", "KubeletIsUp", "kubelet service is up"),
        ("ContainerRuntimeProblem", "ContainerRuntimeIsUp", "container runtime service is up"),
        ("VMEventScheduled", "NoVMEventScheduled", "VM has no scheduled event"),
    ],
    "apiserver_endpoints": ["20.103.156.40"],  # the API server's public address
}


def eks_node(i, zone):
    ip = f"10.0.{32 * (i + 1) + 14}.{57 + 31 * i}"
    name = f"ip-{ip.replace('.', '-')}.eu-west-1.compute.internal"
    instance = "i-0" + hexid("eks", "instance", str(i), n=16)
    labels = {
        "eks.amazonaws.com/capacityType": "ON_DEMAND",
        "eks.amazonaws.com/nodegroup": "general",
        "eks.amazonaws.com/nodegroup-image": "ami-0a4d7c6f0f3a1b9e2",
        "eks.amazonaws.com/sourceLaunchTemplateId": "lt-0d5b1c8e9f7a6b4c3",
        "eks.amazonaws.com/sourceLaunchTemplateVersion": "1",
        "k8s.io/cloud-provider-aws": "5f2d0c9a8e7b6a5f4e3d2c1b0a9f8e7d",
        "node.kubernetes.io/instance-type": "m6i.xlarge",
        "topology.ebs.csi.aws.com/zone": zone,
        "topology.k8s.aws/zone-id": f"euw1-az{i + 1}",
    }
    annotations = {
        "alpha.kubernetes.io/provided-node-ip": ip,
        "csi.volume.kubernetes.io/nodeid": '{"ebs.csi.aws.com":"%s"}' % instance,
    }
    addresses = [
        {"address": ip, "type": "InternalIP"},
        {"address": name, "type": "InternalDNS"},
        {"address": name, "type": "Hostname"},
    ]
    return name, ip, f"aws:///{zone}/{instance}", labels, annotations, addresses, (4, 16)


def gke_node(i, zone):
    group = hexid("gke", "group", zone, n=8)
    name = f"gke-prod-default-pool-{group}-{short_hash('gke', 'node', str(i), n=4)}"
    ip = f"10.132.0.{10 + i}"
    labels = {
        "cloud.google.com/gke-boot-disk": "pd-balanced",
        "cloud.google.com/gke-container-runtime": "containerd",
        "cloud.google.com/gke-cpu-scaling-level": "4",
        "cloud.google.com/gke-logging-variant": "DEFAULT",
        "cloud.google.com/gke-max-pods-per-node": "110",
        "cloud.google.com/gke-nodepool": "default-pool",
        "cloud.google.com/gke-os-distribution": "cos",
        "cloud.google.com/gke-provisioning": "standard",
        "cloud.google.com/gke-stack-type": "IPV4",
        "cloud.google.com/machine-family": "e2",
        "cloud.google.com/private-node": "false",
        "node.kubernetes.io/instance-type": "e2-standard-4",
        "topology.gke.io/zone": zone,
    }
    annotations = {
        "container.googleapis.com/instance_id": str(int(hexid("gke", "id", str(i), n=15), 16)),
        "csi.volume.kubernetes.io/nodeid": '{"pd.csi.storage.gke.io":"projects/acme-prod/zones/%s/instances/%s"}'
        % (zone, name),
        "node.gke.io/last-applied-node-labels": "cloud.google.com/gke-nodepool=default-pool",
    }
    addresses = [
        {"address": ip, "type": "InternalIP"},
        {"address": f"34.76.{20 + i}.{101 + i}", "type": "ExternalIP"},
        {"address": name, "type": "Hostname"},
    ]
    return name, ip, f"gce://acme-prod/{zone}/{name}", labels, annotations, addresses, (4, 16)


def aks_node(i, zone):
    name = f"aks-nodepool1-38421907-vmss00000{i}"
    ip = f"10.224.0.{4 + i}"
    rg = "mc_rg-prod_aks-prod_westeurope"
    provider_id = (
        "azure:///subscriptions/3f2a9c1e-7b4d-4e8f-a1b2-c3d4e5f6a7b8/resourceGroups/"
        f"{rg}/providers/Microsoft.Compute/virtualMachineScaleSets/aks-nodepool1-38421907-vmss/virtualMachines/{i}"
    )
    labels = {
        "agentpool": "nodepool1",
        "kubernetes.azure.com/agentpool": "nodepool1",
        "kubernetes.azure.com/cluster": "MC_rg-prod_aks-prod_westeurope",
        "kubernetes.azure.com/kubelet-identity-client-id": "9c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f",
        "kubernetes.azure.com/mode": "system",
        "kubernetes.azure.com/node-image-version": "AKSUbuntu-2204gen2containerd-202411.12.0",
        "kubernetes.azure.com/nodepool-type": "VirtualMachineScaleSets",
        "kubernetes.azure.com/os-sku": "Ubuntu",
        "kubernetes.azure.com/role": "agent",
        "kubernetes.azure.com/storageprofile": "managed",
        "kubernetes.azure.com/storagetier": "Premium_LRS",
        "kubernetes.io/role": "agent",
        "node-role.kubernetes.io/agent": "",
        "node.kubernetes.io/instance-type": "Standard_D4s_v5",
        "storageprofile": "managed",
        "storagetier": "Premium_LRS",
        "topology.disk.csi.azure.com/zone": zone,
    }
    annotations = {
        "csi.volume.kubernetes.io/nodeid": '{"disk.csi.azure.com":"%s","file.csi.azure.com":"%s"}' % (name, name),
    }
    addresses = [
        {"address": name, "type": "Hostname"},
        {"address": ip, "type": "InternalIP"},
    ]
    return name, ip, provider_id, labels, annotations, addresses, (4, 16)


# ------------------------------------------------------------------ object builders


class Cluster:
    def __init__(self, p, node_fn):
        self.p = p
        self.s = p["name"]
        self.objects = []
        self.nodes = []  # (name, ip, zone)
        for i, zone in enumerate(p["zones"]):
            self.add_node(i, zone, *node_fn(i, zone))

    def meta(self, kind, ns, name, created="now-120d", labels=None, annotations=None):
        m = {"creationTimestamp": created, "name": name, "uid": uid(self.s, kind, ns, name)}
        if ns:
            m["namespace"] = ns
        if labels:
            m["labels"] = dict(labels)
        if annotations:
            m["annotations"] = dict(annotations)
        return m

    def add(self, obj):
        self.objects.append(obj)
        return obj

    def add_node(self, i, zone, name, ip, provider_id, labels, annotations, addresses, size):
        cpu, mem_gi = size
        all_labels = {
            "beta.kubernetes.io/arch": "amd64",
            "beta.kubernetes.io/instance-type": labels["node.kubernetes.io/instance-type"],
            "beta.kubernetes.io/os": "linux",
            "failure-domain.beta.kubernetes.io/region": self.p["region"],
            "failure-domain.beta.kubernetes.io/zone": zone,
            "kubernetes.io/arch": "amd64",
            "kubernetes.io/hostname": name,
            "kubernetes.io/os": "linux",
            "topology.kubernetes.io/region": self.p["region"],
            "topology.kubernetes.io/zone": zone,
        }
        all_labels.update(labels)
        all_annotations = {
            "node.alpha.kubernetes.io/ttl": "0",
            "volumes.kubernetes.io/controller-managed-attach-detach": "true",
        }
        all_annotations.update(annotations)
        osimage, kernel, runtime = self.p["os"]
        cond = lambda t, s, reason, msg: {  # noqa: E731
            "lastHeartbeatTime": "now-12s",
            "lastTransitionTime": "now-40d",
            "message": msg,
            "reason": reason,
            "status": s,
            "type": t,
        }
        self.add({
            "apiVersion": "v1",
            "kind": "Node",
            "metadata": self.meta("Node", "", name, "now-40d", all_labels, all_annotations),
            "spec": {"podCIDR": f"10.244.{i}.0/24", "podCIDRs": [f"10.244.{i}.0/24"], "providerID": provider_id},
            "status": {
                "addresses": addresses,
                "allocatable": {
                    "cpu": f"{cpu * 1000 - 80}m",
                    "ephemeral-storage": "95551679124",
                    "hugepages-1Gi": "0",
                    "hugepages-2Mi": "0",
                    "memory": f"{mem_gi * 1024 * 1024 - 1048576}Ki",
                    "pods": "110",
                },
                "capacity": {
                    "cpu": str(cpu),
                    "ephemeral-storage": "101430960Ki",
                    "hugepages-1Gi": "0",
                    "hugepages-2Mi": "0",
                    "memory": f"{mem_gi * 1024 * 1024}Ki",
                    "pods": "110",
                },
                "conditions": [
                    cond("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                    cond("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                    cond("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                    cond("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
                ] + [cond(t, "False", reason, msg) for t, reason, msg in self.p.get("npd_conditions", [])],
                "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
                "nodeInfo": {
                    "architecture": "amd64",
                    "bootID": uid(self.s, "boot", name),
                    "containerRuntimeVersion": runtime,
                    "kernelVersion": kernel,
                    "kubeProxyVersion": "",
                    "kubeletVersion": self.p["kubelet"],
                    "machineID": hexid(self.s, "machine", name, n=32),
                    "operatingSystem": "linux",
                    "osImage": osimage,
                    "systemUUID": uid(self.s, "system", name),
                },
            },
        })
        lease = self.meta("Lease", "kube-node-lease", name, "now-40d")
        lease["ownerReferences"] = [
            {"apiVersion": "v1", "kind": "Node", "name": name, "uid": uid(self.s, "Node", "", name)}
        ]
        self.add({
            "apiVersion": "coordination.k8s.io/v1",
            "kind": "Lease",
            "metadata": lease,
            "spec": {"holderIdentity": name, "leaseDurationSeconds": 40, "renewTime": "now-4s"},
        })
        self.nodes.append((name, ip, zone))

    def pod(self, ns, name, labels, spec, owner, node, created, host_network=False):
        node_name, node_ip, _ = node
        meta = self.meta("Pod", ns, name, created, labels)
        meta["generateName"] = name.rsplit("-", 1)[0] + "-"
        okind, oname = owner
        meta["ownerReferences"] = [{
            "apiVersion": "apps/v1",
            "blockOwnerDeletion": True,
            "controller": True,
            "kind": okind,
            "name": oname,
            "uid": uid(self.s, okind, ns, oname),
        }]
        spec = copy.deepcopy(spec)
        spec["nodeName"] = node_name
        pod_ip = node_ip if host_network else f"10.244.{self.nodes.index(node)}.{10 + len(self.objects) % 240}"
        statuses = []
        for c in spec.get("containers", []):
            image = c["image"]
            statuses.append({
                "containerID": "containerd://" + hashlib.sha256((self.s + name + c["name"]).encode()).hexdigest(),
                "image": image,
                "imageID": image.rsplit(":", 1)[0] + "@sha256:" + hashlib.sha256(image.encode()).hexdigest(),
                "name": c["name"],
                "ready": True,
                "restartCount": 0,
                "started": True,
                "state": {"running": {"startedAt": created}},
            })
        requests = all(c.get("resources", {}).get("requests") for c in spec.get("containers", []))
        conds = [
            {"lastProbeTime": None, "lastTransitionTime": created, "status": "True", "type": t}
            for t in ("Initialized", "Ready", "ContainersReady", "PodScheduled")
        ]
        self.add({
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": meta,
            "spec": spec,
            "status": {
                "conditions": conds,
                "containerStatuses": statuses,
                "hostIP": node_ip,
                "phase": "Running",
                "podIP": pod_ip,
                "podIPs": [{"ip": pod_ip}],
                "qosClass": "Burstable" if requests else "BestEffort",
                "startTime": created,
            },
        })

    def pod_spec(self, containers, sa, priority_class=None, host_network=False, volumes=None, tolerations=None, node_selector=None, security=None):
        spec = {
            "containers": containers,
            "restartPolicy": "Always",
            "serviceAccountName": sa,
            "terminationGracePeriodSeconds": 30,
        }
        if priority_class:
            spec["priorityClassName"] = priority_class
            spec["priority"] = 2000001000 if priority_class == "system-node-critical" else 2000000000
        if host_network:
            spec["hostNetwork"] = True
        if volumes:
            spec["volumes"] = volumes
        if tolerations is not None:
            spec["tolerations"] = tolerations
        if node_selector:
            spec["nodeSelector"] = node_selector
        if security:
            spec["securityContext"] = security
        return spec

    def daemonset(self, ns, name, labels, selector, spec, ds_labels=None, created="now-40d"):
        n = len(self.nodes)
        rev = short_hash(self.s, "ds", name)
        self.add({
            "apiVersion": "apps/v1",
            "kind": "DaemonSet",
            "metadata": self.meta("DaemonSet", ns, name, created, ds_labels or labels,
                                  {"deprecated.daemonset.template.generation": "1"}),
            "spec": {
                "revisionHistoryLimit": 10,
                "selector": {"matchLabels": selector},
                "template": {"metadata": {"labels": labels}, "spec": spec},
                "updateStrategy": {"rollingUpdate": {"maxSurge": 0, "maxUnavailable": 1}, "type": "RollingUpdate"},
            },
            "status": {
                "currentNumberScheduled": n,
                "desiredNumberScheduled": n,
                "numberAvailable": n,
                "numberMisscheduled": 0,
                "numberReady": n,
                "observedGeneration": 1,
                "updatedNumberScheduled": n,
            },
        })
        for node in self.nodes:
            pod_labels = dict(labels, **{"controller-revision-hash": rev, "pod-template-generation": "1"})
            pspec = copy.deepcopy(spec)
            pspec["affinity"] = {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
                "nodeSelectorTerms": [{"matchFields": [{"key": "metadata.name", "operator": "In", "values": [node[0]]}]}]
            }}}
            pname = f"{name}-{short_hash(self.s, name, node[0], n=5)}"
            self.pod(ns, pname, pod_labels, pspec, ("DaemonSet", name), node, created, spec.get("hostNetwork", False))

    def deployment(self, ns, name, labels, selector, spec, replicas, dep_labels=None, pdb=None, created="now-40d", start=0):
        rs_hash = short_hash(self.s, "rs", ns, name)
        rs_name = f"{name}-{rs_hash}"
        status = {
            "availableReplicas": replicas,
            "observedGeneration": 1,
            "readyReplicas": replicas,
            "replicas": replicas,
        }
        self.add({
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": self.meta("Deployment", ns, name, created, dep_labels or labels,
                                  {"deployment.kubernetes.io/revision": "1"}),
            "spec": {
                "progressDeadlineSeconds": 600,
                "replicas": replicas,
                "revisionHistoryLimit": 10,
                "selector": {"matchLabels": selector},
                "strategy": {"rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 1}, "type": "RollingUpdate"},
                "template": {"metadata": {"labels": labels}, "spec": spec},
            },
            "status": dict(status, updatedReplicas=replicas, conditions=[
                {"lastTransitionTime": created, "lastUpdateTime": created, "message": "Deployment has minimum availability.",
                 "reason": "MinimumReplicasAvailable", "status": "True", "type": "Available"},
                {"lastTransitionTime": created, "lastUpdateTime": created,
                 "message": f'ReplicaSet "{rs_name}" has successfully progressed.',
                 "reason": "NewReplicaSetAvailable", "status": "True", "type": "Progressing"},
            ]),
        })
        rs_labels = dict(labels, **{"pod-template-hash": rs_hash})
        rs_meta = self.meta("ReplicaSet", ns, rs_name, created, rs_labels, {
            "deployment.kubernetes.io/desired-replicas": str(replicas),
            "deployment.kubernetes.io/max-replicas": str(replicas + 1),
            "deployment.kubernetes.io/revision": "1",
        })
        rs_meta["ownerReferences"] = [{"apiVersion": "apps/v1", "blockOwnerDeletion": True, "controller": True,
                                       "kind": "Deployment", "name": name, "uid": uid(self.s, "Deployment", ns, name)}]
        self.add({
            "apiVersion": "apps/v1",
            "kind": "ReplicaSet",
            "metadata": rs_meta,
            "spec": {"replicas": replicas, "selector": {"matchLabels": dict(selector, **{"pod-template-hash": rs_hash})},
                     "template": {"metadata": {"labels": rs_labels}, "spec": spec}},
            "status": dict(status, fullyLabeledReplicas=replicas),
        })
        for r in range(replicas):
            node = self.nodes[(start + r) % len(self.nodes)]
            pname = f"{rs_name}-{short_hash(self.s, rs_name, str(r), n=5)}"
            self.pod(ns, pname, rs_labels, spec, ("ReplicaSet", rs_name), node, created, spec.get("hostNetwork", False))
        if pdb:
            self.pdb(ns, pdb, selector, replicas)

    def pdb(self, ns, name, selector, pods):
        self.add({
            "apiVersion": "policy/v1",
            "kind": "PodDisruptionBudget",
            "metadata": self.meta("PodDisruptionBudget", ns, name, "now-40d"),
            "spec": {"maxUnavailable": 1, "selector": {"matchLabels": selector}},
            "status": {
                "conditions": [{"lastTransitionTime": "now-20d", "message": "", "observedGeneration": 1,
                                "reason": "SufficientPods", "status": "True", "type": "DisruptionAllowed"}],
                "currentHealthy": pods,
                "desiredHealthy": pods - 1,
                "disruptionsAllowed": 1,
                "expectedPods": pods,
                "observedGeneration": 1,
            },
        })

    def lease(self, name, holder, duration, labels=None, acquired="now-9d", transitions=3, renewed="now-2s"):
        self.add({
            "apiVersion": "coordination.k8s.io/v1",
            "kind": "Lease",
            "metadata": self.meta("Lease", "kube-system", name, "now-120d", labels),
            "spec": {"acquireTime": acquired, "holderIdentity": holder, "leaseDurationSeconds": duration,
                     "leaseTransitions": transitions, "renewTime": renewed},
        })

    def identity_leases(self, hosts):
        for host in hosts:
            name = "apiserver-" + hexid(self.s, "apiserver", host, n=26)
            self.lease(name, f"{name}_{uid(self.s, 'holder', host)}", 3600,
                       {"apiserver.kubernetes.io/identity": "kube-apiserver", "kubernetes.io/hostname": host},
                       acquired="now-6d", transitions=0, renewed="now-7s")

    def leader_leases(self, names, host):
        for name in names:
            self.lease(name, f"{host}_{uid(self.s, 'leader', name)}", 15)

    def kubernetes_service(self, target_port):
        ips = self.p["apiserver_endpoints"]
        sip = self.p["service_ip"]
        self.add({
            "apiVersion": "v1", "kind": "Service",
            "metadata": self.meta("Service", "default", "kubernetes", "now-120d", {"component": "apiserver", "provider": "kubernetes"}),
            "spec": {"clusterIP": sip, "clusterIPs": [sip], "internalTrafficPolicy": "Cluster", "ipFamilies": ["IPv4"],
                     "ipFamilyPolicy": "SingleStack",
                     "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": target_port}],
                     "sessionAffinity": "None", "type": "ClusterIP"},
            "status": {"loadBalancer": {}},
        })
        self.add({
            "apiVersion": "v1", "kind": "Endpoints",
            "metadata": self.meta("Endpoints", "default", "kubernetes", "now-120d", {"endpointslice.kubernetes.io/skip-mirror": "true"}),
            "subsets": [{"addresses": [{"ip": ip} for ip in ips],
                         "ports": [{"name": "https", "port": target_port, "protocol": "TCP"}]}],
        })
        self.add({
            "addressType": "IPv4", "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
            "endpoints": [{"addresses": [ip], "conditions": {"ready": True}} for ip in ips],
            "metadata": self.meta("EndpointSlice", "default", "kubernetes", "now-120d", {"kubernetes.io/service-name": "kubernetes"}),
            "ports": [{"name": "https", "port": target_port, "protocol": "TCP"}],
        })

    def configmap(self, ns, name, data, labels=None):
        self.add({"apiVersion": "v1", "kind": "ConfigMap", "metadata": self.meta("ConfigMap", ns, name, "now-120d", labels), "data": data})

    def namespace(self, name, pod_security=None, created="now-120d"):
        labels = {"kubernetes.io/metadata.name": name}
        if pod_security:
            for mode in ("audit", "enforce", "warn"):
                labels[f"pod-security.kubernetes.io/{mode}"] = pod_security
            labels["pod-security.kubernetes.io/enforce-version"] = "latest"
        self.add({"apiVersion": "v1", "kind": "Namespace", "metadata": self.meta("Namespace", "", name, created, labels),
                  "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}})

    def applications(self, healthy):
        """healthy.yaml's application objects, moved onto this cluster's nodes."""
        workers = {f"worker-{i + 1}": self.nodes[i] for i in range(3)}
        for d in healthy:
            kind, m = d["kind"], d.get("metadata", {})
            ns = m.get("namespace", "")
            if kind in DROP_KINDS or ns in ("kube-system", "kube-node-lease") or (kind, m.get("name")) in DROP_DEFAULT and ns == "default":
                continue
            if kind == "Namespace" and m["name"] in ("kube-system", "kube-public", "kube-node-lease", "default"):
                continue
            d = copy.deepcopy(d)
            m = d["metadata"]
            m["uid"] = uid(self.s, kind, ns, m["name"])
            for ref in m.get("ownerReferences", []):
                ref["uid"] = uid(self.s, ref["kind"], ns, ref["name"])
            if kind == "Pod":
                node = workers[d["spec"]["nodeName"]]
                d["spec"]["nodeName"] = node[0]
                d["status"]["hostIP"] = node[1]
                idx = self.nodes.index(node)
                last = d["status"]["podIP"].rsplit(".", 1)[1]
                d["status"]["podIP"] = f"10.244.{idx}.{last}"
                d["status"]["podIPs"] = [{"ip": d["status"]["podIP"]}]
            self.add(d)


# ------------------------------------------------------------------ kube-system per provider

def res(cpu, mem, limit=None):
    r = {"requests": {"cpu": cpu, "memory": mem}}
    if limit:
        r["limits"] = {"memory": limit}
    return r


def container(name, image, resources=None, ports=None, probes=None, privileged=False, args=None, mounts=None):
    c = {"image": image, "imagePullPolicy": "IfNotPresent", "name": name, "resources": resources or {}}
    if args:
        c["args"] = args
    if ports:
        c["ports"] = ports
    if probes:
        path, port = probes
        c["livenessProbe"] = {"httpGet": {"path": path, "port": port, "scheme": "HTTP"}, "initialDelaySeconds": 60,
                              "periodSeconds": 10, "failureThreshold": 5, "timeoutSeconds": 5}
        c["readinessProbe"] = {"httpGet": {"path": path, "port": port, "scheme": "HTTP"}, "periodSeconds": 10}
    if privileged:
        c["securityContext"] = {"privileged": True}
    if mounts:
        c["volumeMounts"] = mounts
    return c


def host_volume(name, path):
    return {"hostPath": {"path": path, "type": ""}, "name": name}


ALL_TOLERATIONS = [{"operator": "Exists"}]


def GRPC_HEALTH(delay):  # aws-node's probes, as the VPC CNI's manifest has them
    return {"exec": {"command": ["/app/grpc-health-probe", "-addr=:50051", "-connect-timeout=5s", "-rpc-timeout=5s"]},
            "initialDelaySeconds": delay, "periodSeconds": 10, "timeoutSeconds": 10}
DNS_PORTS = [{"containerPort": 53, "name": "dns", "protocol": "UDP"}, {"containerPort": 53, "name": "dns-tcp", "protocol": "TCP"}]


def coredns(c, image, labels, extra_selector=None, pdb=True, sa="coredns", start=1):
    spec = c.pod_spec([container("coredns", image, res("100m", "70Mi", "170Mi"), DNS_PORTS + [
        {"containerPort": 9153, "name": "metrics", "protocol": "TCP"}], ("/health", 8080), args=["-conf", "/etc/coredns/Corefile"])],
        sa, "system-cluster-critical", tolerations=[{"key": "CriticalAddonsOnly", "operator": "Exists"}])
    selector = {"k8s-app": "kube-dns"}
    if extra_selector:
        selector.update(extra_selector)
    c.deployment("kube-system", "coredns", labels, selector, spec, 2, dep_labels=labels, pdb="coredns" if pdb else None, start=start)


def eks(c):
    ecr = "602401143452.dkr.ecr.eu-west-1.amazonaws.com"
    c.namespace("kube-system")
    # The VPC CNI: one aws-node pod per node, on the host network.
    c.daemonset("kube-system", "aws-node", {"app.kubernetes.io/instance": "aws-vpc-cni", "app.kubernetes.io/name": "aws-node", "k8s-app": "aws-node"},
                {"k8s-app": "aws-node"},
                c.pod_spec([
                    dict(container("aws-node", f"{ecr}/amazon-k8s-cni:v1.19.0-eksbuild.1", res("25m", "64Mi"),
                                   [{"containerPort": 61678, "name": "metrics", "protocol": "TCP"}], privileged=True,
                                   mounts=[{"mountPath": "/host/opt/cni/bin", "name": "cni-bin-dir"}]),
                         livenessProbe=GRPC_HEALTH(60), readinessProbe=GRPC_HEALTH(1)),
                    container("aws-eks-nodeagent", f"{ecr}/amazon/aws-network-policy-agent:v1.1.5-eksbuild.1", res("25m", "64Mi"), privileged=True),
                ], "aws-node", "system-node-critical", host_network=True,
                    volumes=[host_volume("cni-bin-dir", "/opt/cni/bin")], tolerations=ALL_TOLERATIONS),
                ds_labels={"app.kubernetes.io/instance": "aws-vpc-cni", "app.kubernetes.io/managed-by": "Helm",
                           "app.kubernetes.io/name": "aws-node", "app.kubernetes.io/version": "v1.19.0", "k8s-app": "aws-node"})
    c.daemonset("kube-system", "kube-proxy", {"k8s-app": "kube-proxy"}, {"k8s-app": "kube-proxy"},
                c.pod_spec([container("kube-proxy", f"{ecr}/eks/kube-proxy:v1.31.2-minimal-eksbuild.3", res("100m", "32Mi"),
                                      privileged=True, args=["--v=2", "--config=/var/lib/kube-proxy-config/config", "--hostname-override=$(NODE_NAME)"],
                                      mounts=[{"mountPath": "/lib/modules", "name": "lib-modules", "readOnly": True}])],
                           "kube-proxy", "system-node-critical", host_network=True,
                           volumes=[host_volume("lib-modules", "/lib/modules")], tolerations=ALL_TOLERATIONS),
                ds_labels={"eks.amazonaws.com/component": "kube-proxy", "k8s-app": "kube-proxy"})
    ebs_labels = {"app": "ebs-csi-node", "app.kubernetes.io/component": "csi-driver", "app.kubernetes.io/managed-by": "EKS",
                  "app.kubernetes.io/name": "aws-ebs-csi-driver", "app.kubernetes.io/version": "1.37.0"}
    c.daemonset("kube-system", "ebs-csi-node", ebs_labels, {"app": "ebs-csi-node", "app.kubernetes.io/name": "aws-ebs-csi-driver"},
                c.pod_spec([
                    container("ebs-plugin", f"{ecr}/eks/aws-ebs-csi-driver:v1.37.0", res("10m", "40Mi", "256Mi"),
                              [{"containerPort": 9808, "name": "healthz", "protocol": "TCP"}], ("/healthz", "healthz"), privileged=True,
                              mounts=[{"mountPath": "/var/lib/kubelet", "name": "kubelet-dir"}]),
                    container("node-driver-registrar", f"{ecr}/eks/csi-node-driver-registrar:v2.12.0-eks-1-31-7", res("10m", "40Mi", "256Mi")),
                    container("liveness-probe", f"{ecr}/eks/livenessprobe:v2.14.0-eks-1-31-7", res("10m", "40Mi", "256Mi")),
                ], "ebs-csi-node-sa", "system-node-critical", volumes=[host_volume("kubelet-dir", "/var/lib/kubelet")],
                    tolerations=ALL_TOLERATIONS, node_selector={"kubernetes.io/os": "linux"}))
    ebs_ctrl = {"app": "ebs-csi-controller", "app.kubernetes.io/component": "csi-driver", "app.kubernetes.io/managed-by": "EKS",
                "app.kubernetes.io/name": "aws-ebs-csi-driver", "app.kubernetes.io/version": "1.37.0"}
    c.deployment("kube-system", "ebs-csi-controller", ebs_ctrl, {"app": "ebs-csi-controller", "app.kubernetes.io/name": "aws-ebs-csi-driver"},
                 c.pod_spec([
                     container("ebs-plugin", f"{ecr}/eks/aws-ebs-csi-driver:v1.37.0", res("10m", "40Mi", "256Mi"),
                               [{"containerPort": 9808, "name": "healthz", "protocol": "TCP"}], ("/healthz", "healthz")),
                     container("csi-provisioner", f"{ecr}/eks/csi-provisioner:v5.1.0-eks-1-31-7", res("10m", "40Mi", "256Mi")),
                     container("csi-attacher", f"{ecr}/eks/csi-attacher:v4.7.0-eks-1-31-7", res("10m", "40Mi", "256Mi")),
                 ], "ebs-csi-controller-sa", "system-cluster-critical", tolerations=[{"key": "CriticalAddonsOnly", "operator": "Exists"}],
                     node_selector={"kubernetes.io/os": "linux"}),
                 2, pdb="ebs-csi-controller")
    coredns(c, f"{ecr}/eks/coredns:v1.11.3-eksbuild.2", {"eks.amazonaws.com/component": "coredns", "k8s-app": "kube-dns"},
            {"eks.amazonaws.com/component": "coredns"})
    # Installed by the cluster's owner, as the guidance advises.
    customer_dns_autoscaler(c)
    customer_npd(c)
    c.configmap("kube-system", "aws-auth", {"mapRoles": (
        "- groups:\n  - system:bootstrappers\n  - system:nodes\n"
        "  rolearn: arn:aws:iam::123456789012:role/eks-prod-general-node-role\n"
        "  username: system:node:{{EC2PrivateDNSName}}\n")})
    c.configmap("kube-system", "amazon-vpc-cni", {"enable-network-policy-controller": "true", "enable-windows-ipam": "false"},
                {"app.kubernetes.io/instance": "aws-vpc-cni", "app.kubernetes.io/name": "aws-node"})
    # Two API server instances (their identity leases) and the controllers' leader leases.
    c.identity_leases(["ip-172-16-47-120.eu-west-1.compute.internal", "ip-172-16-91-33.eu-west-1.compute.internal"])
    c.leader_leases(["kube-controller-manager", "kube-scheduler", "cloud-controller-manager"], "ip-172-16-47-120.eu-west-1.compute.internal")
    c.kubernetes_service(443)


def gke(c):
    gcr = "gke.gcr.io"
    c.namespace("kube-system")
    addon = {"addonmanager.kubernetes.io/mode": "Reconcile"}
    dns_labels = {"k8s-app": "kube-dns"}
    c.deployment("kube-system", "kube-dns", dns_labels, {"k8s-app": "kube-dns"},
                 c.pod_spec([
                     container("kubedns", f"{gcr}/k8s-dns-kube-dns:1.23.0-gke.9", res("100m", "70Mi", "210Mi"),
                               [{"containerPort": 10053, "name": "dns-local", "protocol": "UDP"}], ("/healthcheck/kubedns", 10054)),
                     container("dnsmasq", f"{gcr}/k8s-dns-dnsmasq-nanny:1.23.0-gke.9", res("150m", "20Mi"), DNS_PORTS, ("/healthcheck/dnsmasq", 10054)),
                     container("sidecar", f"{gcr}/k8s-dns-sidecar:1.23.0-gke.9", res("10m", "20Mi"),
                               [{"containerPort": 10054, "name": "metrics", "protocol": "TCP"}], ("/metrics", 10054)),
                     container("prometheus-to-sd", f"{gcr}/prometheus-to-sd:v0.11.12-gke.38", res("1m", "20Mi")),
                 ], "kube-dns", "system-cluster-critical", tolerations=[{"key": "CriticalAddonsOnly", "operator": "Exists"},
                                                                        {"key": "components.gke.io/gke-managed-components", "operator": "Exists"}]),
                 2, dep_labels=dict(addon, **{"k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true"}), pdb="kube-dns")
    c.deployment("kube-system", "kube-dns-autoscaler", {"k8s-app": "kube-dns-autoscaler"}, {"k8s-app": "kube-dns-autoscaler"},
                 c.pod_spec([container("autoscaler", f"{gcr}/cluster-proportional-autoscaler:v1.8.11-gke.8", res("20m", "10Mi"))],
                            "kube-dns-autoscaler", "system-cluster-critical"),
                 1, dep_labels=dict(addon, **{"k8s-app": "kube-dns-autoscaler", "kubernetes.io/cluster-service": "true"}))
    c.deployment("kube-system", "konnectivity-agent", {"k8s-app": "konnectivity-agent"}, {"k8s-app": "konnectivity-agent"},
                 c.pod_spec([container("konnectivity-agent", f"{gcr}/proxy-agent:v0.30.3-gke.18", res("10m", "30Mi", "125Mi"),
                                       [{"containerPort": 8093, "name": "metrics", "protocol": "TCP"}], ("/healthz", 8093))],
                            "konnectivity-agent", "system-cluster-critical"),
                 3, dep_labels=dict(addon, **{"k8s-app": "konnectivity-agent"}), pdb="konnectivity-agent")
    c.deployment("kube-system", "metrics-server-v1.31.0", {"k8s-app": "metrics-server", "version": "v1.31.0"},
                 {"k8s-app": "metrics-server", "version": "v1.31.0"},
                 c.pod_spec([container("metrics-server", f"{gcr}/metrics-server:v0.7.1-gke.23", res("43m", "55Mi", "55Mi"),
                                       [{"containerPort": 10250, "name": "https", "protocol": "TCP"}], ("/readyz", "https"))],
                            "metrics-server", "system-cluster-critical"),
                 1, dep_labels=dict(addon, **{"k8s-app": "metrics-server", "version": "v1.31.0"}))
    node_ds = [
        ("anetd", {"k8s-app": "cilium"}, [container("cilium-agent", f"{gcr}/cilium/cilium:v1.14.12-gke.2", res("100m", "100Mi"), privileged=True)]),
        ("fluentbit-gke", {"k8s-app": "fluentbit-gke"}, [
            container("fluentbit", f"{gcr}/fluent-bit:v1.8.12-gke.35", res("50m", "100Mi", "250Mi"),
                      mounts=[{"mountPath": "/var/log", "name": "varlog"}]),
            container("fluentbit-gke", f"{gcr}/fluent-bit-gke-exporter:v0.28.0-gke.8", res("50m", "100Mi", "250Mi"))]),
        ("gke-metrics-agent", {"component": "gke-metrics-agent", "k8s-app": "gke-metrics-agent"}, [
            container("gke-metrics-agent", f"{gcr}/gke-metrics-agent:1.13.2-gke.0", res("8m", "60Mi", "60Mi"))]),
        ("pdcsi-node", {"k8s-app": "gcp-compute-persistent-disk-csi-driver"}, [
            container("csi-driver-registrar", f"{gcr}/csi-node-driver-registrar:v2.9.4-gke.12", res("5m", "10Mi", "50Mi")),
            container("gce-pd-driver", f"{gcr}/gcp-compute-persistent-disk-csi-driver:v1.15.0-gke.0", res("5m", "10Mi", "50Mi"), privileged=True,
                      mounts=[{"mountPath": "/var/lib/kubelet", "name": "kubelet-dir"}])]),
    ]
    for name, labels, containers in node_ds:
        host = name in ("anetd",)
        vols = [host_volume("varlog", "/var/log")] if name == "fluentbit-gke" else (
            [host_volume("kubelet-dir", "/var/lib/kubelet")] if name == "pdcsi-node" else None)
        c.daemonset("kube-system", name, labels, labels,
                    c.pod_spec(containers, name, "system-node-critical", host_network=host, volumes=vols, tolerations=ALL_TOLERATIONS,
                               node_selector={"kubernetes.io/os": "linux"}),
                    ds_labels=dict(addon, **labels))
    # A regional cluster: three API server instances; their controllers' leader leases.
    masters = [f"gke-{hexid('gke', 'master', str(i), n=20)}-{z[-1]}" for i, z in enumerate(c.p["zones"])]
    c.identity_leases(masters)
    c.leader_leases(["kube-controller-manager", "kube-scheduler"], masters[0])
    c.kubernetes_service(443)


def aks(c):
    mcr = "mcr.microsoft.com"
    c.namespace("kube-system")
    managed = {"addonmanager.kubernetes.io/mode": "Reconcile", "kubernetes.azure.com/managedby": "aks"}
    node_ds = [
        ("azure-ip-masq-agent", {"k8s-app": "azure-ip-masq-agent", "tier": "node"}, True,
         [container("azure-ip-masq-agent", f"{mcr}/aks/ip-masq-agent-v2:v0.1.13", res("100m", "50Mi", "250Mi"), privileged=True)]),
        ("cloud-node-manager", {"k8s-app": "cloud-node-manager"}, True,
         [container("cloud-node-manager", f"{mcr}/oss/kubernetes/azure-cloud-node-manager:v1.31.1", res("50m", "50Mi", "512Mi"))]),
        ("kube-proxy", {"component": "kube-proxy", "tier": "node"}, True,
         [container("kube-proxy", f"{mcr}/oss/kubernetes/kube-proxy:v1.31.2", res("100m", "10Mi"), privileged=True,
                    mounts=[{"mountPath": "/lib/modules", "name": "lib-modules", "readOnly": True}])]),
        ("csi-azuredisk-node", {"app": "csi-azuredisk-node"}, True, [
            container("liveness-probe", f"{mcr}/oss/kubernetes-csi/livenessprobe:v2.13.1", res("10m", "20Mi", "100Mi")),
            container("node-driver-registrar", f"{mcr}/oss/kubernetes-csi/csi-node-driver-registrar:v2.12.0", res("10m", "20Mi", "100Mi")),
            container("azuredisk", f"{mcr}/oss/kubernetes-csi/azuredisk-csi:v1.30.5", res("10m", "20Mi", "1Gi"),
                      [{"containerPort": 29603, "name": "healthz", "protocol": "TCP"}], ("/healthz", "healthz"), privileged=True,
                      mounts=[{"mountPath": "/var/lib/kubelet", "name": "kubelet-dir"}])]),
        ("csi-azurefile-node", {"app": "csi-azurefile-node"}, True, [
            container("azurefile", f"{mcr}/oss/kubernetes-csi/azurefile-csi:v1.30.6", res("10m", "20Mi", "600Mi"), privileged=True,
                      mounts=[{"mountPath": "/var/lib/kubelet", "name": "kubelet-dir"}])]),
    ]
    for name, labels, host, containers in node_ds:
        vols = [host_volume("lib-modules", "/lib/modules")] if name == "kube-proxy" else (
            [host_volume("kubelet-dir", "/var/lib/kubelet")] if name.startswith("csi-") else None)
        c.daemonset("kube-system", name, labels, labels,
                    c.pod_spec(containers, name, "system-node-critical", host_network=host, volumes=vols, tolerations=ALL_TOLERATIONS,
                               node_selector={"kubernetes.io/os": "linux"}),
                    ds_labels=dict(managed, **labels))
    coredns(c, f"{mcr}/oss/kubernetes/coredns:v1.11.3-1",
            {"k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true", "version": "v20"}, {"version": "v20"}, pdb=False)
    c.pdb("kube-system", "coredns-pdb", {"k8s-app": "kube-dns"}, 2)
    c.deployment("kube-system", "coredns-autoscaler", {"k8s-app": "coredns-autoscaler"}, {"k8s-app": "coredns-autoscaler"},
                 c.pod_spec([container("autoscaler", f"{mcr}/oss/kubernetes/autoscaler/cluster-proportional-autoscaler:v1.8.11",
                                       res("20m", "10Mi", "500Mi"))], "coredns-autoscaler", "system-cluster-critical"),
                 1, dep_labels=dict(managed, **{"k8s-app": "coredns-autoscaler", "kubernetes.io/cluster-service": "true"}))
    c.deployment("kube-system", "konnectivity-agent", {"app": "konnectivity-agent", "component": "tunnel"},
                 {"app": "konnectivity-agent"},
                 c.pod_spec([container("konnectivity-agent",
                                       f"{mcr}/oss/kubernetes/apiserver-network-proxy/agent:v0.30.3-hotfix.20240819",
                                       res("20m", "20Mi", "1Gi"), [{"containerPort": 8082, "name": "health", "protocol": "TCP"}],
                                       ("/healthz", 8082))], "konnectivity-agent", "system-cluster-critical"),
                 2, dep_labels=dict(managed, **{"app": "konnectivity-agent", "component": "tunnel"}), pdb="konnectivity-agent")
    c.deployment("kube-system", "metrics-server", {"k8s-app": "metrics-server"}, {"k8s-app": "metrics-server"},
                 c.pod_spec([container("metrics-server", f"{mcr}/oss/kubernetes/metrics-server:v0.7.2", res("150m", "100Mi", "2000Mi"),
                                       [{"containerPort": 4443, "name": "https", "protocol": "TCP"}], ("/readyz", "https"))],
                            "metrics-server", "system-cluster-critical"),
                 2, dep_labels=dict(managed, **{"k8s-app": "metrics-server"}), pdb="metrics-server-pdb")
    # AKS runs the control plane out of the customer's sight: no identity or leader lease here.
    c.kubernetes_service(443)


def customer_dns_autoscaler(c):
    c.deployment("kube-system", "dns-autoscaler", {"k8s-app": "dns-autoscaler"}, {"k8s-app": "dns-autoscaler"},
                 c.pod_spec([container("autoscaler", "registry.k8s.io/cpa/cluster-proportional-autoscaler:v1.9.0", res("20m", "10Mi", "64Mi"))],
                            "dns-autoscaler", "system-cluster-critical"), 1)


def customer_npd(c):
    c.daemonset("kube-system", "node-problem-detector", {"app": "node-problem-detector"}, {"app": "node-problem-detector"},
                c.pod_spec([container("node-problem-detector", "registry.k8s.io/node-problem-detector/node-problem-detector:v0.8.21",
                                      res("20m", "20Mi", "100Mi"), privileged=True,
                                      mounts=[{"mountPath": "/var/log", "name": "log", "readOnly": True}])],
                           "node-problem-detector", volumes=[host_volume("log", "/var/log/")], tolerations=ALL_TOLERATIONS))


# ------------------------------------------------------------------ backups (EKS: Velero)

def velero(c, healthy):
    crds = [d for d in yaml.safe_load_all(open("assets/scenarios/demo.yaml")) if d and d["kind"] == "CustomResourceDefinition"
            and d["spec"]["group"] == "velero.io"]
    for d in crds:
        d["metadata"]["uid"] = uid(c.s, "CustomResourceDefinition", "", d["metadata"]["name"])
        c.add(d)
    c.namespace("velero", "restricted")
    app = {"app.kubernetes.io/name": "velero", "component": "velero"}
    spec = c.pod_spec([container("velero", "docker.io/velero/velero:v1.15.0", res("500m", "128Mi", "512Mi"),
                                 [{"containerPort": 8085, "name": "http-monitoring", "protocol": "TCP"}], ("/metrics", "http-monitoring"))],
                      "velero", security={"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}})
    spec["containers"][0]["securityContext"] = {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]},
                                                "readOnlyRootFilesystem": True, "runAsNonRoot": True}
    spec["containers"][0]["args"] = ["server", "--features="]
    c.deployment("velero", "velero", app, app, spec, 1)
    for kind, body in [
        ("ResourceQuota", {"spec": {"hard": {"limits.memory": "2Gi", "pods": "10", "requests.cpu": "2", "requests.memory": "1Gi"}},
                           "status": {"hard": {"limits.memory": "2Gi", "pods": "10", "requests.cpu": "2", "requests.memory": "1Gi"},
                                      "used": {"limits.memory": "512Mi", "pods": "1", "requests.cpu": "500m", "requests.memory": "128Mi"}}}),
        ("LimitRange", {"spec": {"limits": [{"default": {"memory": "512Mi"}, "defaultRequest": {"cpu": "100m", "memory": "128Mi"}, "type": "Container"}]}}),
    ]:
        name = "compute" if kind == "ResourceQuota" else "defaults"
        c.add(dict({"apiVersion": "v1", "kind": kind, "metadata": c.meta(kind, "velero", name, "now-60d")}, **body))
    c.add({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": c.meta("NetworkPolicy", "velero", "default-deny", "now-60d"),
           "spec": {"podSelector": {}, "policyTypes": ["Ingress"]}})
    c.add({"apiVersion": "velero.io/v1", "kind": "Schedule", "metadata": c.meta("Schedule", "velero", "nightly", "now-90d"),
           "spec": {"paused": False, "schedule": "0 2 * * *", "template": {"includedNamespaces": ["*"], "snapshotVolumes": True,
                                                                         "storageLocation": "default", "ttl": "720h0m0s"},
                    "useOwnerReferencesInBackup": False},
           "status": {"lastBackup": "now-6h", "phase": "Enabled"}})
    for n, age in [(88, 54), (89, 30), (90, 6)]:
        name = f"nightly-00{n}"
        m = c.meta("Backup", "velero", name, f"now-{age}h20m", {"velero.io/schedule-name": "nightly", "velero.io/storage-location": "default"})
        m["generation"] = 3
        c.add({"apiVersion": "velero.io/v1", "kind": "Backup", "metadata": m,
               "spec": {"defaultVolumesToFsBackup": False, "includedNamespaces": ["*"], "snapshotVolumes": True,
                        "storageLocation": "default", "ttl": "720h0m0s"},
               "status": {"completionTimestamp": f"now-{age}h", "errors": 0, "expiration": "now+27d", "formatVersion": "1.1.0",
                          "phase": "Completed", "progress": {"itemsBackedUp": 1412, "totalItems": 1412},
                          "startTimestamp": f"now-{age}h20m", "version": 1, "warnings": 0}})


# ------------------------------------------------------------------ output

HEADERS = {
    "eks": """# kon EKS scenario: `kon sim --scenario eks`.
#
# A healthy Amazon EKS cluster in eu-west-1 as the API shows it to its owner: the server
# reports v1.31.2-eks-7f9249a; three nodes of the managed node group `general`, one per
# zone (providerID aws:///ZONE/i-..., eks.amazonaws.com/* labels); in kube-system the
# provider's aws-node (VPC CNI), kube-proxy, ebs-csi-node DaemonSets and coredns and
# ebs-csi-controller Deployments with their ECR images, and the aws-auth ConfigMap.
# The control plane is AWS's: no control-plane node, no static pod, no etcd; what the
# customer sees of it is two API server identity leases (apiserver-...), the
# kube-controller-manager, kube-scheduler and cloud-controller-manager leader leases,
# and the `kubernetes` Service's endpoints (the control plane's ENIs in the VPC).
# The owner's side follows the guidance (namespaces with Pod Security labels, quotas,
# NetworkPolicies, replicated workloads with PDBs and probes) and backs the cluster up
# with Velero (a nightly Schedule, the last backup 6 hours ago).
#
# Written by scripts/gen-managed-scenarios.py; times such as `now-6h` are relative to
# the moment the scenario is loaded.
""",
    "gke": """# kon GKE scenario: `kon sim --scenario gke`.
#
# A healthy regional Google Kubernetes Engine cluster in europe-west1 as the API shows
# it to its owner: the server reports v1.31.1-gke.1678000; three nodes of the node pool
# `default-pool`, one per zone (providerID gce://PROJECT/ZONE/NAME,
# cloud.google.com/gke-nodepool); in kube-system the provider's kube-dns (with
# kube-dns-autoscaler), konnectivity-agent, metrics-server Deployments and anetd
# (Dataplane V2), fluentbit-gke, gke-metrics-agent, pdcsi-node DaemonSets with their
# gke.gcr.io images. The control plane is Google's: no control-plane node, no static
# pod, no etcd; what the customer sees of it is three API server identity leases, the
# kube-controller-manager and kube-scheduler leader leases and the `kubernetes`
# Service's endpoint. The owner's side follows the guidance, but no cluster backup
# (neither Velero nor Backup for GKE) is installed: the workloads' state is not backed up.
#
# Written by scripts/gen-managed-scenarios.py; times such as `now-6h` are relative to
# the moment the scenario is loaded.
""",
    "aks": """# kon AKS scenario: `kon sim --scenario aks`.
#
# A healthy Azure Kubernetes Service cluster in westeurope as the API shows it to its
# owner: the server reports a plain v1.31.2; three nodes of the VM scale set of agent
# pool `nodepool1`, one per zone (providerID azure:///subscriptions/.../virtualMachines/N,
# kubernetes.azure.com/agentpool, and AKS's own node-role.kubernetes.io/agent label); in
# kube-system the provider's azure-ip-masq-agent, cloud-node-manager, kube-proxy,
# csi-azuredisk-node, csi-azurefile-node DaemonSets and coredns (with
# coredns-autoscaler), konnectivity-agent and metrics-server Deployments with their
# mcr.microsoft.com images. The control plane is Microsoft's and none of it is visible:
# no control-plane node, no static pod, no etcd, no identity or leader lease; only the
# `kubernetes` Service's endpoint (the API server's address). The owner's side follows
# the guidance, but no cluster backup (neither Velero nor Azure Backup) is installed.
#
# Written by scripts/gen-managed-scenarios.py; times such as `now-6h` are relative to
# the moment the scenario is loaded.
""",
}


def sim_cluster(c, healthy):
    base = next(d for d in healthy if d["kind"] == "SimCluster")
    s = copy.deepcopy(base)
    s["kubernetesVersion"] = c.p["version"]
    s["metadata"] = {"name": c.s}
    return s


def main():
    healthy = [d for d in yaml.safe_load_all(open(HEALTHY)) if d]
    for p, node_fn, build in [(EKS, eks_node, eks), (GKE, gke_node, gke), (AKS, aks_node, aks)]:
        c = Cluster(p, node_fn)
        build(c)
        for ns in ("kube-public", "kube-node-lease"):
            c.namespace(ns)
        c.namespace("default", "restricted")
        c.applications(healthy)
        if p["name"] == "eks":
            velero(c, healthy)
        docs = [sim_cluster(c, healthy)] + c.objects
        seen = set()
        for d in docs:
            m = d["metadata"]
            key = (d["kind"], m.get("namespace", ""), m["name"])
            if key in seen:
                sys.exit(f"{p['name']}: duplicate {key}")
            seen.add(key)
        path = f"assets/scenarios/{p['name']}.yaml"
        with open(path, "w") as f:
            f.write(HEADERS[p["name"]])
            for d in docs:
                f.write("---\n")
                f.write(yaml.safe_dump(d, sort_keys=True, default_flow_style=False, width=120))
        print(f"{path}: {len(docs)} documents")


if __name__ == "__main__":
    main()
