package io.kboot.node;

import io.kboot.addons.Addons;
import io.kboot.config.ConfigDocuments;
import io.kboot.config.InitSettings;
import io.kboot.config.IpAddresses;
import io.kboot.config.Networking;
import io.kboot.controlplane.Component;
import io.kboot.controlplane.ControlPlaneSpec;
import io.kboot.controlplane.KubeletFiles;
import io.kboot.controlplane.StaticPods;
import io.kboot.hostprep.ComponentVersions;
import io.kboot.patches.PatchTarget;
import io.kboot.patches.Patches;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;

/**
 * The user's patches tried once on the workstation, before any host is opened, on what kinit
 * master and kjoin will write for a stand-in node (the settings' name and address where given,
 * else placeholders; every optional CA directory mounted): a patch that cannot apply there is bad
 * input, exit 2, with nothing touched. One whose fate depends on the real node (a JSON patch on the
 * index of a CA volume the node lacks) can still fail in its phase, as kubeadm's would.
 */
public final class PatchCheck {
    /** TEST-NET-1 (RFC 5737): an address no node has. */
    private static final InetAddress STAND_IN_ADDRESS = IpAddresses.parse("192.0.2.10").orElseThrow();

    private PatchCheck() {}

    /** kinit master: the four static Pods, the kubelet's configuration and the CoreDNS Deployment. */
    public static void controlPlane(InitSettings cluster, Patches patches) {
        if (patches.isEmpty()) {
            return;
        }
        staticPods(cluster, patches);
        kubeletConfiguration(cluster, patches);
        String dnsIp = cluster.cluster().networking().dnsServiceIp();
        String image = cluster.components().images()
                .coreDns(ComponentVersions.bundled().controlPlaneRelease(cluster.cluster().kubernetesVersion()).coredns());
        Addons.coreDns(image, cluster.cluster().networking().dnsDomain(), dnsIp).stream()
                .filter(o -> o.path("kind").asText().equals("Deployment"))
                .forEach(deployment -> patches.apply(PatchTarget.COREDNS_DEPLOYMENT, deployment));
    }

    /**
     * kjoin: the kubelet's configuration and, for a control plane, its static Pods, as a cluster of
     * kubeadm's defaults would have them (the cluster's own settings are known only after discovery).
     */
    public static void join(boolean controlPlane, Patches patches) {
        if (patches.isEmpty()) {
            return;
        }
        InitSettings defaults = InitSettings.from(ConfigDocuments.none(), new InitSettings.Flags());
        if (controlPlane) {
            staticPods(defaults, patches);
        }
        kubeletConfiguration(defaults, patches);
    }

    private static void staticPods(InitSettings cluster, Patches patches) {
        ControlPlaneNode node = new ControlPlaneNode(cluster, cluster.node().name().orElse("node"),
                cluster.node().advertiseAddress().orElse(STAND_IN_ADDRESS));
        ControlPlaneSpec spec = node.spec(Set.copyOf(ControlPlaneSpec.OPTIONAL_CA_DIRECTORIES.values()), false, List.of());
        for (Component component : Component.values()) {
            StaticPods.render(component, spec, patches);
        }
    }

    private static void kubeletConfiguration(InitSettings cluster, Patches patches) {
        Networking networking = cluster.cluster().networking();
        KubeletFiles.patched(KubeletFiles.config(networking.dnsServiceIp(), networking.dnsDomain(), cluster.node().criSocket(),
                cluster.pki().certificatesDir() + "/ca.crt", cluster.components().kubeletConfiguration()), patches);
    }
}
