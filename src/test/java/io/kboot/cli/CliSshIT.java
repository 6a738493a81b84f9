package io.kboot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.host.ssh.SshdFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kinit over SSH to a real sshd on 127.0.0.1: host-key policy and a dry run through the CLI. */
class CliSshIT {
    private static SshdFixture sshd;
    private static Path key;

    @BeforeAll
    static void start(@TempDir Path dir) {
        sshd = SshdFixture.start();
        key = SshdFixture.generateKey(dir, "id", "ed25519", false, "");
        sshd.authorize("root", key);
    }

    @AfterAll
    static void stop() {
        sshd.close();
    }

    private String[] kinit(Path knownHosts, String... extra) {
        String[] base = {"master", "--host", "root@127.0.0.1:" + sshd.port(), "--ssh-key", key.toString(),
            "--known-hosts", knownHosts.toString(), "--dry-run", "--ignore-preflight-errors", "all", "--skip-phases", "prepare"};
        String[] all = Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @Test
    void anUnknownHostKeyIsRefusedWithItsFingerprintAndNothingRuns(@TempDir Path dir) {
        CliTest.Outcome o = CliTest.kinit(kinit(dir.resolve("known_hosts")));
        assertEquals(1, o.exitCode(), o.err());
        assertTrue(o.err().contains(sshd.fingerprint()), o.err());
        assertTrue(o.err().contains("--accept-new-host-key"), o.err());
        assertTrue(!o.out().contains("[preflight]"), o.out());
    }

    @Test
    void withTrustOnFirstUseTheRunGoesThroughAndTheKeyIsRecorded(@TempDir Path dir) throws Exception {
        Path knownHosts = dir.resolve("known_hosts");
        CliTest.Outcome o = CliTest.kinit(kinit(knownHosts, "--accept-new-host-key"));
        assertEquals(0, o.exitCode(), o.out() + o.err());
        assertTrue(o.out().contains("[preflight] 127.0.0.1: preflight checks passed")
                || o.out().contains("preflight checks passed"), o.out());
        assertTrue(Files.readString(knownHosts).contains(sshd.hostPublicKey().split(" ")[1]), "recorded");
        CliTest.Outcome again = CliTest.kinit(kinit(knownHosts));
        assertEquals(0, again.exitCode(), "the recorded key is trusted next time: " + again.err());
    }

    @Test
    void aHostAliasFromSshConfigWithTrustOnFirstUse(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("ssh_config");
        Path knownHosts = dir.resolve("known_hosts");
        Files.writeString(config, "Host lab-cp1\n  HostName 127.0.0.1\n  Port " + sshd.port() + "\n  User root\n  IdentityFile "
                + key + "\n  UserKnownHostsFile " + knownHosts + "\n  StrictHostKeyChecking accept-new\n");
        CliTest.Outcome o = CliTest.kinit("master", "--host", "lab-cp1", "--ssh-config", config.toString(), "--dry-run",
                "--ignore-preflight-errors", "all", "--skip-phases", "prepare");
        assertEquals(0, o.exitCode(), o.out() + o.err());
        assertTrue(Files.readString(knownHosts).contains(sshd.hostPublicKey().split(" ")[1]), "recorded");
    }

    @Test
    void aMalformedSshConfigIsExitTwoNamingFileAndLine(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("ssh_config");
        Files.writeString(config, "Host lab-cp1\n  Port 22x\n");
        CliTest.Outcome o = CliTest.kinit("master", "--host", "lab-cp1", "--ssh-config", config.toString(), "--dry-run");
        assertEquals(2, o.exitCode(), o.err());
        assertTrue(o.err().contains("--ssh-config: " + config + ":2: Port 22x is not a port"), o.err());
        Files.writeString(config, "Host lab-cp1\n  HostName 127.0.0.1\n  IdentityFile " + dir.resolve("gone") + "\n");
        CliTest.Outcome missing = CliTest.kinit("master", "--host", "lab-cp1", "--ssh-config", config.toString(), "--dry-run");
        assertEquals(2, missing.exitCode(), missing.err());
        assertTrue(missing.err().contains(config + ":3: IdentityFile " + dir.resolve("gone") + ": no such file"), missing.err());
        assertEquals(2, CliTest.kinit("master", "--host", "x", "--ssh-config", dir.resolve("none-such").toString(), "--dry-run")
                .exitCode());
    }

    @Test
    void badSshInputIsExitTwo(@TempDir Path dir) {
        assertEquals(2, CliTest.kinit("master", "--host", "root@[::1", "--dry-run").exitCode());
        assertEquals(2, CliTest.kinit("master", "--host", "127.0.0.1", "--ssh-key", dir.resolve("missing").toString(),
                "--dry-run").exitCode());
    }
}
