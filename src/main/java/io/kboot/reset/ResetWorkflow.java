package io.kboot.reset;

import io.kboot.hostprep.HostPrepUndo;
import io.kboot.workflow.Phase;
import io.kboot.workflow.Workflow;
import java.util.List;

/**
 * {@code kboot reset}: kubeadm reset's phases (preflight, remove-etcd-member, cleanup-node), with
 * cleanup-node split so each part can be run or skipped alone and going further than kubeadm (CNI
 * configuration and state, the cni0 bridge, the Kubernetes iptables chains), then the undo of host
 * preparation, last because it may remove containerd, which the container cleanup needs. Every
 * phase looks before it acts, so a second reset finds nothing to do and says so.
 */
public final class ResetWorkflow {
    private ResetWorkflow() {}

    public static Workflow<ResetContext> build() {
        return new Workflow<>("kboot reset", List.of(
                Phase.leaf(ResetPreflight.PHASE, "Check that the reset runs as root and ask for confirmation (not with --force)",
                        ResetPreflight::run),
                Phase.leaf(EtcdMemberRemoval.PHASE,
                        "Remove this control plane's member from the etcd cluster, unless it is the last",
                        EtcdMemberRemoval::run),
                Phase.group("cleanup-node",
                        "Stop the kubelet, remove its containers, Kubernetes' files, the pod network and chains",
                        Phase.leaf("kubelet", "Stop the kubelet", KubeletCleanup::run),
                        Phase.leaf("containers", "Kill and remove the containers of containerd's k8s.io namespace",
                                ContainerCleanup::run),
                        Phase.leaf("files",
                                "Delete /etc/kubernetes' files, /var/lib/kubelet, the etcd data and CNI configuration",
                                FileCleanup::run),
                        Phase.leaf("network", "Delete the cni0 bridge of the pod network", NetworkCleanup::run),
                        Phase.leaf("iptables", "Delete the KUBE-* and CNI-* chains and the rules that jump to them",
                                IptablesCleanup::run)),
                Phase.leaf("host-prep", "Undo host preparation, newest change first, from its record on the node",
                        ResetWorkflow::undoHostPrep)));
    }

    private static void undoHostPrep(ResetContext ctx) {
        HostPrepUndo.run(ctx.host(), ctx.paths(), ctx.reporter());
        FileCleanup.removeIdleCniConfDir(ctx);
    }
}
