package io.kboot.upgrade;

import io.kboot.etcd.NodeBackups;
import io.kboot.hostprep.BundleStep;
import io.kboot.hostprep.ImagesStep;
import io.kboot.hostprep.PrepStep;
import io.kboot.workflow.Phase;
import io.kboot.workflow.RunIf;
import io.kboot.workflow.Workflow;
import java.time.Clock;
import java.util.List;

/**
 * The upgrade's phase trees. {@code kboot upgrade apply} on the first control plane, kubeadm
 * upgrade apply's phases: preflight, prepare (the new bundle on the node and its images imported,
 * before anything restarts), etcd-snapshot (a backup kept on the node), control-plane, upload-config, kubeconfig, kubelet-config,
 * bootstrap-token, addon, then what kubeadm leaves to the operator: kubelet (drain, new binaries,
 * restart, Ready, uncordon), cleanup (the previous release's bundle and image pins), and
 * post-upgrade. {@code kboot upgrade node} on every other node:
 * the same without the cluster-wide phases, the control-plane ones only on a control plane.
 */
public final class UpgradeWorkflow {
    static final String NOT_CONTROL_PLANE = "this node runs no control plane";

    private UpgradeWorkflow() {}

    public static Workflow<UpgradeContext> apply() {
        return new Workflow<>("kboot upgrade apply", List.of(
                preflight(),
                prepare(),
                Phase.leaf("etcd-snapshot", "Back up etcd, the shared CAs and the ClusterConfiguration to "
                        + NodeBackups.DIR + " on this node", PreUpgradeBackup::run),
                controlPlane(),
                Phase.leaf("upload-config", "Store the cluster's configuration at the new release in kube-system/kubeadm-config",
                        ClusterUpgrade::uploadConfig),
                kubeconfig(),
                kubeletConfig(),
                Phase.leaf("bootstrap-token", "Update the RBAC rules nodes join with", ClusterUpgrade::bootstrapTokenRbac),
                addon(RunIf.always()),
                kubelet(),
                cleanup(),
                postUpgrade()));
    }

    public static Workflow<UpgradeContext> node() {
        RunIf<UpgradeContext> controlPlane = RunIf.when(ctx -> ctx.node().controlPlane(), NOT_CONTROL_PLANE);
        return new Workflow<>("kboot upgrade node", List.of(
                preflight(),
                prepare(),
                controlPlane().runIf(controlPlane),
                kubeconfig().runIf(controlPlane),
                kubeletConfig(),
                addon(controlPlane),
                kubelet(),
                cleanup(),
                postUpgrade()));
    }

    private static Phase<UpgradeContext> preflight() {
        return Phase.leaf("preflight", "Check the node and the cluster's health; the version skew was checked before",
                UpgradePreflight::run);
    }

    /** The bundle and images first, on every node before anything restarts; the binaries wait for the drain. */
    private static Phase<UpgradeContext> prepare() {
        return Phase.group("prepare", "Put the new bundle on the node and import its images",
                step(new BundleStep()), step(new ImagesStep()));
    }

    private static Phase<UpgradeContext> step(PrepStep step) {
        return Phase.leaf(step.name(), step.summary(), ctx -> step.run(ctx.prep()));
    }

    private static Phase<UpgradeContext> controlPlane() {
        return Phase.leaf("control-plane", "Upgrade etcd, kube-apiserver, kube-controller-manager and kube-scheduler one at a"
                + " time; roll back on failure", ctx -> new ControlPlaneUpgrade(ctx, Clock.systemUTC()).run());
    }

    private static Phase<UpgradeContext> kubeconfig() {
        return Phase.leaf("kubeconfig", "Renew the certificates in admin.conf and super-admin.conf",
                RunIf.when(ctx -> ctx.settings().certificateRenewal(), "--certificate-renewal=false"),
                ClusterUpgrade::renewAdminKubeconfigs);
    }

    private static Phase<UpgradeContext> kubeletConfig() {
        return Phase.leaf("kubelet-config", "Write the cluster's kubelet configuration to the node",
                ctx -> ctx.kubeletConfigChanged(KubeletUpgrade.writeConfig(ctx)));
    }

    /** @param first asked before whether every control plane is upgraded (a worker's run needs no API call for it) */
    private static Phase<UpgradeContext> addon(RunIf<UpgradeContext> first) {
        return Phase.group("addon", "Upgrade CoreDNS and kube-proxy once every control plane runs the new release",
                Phase.leaf("coredns", "Upgrade the CoreDNS addon", ClusterUpgrade::coreDns),
                Phase.leaf("kube-proxy", "Upgrade the kube-proxy addon", ClusterUpgrade::kubeProxy),
                Phase.leaf("rollout", "Wait for CoreDNS and kube-proxy to roll out, before anything is drained",
                        AddonRollout::await))
                .runIf(first).runIf(RunIf.when(ClusterUpgrade::controlPlanesAtTarget, ClusterUpgrade::addonsWaitFor));
    }

    private static Phase<UpgradeContext> kubelet() {
        return Phase.leaf("kubelet", "Drain the node, install the new kubelet and kubectl, restart the kubelet, uncordon",
                ctx -> KubeletUpgrade.upgrade(ctx, ctx.kubeletConfigChanged()));
    }

    private static Phase<UpgradeContext> cleanup() {
        return Phase.leaf("cleanup", "Remove the previous release's bundle from the node and unpin its images",
                ReleaseCleanup::run);
    }

    private static Phase<UpgradeContext> postUpgrade() {
        return Phase.leaf("post-upgrade", "Say what was upgraded", ctx -> ctx.info("[upgrade] SUCCESS! " + ctx.node().nodeName()
                + (ctx.node().controlPlane() ? ", a control-plane node," : "") + " runs Kubernetes " + ctx.targetVersion()));
    }
}
