"""Workload objects as the API serves them: Pods, DaemonSets, Deployments with ReplicaSets, PDBs."""

import copy
import hashlib

from .ids import short_hash, uid


class Workloads:
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
