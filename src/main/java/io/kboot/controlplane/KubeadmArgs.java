package io.kboot.controlplane;

import io.kboot.config.Kubeadm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A command line as kubeadm's ArgumentsToCommand (util/arguments.go) builds every one it writes:
 * the static Pods' (phases/controlplane, phases/etcd) and the kubelet's kubeadm-flags.env
 * (phases/kubelet). Only kubeadm's own defaults are sorted; a default the user gives again is
 * dropped, and the user's arguments follow in the user's order, repeats kept (a flag such as
 * --tls-sni-cert-key may be given more than once).
 */
final class KubeadmArgs {
    private KubeadmArgs() {}

    /**
     * "--name=value" for each default not overridden, sorted by name, then for each override as
     * given; an override without a value is "--name=", as kubeadm writes Go's empty string.
     */
    static List<String> command(Map<String, String> defaults, List<Kubeadm.Arg> overrides) {
        Set<String> overridden = overrides.stream().map(Kubeadm.Arg::name).collect(Collectors.toSet());
        List<String> command = new ArrayList<>(defaults.size() + overrides.size());
        // kboot's default names are ASCII, so String order is Go's byte order.
        new TreeMap<>(defaults).forEach((name, value) -> {
            if (!overridden.contains(name)) {
                command.add(flag(name, value));
            }
        });
        overrides.forEach(arg -> command.add(flag(arg.name(), arg.value() == null ? "" : arg.value())));
        return command;
    }

    private static String flag(String name, String value) {
        return "--" + name + "=" + value;
    }
}
