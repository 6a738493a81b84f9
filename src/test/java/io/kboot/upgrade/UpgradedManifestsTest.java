package io.kboot.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kboot.config.ConfigLoader;
import io.kboot.config.InitSettings;
import io.kboot.config.IpAddresses;
import io.kboot.config.KubernetesVersion;
import io.kboot.config.RunOptions;
import io.kboot.config.Timeouts;
import io.kboot.controlplane.ClusterConfigMaps;
import io.kboot.controlplane.Component;
import io.kboot.controlplane.ControlPlaneSpec;
import io.kboot.controlplane.KubeletFiles;
import io.kboot.controlplane.StaticPods;
import io.kboot.drain.DrainOptions;
import io.kboot.join.JoinPhases;
import io.kboot.node.ControlPlaneNode;
import io.kboot.patches.Patches;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A v1.35 cluster's stored configuration, upgraded to v1.36.3: kubeadm's upgrade renders the new
 * manifests with the same functions as its init, from the ClusterConfiguration in
 * kube-system/kubeadm-config at the new release, so kboot's upgraded manifests and kubelet
 * configuration must be byte-equal to what kubeadm v1.36.3 writes for that configuration (the
 * goldens of scripts/k8s/goldens v1.36.3, made by the real kubeadm for the same node).
 */
class UpgradedManifestsTest {
    private static final KubernetesVersion FROM = KubernetesVersion.parse("v1.35.4");
    private static final KubernetesVersion TO = KubernetesVersion.parse("v1.36.3");
    private static final InetAddress CP1 = IpAddresses.parse("10.77.0.10").orElseThrow();

    private static String golden(KubernetesVersion version, String name) {
        try (InputStream in = UpgradedManifestsTest.class.getResourceAsStream("/golden/kubeadm-" + version + "/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What kinit master stored in kube-system/kubeadm-config for the v1.35 golden node. */
    private static String storedAtFrom() {
        InitSettings v135 = InitSettings.from(ConfigLoader.parse("kubeadm-config.yaml", golden(FROM, "kubeadm-config.yaml")),
                new InitSettings.Flags());
        assertEquals(FROM, v135.cluster().kubernetesVersion());
        return ClusterConfigMaps.kubeadmConfig(v135).path("data").path("ClusterConfiguration").asText();
    }

    private static InitSettings upgraded() {
        LocalNode cp1 = new LocalNode("cp1", true, Optional.of(CP1), 6443, "unix:///var/run/containerd/containerd.sock",
                Optional.of("3.6.6-0"), Optional.of(FROM));
        UpgradeSettings settings = new UpgradeSettings(TO, new RunOptions(Set.of(), Set.of(), Patches.none(), Timeouts.DEFAULTS),
                true, true, false, DrainOptions.defaults());
        return ClusterConfig.from(storedAtFrom(), cp1, settings);
    }

    @Test
    void theUpgradedManifestsAreKubeadmsAtTheNewRelease() {
        InitSettings cluster = upgraded();
        assertEquals(TO, cluster.cluster().kubernetesVersion());
        ControlPlaneSpec spec = new ControlPlaneNode(cluster, "cp1", CP1).spec(
                Set.of("/etc/ca-certificates", "/usr/share/ca-certificates", "/usr/local/share/ca-certificates"), false,
                List.of());
        for (Component component : Component.values()) {
            assertEquals(golden(TO, component.manifestFile()), StaticPods.render(component, spec, cluster.run().patches()),
                    component.id());
        }
    }

    @Test
    void theKubeletConfigurationFromTheClusterIsKubeadmsAtTheNewRelease() {
        InitSettings cluster = upgraded();
        String stored = ClusterConfigMaps.kubeletConfig(KubeletFiles.config(cluster.cluster().networking().dnsServiceIp(),
                cluster.cluster().networking().dnsDomain(), "", cluster.pki().certificatesDir() + "/ca.crt",
                cluster.components().kubeletConfiguration())).path("data").path("kubelet").asText();
        assertEquals(golden(TO, "kubelet-config.yaml"),
                JoinPhases.withRuntimeEndpoint(stored, "unix:///var/run/containerd/containerd.sock"));
    }
}
