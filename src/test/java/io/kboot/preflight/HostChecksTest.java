package io.kboot.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import io.kboot.config.KubernetesVersion;
import io.kboot.facts.HostFacts;
import io.kboot.facts.HostFactsTest;
import io.kboot.report.TextReporter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The checks host preparation relies on: commands, cgroups, hostname, and the cross-host ones. */
class HostChecksTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final TextReporter reporter = new TextReporter(new PrintWriter(out), new PrintWriter(err), false);

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
        assertTrue(err.toString().contains("[FileExisting-socat]: socat not found in system path"), err.toString());
        assertTrue(!err.toString().contains("conntrack"), "conntrack is not checked from v1.32: " + err);
        assertEquals(CheckResult.error("conntrack not found in system path"),
                Checks.commands(KubernetesVersion.parse("v1.31.3")).stream().filter(c -> c.name().equals("FileExisting-conntrack"))
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
        assertEquals(CheckResult.OK, run(Checks.hostname(), HostFactsTest.DEBIAN_VM.replace("hostname=cp1", "hostname=CP-1.lab")));
        assertEquals(1, run(Checks.hostname(), HostFactsTest.DEBIAN_VM.replace("hostname=cp1", "hostname=cp_1")).warnings().size());
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
        assertTrue(err.toString().contains("[DuplicateMAC]: MAC address 52:54:00:00:00:02 is shared by 10.0.0.2, 10.0.0.3;"
                + " every node needs its own (ignored)"), err.toString());
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
}
