"""What each provider shows of itself: version strings, regions, nodes (providerID, labels, addresses)."""

from .ids import hexid, short_hash

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
