package io.kboot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kboot.KbootException;
import org.junit.jupiter.api.Test;

/** kubeadm v1.36.3's feature gates (features.go) and the image fields, as the loader takes or refuses them. */
class FeatureGatesTest {
    private static final String CLUSTER = """
            apiVersion: kubeadm.k8s.io/v1beta4
            kind: ClusterConfiguration
            """;

    private static String error(String yaml) {
        return assertThrows(KbootException.InvalidInput.class, () -> ConfigLoader.parse("c.yaml", yaml)).getMessage();
    }

    private static InitSettings settings(String yaml) {
        return InitSettings.from(ConfigLoader.parse("c.yaml", yaml), new InitSettings.Flags());
    }

    @Test
    void anUnknownGateIsRefusedByName() {
        assertEquals(
                "c.yaml:4:3: ClusterConfiguration featureGates.ControlPlaneKubeletLocalMode: \"ControlPlaneKubeletLocalMode\""
                        + " is not a valid feature name (kubeadm v1.36's gates: NodeLocalCRISocket, PublicKeysECDSA,"
                        + " RootlessControlPlane)",
                error(CLUSTER + "featureGates:\n  ControlPlaneKubeletLocalMode: true\n"));
    }

    @Test
    void gatesKbootDoesNotImplementAreRefusedByName() {
        assertEquals("c.yaml:4:3: ClusterConfiguration featureGates.RootlessControlPlane: RootlessControlPlane is not supported"
                + " by kboot yet: the control plane's static Pods run as root",
                error(CLUSTER + "featureGates:\n  RootlessControlPlane: true\n"));
        String locked = error(CLUSTER + "featureGates:\n  NodeLocalCRISocket: false\n");
        assertEquals("c.yaml:4:3: ClusterConfiguration featureGates.NodeLocalCRISocket: NodeLocalCRISocket=false is not supported"
                + " by kboot yet: kboot always keeps the CRI socket in the node's instance-config.yaml (kubeadm v1.36 locks the"
                + " gate to true)", locked);
        settings(CLUSTER + "featureGates:\n  NodeLocalCRISocket: true\n  RootlessControlPlane: false\n");
    }

    @Test
    void publicKeysEcdsaWinsOverEncryptionAlgorithmAsInKubeadm() {
        assertEquals("ECDSA-P256", settings(CLUSTER + "encryptionAlgorithm: RSA-4096\nfeatureGates:\n  PublicKeysECDSA: true\n")
                .pki().encryptionAlgorithm());
        assertEquals("RSA-2048", settings(CLUSTER + "encryptionAlgorithm: ECDSA-P256\nfeatureGates:\n  PublicKeysECDSA: false\n")
                .pki().encryptionAlgorithm());
        assertEquals("RSA-4096", settings(CLUSTER + "encryptionAlgorithm: RSA-4096\n").pki().encryptionAlgorithm());
    }

    @Test
    void imagePullPoliciesOtherThanKbootsAreRefused() {
        String init = """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                nodeRegistration:
                  imagePullPolicy: %s
                """;
        settings(init.formatted("IfNotPresent"));
        assertEquals("c.yaml:4:3: InitConfiguration nodeRegistration.imagePullPolicy: Always is not supported by kboot yet:"
                + " kboot pulls no images before the kubelet does (a bundle imports them; the kubelet pulls the others if"
                + " absent), which is IfNotPresent", error(init.formatted("Always")));
        assertEquals("c.yaml:4:3: InitConfiguration nodeRegistration.imagePullPolicy: \"Sometimes\" is not an image pull"
                + " policy (expected Always, IfNotPresent or Never)", error(init.formatted("Sometimes")));
    }

    @Test
    void imageOverridesFollowKubeadmsImagesGo() {
        Images defaults = settings(CLUSTER).components().images();
        assertEquals("registry.k8s.io/coredns/coredns:v1.14.2", defaults.coreDns("v1.14.2"));
        assertEquals("registry.k8s.io", defaults.etcdImageRepository());
        assertEquals("3.6.8-0", defaults.etcdImageTag("3.6.8-0"));
        Images mirror = settings(CLUSTER + "imageRepository: mirror.lab:5000/k8s\n").components().images();
        assertEquals("mirror.lab:5000/k8s/coredns:v1.14.2", mirror.coreDns("v1.14.2"));
        Images own = settings(CLUSTER + "imageRepository: mirror.lab:5000/k8s\ndns:\n  imageRepository: registry.k8s.io\n"
                + "  imageTag: v1.12.0\netcd:\n  local:\n    imageRepository: quay.io/coreos\n    imageTag: v3.6.1\n")
                .components().images();
        assertEquals("registry.k8s.io/coredns/coredns:v1.12.0", own.coreDns("v1.14.2"));
        assertEquals("quay.io/coreos", own.etcdImageRepository());
        assertEquals("v3.6.1", own.etcdImageTag("3.6.8-0"));
        assertEquals("c.yaml:4:3: ClusterConfiguration dns.imageTag: \"v1:2\" is not an image tag (expected e.g. 3.6.8-0 or"
                + " v1.14.2)", error(CLUSTER + "dns:\n  imageTag: v1:2\n"));
    }
}
