package io.kboot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.host.ssh.SshdFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kboot apply -f cluster.yaml --dry-run} end to end through the CLI, against three real
 * sshds on 127.0.0.2-4 (three "hosts" of one machine): every host is connected and preflighted,
 * the preflight errors of all hosts come in one report, and with them ignored the plan is printed
 * per host with what host preparation would change, while nothing on the machine changes.
 */
class ApplyDryRunIT {
    private static final List<String> ADDRESSES = List.of("127.0.0.2", "127.0.0.3", "127.0.0.4");
    private static final List<String> NAMES = List.of("cp1", "w1", "w2");
    private static final List<SshdFixture> SSHDS = new ArrayList<>();
    private static Path dir;
    private static Path file;

    @BeforeAll
    static void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        Path key = SshdFixture.generateKey(dir, "id", "ed25519", false, "");
        StringBuilder knownHosts = new StringBuilder();
        StringBuilder hosts = new StringBuilder();
        for (int i = 0; i < ADDRESSES.size(); i++) {
            SshdFixture sshd = SshdFixture.startOn(ADDRESSES.get(i)).authorize("root", key);
            SSHDS.add(sshd);
            knownHosts.append(sshd.knownHostsLine()).append('\n');
            hosts.append("- {name: ").append(NAMES.get(i)).append(", address: ").append(ADDRESSES.get(i)).append(", port: ")
                    .append(sshd.port()).append(", role: ").append(i == 0 ? "control-plane" : "worker")
                    .append(i == 2 ? ", labels: {disk: ssd}, taints: [{key: dedicated, value: batch, effect: NoSchedule}]" : "")
                    .append("}\n");
        }
        Files.writeString(dir.resolve("known_hosts"), knownHosts);
        file = dir.resolve("cluster.yaml");
        Files.writeString(file, """
                apiVersion: kboot.io/v1alpha1
                kind: Cluster
                metadata: {name: it}
                ssh: {user: root, key: id, knownHosts: known_hosts}
                hosts:
                """ + hosts + """
                ---
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: ClusterConfiguration
                networking: {podSubnet: 10.244.0.0/16}
                """);
    }

    @AfterAll
    static void stop() {
        SSHDS.forEach(SshdFixture::close);
    }

    @Test
    void preflightRunsOnEveryHostAndReportsAllTheirErrorsAtOnce() {
        CliTest.Outcome o = CliTest.kboot("apply", "-f", file.toString(), "--dry-run");
        assertEquals(3, o.exitCode(), o.out() + o.err());
        // The three "hosts" are one machine: the same hostname, in one report naming all three.
        assertTrue(o.err().contains("[ERROR DuplicateHostname]"), o.err());
        assertTrue(o.err().contains("across hosts:"), o.err());
        for (String name : NAMES) {
            assertTrue(o.err().contains("\n  " + name + ":\n    [ERROR "), name + " in " + o.err());
        }
        assertFalse(o.out().contains("Dry run: the plan"), "no plan after a failed preflight: " + o.out());
        assertTrue(o.out().contains("connect ") && o.out().contains("preflight ") && o.out().contains("failed"), o.out());
    }

    @Test
    void theDryRunPrintsThePlanPerHostAndChangesNothing() throws Exception {
        // What the first changes of host preparation would make, had they run.
        List<Path> untouched = List.of(Path.of("/etc/sysctl.d/99-kubernetes.conf"), Path.of("/var/lib/kboot/hostprep.jsonl"),
                Path.of("/var/lib/kboot/staging/etc/modules-load.d/k8s.conf"));
        List<Boolean> before = untouched.stream().map(Files::exists).toList();

        CliTest.Outcome o = CliTest.kboot("apply", "-f", file.toString(), "--dry-run", "--ignore-preflight-errors", "all",
                "--wave-size", "1");
        assertEquals(0, o.exitCode(), o.out() + o.err());
        String out = o.out();
        assertTrue(out.contains("no control plane's API server answers"), out);
        assertTrue(out.contains("cp1: init the cluster as its first control plane (new cluster)"), out);
        assertTrue(out.contains("w1: join as worker in wave 1 of 2"), out);
        assertTrue(out.contains("w2: join as worker in wave 2 of 2; then label disk=ssd; taint dedicated=batch:NoSchedule"), out);
        for (String name : NAMES) {
            // Host preparation ran its probes on each host and recorded what it would change.
            assertTrue(out.contains("[prepare] " + name + ": "), name + ": " + out);
            Matcher changes = Pattern.compile("Dry run: (\\d+) change\\(s\\) on " + name + ":").matcher(out);
            assertTrue(changes.find(), name + ": " + out);
            assertTrue(out.contains("run: # kboot prepare/"), out);
        }
        assertTrue(out.contains("  prepare: would change "), out);
        // Read-only stages ran; nothing that acts did.
        assertTrue(out.contains("observe ") && out.contains("prepare "), out);
        assertFalse(out.contains("join-workers"), out);
        assertFalse(out.contains("\ninit "), out);
        assertEquals(before, untouched.stream().map(Files::exists).toList(), "the dry run changed the machine");
        for (SshdFixture sshd : SSHDS) {
            assertTrue(sshd.log().contains("Accepted publickey for root"), sshd.log());
        }
    }
}
