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
import os
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from managed_scenarios.cluster import Cluster  # noqa: E402
from managed_scenarios.ids import uid  # noqa: E402
from managed_scenarios.kube_system import aks, container, eks, gke, res  # noqa: E402
from managed_scenarios.providers import AKS, EKS, GKE, aks_node, eks_node, gke_node  # noqa: E402

HEALTHY = "assets/scenarios/healthy.yaml"


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
