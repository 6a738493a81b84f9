package io.kboot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
        for (String expected : List.of("removes a control plane's etcd member", "KUBE-* and CNI-*",
                "/var/lib/kboot/hostprep.jsonl",
                "the SSH session survives", "refuses with exit code 2", "--force", "--skip-phases", "--cert-dir",
                "remove-etcd-member", "cleanup-node", "iptables", "host-prep", "kboot reset phase cleanup-node iptables --force",
                "--filename", "--hosts", "the first one last", "kboot reset -f cluster.yaml --hosts w7,w8 --force")) {
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
            assertTrue(goesOn.exitCode() != 0 && !goesOn.err().contains("no terminal"),
                    String.join(" ", args) + ": " + goesOn.err());
        }
        CliTest.Outcome confirmInPhase = CliTest.kboot("reset", "phase", "preflight", "--host", UNREACHABLE);
        assertEquals(2, confirmInPhase.exitCode(), confirmInPhase.err());
        assertTrue(confirmInPhase.err().contains("no terminal to ask on"), confirmInPhase.err());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--cert-dir|/etc|error: --cert-dir /etc: is a system directory; reset deletes what this directory holds, so it refuses"
                + " /etc",
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
    void aClusterFileIsCheckedWholeBeforeAnyHost(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("cluster.yaml"), """
                apiVersion: kboot.io/v1alpha1
                kind: Cluster
                ssh: {port: 1}
                hosts:
                - {name: cp1, address: 127.0.0.1, role: control-plane}
                - {name: w1, address: 127.0.0.2, role: worker}
                """);
        String f = file.toString();
        Map<List<String>, String> errors = Map.of(
                List.of("reset", "-f", f), "error: kboot reset asks for confirmation before it deletes anything, and there is no"
                        + " terminal to ask on: add --force to reset without asking (or --dry-run to see what it would do)",
                List.of("reset", "-f", f, "--force", "--hosts", "w1,w7"),
                "error: --hosts: w7 is not a host of " + f + " (its hosts: cp1, w1)",
                List.of("reset", "-f", f, "--force", "--host", UNREACHABLE), "error: -f " + f + " and --host " + UNREACHABLE
                        + " both name what to reset: use one (the file's hosts are chosen with --hosts)",
                List.of("reset", "-f", f, "--force", "--cert-dir", "/srv/pki"),
                "error: --cert-dir does not go with -f: the cluster file's"
                        + " ClusterConfiguration names the certificate directory",
                List.of("reset", "--host", UNREACHABLE, "--force", "--hosts", "w1"),
                "error: --hosts w1 names hosts of a cluster file:"
                        + " give the file with -f",
                List.of("reset", "-f", dir.resolve("none.yaml").toString(), "--force"), "error: ");
        errors.forEach((args, error) -> {
            CliTest.Outcome o = CliTest.kboot(args.toArray(String[]::new));
            assertEquals(2, o.exitCode(), args + ": " + o.err());
            assertTrue(o.err().lines().findFirst().orElse("").startsWith(error), args + ": " + o.err());
            assertEquals("", o.out(), args + " touched nothing");
        });
        // Past the checks, it goes on to connect to the hosts (which fails here: no key, and nothing listens on port 1).
        CliTest.Outcome goesOn = CliTest.kboot("reset", "-f", f, "--force", "--hosts", "w1");
        assertTrue(goesOn.exitCode() != 0 && goesOn.err().contains("phase connect"), goesOn.out() + goesOn.err());
    }

    @Test
    void anUnknownPhaseCommandIsExitTwo() {
        CliTest.Outcome o = CliTest.kboot("reset", "phase", "bogus", "--host", UNREACHABLE, "--force");
        assertEquals(2, o.exitCode(), o.err());
    }
}
