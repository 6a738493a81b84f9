package io.kboot.init;

import io.kboot.hostprep.HostPrep;
import io.kboot.node.NodeFiles;
import io.kboot.preflight.Checks;
import io.kboot.preflight.Preflight;
import io.kboot.workflow.Phase;
import io.kboot.workflow.Workflow;
import java.util.List;

/** {@code kinit master}: the phases that turn a host into the first control-plane node, in order. */
public final class InitWorkflow {
    private InitWorkflow() {}

    public static Workflow<InitContext> build() {
        return new Workflow<>("kinit master", List.of(
                Phase.leaf("preflight", "Check that the node can become a control plane", InitWorkflow::preflight),
                HostPrep.phase(InitContext::prep),
                RestorePhases.restore(),
                CertsPhases.certs(),
                CertsPhases.kubeconfig(),
                ControlPlanePhases.etcd(),
                ControlPlanePhases.controlPlane(),
                ControlPlanePhases.kubeletStart(),
                ClusterPhases.waitControlPlane(),
                ClusterPhases.uploadConfig(),
                ClusterPhases.uploadCerts(),
                ClusterPhases.markControlPlane(),
                ClusterPhases.bootstrapToken(),
                ClusterPhases.addons(),
                RestorePhases.restoredNodes(),
                ClusterPhases.showJoinCommand()));
    }

    static void preflight(InitContext ctx) {
        NodeFiles.warnIgnoredPatches(ctx.host(), ctx.reporter(), ctx.settings().run().patches());
        var checks = Checks.controlPlane(ctx.settings().node().bindPort(), ctx.kubernetesVersion());
        Preflight.run(ctx.host().name(), ctx.facts(), checks, ctx.settings().run().ignorePreflightErrors(), ctx.reporter());
        RestorePhases.preflight(ctx);
    }
}
