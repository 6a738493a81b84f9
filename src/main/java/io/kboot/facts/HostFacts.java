package io.kboot.facts;

import io.kboot.host.Command;
import io.kboot.host.Host;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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
    public java.time.Duration clockSkew() {
        return java.time.Duration.between(observedAt, clock);
    }

    /** POSIX sh, read-only, no tools beyond coreutils, awk and (if present) ip. */
    static final String SCRIPT = """
            echo "uid=$(id -u)"
            echo "hostname=$(cat /proc/sys/kernel/hostname)"
            if [ -r /etc/os-release ]; then . /etc/os-release; fi
            echo "os_id=${ID:-unknown}"; echo "os_version=${VERSION_ID:-}"; echo "os_name=${PRETTY_NAME:-unknown}"
            echo "kernel=$(uname -r)"; echo "arch=$(uname -m)"
            if [ -d /run/systemd/system ]; then echo init=systemd; else echo init=other; fi
            if [ -f /sys/fs/cgroup/cgroup.controllers ]; then echo cgroup=2; else echo cgroup=1; fi
            for pm in apt-get dnf yum zypper apk; do
              if command -v $pm >/dev/null 2>&1; then echo "pkg=$pm"; break; fi
            done
            echo "cpus=$(getconf _NPROCESSORS_ONLN 2>/dev/null || grep -c ^processor /proc/cpuinfo)"
            awk '/^MemTotal:/ {print "memory_kb=" $2}' /proc/meminfo
            echo "swap_lines=$(wc -l < /proc/swaps)"
            if [ -r /sys/class/dmi/id/product_uuid ]; then echo "product_uuid=$(cat /sys/class/dmi/id/product_uuid)"; fi
            for dev in /sys/class/net/*; do
              [ "${dev##*/}" = lo ] || [ ! -r "$dev/address" ] || echo "mac=$(cat "$dev/address")"
            done
            awk 'NR > 1 && $4 == "0A" { n = split($2, a, ":"); print "listen=" a[n] }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
            awk '$2 == "00000000" { print "default_iface=" $1; exit }' /proc/net/route
            if command -v ip >/dev/null 2>&1; then
              ip -o addr show scope global | awk '{ split($4, a, "/"); print "addr=" $2 " " a[1] }'
            fi
            for c in %s; do
              if command -v "$c" >/dev/null 2>&1; then echo "command=$c"; fi
            done
            if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
              for c in $(cat /sys/fs/cgroup/cgroup.controllers); do echo "cgroup_controller=$c"; done
            elif [ -r /proc/cgroups ]; then
              awk '!/^#/ && $4 == 1 { print "cgroup_controller=" $1 }' /proc/cgroups
            fi
            if command -v ss >/dev/null 2>&1; then
              ss -ltnp 2>/dev/null | awk 'NR > 1 && match($0, /users:\\(\\("[^"]*"/) {
                n = split($4, a, ":"); print "listen_process=" a[n] " " substr($0, RSTART + 9, RLENGTH - 10) }'
            fi
            for m in /etc/kubernetes/manifests/*.yaml; do [ -f "$m" ] && echo "static_pod=${m##*/}"; done
            if [ -f /var/lib/kboot/hostprep.jsonl ]; then echo kboot_prepared=1; fi
            echo "time=$(date +%%s)"
            """.formatted(String.join(" ", PROBED_COMMANDS));

    /** Runs the facts script on the host (a query: it also runs in a dry run). */
    public static HostFacts gather(Host host) {
        String output = host.exec(Command.query(SCRIPT)).orFail(host, "gathering host facts").stdout();
        return parse(output, Instant.now());
    }

    static HostFacts parse(String output) {
        return parse(output, Instant.now());
    }

    /** @param observedAt the workstation's clock when the output came back, to measure clock skew */
    public static HostFacts parse(String output, Instant observedAt) {
        Map<String, String> single = new LinkedHashMap<>();
        List<String> macs = new ArrayList<>();
        Set<Integer> ports = new TreeSet<>();
        Set<String> commands = new TreeSet<>();
        Set<String> controllers = new TreeSet<>();
        Map<Integer, String> processes = new java.util.TreeMap<>();
        Set<String> staticPods = new TreeSet<>();
        Map<String, List<String>> addresses = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq);
            String value = line.substring(eq + 1).strip();
            switch (key) {
                case "mac" -> macs.add(value);
                case "command" -> commands.add(value);
                case "cgroup_controller" -> controllers.add(value);
                case "listen" -> ports.add(Integer.parseInt(value, 16));
                case "static_pod" -> staticPods.add(value);
                case "listen_process" -> {
                    String[] parts = value.split(" ", 2);
                    if (parts.length == 2 && parts[0].matches("\\d{1,5}")) {
                        processes.putIfAbsent(Integer.parseInt(parts[0]), parts[1]);
                    }
                }
                case "addr" -> {
                    String[] parts = value.split(" ", 2);
                    if (parts.length == 2) {
                        addresses.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(parts[1]);
                    }
                }
                default -> single.putIfAbsent(key, value);
            }
        }
        return new HostFacts(
                Integer.parseInt(single.getOrDefault("uid", "-1")),
                single.getOrDefault("hostname", ""),
                single.getOrDefault("os_id", "unknown"),
                single.getOrDefault("os_version", ""),
                single.getOrDefault("os_name", "unknown"),
                single.getOrDefault("kernel", ""),
                single.getOrDefault("arch", ""),
                single.getOrDefault("init", "other"),
                Integer.parseInt(single.getOrDefault("cgroup", "1")),
                single.getOrDefault("pkg", ""),
                Integer.parseInt(single.getOrDefault("cpus", "0")),
                Long.parseLong(single.getOrDefault("memory_kb", "0")) / 1024,
                Integer.parseInt(single.getOrDefault("swap_lines", "1")) > 1,
                Optional.ofNullable(single.get("product_uuid")).filter(s -> !s.isBlank()),
                macs,
                ports,
                Optional.ofNullable(single.get("default_iface")),
                addresses,
                Instant.ofEpochSecond(Long.parseLong(single.getOrDefault("time", "0"))),
                commands,
                controllers,
                processes,
                staticPods,
                single.containsKey("kboot_prepared"),
                observedAt);
    }

    /** The first IPv4 address of the default-route interface, as kubeadm picks the advertise address. */
    public Optional<String> defaultAddress() {
        return defaultRouteInterface().map(globalAddresses::get).flatMap(list -> list.stream()
                .filter(a -> !a.contains(":")).findFirst());
    }
}
