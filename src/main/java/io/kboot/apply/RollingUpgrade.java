package io.kboot.apply;

import java.util.ArrayList;
import java.util.List;

/**
 * The cluster file asks for another release than the cluster runs (or a run stopped halfway left
 * nodes behind): the bundle staged on every node first, then the control planes one at a time in
 * the file's order (the first with kubeadm upgrade apply's phases, the others with upgrade node's),
 * then the workers in waves, each wave drained and upgraded in parallel.
 *
 * @param from the release kube-system/kboot-cluster records
 * @param controlPlanes the present control planes, in the file's order
 * @param waves the present workers, in the file's order, in waves
 */
public record RollingUpgrade(String from, String to, List<HostSpec> controlPlanes, List<List<HostSpec>> waves) {
    public RollingUpgrade {
        controlPlanes = List.copyOf(controlPlanes);
        waves = waves.stream().map(List::copyOf).toList();
    }

    /** Workers in waves of {@code size}, in order. */
    static List<List<HostSpec>> waves(List<HostSpec> workers, int size) {
        List<List<HostSpec>> waves = new ArrayList<>();
        for (int i = 0; i < workers.size(); i += size) {
            waves.add(workers.subList(i, Math.min(workers.size(), i + size)));
        }
        return waves;
    }

    /**
     * The default wave: a tenth of the workers (k0sctl's and kubespray's habit: a small share of the
     * capacity away at once), at least one.
     */
    static int defaultWaveSize(int workers) {
        return Math.max(1, workers / 10);
    }

    List<String> describe() {
        List<String> lines = new ArrayList<>();
        int n = 0;
        for (HostSpec cp : controlPlanes) {
            n++;
            lines.add(cp.name() + ": upgrade control plane " + n + " of " + controlPlanes.size() + " to " + to
                    + (n == 1 ? " (kubeadm upgrade apply: also the cluster's configuration)" : " (kubeadm upgrade node)")
                    + "; then its kubelet: drain, new kubelet, uncordon");
        }
        for (int w = 0; w < waves.size(); w++) {
            for (HostSpec worker : waves.get(w)) {
                lines.add(worker.name() + ": upgrade worker in wave " + (w + 1) + " of " + waves.size() + " to " + to
                        + ": drain, new kubelet, uncordon");
            }
        }
        lines.add("cluster: upgrade Kubernetes " + from + " -> " + to + "; the bundle is staged on every node before anything"
                + " restarts; CoreDNS and kube-proxy follow the last control plane");
        return lines;
    }
}
