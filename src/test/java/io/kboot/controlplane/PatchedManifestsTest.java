package io.kboot.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.addons.Addons;
import io.kboot.config.KubernetesVersion;
import io.kboot.patches.PatchTarget;
import io.kboot.patches.Patches;
import io.kboot.templates.Templates;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * kubeadm's patches applied by kboot, against the real kubeadm v1.36.3 applying the same directory
 * (golden/patches: strategic merges with $patch delete, $setElementOrder and null, a merge patch, a
 * JSON patch with test/add/replace/remove/copy/move, a file of two documents, a subdirectory) to the
 * same config (golden/kubeadm-v1.36.3/patched, made by scripts/k8s/goldens).
 */
class PatchedManifestsTest {
    private static final KubernetesVersion VERSION = KubernetesVersion.parse("v1.36.3");

    static Patches patches() {
        try {
            return Patches.load(Path.of(PatchedManifestsTest.class.getResource("/golden/patches").toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @EnumSource(Component.class)
    void patchedManifestsMatchKubeadmByteForByte(Component component) {
        assertEquals(KubeadmGoldens.read(VERSION, "patched/" + component.manifestFile()),
                StaticPods.render(component, KubeadmGoldens.spec(VERSION), patches()));
    }

    @Test
    void patchedKubeletConfigurationMatchesKubeadmByteForByte() {
        assertEquals(KubeadmGoldens.read(VERSION, "patched/kubelet-config.yaml"),
                KubeletFiles.patched(KubeadmGoldens.read(VERSION, "kubelet-config.yaml"), patches()));
    }

    @Test
    void patchedCoreDnsDeploymentMatchesKubeadms() {
        ObjectNode deployment = Addons.coreDns("registry.k8s.io/coredns/coredns:v1.14.2", "cluster.local", "10.96.0.10").stream()
                .filter(o -> o.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
        assertEquals(Templates.parseYaml(KubeadmGoldens.read(VERSION, "patched/coredns-deployment.yaml")),
                patches().apply(PatchTarget.COREDNS_DEPLOYMENT, deployment));
    }

    @Test
    void withoutPatchesTheManifestIsTheUnpatchedOne() {
        assertEquals(KubeadmGoldens.read(VERSION, "kube-apiserver.yaml"),
                StaticPods.render(Component.KUBE_APISERVER, KubeadmGoldens.spec(VERSION), Patches.none()));
    }
}
