package io.kboot.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.config.KubernetesVersion;
import io.kboot.hostprep.ComponentVersions;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestReleasesTest {
    /** A minor kboot makes control planes of (etcd and CoreDNS in versions.yaml) renders, and has goldens. */
    @Test
    void everyControlPlaneReleaseHasAnEntryAndGoldens() {
        List<Integer> minors = ComponentVersions.bundled().controlPlaneMinors();
        for (int minor : minors) {
            ManifestReleases.bundled().release(new KubernetesVersion(1, minor, 0, ""));
        }
        assertEquals(minors, KubeadmGoldens.versions().stream().map(KubernetesVersion::minor).toList(),
                "one golden directory per control-plane release in versions.yaml (scripts/k8s/goldens)");
    }

    @Test
    void etcdVersionsCompareNumerically() {
        assertTrue(ManifestReleases.compareVersions("3.5.24-0", "3.6.0") < 0);
        assertEquals(0, ManifestReleases.compareVersions("3.6.0-0", "3.6.0"));
        assertTrue(ManifestReleases.compareVersions("3.10.1", "3.6.0") > 0);
        assertEquals(0, ManifestReleases.compareVersions("v3.6", "3.6.0"));
    }

    @Test
    void legacyEtcdFlagsOnlyBelowTheBound() {
        ManifestReleases.Release release = ManifestReleases.parse("releases:\n  \"1.35\": {etcdLegacyFlagsBelow: \"3.6.0\"}\n")
                .release(KubernetesVersion.parse("v1.35.0"));
        assertTrue(release.etcdLegacyFlags("3.5.24-0"));
        assertFalse(release.etcdLegacyFlags("3.6.6-0"));
        assertFalse(ManifestReleases.parse("releases:\n  \"1.36\": {}\n").release(KubernetesVersion.parse("v1.36.0"))
                .etcdLegacyFlags("3.5.24-0"));
    }

    @Test
    void theTableIsChecked() {
        assertThrows(UncheckedIOException.class,
                () -> ManifestReleases.parse("releases:\n  \"1.36\": {etcdLegacyFlagBelow: \"3.6.0\"}\n"),
                "a misspelt field is an error");
        assertThrows(IllegalStateException.class, () -> ManifestReleases.parse(
                "releases:\n  \"1.36\":\n    extraVolumes:\n      kube-scheduler: [{name: a, path: /a, type: Directory}]\n"),
                "the scheduler's volumes are in its template");
        assertThrows(IllegalStateException.class, () -> ManifestReleases.parse(
                "releases:\n  \"1.36\":\n    extraVolumes:\n      kube-apiserver: [{name: a, type: Directory}]\n"));
        assertThrows(IllegalStateException.class, () -> ManifestReleases.parse("releases:\n  \"v1.36\": {}\n"));
        assertThrows(IllegalStateException.class, () -> ManifestReleases.parse("releases: {}\n"));
    }
}
