package io.kboot.preflight;

import io.kboot.config.Defaults;
import io.kboot.config.KubernetesVersion;
import io.kboot.facts.HostFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** kubeadm's preflight checks that depend only on facts (preflight/checks.go). */
public final class Checks {
    /** kubeadm's ControlPlaneNumCPU and ControlPlaneMem (MB). */
    static final int CONTROL_PLANE_CPUS = 2;
    static final long CONTROL_PLANE_MEMORY_MB = 1700;

    private Checks() {}

    record Simple(String name, Function<HostFacts, CheckResult> body) implements Check {
        @Override
        public CheckResult run(HostFacts facts) {
            return body.apply(facts);
        }
    }

    static Check check(String name, Predicate<HostFacts> ok, Function<HostFacts, CheckResult> otherwise) {
        return new Simple(name, facts -> ok.test(facts) ? CheckResult.OK : otherwise.apply(facts));
    }

    public static Check privilegedUser() {
        return check("IsPrivilegedUser", f -> f.uid() == 0,
                f -> CheckResult.error("user is not running as root (uid " + f.uid() + "); connect as root or use --sudo"));
    }

    public static Check cpus(int minimum) {
        return check("NumCPU", f -> f.cpus() >= minimum,
                f -> CheckResult.error("the number of available CPUs " + f.cpus() + " is less than the required " + minimum));
    }

    public static Check memory(long minimumMb) {
        // /proc/meminfo's MemTotal excludes kernel-reserved memory, as Go's sysinfo Totalram does.
        return check("Mem", f -> f.memoryMiB() * 1024 * 1024 / 1_000_000 >= minimumMb,
                f -> CheckResult
                        .error("the system RAM (" + f.memoryMiB() + " MiB) is less than the minimum " + minimumMb + " MB"));
    }

    public static Check swap() {
        return check("Swap", f -> !f.swapOn(),
                f -> CheckResult.warning("swap is supported for cgroup v2 only; the kubelet must be configured for it"
                        + " (host preparation turns swap off)"));
    }

    public static Check portFree(int port) {
        return check("Port-" + port, f -> !f.listeningTcpPorts().contains(port),
                f -> CheckResult
                        .error("port " + port + " is in use" + f.processListeningOn(port).map(p -> " by " + p).orElse("")));
    }

    /**
     * What kboot itself runs on a port: the process, and the static Pod manifest it runs from
     * (none for the kubelet, a systemd service).
     */
    public record PortOwner(String process, Optional<String> manifest) {
        /** The kernel keeps 15 characters of a process name: kube-controller-manager is "kube-controller". */
        boolean matches(String comm) {
            return comm.equals(process.substring(0, Math.min(15, process.length())));
        }
    }

    /**
     * kubeadm's Port check, which also passes when the port is held by the component kboot itself
     * put there: on a node kboot prepared (its record /var/lib/kboot/hostprep.jsonl exists), the
     * listening process is that component and its static Pod manifest is in place. So a re-run of
     * kinit master, kjoin or kboot apply on a node that already runs kboot's control plane or
     * kubelet converges it, without --skip-phases preflight; anything else on the port is still an error.
     */
    public static Check portFree(int port, PortOwner owner) {
        return check("Port-" + port, f -> !f.listeningTcpPorts().contains(port) || ownedByKboot(f, port, owner), f -> {
            Optional<String> process = f.processListeningOn(port);
            if (process.isPresent() && owner.matches(process.get())) {
                String why = !f.kbootPrepared() ? "kboot did not prepare this node (no /var/lib/kboot/hostprep.jsonl)"
                        : "its manifest " + owner.manifest().map(m -> "/etc/kubernetes/manifests/" + m).orElse("")
                                + " is missing";
                return CheckResult.error("port " + port + " is in use by " + process.get() + ", but not one kboot runs: " + why);
            }
            return CheckResult.error("port " + port + " is in use" + process.map(p -> " by " + p).orElse(""));
        });
    }

    private static boolean ownedByKboot(HostFacts f, int port, PortOwner owner) {
        return f.kbootPrepared() && f.processListeningOn(port).map(owner::matches).orElse(false)
                && owner.manifest().map(f.staticPodManifests()::contains).orElse(true);
    }

    static final PortOwner KUBELET = new PortOwner("kubelet", Optional.empty());

    static PortOwner staticPod(String component) {
        return new PortOwner(component, Optional.of(component + ".yaml"));
    }

    public static Check systemd() {
        return check("SystemVerification", f -> f.initSystem().equals("systemd"),
                f -> CheckResult.error("the init system is not systemd: kboot runs the kubelet as a systemd service"));
    }

    public static Check cgroupsV1Warning() {
        return check("SystemVerification", f -> f.cgroupVersion() == 2,
                f -> CheckResult.warning("cgroups v1 support is in maintenance mode, please migrate to cgroups v2"));
    }

    /** kubeadm's FileExisting-&lt;command&gt;: a command the kubelet or kube-proxy runs must be in PATH. */
    public static Check commandExists(String command, boolean required) {
        String message = command + " not found in system path";
        return check("FileExisting-" + command, f -> f.hasCommand(command),
                f -> required ? CheckResult.error(message) : CheckResult.warning(message));
    }

    /** Required: ip, iptables, mount, nsenter (and conntrack before v1.32); wanted: ebtables, ethtool, socat, tc, touch. */
    public static List<Check> commands(KubernetesVersion version) {
        List<Check> checks = new ArrayList<>();
        List<String> required = new ArrayList<>(List.of("ip", "iptables", "mount", "nsenter"));
        if (version.minor() < 32) {
            required.add("conntrack");
        }
        required.forEach(c -> checks.add(commandExists(c, true)));
        List.of("ebtables", "ethtool", "socat", "tc", "touch").forEach(c -> checks.add(commandExists(c, false)));
        return checks;
    }

    /** The cgroup controllers the kubelet needs (kubernetes/system-validators, CgroupsValidator). */
    static final List<String> CGROUP_V1_REQUIRED = List.of("cpu", "cpuacct", "cpuset", "devices", "freezer", "memory", "pids");
    static final List<String> CGROUP_V2_REQUIRED = List.of("cpu", "cpuset", "devices", "freezer", "memory", "pids");

    public static Check cgroupControllers() {
        return new Simple("SystemVerification", f -> {
            Set<String> present = new TreeSet<>(f.cgroupControllers());
            if (f.cgroupVersion() == 2) {
                // Not listed in cgroup.controllers on v2: devices is eBPF, freezer is cgroup.freeze.
                present.add("devices");
                present.add("freezer");
            }
            List<String> required = f.cgroupVersion() == 2 ? CGROUP_V2_REQUIRED : CGROUP_V1_REQUIRED;
            List<String> missing = required.stream().filter(c -> !present.contains(c)).toList();
            return missing.isEmpty() ? CheckResult.OK
                    : CheckResult.error("missing required cgroups: " + String.join(" ", missing));
        });
    }

    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    /** kubeadm's Hostname check (format only; resolving the name is left to the node's own DNS). */
    public static Check hostname() {
        return check("Hostname", f -> {
            String name = f.hostname().toLowerCase(Locale.ROOT);
            return name.length() <= 253 && DNS_SUBDOMAIN.matcher(name).matches();
        }, f -> CheckResult.warning("invalid node name format \"" + f.hostname()
                + "\": a lowercase RFC 1123 subdomain is required; pass --node-name"));
    }

    /** Checks every node gets after IsPrivilegedUser (kubeadm's addCommonChecks that depend on facts only). */
    public static List<Check> common(KubernetesVersion version) {
        List<Check> checks = new ArrayList<>(List.of(swap(), systemd(), cgroupsV1Warning(), cgroupControllers(), hostname()));
        checks.addAll(commands(version));
        checks.add(portFree(10250, KUBELET));
        return checks;
    }

    /** The checks for a control-plane node (kubeadm's InitNodeChecks minus file checks). */
    public static List<Check> controlPlane(int apiServerPort) {
        return controlPlane(apiServerPort, Defaults.KUBERNETES_VERSION);
    }

    public static List<Check> controlPlane(int apiServerPort, KubernetesVersion version) {
        List<Check> checks =
                new ArrayList<>(List.of(privilegedUser(), cpus(CONTROL_PLANE_CPUS), memory(CONTROL_PLANE_MEMORY_MB)));
        checks.addAll(common(version));
        checks.addAll(List.of(portFree(apiServerPort, staticPod("kube-apiserver")), portFree(10259, staticPod("kube-scheduler")),
                portFree(10257, staticPod("kube-controller-manager")), portFree(2379, staticPod("etcd")),
                portFree(2380, staticPod("etcd"))));
        return List.copyOf(checks);
    }

    /** The checks for a joining worker. */
    public static List<Check> worker() {
        return worker(Defaults.KUBERNETES_VERSION);
    }

    public static List<Check> worker(KubernetesVersion version) {
        List<Check> checks = new ArrayList<>(List.of(privilegedUser()));
        checks.addAll(common(version));
        return List.copyOf(checks);
    }
}
