package io.kboot.upgrade;

import io.kboot.hostprep.Changes;
import io.kboot.hostprep.ImagesStep;
import io.kboot.hostprep.NodePrepContext;

/**
 * Once a node runs the new release, what the previous one left goes: its bundle directory (0.4 to
 * 0.8 GB that nothing runs from any more) and the pins on its images (the kubelet's image
 * garbage collection removes them once unused, as on any cluster). Without it every upgrade
 * would keep one more release on the node's disk, until an upgrade's copy of etcd's data no
 * longer fits. kubeadm has neither a bundle nor pins, so it has no such step.
 */
final class ReleaseCleanup {
    private ReleaseCleanup() {}

    static void run(UpgradeContext ctx) {
        NodePrepContext prep = ctx.prep();
        Changes changes = new Changes(prep, "cleanup");
        prep.hostPrep().artifacts().removeOtherReleases(prep, changes);
        ImagesStep.unpinOtherReleases(prep, changes);
        if (changes.isEmpty()) {
            ctx.info("nothing of another release left on the node");
            return;
        }
        changes.apply();
        ctx.info(String.join("; ", changes.descriptions()));
    }
}
