package io.kboot.node;

import io.kboot.KbootException;
import io.kboot.config.Cidr;
import io.kboot.config.ClusterSettings;
import io.kboot.config.Endpoint;
import io.kboot.config.InitSettings;
import io.kboot.config.IpAddresses;
import io.kboot.config.Kubeadm;
import io.kboot.config.KubernetesVersion;
import io.kboot.config.PkiInputs;
import io.kboot.controlplane.Component;
import io.kboot.controlplane.ControlPlaneSpec;
import io.kboot.host.Command;
import io.kboot.host.Host;
import io.kboot.hostprep.ComponentVersions;
import io.kboot.pki.ControlPlaneEndpoint;
import io.kboot.pki.EncryptionAlgorithm;
import io.kboot.pki.PkiSettings;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One control-plane node of a cluster: the cluster's settings (kinit master's, or for kjoin
 * --control-plane the ClusterConfiguration read from kube-system/kubeadm-config) and this node's
 * own name and advertise address. Its certificates and static Pod manifests are made from this,
 * the same way on the first control plane and on every joining one.
 */
public record ControlPlaneNode(InitSettings cluster, String nodeName, InetAddress advertiseAddress) {

    /** The inputs of this node's certificates: its name and address, the cluster's SANs and subnets. */
    public PkiSettings pkiSettings() {
        ClusterSettings c = cluster.cluster();
        String serviceSubnet = c.networking().serviceSubnets().stream().map(Cidr::toString).collect(Collectors.joining(","));
        PkiInputs pki = cluster.pki();
        return new PkiSettings(new PkiSettings.Node(nodeName, advertiseAddress),
                new PkiSettings.Cluster(c.name(), c.kubernetesVersion(),
                        c.controlPlaneEndpoint().map(Endpoint::toString).map(ControlPlaneEndpoint::parse), serviceSubnet,
                        c.networking().dnsDomain()),
                pki.sans(),
                new PkiSettings.Issuing(EncryptionAlgorithm.parse(pki.encryptionAlgorithm()), pki.certificateValidity(),
                        pki.caCertificateValidity(), Clock.systemUTC()));
    }

    /**
     * The static Pod manifests' inputs on this host.
     *
     * @param initialCluster the existing etcd members ("name=peerURL") for a joining node, empty for the first
     */
    public ControlPlaneSpec spec(Host host, List<String> initialCluster) {
        return spec(hostCaDirectories(host), externalCa(host, cluster.pki().certificatesDir()), initialCluster);
    }

    /**
     * Refuses, on the workstation, a release kboot cannot make a control plane of; found otherwise
     * only in the certs phase, after SSH, preflight and host preparation.
     *
     * @throws io.kboot.KbootException.InvalidInput naming the supported releases
     */
    public static void requireSupported(KubernetesVersion version) {
        ComponentVersions.bundled().controlPlaneRelease(version);
    }

    /** As {@link #requireSupported(io.kboot.config.KubernetesVersion)}, the message after where the version came from. */
    public static void requireSupported(KubernetesVersion version, Optional<String> origin) {
        try {
            requireSupported(version);
        } catch (KbootException.InvalidInput e) {
            throw origin.<KbootException.InvalidInput>map(o -> new KbootException.InvalidInput(o + ": " + e.getMessage()))
                    .orElse(e);
        }
    }

    /** The same with the node's CA directories and CA mode given rather than asked of it (a stand-in node). */
    public ControlPlaneSpec spec(Set<String> hostCaDirectories, boolean externalCa, List<String> initialCluster) {
        InitSettings s = cluster;
        ComponentVersions.Release release = ComponentVersions.bundled().controlPlaneRelease(s.cluster().kubernetesVersion());
        Map<Component, List<Kubeadm.Arg>> extra = new EnumMap<>(Component.class);
        for (Component c : Component.values()) {
            Optional.ofNullable(s.components().extraArgs().get(c.id())).ifPresent(args -> extra.put(c, args));
        }
        return new ControlPlaneSpec(s.cluster(), new ControlPlaneSpec.Member(nodeName, advertiseAddress, s.node().bindPort()),
                new ControlPlaneSpec.Etcd(s.components().images().etcdImageRepository(),
                        s.components().images().etcdImageTag(release.etcd()), s.components().etcdDataDir(), initialCluster),
                new ControlPlaneSpec.Paths(s.pki().certificatesDir(), s.pki().kubeconfigDir()),
                new ControlPlaneSpec.Components(extra, s.run().timeouts().controlPlaneComponentHealthCheck()),
                new ControlPlaneSpec.Host(hostCaDirectories, externalCa));
    }

    /** This node's etcd peer URL, "https://ip:2380", as its manifest advertises it. */
    public String etcdPeerUrl() {
        String ip = IpAddresses.format(advertiseAddress);
        return "https://" + (ip.contains(":") ? "[" + ip + "]" : ip) + ":2380";
    }

    /** Which of the optional CA directories kubeadm mounts exist on the node (one query). */
    public static Set<String> hostCaDirectories(Host host) {
        String dirs = ControlPlaneSpec.OPTIONAL_CA_DIRECTORIES.values().stream().sorted().collect(Collectors.joining(" "));
        String out = host.exec(Command.query("for d in " + dirs + "; do if [ -d \"$d\" ]; then echo \"$d\"; fi; done"))
                .orFail(host, "looking for CA certificate directories").stdout();
        return Arrays.stream(out.split("\n")).map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.toSet());
    }

    /** kubeadm's External CA mode: ca.crt is there, ca.key is not. */
    public static boolean externalCa(Host host, String certDir) {
        return host.exists(certDir + "/ca.crt") && !host.exists(certDir + "/ca.key");
    }
}
