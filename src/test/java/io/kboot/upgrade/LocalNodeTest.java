package io.kboot.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import io.kboot.config.KubernetesVersion;
import io.kboot.script.KeyValues;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocalNodeTest {

    @Test
    void aControlPlaneIsReadFromItsManifestAndKubeletFiles() {
        LocalNode node = LocalNode.parse(KeyValues.parse("""
                controlPlane=true
                advertiseAddress=10.0.0.10
                bindPort=6443
                etcdTag=3.6.6-0
                nodeName=cp1
                criSocket=unix:///run/containerd/containerd.sock
                kubeletVersion=v1.35.5
                """), "host-1", "cp1");
        assertTrue(node.controlPlane());
        assertEquals("cp1", node.nodeName());
        assertEquals("10.0.0.10", node.advertiseAddress().orElseThrow().getHostAddress());
        assertEquals(6443, node.bindPort());
        assertEquals(Optional.of("3.6.6-0"), node.etcdTag());
        assertEquals("unix:///run/containerd/containerd.sock", node.criSocket());
        assertEquals(Optional.of(KubernetesVersion.parse("v1.35.5")), node.kubeletVersion());
    }

    @Test
    void aWorkerWithoutOverridesTakesTheHostnameAndKubeadmsDefaults() {
        LocalNode node = LocalNode.parse(KeyValues.parse("controlPlane=false\nkubeletVersion=\n"), "w1", "w1");
        assertFalse(node.controlPlane());
        assertEquals("w1", node.nodeName());
        assertEquals(Optional.empty(), node.advertiseAddress());
        assertEquals("unix:///var/run/containerd/containerd.sock", node.criSocket());
        assertEquals(Optional.empty(), node.kubeletVersion());
        assertEquals(Optional.empty(), node.etcdTag());
    }

    @Test
    void aControlPlaneManifestWithoutAdvertiseAddressIsNotOneKbootCanUpgrade() {
        var e = assertThrows(KbootException.StepFailed.class,
                () -> LocalNode.parse(KeyValues.parse("controlPlane=true\n"), "cp1", "cp1"));
        assertTrue(e.getMessage().contains("has no --advertise-address"), e.getMessage());
    }
}
