package io.kboot.preflight;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import io.kboot.facts.HostFacts;

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
                f -> CheckResult.error("the system RAM (" + f.memoryMiB() + " MiB) is less than the minimum " + minimumMb + " MB"));
    }

    public static Check swap() {
        return check("Swap", f -> !f.swapOn(),
                f -> CheckResult.warning("swap is supported for cgroup v2 only; the kubelet must be configured for it"
                        + " (host preparation turns swap off)"));
    }

    public static Check portFree(int port) {
        return check("Port-" + port, f -> !f.listeningTcpPorts().contains(port),
                f -> CheckResult.error("port " + port + " is in use"));
    }

    public static Check systemd() {
        return check("SystemVerification", f -> f.initSystem().equals("systemd"),
                f -> CheckResult.error("the init system is not systemd: kboot runs the kubelet as a systemd service"));
    }

    public static Check cgroupsV1Warning() {
        return check("SystemVerification", f -> f.cgroupVersion() == 2,
                f -> CheckResult.warning("cgroups v1 support is in maintenance mode, please migrate to cgroups v2"));
    }

    /** The checks for a control-plane node (kubeadm's InitNodeChecks minus file checks). */
    public static List<Check> controlPlane(int apiServerPort) {
        return List.of(privilegedUser(), cpus(CONTROL_PLANE_CPUS), memory(CONTROL_PLANE_MEMORY_MB), swap(), systemd(),
                cgroupsV1Warning(), portFree(apiServerPort), portFree(10259), portFree(10257), portFree(2379),
                portFree(2380), portFree(10250));
    }

    /** The checks for a joining worker. */
    public static List<Check> worker() {
        return List.of(privilegedUser(), swap(), systemd(), cgroupsV1Warning(), portFree(10250));
    }
}
