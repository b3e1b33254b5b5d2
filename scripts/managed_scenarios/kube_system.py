"""Each provider's kube-system: its DaemonSets and Deployments with their real images and labels,
and the control-plane leases it exposes."""

from .ids import hexid


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
