package io.kboot.drain;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Which pods of a node a drain evicts, deletes, skips or refuses to touch: kubectl drain's filters
 * (daemonSetFilter with --ignore-daemonsets, mirrorPodFilter, localStorageFilter, unreplicatedFilter),
 * in its order. A refusal stops the drain before anything is evicted.
 */
record Triage(List<DrainPod> evict, List<DrainPod> delete, List<DrainPod> daemonSetPods, List<DrainPod> mirrorPods,
        List<DrainPod> withEmptyDir, List<DrainPod> unmanaged) {

    static Triage of(List<DrainPod> pods, DrainOptions options) {
        List<DrainPod> evict = new ArrayList<>();
        List<DrainPod> delete = new ArrayList<>();
        List<DrainPod> daemonSet = new ArrayList<>();
        List<DrainPod> mirror = new ArrayList<>();
        List<DrainPod> emptyDir = new ArrayList<>();
        List<DrainPod> unmanaged = new ArrayList<>();
        for (DrainPod pod : pods) {
            if (pod.controllerKind().filter("DaemonSet"::equals).isPresent()) {
                daemonSet.add(pod);
            } else if (pod.mirror()) {
                mirror.add(pod);
            } else if (pod.terminal()) {
                delete.add(pod);
            } else {
                boolean refused = false;
                if (pod.emptyDir() && !options.deleteEmptyDirData()) {
                    emptyDir.add(pod);
                    refused = true;
                }
                if (pod.controllerKind().isEmpty() && !options.forceDrain()) {
                    unmanaged.add(pod);
                    refused = true;
                }
                if (!refused) {
                    evict.add(pod);
                }
            }
        }
        return new Triage(List.copyOf(evict), List.copyOf(delete), List.copyOf(daemonSet), List.copyOf(mirror),
                List.copyOf(emptyDir), List.copyOf(unmanaged));
    }

    boolean refused() {
        return !withEmptyDir.isEmpty() || !unmanaged.isEmpty();
    }

    /** Why the drain touches nothing, naming the pods and the flag that would let it. */
    String refusal(String node) {
        List<String> reasons = new ArrayList<>();
        if (!withEmptyDir.isEmpty()) {
            reasons.add("pods with emptyDir data, lost when they go (add --delete-emptydir-data to evict them anyway): "
                    + names(withEmptyDir));
        }
        if (!unmanaged.isEmpty()) {
            reasons.add("pods that no controller manages, which nothing would recreate (add --force-drain to delete them"
                    + " anyway): " + names(unmanaged));
        }
        return "cannot drain node " + node + ", nothing was evicted: " + String.join("; ", reasons);
    }

    /** What is left alone, as kubectl drain says it: "ignoring DaemonSet-managed Pods: …". */
    List<String> skipped() {
        List<String> lines = new ArrayList<>();
        if (!daemonSetPods.isEmpty()) {
            lines.add("ignoring DaemonSet-managed pods: " + names(daemonSetPods));
        }
        if (!mirrorPods.isEmpty()) {
            lines.add("ignoring mirror pods of static Pods (the kubelet owns them): " + names(mirrorPods));
        }
        return lines;
    }

    static String names(List<DrainPod> pods) {
        return pods.stream().map(DrainPod::toString).collect(Collectors.joining(", "));
    }
}
