package io.kboot.config;

import java.time.Duration;

/** kubeadm v1beta4's defaults (apis/kubeadm/v1beta4/defaults.go and constants.go). */
public final class Defaults {
    private Defaults() {}

    public static final String KUBERNETES_DIR = "/etc/kubernetes";
    public static final String CERTIFICATES_DIR = "/etc/kubernetes/pki";
    public static final String MANIFESTS_DIR = "/etc/kubernetes/manifests";
    public static final String SERVICE_SUBNET = "10.96.0.0/12";
    public static final String DNS_DOMAIN = "cluster.local";
    public static final String CLUSTER_NAME = "kubernetes";
    public static final String IMAGE_REPOSITORY = "registry.k8s.io";
    public static final String ETCD_DATA_DIR = "/var/lib/etcd";
    public static final String CRI_SOCKET = "unix:///var/run/containerd/containerd.sock";
    public static final String ENCRYPTION_ALGORITHM = "RSA-2048";
    public static final int API_BIND_PORT = 6443;
    public static final Duration CERTIFICATE_VALIDITY = Duration.ofHours(8760);
    public static final Duration CA_CERTIFICATE_VALIDITY = Duration.ofHours(87600);
    public static final Duration TOKEN_TTL = Duration.ofHours(24);
    /** The Kubernetes release kboot installs when none is asked for. */
    public static final KubernetesVersion KUBERNETES_VERSION = KubernetesVersion.parse("v1.36.3");
}
