package io.kboot.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.config.KubernetesVersion;
import io.kboot.controlplane.Component;
import io.kboot.preflight.CheckResult;
import io.kboot.workflow.Phase;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpgradeWorkflowTest {

    @Test
    void upgradeApplyHasKubeadmsPhasesThenTheKubelet() {
        assertEquals(List.of("preflight", "prepare", "control-plane", "upload-config", "kubeconfig", "kubelet-config",
                "bootstrap-token", "addon", "kubelet", "post-upgrade"),
                UpgradeWorkflow.apply().phases().stream().map(Phase::name).toList());
    }

    @Test
    void upgradeNodeLeavesTheClusterWidePhasesToApply() {
        assertEquals(List.of("preflight", "prepare", "control-plane", "kubeconfig", "kubelet-config", "addon", "kubelet",
                "post-upgrade"), UpgradeWorkflow.node().phases().stream().map(Phase::name).toList());
    }

    @Test
    void nodesFollowTheFirstControlPlane() {
        KubernetesVersion v135 = KubernetesVersion.parse("v1.35.5");
        KubernetesVersion v136 = KubernetesVersion.parse("v1.36.3");
        assertEquals(CheckResult.OK, UpgradePreflight.upgradeOrder(v136, v136));
        CheckResult early = UpgradePreflight.upgradeOrder(v135, v136);
        assertTrue(early.errors().get(0).contains("upgrade the first control plane to v1.36.3 first"), early.toString());
        CheckResult older = UpgradePreflight.upgradeOrder(v136, v135);
        assertTrue(older.errors().get(0).contains("the cluster runs v1.36.3, the bundle carries v1.35.5"), older.toString());
    }

    @Test
    void eachComponentRenewsKubeadmsCertificates() {
        assertEquals(List.of("etcd-server", "etcd-peer", "etcd-healthcheck-client"),
                ComponentCerts.of(Component.ETCD));
        assertEquals(List.of("scheduler.conf"), ComponentCerts.of(Component.KUBE_SCHEDULER));
    }
}
