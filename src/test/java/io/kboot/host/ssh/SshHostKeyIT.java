package io.kboot.host.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.host.Command;
import io.kboot.host.Host;
import io.kboot.host.HostException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
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
                () -> SshConnector.connect(root(sshd, knownHosts), client.options()));
        String message = error.getMessage();
        assertEquals(sshd.name() + ": unknown host key ssh-ed25519 " + sshd.fingerprint() + " for [127.0.0.1]:" + sshd.port()
                + " (not in " + knownHosts + "); check the fingerprint and rerun with --accept-new-host-key to trust it",
                message);
        assertFalse(Files.exists(knownHosts));
    }

    @Test
    void acceptNewTrustsOnFirstUseAndAppendsALineOpenSshReads(@TempDir Path dir) throws Exception {
        Path knownHosts = dir.resolve("new/.ssh/known_hosts");
        exec(SshConnector.connect(root(sshd, knownHosts).withHostKeys(k -> k.withAcceptNew(true)), client.options()));
        assertEquals(sshd.knownHostsLine() + "\n", Files.readString(knownHosts));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(knownHosts)));
        // OpenSSH finds the entry we wrote.
        String found = SshdFixture.run("ssh-keygen", "-F", "[127.0.0.1]:" + sshd.port(), "-f", knownHosts.toString());
        assertTrue(found.contains(sshd.hostPublicKey()), found);
        // Known now: no flag needed, nothing appended.
        exec(SshConnector.connect(root(sshd, knownHosts), client.options()));
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
                root(sshd, knownHosts).withHostKeys(k -> k.withAcceptNew(true)), client.options()));
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
        exec(SshConnector.connect(root(sshd, knownHosts), client.options()));
    }

    @Test
    void otherHostKeyTypesAreCheckedToo(@TempDir Path dir) throws Exception {
        for (String type : new String[] {"ecdsa", "rsa"}) {
            try (SshdFixture other = SshdFixture.startWithHostKey(type)) {
                other.authorize("root", client.key());
                Path knownHosts = dir.resolve(type + "_known_hosts");
                exec(SshConnector.connect(root(other, knownHosts).withHostKeys(k -> k.withAcceptNew(true)),
                        client.options()));
                assertEquals(other.knownHostsLine() + "\n", Files.readString(knownHosts));
                exec(SshConnector.connect(root(other, knownHosts), client.options()));
            }
        }
    }

    // ---- OpenSSH's rules, each checked against OpenSSH's own client with the same known_hosts ----

    /** Whether OpenSSH's ssh connects to {@code sshd} with {@code knownHosts} and strict checking; its output otherwise. */
    private String openSsh(SshdFixture server, Path knownHosts) {
        try {
            Process ssh = new ProcessBuilder("ssh", "-F", "/dev/null", "-i", client.key().toString(), "-p",
                    Integer.toString(server.port()),
                    "-o", "UserKnownHostsFile=" + knownHosts, "-o", "GlobalKnownHostsFile=/dev/null", "-o",
                    "StrictHostKeyChecking=yes",
                    "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "ConnectTimeout=10", "root@" + server.address(),
                    "echo ok")
                    .redirectErrorStream(true).start();
            ssh.getOutputStream().close();
            String out = new String(ssh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return ssh.waitFor() == 0 && out.contains("ok") ? "connected" : out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aHostKnownOnlyByItsRsaKeyIsAskedForRsaAndConnectsAsWithOpenSsh(@TempDir Path dir) throws Exception {
        try (SshdFixture both = SshdFixture.startWithHostKeys(List.of("ed25519", "rsa"))) {
            both.authorize("root", client.key());
            Path knownHosts = Files.writeString(dir.resolve("known_hosts"),
                    "[127.0.0.1]:" + both.port() + " " + both.hostPublicKey("rsa") + "\n");
            assertEquals("connected", openSsh(both, knownHosts));
            exec(SshConnector.connect(root(both, knownHosts), client.options()));
            assertEquals(1, Files.readAllLines(knownHosts).size(), "nothing appended");
        }
    }

    @Test
    void aNegatedPatternThatMatchesMakesTheLineNotApplyAsWithOpenSsh(@TempDir Path dir) throws Exception {
        String name = "[127.0.0.1]:" + sshd.port();
        // Negating the bare address too: OpenSSH also looks for 127.0.0.1 without the port.
        Path knownHosts =
                Files.writeString(dir.resolve("known_hosts"), "*,!" + name + ",!127.0.0.1 " + sshd.hostPublicKey() + "\n");
        assertTrue(openSsh(sshd, knownHosts).contains("Host key verification failed"), openSsh(sshd, knownHosts));
        HostException error = assertThrows(HostException.class,
                () -> SshConnector.connect(root(sshd, knownHosts), client.options()));
        assertTrue(error.getMessage().contains("unknown host key ssh-ed25519 " + sshd.fingerprint() + " for " + name),
                error.getMessage());
    }

    @Test
    void aKeyKnownForTheBareHostVouchesForItOnAnotherPortAsWithOpenSsh(@TempDir Path dir) throws Exception {
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "127.0.0.1 " + sshd.hostPublicKey() + "\n");
        assertEquals("connected", openSsh(sshd, knownHosts));
        exec(SshConnector.connect(root(sshd, knownHosts), client.options()));
        // A changed key for [host]:port is never overridden by the bare host's.
        Path changed =
                Files.writeString(dir.resolve("changed"), "127.0.0.1 " + sshd.hostPublicKey() + "\n[127.0.0.1]:" + sshd.port()
                        + " " + publicKey(SshdFixture.generateKey(dir, "other", "ed25519", false, "")) + "\n");
        assertTrue(openSsh(sshd, changed).contains("Host key verification failed"), openSsh(sshd, changed));
        assertTrue(assertThrows(HostException.class, () -> SshConnector.connect(root(sshd, changed), client.options()))
                .getMessage().contains("HOST KEY CHANGED"));
    }

    @Test
    void aNegatedPatternAloneMatchesNoHostAsWithOpenSsh(@TempDir Path dir) throws Exception {
        Path knownHosts = Files.writeString(dir.resolve("known_hosts"), "!other.example " + sshd.hostPublicKey() + "\n");
        assertTrue(openSsh(sshd, knownHosts).contains("Host key verification failed"), openSsh(sshd, knownHosts));
        HostException error = assertThrows(HostException.class,
                () -> SshConnector.connect(root(sshd, knownHosts), client.options()));
        assertTrue(error.getMessage().contains("unknown host key"), error.getMessage());
    }

    @Test
    void aHostCertificateIsTrustedThroughItsCertificateAuthorityAsWithOpenSsh(@TempDir Path dir) throws Exception {
        Path ca = SshdFixture.generateKey(dir, "host_ca", "ed25519", false, "");
        try (SshdFixture certified = SshdFixture.startWithHostCertificate(ca)) {
            certified.authorize("root", client.key());
            Path knownHosts =
                    Files.writeString(dir.resolve("known_hosts"), "@cert-authority [127.0.0.1]:* " + publicKey(ca) + "\n");
            assertEquals("connected", openSsh(certified, knownHosts));
            exec(SshConnector.connect(root(certified, knownHosts), client.options()));
        }
    }

    @Test
    void aHostCertificateWhoseCaIsUnknownIsTrustedThroughItsPlainKeyAsWithOpenSsh(@TempDir Path dir) throws Exception {
        Path ca = SshdFixture.generateKey(dir, "host_ca", "ed25519", false, "");
        try (SshdFixture certified = SshdFixture.startWithHostCertificate(ca)) {
            certified.authorize("root", client.key());
            Path knownHosts = Files.writeString(dir.resolve("known_hosts"), certified.knownHostsLine() + "\n");
            assertEquals("connected", openSsh(certified, knownHosts));
            exec(SshConnector.connect(root(certified, knownHosts), client.options()));
        }
    }

    @Test
    void aRevokedCaRefusesTheCertificatesItSignedAsWithOpenSsh(@TempDir Path dir) throws Exception {
        Path ca = SshdFixture.generateKey(dir, "host_ca", "ed25519", false, "");
        try (SshdFixture certified = SshdFixture.startWithHostCertificate(ca)) {
            certified.authorize("root", client.key());
            Path knownHosts =
                    Files.writeString(dir.resolve("known_hosts"), "@cert-authority [127.0.0.1]:* " + publicKey(ca) + "\n"
                            + certified.knownHostsLine() + "\n@revoked * " + publicKey(ca) + "\n");
            assertTrue(openSsh(certified, knownHosts).contains("REVOKED"), openSsh(certified, knownHosts));
            HostException error = assertThrows(HostException.class,
                    () -> SshConnector.connect(root(certified, knownHosts), client.options()));
            assertTrue(error.getMessage().contains("is marked @revoked in " + knownHosts), error.getMessage());
            assertTrue(error.getMessage().contains("the CA "), error.getMessage());
        }
    }

    @Test
    void aRevokedKeyIsRefusedInsideACertificateTooAsWithOpenSsh(@TempDir Path dir) throws Exception {
        Path ca = SshdFixture.generateKey(dir, "host_ca", "ed25519", false, "");
        try (SshdFixture certified = SshdFixture.startWithHostCertificate(ca)) {
            certified.authorize("root", client.key());
            Path knownHosts =
                    Files.writeString(dir.resolve("known_hosts"), "@cert-authority [127.0.0.1]:* " + publicKey(ca) + "\n"
                            + "@revoked * " + certified.hostPublicKey() + "\n");
            assertTrue(openSsh(certified, knownHosts).contains("REVOKED"), openSsh(certified, knownHosts));
            HostException error = assertThrows(HostException.class,
                    () -> SshConnector.connect(root(certified, knownHosts), client.options()));
            assertTrue(error.getMessage().contains("is marked @revoked in " + knownHosts), error.getMessage());
        }
    }

    private static String publicKey(Path privateKey) throws IOException {
        String[] fields = Files.readString(Path.of(privateKey + ".pub")).trim().split("\\s+");
        return fields[0] + " " + fields[1];
    }

    /** Root on {@code server}, its host key checked against {@code knownHosts}. */
    private static SshTarget root(SshdFixture server, Path knownHosts) {
        return server.target("root").withHostKeys(k -> k.withKnownHosts(knownHosts));
    }
}
