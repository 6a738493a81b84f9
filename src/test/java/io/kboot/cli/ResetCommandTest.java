package io.kboot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * kboot reset as a user calls it. Tests have no terminal, like a script or CI. Every bad input
 * names a target no connection could reach (port 1 on loopback): an attempt to connect would
 * fail with exit 1 and a connection error, so exit 2 with the input's error shows no host was
 * touched.
 */
class ResetCommandTest {
    private static final String UNREACHABLE = "root@127.0.0.1:1";

    @Test
    void helpNamesWhatGoesThePhasesAndWhenItAsks() {
        CliTest.Outcome help = CliTest.kboot("reset", "--help");
        assertEquals(0, help.exitCode(), help.err());
        String text = help.out().replaceAll("\\s+", " ");
        for (String expected : List.of("removes a control plane's etcd member", "KUBE-* and CNI-*", "/var/lib/kboot/hostprep.jsonl",
                "the SSH session survives", "refuses with exit code 2", "--force", "--skip-phases", "--cert-dir",
                "remove-etcd-member", "cleanup-node", "iptables", "host-prep", "kboot reset phase cleanup-node iptables --force")) {
            assertTrue(text.contains(expected), expected + " in: " + text);
        }
        assertTrue(CliTest.kboot("--help").out().contains("kboot reset"));
    }

    @Test
    void phaseCommandsAreGeneratedFromTheWorkflow() {
        CliTest.Outcome help = CliTest.kboot("reset", "phase", "cleanup-node", "iptables", "--help");
        assertEquals(0, help.exitCode(), help.err());
        assertTrue(help.out().startsWith("Usage: kboot reset phase cleanup-node iptables"), help.out());
        assertTrue(help.out().contains("--force") && help.out().contains("--dry-run"), help.out());
        assertEquals(0, CliTest.kboot("reset", "phase", "cleanup-node", "all", "--help").exitCode());
    }

    @Test
    void withoutATerminalItRefusesUnlessForcedAndTouchesNoHost() {
        CliTest.Outcome o = CliTest.kboot("reset", "--host", UNREACHABLE);
        assertEquals(2, o.exitCode(), o.err());
        assertEquals("error: kboot reset asks for confirmation before it deletes anything, and there is no terminal to ask on:"
                + " add --force to reset without asking (or --dry-run to see what it would do)\n", o.err());
        assertEquals("", o.out());
        // With --force, or without preflight (the phase that asks), it goes on to the target, which fails here.
        for (String[] args : List.of(new String[] {"reset", "--host", UNREACHABLE, "--force"},
                new String[] {"reset", "--host", UNREACHABLE, "--skip-phases", "preflight"},
                new String[] {"reset", "phase", "cleanup-node", "--host", UNREACHABLE})) {
            CliTest.Outcome goesOn = CliTest.kboot(args);
            assertTrue(goesOn.exitCode() != 0 && !goesOn.err().contains("no terminal"), String.join(" ", args) + ": " + goesOn.err());
        }
        CliTest.Outcome confirmInPhase = CliTest.kboot("reset", "phase", "preflight", "--host", UNREACHABLE);
        assertEquals(2, confirmInPhase.exitCode(), confirmInPhase.err());
        assertTrue(confirmInPhase.err().contains("no terminal to ask on"), confirmInPhase.err());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--cert-dir|/etc|error: --cert-dir /etc: is a system directory; reset deletes what this directory holds, so it refuses /etc",
        "--cert-dir|pki|error: --cert-dir pki: must be an absolute path of letters, digits and ._/@+:-",
        "--skip-phases|cleanup-node/bogus|error: unknown phase \"cleanup-node/bogus\" for kboot reset; valid phases: preflight,"
                + " remove-etcd-member, cleanup-node, cleanup-node/kubelet, cleanup-node/containers, cleanup-node/files,"
                + " cleanup-node/network, cleanup-node/iptables, host-prep",
        "--bogus|x|error: Unknown options: '--bogus', 'x'"})
    void badInputIsExitTwoBeforeAnyHost(String flag, String value, String error) {
        CliTest.Outcome o = CliTest.kboot("reset", "--host", UNREACHABLE, "--force", flag, value);
        assertEquals(2, o.exitCode(), o.err());
        assertEquals(error, o.err().lines().findFirst().orElse(""));
    }

    @Test
    void anUnknownPhaseCommandIsExitTwo() {
        CliTest.Outcome o = CliTest.kboot("reset", "phase", "bogus", "--host", UNREACHABLE, "--force");
        assertEquals(2, o.exitCode(), o.err());
    }
}
