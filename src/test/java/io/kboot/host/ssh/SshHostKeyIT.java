package io.kboot.host.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.host.Command;
import io.kboot.host.Host;
import io.kboot.host.HostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Host key checking against known_hosts, with a real sshd and OpenSSH's own tools as the reference. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SshHostKeyIT {

    private SshdFixture sshd;
    private ClientHome client;

    @BeforeAll
    void start(@TempDir Path temp) {
        sshd = SshdFixture.start();
        client = ClientHome.create(temp.resolve("home"));
        sshd.authorize("root", client.key());
    }

    @AfterAll
    void stop() {
        if (sshd != null) {
            sshd.close();
        }
    }

    private void exec(Host host) {
        try (host) {
            assertEquals("ok\n", host.exec(Command.query("echo ok")).stdout());
        }
    }

    @Test
    void unknownHostKeyIsRefusedWithTypeFingerprintAndTheFlag(@TempDir Path dir) {
        Path knownHosts = dir.resolve("known_hosts");
        HostException error = assertThrows(HostException.class,
                () -> SshConnector.connect(sshd.target("root").withKnownHosts(knownHosts), client.options()));
        String message = error.getMessage();
        assertEquals(sshd.name() + ": unknown host key ssh-ed25519 " + sshd.fingerprint() + " for [127.0.0.1]:" + sshd.port()
                + " (not in " + knownHosts + "); check the fingerprint and rerun with --accept-new-host-key to trust it",
                message);
        assertFalse(Files.exists(knownHosts));
    }

    @Test
    void acceptNewTrustsOnFirstUseAndAppendsALineOpenSshReads(@TempDir Path dir) throws Exception {
        Path knownHosts = dir.resolve("new/.ssh/known_hosts");
        exec(SshConnector.connect(sshd.target("root").withKnownHosts(knownHosts).withAcceptNewHostKey(true), client.options()));
        assertEquals(sshd.knownHostsLine() + "\n", Files.readString(knownHosts));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(knownHosts)));
        // OpenSSH finds the entry we wrote.
        String found = SshdFixture.run("ssh-keygen", "-F", "[127.0.0.1]:" + sshd.port(), "-f", knownHosts.toString());
        assertTrue(found.contains(sshd.hostPublicKey()), found);
        // Known now: no flag needed, nothing appended.
        exec(SshConnector.connect(sshd.target("root").withKnownHosts(knownHosts), client.options()));
        assertEquals(1, Files.readAllLines(knownHosts).size());
    }

    @Test
    void changedHostKeyIsRefusedEvenWithAcceptNewShowingBothFingerprints(@TempDir Path dir) throws Exception {
        Path old = SshdFixture.generateKey(dir, "old_host_key", "ed25519", false, "");
        String oldLine = Files.readString(Path.of(old + ".pub")).trim().split("\\s+", 3)[0] + " "
                + Files.readString(Path.of(old + ".pub")).trim().split("\\s+", 3)[1];
        String oldFingerprint = SshdFixture.run("ssh-keygen", "-l", "-E", "sha256", "-f", old + ".pub").split("\\s+")[1];
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + sshd.port() + " " + oldLine + "\n");
        String before = Files.readString(knownHosts);
        HostException error = assertThrows(HostException.class, () -> SshConnector.connect(
                sshd.target("root").withKnownHosts(knownHosts).withAcceptNewHostKey(true), client.options()));
        String message = error.getMessage();
        assertTrue(message.startsWith(sshd.name() + ": HOST KEY CHANGED for [127.0.0.1]:" + sshd.port()), message);
        assertTrue(message.contains("known ssh-ed25519 " + oldFingerprint + " (" + knownHosts + ":1)"), message);
        assertTrue(message.contains("the host offers ssh-ed25519 " + sshd.fingerprint()), message);
        assertFalse(message.contains("\n"));
        assertEquals(before, Files.readString(knownHosts));
    }

    @Test
    void hashedEntriesAreAccepted(@TempDir Path dir) throws Exception {
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), sshd.knownHostsLine() + "\n");
        SshdFixture.run("ssh-keygen", "-q", "-H", "-f", knownHosts.toString());
        String hashed = Files.readString(knownHosts);
        assertTrue(hashed.startsWith("|1|") && !hashed.contains("127.0.0.1"), hashed);
        exec(SshConnector.connect(sshd.target("root").withKnownHosts(knownHosts), client.options()));
    }

    @Test
    void otherHostKeyTypesAreCheckedToo(@TempDir Path dir) throws Exception {
        for (String type : new String[] {"ecdsa", "rsa"}) {
            try (SshdFixture other = SshdFixture.startWithHostKey(type)) {
                other.authorize("root", client.key());
                Path knownHosts = dir.resolve(type + "_known_hosts");
                exec(SshConnector.connect(other.target("root").withKnownHosts(knownHosts).withAcceptNewHostKey(true),
                        client.options()));
                assertEquals(other.knownHostsLine() + "\n", Files.readString(knownHosts));
                exec(SshConnector.connect(other.target("root").withKnownHosts(knownHosts), client.options()));
            }
        }
    }
}
