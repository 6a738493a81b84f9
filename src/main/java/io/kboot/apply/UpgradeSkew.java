package io.kboot.apply;

import io.kboot.config.KubernetesVersion;
import java.util.List;

/** What apply refuses of a version change before touching a node (kubeadm's policy: one minor up, never down). */
final class UpgradeSkew {
    private UpgradeSkew() {}

    static List<String> refusals(String running, KubernetesVersion target) {
        KubernetesVersion from;
        try {
            from = KubernetesVersion.parse(running);
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        if (from.major() != target.major() || target.minor() > from.minor() + 1) {
            return List.of("the cluster runs " + from + " and the file asks for " + target + ": an upgrade goes one minor"
                    + " release at a time (" + from.minorVersion() + " to v" + from.major() + "." + (from.minor() + 1)
                    + " first)");
        }
        if (target.compareTo(from) < 0) {
            return List.of("the cluster runs " + from + " and the file asks for " + target + ": kboot does not downgrade a"
                    + " cluster");
        }
        return List.of();
    }
}
