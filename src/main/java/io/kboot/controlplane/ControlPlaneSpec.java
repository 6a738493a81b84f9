package io.kboot.controlplane;

import io.kboot.config.ClusterSettings;
import io.kboot.config.Kubeadm;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the static Pod manifests depend on, resolved: no defaults are applied here. The
 * cluster's release, images and networks; this node as a member; its etcd; where the files are;
 * the components' extra arguments and health-check bound; what the host itself has.
 */
public record ControlPlaneSpec(ClusterSettings cluster, Member member, Etcd etcd, Paths paths, Components components, Host host) {

    /** The optional CA directories kubeadm mounts when the node has them, by volume name. */
    public static final Map<String, String> OPTIONAL_CA_DIRECTORIES = Map.of(
            "etc-pki", "/etc/pki",
            "etc-ca-certificates", "/etc/ca-certificates",
            "usr-share-ca-certificates", "/usr/share/ca-certificates",
            "usr-local-share-ca-certificates", "/usr/local/share/ca-certificates");

    /** This node as a control-plane member: its name and the address and port its API server advertises. */
    public record Member(String nodeName, InetAddress advertiseAddress, int bindPort) {}

    /**
     * This node's etcd.
     *
     * @param imageRepository etcd.local.imageRepository, else the cluster's (kubeadm's GetEtcdImage)
     * @param imageTag etcd.local.imageTag, else the release's pin
     * @param initialCluster for a control plane joining a stacked etcd: the members MemberAdd returned
     *     other than this node ("name=https://ip:2380"). etcd's --initial-cluster is this list with the
     *     node appended, and --initial-cluster-state=existing is added (kubeadm's GetEtcdPodSpec for a
     *     join; kubeadm keeps MemberAdd's order, which follows random member IDs and means nothing to
     *     etcd). Empty for the first control plane: a new one-member cluster.
     */
    public record Etcd(String imageRepository, String imageTag, String dataDir, List<String> initialCluster) {
        public Etcd {
            initialCluster = List.copyOf(initialCluster);
        }

        /** The same etcd joining these members. */
        public Etcd withInitialCluster(List<String> members) {
            return new Etcd(imageRepository, imageTag, dataDir, members);
        }
    }

    /** Where the certificates and the kubeconfigs (and manifests) are on the node. */
    public record Paths(String certificatesDir, String kubernetesDir) {}

    /** Extra arguments by component, replacing kboot's defaults, and how long the components get to be healthy. */
    public record Components(Map<Component, List<Kubeadm.Arg>> extraArgs, Duration healthCheckTimeout) {
        public Components {
            extraArgs = Map.copyOf(extraArgs);
        }
    }

    /**
     * What the node has.
     *
     * @param caDirectories which of the optional CA certificate directories (/etc/pki,
     *     /etc/ca-certificates, /usr/share/ca-certificates, /usr/local/share/ca-certificates) exist on
     *     the node; kubeadm mounts only those
     * @param externalCa ca.key is absent: the controller manager cannot sign (kubeadm's External CA mode)
     */
    public record Host(Set<String> caDirectories, boolean externalCa) {
        public Host {
            caDirectories = Set.copyOf(caDirectories);
        }
    }

    /** The same spec for another member. */
    public ControlPlaneSpec withMember(Member other) {
        return new ControlPlaneSpec(cluster, other, etcd, paths, components, host);
    }

    /** The same spec with another etcd. */
    public ControlPlaneSpec withEtcd(Etcd other) {
        return new ControlPlaneSpec(cluster, member, other, paths, components, host);
    }
}
