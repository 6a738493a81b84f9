package io.kboot.preflight;

import io.kboot.facts.HostFacts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Checks over all the hosts of a cluster. Kubernetes identifies nodes by name, and kubeadm's docs
 * ask for a unique product_uuid and MAC per node (cloned VMs often share them); TLS needs clocks
 * that agree with the workstation that issues the certificates.
 */
public final class HostSetChecks {
    /** Beyond this the clock is worth fixing. */
    public static final Duration CLOCK_SKEW_WARNING = Duration.ofSeconds(5);
    /** kubeadm backdates certificates by 5 minutes; a clock further behind sees them as not yet valid. */
    public static final Duration CLOCK_SKEW_ERROR = Duration.ofMinutes(5);

    private static final String NO_MAC = "00:00:00:00:00:00";

    private HostSetChecks() {}

    record Simple(String name, Function<Map<String, HostFacts>, CheckResult> body) implements HostSetCheck {
        @Override
        public CheckResult run(Map<String, HostFacts> byHost) {
            return body.apply(byHost);
        }
    }

    public static List<HostSetCheck> all() {
        return List.of(uniqueHostnames(), uniqueProductUuids(), uniqueMacs(), clockSkew());
    }

    public static HostSetCheck uniqueHostnames() {
        return new Simple("DuplicateHostname", byHost -> duplicates(byHost, "hostname",
                f -> List.of(f.hostname().toLowerCase(Locale.ROOT))));
    }

    public static HostSetCheck uniqueProductUuids() {
        return new Simple("DuplicateProductUUID", byHost -> duplicates(byHost, "product_uuid",
                f -> f.productUuid().map(u -> List.of(u.toLowerCase(Locale.ROOT))).orElse(List.of())));
    }

    public static HostSetCheck uniqueMacs() {
        return new Simple("DuplicateMAC", byHost -> duplicates(byHost, "MAC address",
                f -> f.macAddresses().stream().map(m -> m.toLowerCase(Locale.ROOT)).filter(m -> !m.equals(NO_MAC)).toList()));
    }

    public static HostSetCheck clockSkew() {
        return new Simple("ClockSkew", byHost -> {
            List<String> errors = new ArrayList<>();
            List<String> warnings = new ArrayList<>();
            byHost.forEach((host, facts) -> {
                Duration skew = facts.clockSkew();
                Duration size = skew.abs();
                if (size.compareTo(CLOCK_SKEW_WARNING) <= 0) {
                    return;
                }
                String text = "the clock of " + host + " is " + describe(size) + (skew.isNegative() ? " behind" : " ahead of")
                        + " this workstation's; synchronize it (chrony, systemd-timesyncd)";
                if (size.compareTo(CLOCK_SKEW_ERROR) > 0) {
                    errors.add(text + ": certificates would not be valid on it yet");
                } else {
                    warnings.add(text);
                }
            });
            return new CheckResult(errors, warnings);
        });
    }

    private static String describe(Duration d) {
        return d.toSeconds() < 120 ? d.toSeconds() + " s" : d.toMinutes() + " min";
    }

    /** One error per value shared by two or more hosts. */
    static CheckResult duplicates(Map<String, HostFacts> byHost, String what, Function<HostFacts, Collection<String>> values) {
        Map<String, Set<String>> hostsByValue = new TreeMap<>();
        byHost.forEach((host, facts) -> new LinkedHashSet<>(values.apply(facts))
                .forEach(v -> hostsByValue.computeIfAbsent(v, k -> new LinkedHashSet<>()).add(host)));
        List<String> errors = new ArrayList<>();
        Map<String, Set<String>> shared = new LinkedHashMap<>();
        hostsByValue.forEach((value, hosts) -> {
            if (hosts.size() > 1) {
                shared.put(value, hosts);
            }
        });
        shared.forEach((value, hosts) -> errors.add(what + " " + value + " is shared by " + String.join(", ", hosts)
                + "; every node needs its own"));
        return new CheckResult(errors, List.of());
    }
}
