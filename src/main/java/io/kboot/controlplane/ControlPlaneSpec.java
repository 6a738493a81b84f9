package io.kboot.controlplane;

import io.kboot.config.Cidr;
import io.kboot.config.Kubeadm;
import io.kboot.config.KubernetesVersion;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the static Pod manifests depend on, resolved: no defaults are applied here.
 *
 * @param hostCaDirectories which of the optional CA certificate directories (/etc/pki,
 *     /etc/ca-certificates, /usr/share/ca-certificates, /usr/local/share/ca-certificates) exist on
 *     the node; kubeadm mounts only those
 * @param externalCa ca.key is absent: the controller manager cannot sign (kubeadm's External CA mode)
 * @param initialCluster for a control plane joining a stacked etcd: the members MemberAdd returned
 *     other than this node ("name=https://ip:2380"). etcd's --initial-cluster is this list with the
 *     node appended, and --initial-cluster-state=existing is added (kubeadm's GetEtcdPodSpec for a
 *     join; kubeadm keeps MemberAdd's order, which follows random member IDs and means nothing to
 *     etcd). Empty for the first control plane: a new one-member cluster.
 */
public record ControlPlaneSpec(
        KubernetesVersion version,
        String imageRepository,
        String etcdImageTag,
        String nodeName,
        InetAddress advertiseAddress,
        int bindPort,
        List<Cidr> serviceSubnets,
        List<Cidr> podSubnets,
        String dnsDomain,
        String clusterName,
        String certificatesDir,
        String kubernetesDir,
        String etcdDataDir,
        Map<Component, List<Kubeadm.Arg>> extraArgs,
        Set<String> hostCaDirectories,
        boolean externalCa,
        List<String> initialCluster,
        Duration componentHealthCheckTimeout) {

    public ControlPlaneSpec {
        serviceSubnets = List.copyOf(serviceSubnets);
        podSubnets = List.copyOf(podSubnets);
        extraArgs = Map.copyOf(extraArgs);
        hostCaDirectories = Set.copyOf(hostCaDirectories);
        initialCluster = List.copyOf(initialCluster);
    }

    /** The optional CA directories kubeadm mounts when the node has them, by volume name. */
    public static final Map<String, String> OPTIONAL_CA_DIRECTORIES = Map.of(
            "etc-pki", "/etc/pki",
            "etc-ca-certificates", "/etc/ca-certificates",
            "usr-share-ca-certificates", "/usr/share/ca-certificates",
            "usr-local-share-ca-certificates", "/usr/local/share/ca-certificates");
}
