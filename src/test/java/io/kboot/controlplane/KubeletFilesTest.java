package io.kboot.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.config.Kubeadm;
import io.kboot.config.KubernetesVersion;
import io.kboot.templates.Templates;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Against what the real kubeadm of each release wrote (`kubeadm init phase kubelet-start --dry-run`, {@link KubeadmGoldens}). */
class KubeletFilesTest {
    private static final String SOCKET = "unix:///var/run/containerd/containerd.sock";

    static Stream<KubernetesVersion> versions() {
        return KubeadmGoldens.versions().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("versions")
    void configMatchesKubeadm(KubernetesVersion version) {
        assertEquals(KubeadmGoldens.read(version, "kubelet-config.yaml"),
                KubeletFiles.config("10.96.0.10", "cluster.local", SOCKET, "/etc/kubernetes/pki/ca.crt", Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("versions")
    void flagsAndInstanceConfigMatchKubeadm(KubernetesVersion version) {
        // The golden host's hostname was not "cp1", so kubeadm added --hostname-override.
        assertEquals(KubeadmGoldens.read(version, "kubeadm-flags.env"), KubeletFiles.flagsEnv("cp1", "buildhost", List.of()));
        assertEquals(KubeadmGoldens.read(version, "instance-config.yaml"), KubeletFiles.instanceConfig(SOCKET));
    }

    /** kubeadm's ArgumentsToCommand: the extraArgs after the default, in the user's order, repeats kept. */
    @Test
    void flagsEnvKeepsTheUsersOrderAndRepeats() {
        assertEquals("KUBELET_KUBEADM_ARGS=\"\"\n", KubeletFiles.flagsEnv("cp1", "cp1", List.of()));
        assertEquals("KUBELET_KUBEADM_ARGS=\"--node-ip=10.77.0.11 --max-pods=50\"\n",
                KubeletFiles.flagsEnv("w1", "w1",
                        List.of(new Kubeadm.Arg("node-ip", "10.77.0.11"), new Kubeadm.Arg("max-pods", "50"))));
        assertEquals("KUBELET_KUBEADM_ARGS=\"--node-labels=a=1 --hostname-override=w2 --node-labels=b=2\"\n",
                KubeletFiles.flagsEnv("w1", "host", List.of(new Kubeadm.Arg("node-labels", "a=1"),
                        new Kubeadm.Arg("hostname-override", "w2"), new Kubeadm.Arg("node-labels", "b=2"))),
                "an extra --hostname-override replaces the default one");
    }

    /** kubeadm writes the line with Go's %q. */
    @Test
    void flagsEnvEscapesAsGoQuotes() {
        assertEquals("KUBELET_KUBEADM_ARGS=\"--node-labels=a=\\\"b\\\" --root-dir=C:\\\\k\\n\"\n",
                KubeletFiles.flagsEnv("w1", "w1",
                        List.of(new Kubeadm.Arg("node-labels", "a=\"b\""), new Kubeadm.Arg("root-dir", "C:\\k\n"))));
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
        String config =
                KubeletFiles.config("10.96.0.10", "cluster.local", SOCKET, "/etc/kubernetes/pki/ca.crt", Optional.of(user));
        assertTrue(config.contains("maxPods: 150\n"), config);
        assertTrue(config.contains("    cacheTTL: 2m0s\n    enabled: true\n"), "merged field by field:\n" + config);
        assertTrue(config.contains("cgroupDriver: systemd\n"));
    }
}
