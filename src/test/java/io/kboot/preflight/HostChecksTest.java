package io.kboot.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import io.kboot.config.KubernetesVersion;
import io.kboot.facts.HostFacts;
import io.kboot.facts.HostFactsTest;
import io.kboot.report.Reporter;
import io.kboot.report.Reporters;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The checks host preparation relies on: commands, cgroups, hostname, and the cross-host ones. */
class HostChecksTest {
    private final Reporters.Captured output = Reporters.capturing();
    private final Reporter reporter = output.reporter();

    private static CheckResult run(Check check, String facts) {
        return check.run(HostFactsTest.parsed(facts));
    }

    @Test
    void requiredCommandsAreErrorsTheOthersWarnings() {
        String noNsenter = HostFactsTest.DEBIAN_VM.replace("command=nsenter\n", "");
        List<Check> checks = Checks.commands(KubernetesVersion.parse("v1.34.0"));
        KbootException.PreflightFailed e = assertThrows(KbootException.PreflightFailed.class,
                () -> Preflight.run("w1", HostFactsTest.parsed(noNsenter), checks, Set.of(), reporter));
        assertTrue(e.getMessage().contains("[ERROR FileExisting-nsenter]: nsenter not found in system path"), e.getMessage());
        assertTrue(output.err().contains("[FileExisting-socat]: socat not found in system path"), output.err());
        assertTrue(!output.err().contains("conntrack"), "conntrack is not checked from v1.32: " + output.err());
        assertEquals(CheckResult.error("conntrack not found in system path"),
                Checks.commands(KubernetesVersion.parse("v1.31.3")).stream()
                        .filter(c -> c.name().equals("FileExisting-conntrack"))
                        .findFirst().orElseThrow().run(HostFactsTest.debianVm()));
    }

    @Test
    void cgroupV2ImpliesDevicesAndFreezer() {
        assertEquals(CheckResult.OK, run(Checks.cgroupControllers(), HostFactsTest.DEBIAN_VM));
        assertEquals(CheckResult.error("missing required cgroups: memory"),
                run(Checks.cgroupControllers(), HostFactsTest.DEBIAN_VM.replace("cgroup_controller=memory\n", "")));
        String v1 = HostFactsTest.DEBIAN_VM.replace("cgroup=2", "cgroup=1");
        assertEquals(CheckResult.error("missing required cgroups: cpuacct devices freezer"), run(Checks.cgroupControllers(), v1));
    }

    @Test
    void hostnamesMustBeDnsNames() {
        assertEquals(CheckResult.OK,
                run(Checks.hostname(), HostFactsTest.DEBIAN_VM.replace("hostname=cp1", "hostname=CP-1.lab")));
        assertEquals(1,
                run(Checks.hostname(), HostFactsTest.DEBIAN_VM.replace("hostname=cp1", "hostname=cp_1")).warnings().size());
    }

    private static HostFacts node(String name, String uuid, String mac, long clock, long observed) {
        return HostFacts.parse(HostFactsTest.DEBIAN_VM.replace("hostname=cp1", "hostname=" + name)
                .replace("product_uuid=8a2e1f3c-0000-4000-8000-000000000010", "product_uuid=" + uuid)
                .replace("mac=52:54:00:12:34:10", "mac=" + mac + "\nmac=00:00:00:00:00:00")
                .replace("time=1795000000", "time=" + clock), Instant.ofEpochSecond(observed));
    }

    @Test
    void duplicateNamesUuidsAndMacsAcrossHostsAreErrors() {
        Map<String, HostFacts> hosts = new LinkedHashMap<>();
        hosts.put("10.0.0.1", node("cp1", "u-1", "52:54:00:00:00:01", 100, 100));
        hosts.put("10.0.0.2", node("CP1", "U-1", "52:54:00:00:00:02", 100, 100));
        hosts.put("10.0.0.3", node("w1", "u-3", "52:54:00:00:00:02", 100, 100));
        assertEquals(List.of("hostname cp1 is shared by 10.0.0.1, 10.0.0.2; every node needs its own"),
                HostSetChecks.uniqueHostnames().run(hosts).errors());
        assertEquals(List.of("product_uuid u-1 is shared by 10.0.0.1, 10.0.0.2; every node needs its own"),
                HostSetChecks.uniqueProductUuids().run(hosts).errors());
        assertEquals(List.of("MAC address 52:54:00:00:00:02 is shared by 10.0.0.2, 10.0.0.3; every node needs its own"),
                HostSetChecks.uniqueMacs().run(hosts).errors());

        KbootException.PreflightFailed e = assertThrows(KbootException.PreflightFailed.class,
                () -> Preflight.runAcross(hosts, HostSetChecks.all(), Set.of("DuplicateMAC"), reporter));
        assertTrue(e.getMessage().startsWith("preflight found 2 error(s):\n  [ERROR DuplicateHostname]"), e.getMessage());
        assertTrue(output.err().contains("[DuplicateMAC]: MAC address 52:54:00:00:00:02 is shared by 10.0.0.2, 10.0.0.3;"
                + " every node needs its own (ignored)"), output.err());
    }

    @Test
    void clockSkewWarnsAfterFiveSecondsAndFailsAfterFiveMinutes() {
        Map<String, HostFacts> hosts = new LinkedHashMap<>();
        hosts.put("a", node("a", "1", "52:54:00:00:00:01", 1000, 1003));
        hosts.put("b", node("b", "2", "52:54:00:00:00:02", 1000, 1010));
        hosts.put("c", node("c", "3", "52:54:00:00:00:03", 1400, 1000));
        CheckResult result = HostSetChecks.clockSkew().run(hosts);
        assertEquals(List.of("the clock of b is 10 s behind this workstation's; synchronize it (chrony, systemd-timesyncd)"),
                result.warnings());
        assertEquals(List.of("the clock of c is 6 min ahead of this workstation's; synchronize it (chrony, systemd-timesyncd):"
                + " certificates would not be valid on it yet"), result.errors());
    }

    /** A node kboot made a control plane of: its components hold their ports, their manifests are there. */
    private static final String RUNNING = HostFactsTest.DEBIAN_VM.replace("listen=0016\n", """
            listen=0016
            listen=192B
            listen=2811
            listen=280A
            listen_process=22 sshd
            listen_process=6443 kube-apiserver
            listen_process=10257 kube-controller
            listen_process=10250 kubelet
            static_pod=kube-apiserver.yaml
            static_pod=kube-controller-manager.yaml
            kboot_prepared=1
            """);

    @Test
    void portsHeldByWhatKbootRunsThereAreNoErrorSoARerunConverges() {
        HostFacts running = HostFactsTest.parsed(RUNNING);
        List<String> portErrors = Checks.controlPlane(6443).stream().filter(c -> c.name().startsWith("Port-"))
                .flatMap(c -> c.run(running).errors().stream()).toList();
        assertEquals(List.of(), portErrors,
                "kube-apiserver, kube-controller-manager (comm kube-controller) and the kubelet are kboot's");
        assertEquals(List.of(), Checks.worker().stream().flatMap(c -> c.run(running).errors().stream())
                .filter(e -> e.contains("port")).toList());

        Check apiPort = Checks.portFree(6443, Checks.staticPod("kube-apiserver"));
        assertEquals(CheckResult.error("port 6443 is in use by kube-apiserver, but not one kboot runs: kboot did not prepare this"
                + " node (no /var/lib/kboot/hostprep.jsonl)"),
                apiPort.run(HostFactsTest.parsed(RUNNING.replace("kboot_prepared=1\n", ""))));
        assertEquals(CheckResult.error("port 6443 is in use by kube-apiserver, but not one kboot runs: its manifest"
                + " /etc/kubernetes/manifests/kube-apiserver.yaml is missing"),
                apiPort.run(HostFactsTest.parsed(RUNNING.replace("static_pod=kube-apiserver.yaml\n", ""))));
        assertEquals(CheckResult.error("port 6443 is in use by nginx"),
                apiPort.run(HostFactsTest.parsed(RUNNING.replace("6443 kube-apiserver", "6443 nginx"))));
        assertEquals(CheckResult.error("port 6443 is in use"),
                apiPort.run(HostFactsTest.parsed(RUNNING.replace("listen_process=6443 kube-apiserver\n", ""))));
    }

    @Test
    void manyHostsErrorsComeInOneReport() {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        errors.put("cp1", Preflight.evaluate("cp1", HostFactsTest.parsed(HostFactsTest.DEBIAN_VM.replace("cpus=2", "cpus=1")),
                Checks.controlPlane(6443), Set.of(), reporter));
        errors.put("w1", Preflight.evaluate("w1", HostFactsTest.debianVm(), Checks.worker(), Set.of(), reporter));
        errors.put("w2", Preflight.evaluate("w2", HostFactsTest.parsed(HostFactsTest.DEBIAN_VM.replace("uid=0", "uid=1000")),
                Checks.worker(), Set.of(), reporter));
        errors.put(null, List.of("[ERROR DuplicateHostname]: hostname cp1 is shared by cp1, w1, w2; every node needs its own"));
        KbootException.PreflightFailed e =
                assertThrows(KbootException.PreflightFailed.class, () -> Preflight.concludeAll(errors, reporter));
        assertEquals("""
                preflight found 3 error(s):
                  cp1:
                    [ERROR NumCPU]: the number of available CPUs 1 is less than the required 2
                  w2:
                    [ERROR IsPrivilegedUser]: user is not running as root (uid 1000); connect as root or use --sudo
                  across hosts:
                    [ERROR DuplicateHostname]: hostname cp1 is shared by cp1, w1, w2; every node needs its own
                To ignore a check, pass --ignore-preflight-errors=<name>; to ignore all: --ignore-preflight-errors=all""",
                e.getMessage());
        assertTrue(output.out().contains("[kboot] w1: preflight checks passed"), output.out());
    }
}
