package io.kboot.join;

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

    static void preflight(JoinContext ctx) {
        int port = ctx.settings().node().bindPort();
        var checks = ctx.settings().controlPlane() ? Checks.controlPlane(port, ctx.kubernetesVersion())
                : Checks.worker(ctx.kubernetesVersion());
        NodeFiles.warnIgnoredPatches(ctx.host(), ctx.reporter(), ctx.settings().run().patches());
        Preflight.run(ctx.host().name(), ctx.facts(), checks, ctx.settings().run().ignorePreflightErrors(), ctx.reporter());
    }
}
