package io.kboot.drain;

import java.time.Duration;
import java.util.List;

/**
 * What a drain did.
 *
 * @param node      the Node's name
 * @param drained   false when {@code --no-drain} left the node alone
 * @param cordoned  this drain cordoned the node (it was schedulable before): {@link Drain#uncordon} it after the
 *                  upgrade; false if it was cordoned already, which the operator may want kept
 * @param evicted   pods evicted and gone
 * @param deleted   finished pods (Succeeded, Failed) deleted
 * @param skipped   the pods left alone: DaemonSet-managed and mirror pods
 * @param took      from the start of its drain (cordoned already) to the last pod gone
 */
public record Drained(String node, boolean drained, boolean cordoned, int evicted, int deleted, List<String> skipped,
        Duration took) {
    public Drained {
        skipped = List.copyOf(skipped);
    }

    static Drained notDrained(String node) {
        return new Drained(node, false, false, 0, 0, List.of(), Duration.ZERO);
    }

    /** "drained node w1 in 14s: 3 pod(s) evicted, 1 finished pod(s) deleted, 2 skipped (DaemonSet-managed or mirror)". */
    public String summary() {
        if (!drained) {
            return "node " + node + " not drained";
        }
        return "drained node " + node + " in " + Math.max(0, Math.round(took.toMillis() / 1000.0)) + "s: " + evicted
                + " pod(s) evicted, " + (deleted == 0 ? "" : deleted + " finished pod(s) deleted, ") + skipped.size()
                + " skipped (DaemonSet-managed or mirror)";
    }
}
