package io.kboot.hostprep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class VersionsTest {

    @Test
    void readsWhatEachBinaryPrints() {
        assertEquals(Optional.of("v1.36.3"), Versions.in("Kubernetes v1.36.3"));
        assertEquals(Optional.of("v1.35.6"), Versions.in("Client Version: v1.35.6"));
        assertEquals(Optional.of("v1.23.0"), Versions.in("Client Version: version.Info{Major:\"1\", Minor:\"23\", "
                + "GitVersion:\"v1.23.0\", GitCommit:\"ab69524f795c42094a6630298ff53f3c3ebab7f4\"}"));
        assertEquals(Optional.of("v2.3.7"), Versions.in("containerd github.com/containerd/containerd/v2 v2.3.7 0123abc"));
        assertEquals(Optional.of("v1.6.20"),
                Versions.in("containerd github.com/containerd/containerd 1.6.20~ds1 1.6.20~ds1-1+b1"));
        assertEquals(Optional.of("v1.5.2"), Versions.in("runc version 1.5.2"));
        assertEquals(Optional.of("v1.36.0-rc.1"), Versions.in("Kubernetes v1.36.0-rc.1"));
    }

    @Test
    void aLineWithoutAVersionIsNoVersion() {
        assertEquals(Optional.empty(), Versions.in(""));
        assertEquals(Optional.empty(), Versions.in("sleep (GNU coreutils) 9.1"));
        assertEquals(Optional.empty(), Versions.in("kubelet: error while loading shared libraries"));
        assertEquals("(version unknown)", Versions.describe(""));
        assertFalse(Versions.names("", "v1.36.3"));
    }

    @Test
    void comparesWithOrWithoutTheLeadingV() {
        assertTrue(Versions.names("runc version 1.5.2", "v1.5.2"));
        assertTrue(Versions.names("Kubernetes v1.36.3", "v1.36.3"));
        assertFalse(Versions.names("Kubernetes v1.35.6", "v1.36.3"));
        assertFalse(Versions.names("Kubernetes v1.36.3-dirty", "v1.36.3"), "a build of its own is not the bundle's");
        assertFalse(Versions.names("Kubernetes v1.36.30", "v1.36.3"));
    }
}
