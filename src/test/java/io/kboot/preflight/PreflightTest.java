package io.kboot.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import io.kboot.facts.HostFacts;
import io.kboot.facts.HostFactsTest;
import io.kboot.report.Reporter;
import io.kboot.report.Reporters;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PreflightTest {
    private final Reporters.Captured output = Reporters.capturing();
    private final Reporter reporter = output.reporter();

    @Test
    void aReadyControlPlanePasses() {
        Preflight.run("cp1", HostFactsTest.debianVm(), Checks.controlPlane(6443), Set.of(), reporter);
        assertEquals("[kboot] cp1: preflight checks passed\n", output.out());
    }

    @Test
    void everyErrorIsReportedAtOnceAndWarningsDoNotStopTheRun() {
        HostFacts small = HostFactsTest.parsed(HostFactsTest.DEBIAN_VM.replace("uid=0", "uid=1000").replace("cpus=2", "cpus=1")
                .replace("swap_lines=1", "swap_lines=2") + "listen=192B\n");
        KbootException.PreflightFailed e = assertThrows(KbootException.PreflightFailed.class,
                () -> Preflight.run("cp1", small, Checks.controlPlane(6443), Set.of(), reporter));
        assertEquals("""
                cp1: preflight found 3 error(s):
                  [ERROR IsPrivilegedUser]: user is not running as root (uid 1000); connect as root or use --sudo
                  [ERROR NumCPU]: the number of available CPUs 1 is less than the required 2
                  [ERROR Port-6443]: port 6443 is in use
                To ignore a check, pass --ignore-preflight-errors=<name>; to ignore all: --ignore-preflight-errors=all""",
                e.getMessage());
        assertTrue(output.err().contains("cp1: WARNING: [Swap]: swap is supported for cgroup v2 only"), output.err());
    }

    @Test
    void ignoredChecksBecomeWarningsCaseInsensitively() {
        HostFacts oneCpu = HostFactsTest.parsed(HostFactsTest.DEBIAN_VM.replace("cpus=2", "cpus=1"));
        Preflight.run("cp1", oneCpu, Checks.controlPlane(6443), Set.of("numcpu"), reporter);
        assertTrue(output.err().contains("[NumCPU]: the number of available CPUs 1 is less than the required 2 (ignored)"));
        Preflight.run("cp1", oneCpu, Checks.controlPlane(6443), Set.of("all"), reporter);
    }

    @Test
    void workersNeedLess() {
        HostFacts tiny = HostFactsTest
                .parsed(HostFactsTest.DEBIAN_VM.replace("cpus=2", "cpus=1").replace("memory_kb=2017000", "memory_kb=900000"));
        Preflight.run("w1", tiny, Checks.worker(), Set.of(), reporter);
        assertThrows(KbootException.PreflightFailed.class,
                () -> Preflight.run("w1", tiny, Checks.controlPlane(6443), Set.of(), reporter));
    }
}
