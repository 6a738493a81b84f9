package io.kboot.join;

import io.kboot.config.Defaults;
import io.kboot.config.KubernetesVersion;
import io.kboot.hostprep.HostPrep;
import io.kboot.node.NodeFiles;
import io.kboot.preflight.Checks;
import io.kboot.preflight.Preflight;
import io.kboot.workflow.Phase;
import io.kboot.workflow.Workflow;
import java.util.List;

/** {@code kjoin}: the phases that add a node to a cluster, in order. */
public final class JoinWorkflow {
    private JoinWorkflow() {}

    public static Workflow<JoinContext> build() {
        return new Workflow<>("kjoin", List.of(
                Phase.leaf("preflight", "Check that the node can join", JoinWorkflow::preflight),
                JoinPhases.discovery(),
                HostPrep.phase(JoinContext::prep),
                ControlPlanePrepare.phase(),
                JoinPhases.kubeletStart(),
                ControlPlaneJoin.phase(),
                ControlPlaneJoin.waitControlPlane()));
    }

    /**
     * Runs before discovery, so it checks for kboot's default release, as kubeadm join's preflight
     * checks for kubeadm's own. The checks are the same for every release from v1.32 on (kboot
     * makes control planes of v1.35 and newer); only a worker joining an older cluster misses the
     * conntrack requirement of before v1.32, as it would with kubeadm v1.36. Discovery then refuses
     * a release kboot cannot join, before anything is installed.
     */
    static void preflight(JoinContext ctx) {
        int port = ctx.settings().node().bindPort();
        KubernetesVersion release = Defaults.KUBERNETES_VERSION;
        var checks = ctx.settings().controlPlane() ? Checks.controlPlane(port, release) : Checks.worker(release);
        NodeFiles.warnIgnoredPatches(ctx.host(), ctx.reporter(), ctx.settings().run().patches());
        Preflight.run(ctx.host().name(), ctx.facts(), checks, ctx.settings().run().ignorePreflightErrors(), ctx.reporter());
    }
}
