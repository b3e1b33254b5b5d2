"""A cluster being written: its nodes and heartbeat leases, control-plane leases, the `kubernetes`
Service, namespaces, and healthy.yaml's application side moved onto its nodes."""

import copy

from .ids import hexid, uid
from .workloads import Workloads

# Objects of healthy.yaml a managed cluster does not show, or that are written here instead.
DROP_KINDS = {"Node", "SimCluster"}
DROP_DEFAULT = {("Service", "kubernetes"), ("Endpoints", "kubernetes"), ("EndpointSlice", "kubernetes")}


class Cluster(Workloads):
    def __init__(self, p, node_fn):
        self.p = p
        self.s = p["name"]
        self.objects = []
        self.nodes = []  # (name, ip, zone)
        for i, zone in enumerate(p["zones"]):
            self.add_node(i, zone, *node_fn(i, zone))

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
