package io.kboot.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kboot.config.ConfigLoader;
import io.kboot.config.InitSettings;
import io.kboot.config.KubernetesVersion;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The user's extraArgs and kubeletExtraArgs, against the real kubeadm: extra-args/kubeadm-config.yaml
 * (scripts/k8s/goldens; each list out of sorted order, some replacing a default, some repeated, and a
 * 2m0s controlPlaneComponentHealthCheck) read through kboot's own config path, for every release
 * whose goldens have it. kubeadm's ArgumentsToCommand puts the user's arguments after its sorted
 * defaults, in the user's order.
 */
class ExtraArgsGoldenTest {
    private static final String DIR = "extra-args/";
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
    void kubeletFlagsMatchKubeadm(KubernetesVersion version) {
        InitSettings settings = settings(version);
        // The golden host's hostname was not "cp1", so kubeadm added --hostname-override.
        assertEquals(KubeadmGoldens.read(version, DIR + "kubeadm-flags.env"),
                KubeletFiles.flagsEnv(settings.node().name().orElseThrow(), "buildhost",
                        settings.components().kubeletExtraArgs()));
    }

    private static InitSettings settings(KubernetesVersion version) {
        InitSettings settings =
                InitSettings.from(ConfigLoader.parse(CONFIG, KubeadmGoldens.read(version, CONFIG)), new InitSettings.Flags());
        assertEquals(version, settings.cluster().kubernetesVersion());
        return settings;
    }
}
