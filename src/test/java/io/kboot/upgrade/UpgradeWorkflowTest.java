package io.kboot.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kboot.controlplane.Component;
import io.kboot.workflow.Phase;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpgradeWorkflowTest {

    @Test
    void upgradeApplyHasKubeadmsPhasesThenTheKubelet() {
        assertEquals(
                List.of("preflight", "prepare", "etcd-snapshot", "control-plane", "upload-config", "kubeconfig", "kubelet-config",
                        "bootstrap-token", "addon", "kubelet", "cleanup", "post-upgrade"),
                UpgradeWorkflow.apply().phases().stream().map(Phase::name).toList());
    }

    @Test
    void upgradeNodeLeavesTheClusterWidePhasesToApply() {
        assertEquals(List.of("preflight", "prepare", "control-plane", "kubeconfig", "kubelet-config", "addon", "kubelet",
                "cleanup", "post-upgrade"), UpgradeWorkflow.node().phases().stream().map(Phase::name).toList());
    }

    @Test
    void eachComponentRenewsKubeadmsCertificates() {
        assertEquals(List.of("etcd-server", "etcd-peer", "etcd-healthcheck-client"),
                ComponentCerts.of(Component.ETCD));
        assertEquals(List.of("scheduler.conf"), ComponentCerts.of(Component.KUBE_SCHEDULER));
    }
}
