package io.kboot.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import io.kboot.bundle.BundleSource;
import io.kboot.bundle.BundleWriter;
import io.kboot.bundle.FakeBuild;
import io.kboot.config.KubernetesVersion;
import io.kboot.hostprep.DistroPackages;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A join installs the cluster's release or refuses before prepare: the checks at the end of discovery. */
class JoinReleaseTest {
    @TempDir
    Path dir;

    private static KubernetesVersion v(String text) {
        return KubernetesVersion.parse(text);
    }

    @Test
    void theClusterVersionIsReadFromAnyClusterConfigurationWithoutNeedingAnEndpoint() {
        assertEquals(v("v1.35.4"), KubeadmConfig.kubernetesVersion("""
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: ClusterConfiguration
                kubernetesVersion: v1.35.4
                someFieldKbootDoesNotKnow: {a: 1}
                networking: {podSubnet: 10.244.0.0/16}
                """));
        var missing = assertThrows(KbootException.StepFailed.class,
                () -> KubeadmConfig.kubernetesVersion("kind: ClusterConfiguration\n"));
        assertEquals("kube-system/kubeadm-config: its ClusterConfiguration has no kubernetesVersion", missing.getMessage());
        var malformed = assertThrows(KbootException.StepFailed.class,
                () -> KubeadmConfig.kubernetesVersion("kubernetesVersion: stable-1.35\n"));
        assertTrue(malformed.getMessage().startsWith("kube-system/kubeadm-config: ClusterConfiguration kubernetesVersion"
                + " \"stable-1.35\" is not a Kubernetes version"), malformed.getMessage());
    }

    @Test
    void aWorkerJoinsAnyReleaseKbootPreparesNodesFor() {
        JoinContext.requireJoinable(v("v1.36.3"), false, new DistroPackages());
        JoinContext.requireJoinable(v("v1.32.1"), false, new DistroPackages());
        var tooOld = assertThrows(KbootException.InvalidInput.class,
                () -> JoinContext.requireJoinable(v("v1.29.9"), false, new DistroPackages()));
        assertTrue(tooOld.getMessage().startsWith("the cluster runs Kubernetes v1.29.9 (kube-system/kubeadm-config):"
                + " Kubernetes v1.29.9 is not supported"), tooOld.getMessage());
    }

    @Test
    void aControlPlaneJoinsOnlyAReleaseKbootMakesControlPlanesOf() {
        JoinContext.requireJoinable(v("v1.35.0"), true, new DistroPackages());
        var refused = assertThrows(KbootException.InvalidInput.class,
                () -> JoinContext.requireJoinable(v("v1.34.2"), true, new DistroPackages()));
        assertTrue(refused.getMessage().startsWith("the cluster runs Kubernetes v1.34.2 (kube-system/kubeadm-config):"
                + " kboot cannot bootstrap a control plane of Kubernetes v1.34.2; supported releases: v1.35, v1.36"),
                refused.getMessage());
    }

    @Test
    void aBundleOfAnotherReleaseIsRefusedNamingBothAndHowToMakeTheRightOne() {
        BundleSource bundle = BundleSource.open(BundleWriter.create(FakeBuild.create(dir.resolve("build")),
                dir.resolve("new.tar"), "registry.k8s.io", false, l -> {}).bundle());
        JoinContext.requireJoinable(v("v1.36.3"), false, bundle);
        JoinContext.requireJoinable(v("v1.36.3"), true, bundle);

        var newer = assertThrows(KbootException.InvalidInput.class,
                () -> JoinContext.requireJoinable(v("v1.35.4"), false, bundle));
        assertEquals("the cluster runs Kubernetes v1.35.4 (kube-system/kubeadm-config), but --bundle is the offline bundle"
                + " new.tar (Kubernetes v1.36.3): a node joins with its cluster's release. Make a bundle of v1.35.4"
                + " (scripts/k8s/build --version v1.35.4, then kboot bundle create --from /var/cache/kboot/k8s/v1.35.4),"
                + " or upgrade the cluster to v1.36.3 first (kboot upgrade apply)", newer.getMessage());

        BundleSource older = BundleSource.open(BundleWriter.create(FakeBuild.createV135(dir.resolve("old-build")),
                dir.resolve("old.tar"), "registry.k8s.io", false,
                l -> {}).bundle());
        JoinContext.requireJoinable(v("v1.35.4"), false, older);
        var patch = assertThrows(KbootException.InvalidInput.class,
                () -> JoinContext.requireJoinable(v("v1.35.5"), false, older));
        assertTrue(patch.getMessage().contains("the cluster runs Kubernetes v1.35.5 (kube-system/kubeadm-config), but --bundle"
                + " is the offline bundle old.tar (Kubernetes v1.35.4)"), patch.getMessage());
    }
}
