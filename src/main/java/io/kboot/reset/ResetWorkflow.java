package io.kboot.reset;

import io.kboot.hostprep.HostPrepUndo;
import io.kboot.workflow.Phase;
import io.kboot.workflow.Workflow;
import java.util.List;

/**
 * {@code kboot reset}: for now only the undo of host preparation. Stopping the kubelet and
 * removing the cluster's files, etcd data and CNI state are later phases, before this one.
 */
public final class ResetWorkflow {
    private ResetWorkflow() {}

    public static Workflow<ResetContext> build() {
        return new Workflow<>("kboot reset", List.of(
                Phase.leaf("host-prep", "Undo host preparation, newest change first, from its record on the node",
                        ctx -> HostPrepUndo.run(ctx.host(), ctx.paths(), ctx.reporter()))));
    }
}
