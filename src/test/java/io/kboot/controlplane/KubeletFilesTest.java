package io.kboot.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.config.Kubeadm;
import io.kboot.templates.Templates;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Against what the real kubeadm v1.36.3 wrote (`kubeadm init phase kubelet-start --dry-run`). */
class KubeletFilesTest {
    private static final String SOCKET = "unix:///var/run/containerd/containerd.sock";

    @Test
    void configMatchesKubeadm() throws IOException {
        assertEquals(StaticPodsTest.golden("kubelet-config.yaml"),
                KubeletFiles.config("10.96.0.10", "cluster.local", SOCKET, "/etc/kubernetes/pki/ca.crt", Optional.empty()));
    }

    @Test
    void flagsAndInstanceConfigMatchKubeadm() throws IOException {
        // The golden host's hostname was not "cp1", so kubeadm added --hostname-override.
        assertEquals(StaticPodsTest.golden("kubeadm-flags.env"), KubeletFiles.flagsEnv("cp1", "buildhost", List.of()));
        assertEquals(StaticPodsTest.golden("instance-config.yaml"), KubeletFiles.instanceConfig(SOCKET));
        assertEquals("KUBELET_KUBEADM_ARGS=\"\"\n", KubeletFiles.flagsEnv("cp1", "cp1", List.of()));
        assertEquals("KUBELET_KUBEADM_ARGS=\"--max-pods=50 --node-ip=10.77.0.11\"\n",
                KubeletFiles.flagsEnv("w1", "w1", List.of(new Kubeadm.Arg("node-ip", "10.77.0.11"), new Kubeadm.Arg("max-pods", "50"))));
    }

    @Test
    void theUsersKubeletConfigurationIsMergedOver() {
        ObjectNode user = (ObjectNode) Templates.parseYaml("""
                apiVersion: kubelet.config.k8s.io/v1beta1
                kind: KubeletConfiguration
                maxPods: 150
                authentication:
                  webhook:
                    cacheTTL: 2m0s
                """);
        String config = KubeletFiles.config("10.96.0.10", "cluster.local", SOCKET, "/etc/kubernetes/pki/ca.crt", Optional.of(user));
        assertTrue(config.contains("maxPods: 150\n"), config);
        assertTrue(config.contains("    cacheTTL: 2m0s\n    enabled: true\n"), "merged field by field:\n" + config);
        assertTrue(config.contains("cgroupDriver: systemd\n"));
    }
}
