package io.kboot.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.addons.Addons;
import io.kboot.config.ConfigLoader;
import io.kboot.config.InitSettings;
import io.kboot.config.KubernetesVersion;
import io.kboot.hostprep.ComponentVersions;
import io.kboot.templates.Templates;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The image overrides and the two extra arguments other components follow, against the real
 * kubeadm: images/kubeadm-config.yaml (scripts/k8s/goldens) has its own imageRepository, etcd's
 * repository and tag, CoreDNS's tag (so kubeadm's REPO/coredns rule for a repository other than
 * registry.k8s.io shows), etcd's advertise-client-urls (the API server's --etcd-servers follows it)
 * and the API server's authorization-config (no --authorization-mode then).
 */
class ImagesGoldenTest {
    private static final String DIR = "images/";
    private static final String CONFIG = DIR + "kubeadm-config.yaml";

    static Stream<Arguments> manifests() {
        return KubeadmGoldens.manifestCases(CONFIG);
    }

    static Stream<KubernetesVersion> versions() {
        return KubeadmGoldens.versionsWith(CONFIG).stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("manifests")
    void manifestsMatchKubeadmByteForByte(KubernetesVersion version, Component component) {
        assertEquals(KubeadmGoldens.read(version, DIR + component.manifestFile()),
                KubeadmGoldens.rendered(settings(version), component));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("versions")
    void addonsRunKubeadmsImages(KubernetesVersion version) {
        InitSettings settings = settings(version);
        String coreDns =
                settings.components().images().coreDns(ComponentVersions.bundled().controlPlaneRelease(version).coredns());
        ObjectNode deployment = Addons.coreDns(coreDns, "cluster.local", "10.96.0.10").stream()
                .filter(o -> o.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
        assertEquals(Templates.parseYaml(KubeadmGoldens.read(version, DIR + "coredns-deployment.yaml")), deployment);
        ObjectNode daemonSet = Addons.kubeProxy(settings.cluster().imageRepository() + "/kube-proxy:" + version,
                "https://10.77.0.10:6443", "10.244.0.0/16").stream()
                .filter(o -> o.path("kind").asText().equals("DaemonSet")).findFirst().orElseThrow();
        assertEquals(Templates.parseYaml(KubeadmGoldens.read(version, DIR + "kube-proxy-daemonset.yaml")), daemonSet);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("versions")
    void theStoredClusterConfigurationKeepsTheOverrides(KubernetesVersion version) {
        assertEquals(Templates.parseYaml(KubeadmGoldens.read(version, DIR + "kubeadm-config-configmap.yaml")),
                ClusterConfigMaps.kubeadmConfig(settings(version)));
    }

    private static InitSettings settings(KubernetesVersion version) {
        InitSettings settings =
                InitSettings.from(ConfigLoader.parse(CONFIG, KubeadmGoldens.read(version, CONFIG)), new InitSettings.Flags());
        assertEquals(version, settings.cluster().kubernetesVersion());
        return settings;
    }
}
