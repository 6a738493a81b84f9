package io.kboot.config;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which of kubeadm's bundled addons the cluster has: CoreDNS unless {@code dns.disabled}, kube-proxy
 * unless {@code proxy.disabled} (a kube-proxy-less CNI such as Cilium's replacement needs that).
 * As kubeadm's manageSkippedAddons, skipping an addon's phase disables it too, so the stored
 * ClusterConfiguration says so and a later upgrade leaves the addon alone.
 */
public record AddonSwitches(boolean coreDns, boolean kubeProxy) {
    /** kinit master's phases of the two addons (kubeadm spells the group "addon"). */
    public static final String ADDONS_PHASE = "addons";
    public static final String COREDNS_PHASE = ADDONS_PHASE + "/coredns";
    public static final String KUBE_PROXY_PHASE = ADDONS_PHASE + "/kube-proxy";

    public static final AddonSwitches BOTH = new AddonSwitches(true, true);

    /** The document's switches with the skipped phases taken into account. */
    static AddonSwitches from(Optional<Kubeadm.ClusterConfiguration> cluster, Set<String> skipPhases) {
        Set<String> skipped = new LinkedHashSet<>();
        skipPhases.forEach(p -> skipped.add(normalize(p)));
        boolean all = skipped.contains(ADDONS_PHASE);
        boolean dnsOff = all || skipped.contains(COREDNS_PHASE)
                || cluster.map(Kubeadm.ClusterConfiguration::dns).map(Kubeadm.DNS::disabled).orElse(false);
        boolean proxyOff = all || skipped.contains(KUBE_PROXY_PHASE)
                || cluster.map(Kubeadm.ClusterConfiguration::proxy).map(Kubeadm.Proxy::disabled).orElse(false);
        return new AddonSwitches(!dnsOff, !proxyOff);
    }

    /** The skipped phases with those of disabled addons added, as kubeadm's manageSkippedAddons does. */
    Set<String> skipping(Set<String> skipPhases) {
        Set<String> result = new LinkedHashSet<>(skipPhases);
        if (!coreDns) {
            result.add(COREDNS_PHASE);
        }
        if (!kubeProxy) {
            result.add(KUBE_PROXY_PHASE);
        }
        return result;
    }

    /** "addons/all", " /addons/ " and "addons" are the same phase to the workflow. */
    private static String normalize(String phase) {
        String p = phase.strip().replaceAll("^/+|/+$", "");
        return p.endsWith("/all") ? p.substring(0, p.length() - "/all".length()) : p;
    }
}
