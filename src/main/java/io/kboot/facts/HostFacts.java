package io.kboot.facts;

import io.kboot.host.Host;
import io.kboot.script.KeyValues;
import io.kboot.script.Query;
import io.kboot.script.ShellTemplate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What kboot needs to know about a host before acting on it, gathered by one script in one round
 * trip. Checks and defaults are then plain functions of these facts, testable without a host.
 */
public record HostFacts(
        int uid,
        String hostname,
        String osId,
        String osVersion,
        String osName,
        String kernel,
        String architecture,
        String initSystem,
        int cgroupVersion,
        String packageManager,
        int cpus,
        long memoryMiB,
        boolean swapOn,
        Optional<String> productUuid,
        List<String> macAddresses,
        Set<Integer> listeningTcpPorts,
        Optional<String> defaultRouteInterface,
        Map<String, List<String>> globalAddresses,
        Instant clock,
        Set<String> commands,
        Set<String> cgroupControllers,
        Map<Integer, String> listeningProcesses,
        Set<String> staticPodManifests,
        boolean kbootPrepared,
        Instant observedAt) {

    /** Commands whose presence in PATH the facts script reports (kubeadm's FileExisting-* checks). */
    public static final List<String> PROBED_COMMANDS = List.of(
            "ip", "iptables", "mount", "nsenter", "ebtables", "ethtool", "socat", "tc", "touch", "conntrack",
            "modprobe", "sysctl", "systemctl");

    public HostFacts {
        macAddresses = List.copyOf(macAddresses);
        listeningTcpPorts = Set.copyOf(listeningTcpPorts);
        globalAddresses = Map.copyOf(globalAddresses);
        commands = Set.copyOf(commands);
        cgroupControllers = Set.copyOf(cgroupControllers);
        listeningProcesses = Map.copyOf(listeningProcesses);
        staticPodManifests = Set.copyOf(staticPodManifests);
    }

    /** The process listening on a TCP port, as {@code ss -p} names it (the kernel's comm: at most 15 characters). */
    public Optional<String> processListeningOn(int port) {
        return Optional.ofNullable(listeningProcesses.get(port));
    }

    /** Whether the command was found in the host's PATH (only for {@link #PROBED_COMMANDS}). */
    public boolean hasCommand(String name) {
        return commands.contains(name);
    }

    /** How far the host's clock is from the workstation's when the facts came back (positive: host ahead). */
    public Duration clockSkew() {
        return Duration.between(observedAt, clock);
    }

    /** POSIX sh, read-only, no tools beyond coreutils, awk and (if present) ip: templates/facts/gather.sh. */
    static final String SCRIPT = ShellTemplate.of("facts/gather.sh").words("commands", PROBED_COMMANDS).render();

    /** Runs the facts script on the host (a query: it also runs in a dry run). */
    public static HostFacts gather(Host host) {
        KeyValues facts = Query.run(host, SCRIPT, "gathering host facts");
        return parse(facts, Instant.now());
    }

    static HostFacts parse(String output) {
        return parse(output, Instant.now());
    }

    /** @param observedAt the workstation's clock when the output came back, to measure clock skew */
    public static HostFacts parse(String output, Instant observedAt) {
        return parse(KeyValues.parse(output), observedAt);
    }

    private static HostFacts parse(KeyValues facts, Instant observedAt) {
        Map<Integer, String> processes = new TreeMap<>();
        for (String value : facts.values("listen_process")) {
            String[] parts = value.split(" ", 2);
            if (parts.length == 2 && parts[0].matches("\\d{1,5}")) {
                processes.putIfAbsent(Integer.parseInt(parts[0]), parts[1]);
            }
        }
        Map<String, List<String>> addresses = new LinkedHashMap<>();
        for (String value : facts.values("addr")) {
            String[] parts = value.split(" ", 2);
            if (parts.length == 2) {
                addresses.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(parts[1]);
            }
        }
        return new HostFacts(
                Integer.parseInt(facts.value("uid", "-1")),
                facts.value("hostname", ""),
                facts.value("os_id", "unknown"),
                facts.value("os_version", ""),
                facts.value("os_name", "unknown"),
                facts.value("kernel", ""),
                facts.value("arch", ""),
                facts.value("init", "other"),
                Integer.parseInt(facts.value("cgroup", "1")),
                facts.value("pkg", ""),
                Integer.parseInt(facts.value("cpus", "0")),
                Long.parseLong(facts.value("memory_kb", "0")) / 1024,
                Integer.parseInt(facts.value("swap_lines", "1")) > 1,
                facts.value("product_uuid").filter(s -> !s.isBlank()),
                facts.values("mac"),
                facts.values("listen").stream().map(hex -> Integer.parseInt(hex, 16))
                        .collect(Collectors.toCollection(TreeSet::new)),
                facts.value("default_iface"),
                addresses,
                Instant.ofEpochSecond(Long.parseLong(facts.value("time", "0"))),
                new TreeSet<>(facts.values("command")),
                new TreeSet<>(facts.values("cgroup_controller")),
                processes,
                new TreeSet<>(facts.values("static_pod")),
                facts.has("kboot_prepared"),
                observedAt);
    }

    /** The first IPv4 address of the default-route interface, as kubeadm picks the advertise address. */
    public Optional<String> defaultAddress() {
        return defaultRouteInterface().map(globalAddresses::get).flatMap(list -> list.stream()
                .filter(a -> !a.contains(":")).findFirst());
    }
}
