package io.kboot.host.ssh;

import static io.kboot.host.ssh.HostKeysTest.ECDSA_1;
import static io.kboot.host.ssh.HostKeysTest.ED25519_1;
import static io.kboot.host.ssh.HostKeysTest.ED25519_2;
import static io.kboot.host.ssh.HostKeysTest.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownHostsTest {

    @TempDir
    Path dir;

    private KnownHosts verifier(Path file, boolean acceptNew) {
        return new KnownHosts(file, List.of(dir.resolve("no-global-file")), acceptNew);
    }

    @Test
    void matchingEntryIsTrusted() throws Exception {
        Path file = write("[10.0.0.5]:2222 ssh-ed25519 " + ED25519_1 + "\n");
        KnownHosts knownHosts = verifier(file, false);
        assertTrue(knownHosts.verify("10.0.0.5", 2222, key(ED25519_1)));
        assertTrue(knownHosts.rejection().isEmpty());
    }

    @Test
    void port22EntriesHaveNoBrackets() throws Exception {
        Path file = write("node1,10.0.0.5 ssh-ed25519 " + ED25519_1 + "\n");
        assertTrue(verifier(file, false).verify("NODE1", 22, key(ED25519_1)));
        Path otherPort = write("[node1]:2222 ssh-ed25519 " + ED25519_1 + "\n");
        assertFalse(verifier(otherPort, false).verify("node1", 22, key(ED25519_1)), "another port is another host");
    }

    @Test
    void unknownKeyIsRefusedWithFingerprintAndFlag() throws Exception {
        Path file = dir.resolve("absent");
        KnownHosts knownHosts = verifier(file, false);
        assertFalse(knownHosts.verify("10.0.0.5", 22, key(ED25519_1)));
        String message = knownHosts.rejection().orElseThrow().message();
        assertTrue(
                message.contains("unknown host key ssh-ed25519 SHA256:XALRHYeYKIs+w4y4ezZ89fiwYNljYrKHGJOjLR92Mqk for 10.0.0.5"),
                message);
        assertTrue(message.contains("--accept-new-host-key"), message);
        assertFalse(message.contains("\n"));
        assertFalse(Files.exists(file), "nothing is written without accept-new");
    }

    @Test
    void acceptNewAppendsToANewFileWithMode0600() throws Exception {
        Path file = dir.resolve("fresh/.ssh/known_hosts");
        KnownHosts knownHosts = verifier(file, true);
        assertTrue(knownHosts.verify("10.0.0.5", 2222, key(ED25519_1)));
        assertTrue(knownHosts.appended());
        assertEquals("[10.0.0.5]:2222 ssh-ed25519 " + ED25519_1 + "\n", Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        // Now known: trusted without the flag, and not appended twice.
        assertTrue(verifier(file, false).verify("10.0.0.5", 2222, key(ED25519_1)));
        KnownHosts again = verifier(file, true);
        assertTrue(again.verify("10.0.0.5", 2222, key(ED25519_1)));
        assertFalse(again.appended());
    }

    @Test
    void acceptNewAddsALineBreakIfTheFileLacksOne() throws Exception {
        Path file = write("# mine");
        assertTrue(verifier(file, true).verify("node1", 22, key(ED25519_1)));
        assertEquals("# mine\nnode1 ssh-ed25519 " + ED25519_1 + "\n", Files.readString(file));
    }

    @Test
    void changedKeyIsRefusedEvenWithAcceptNewAndShowsBothFingerprints() throws Exception {
        String original = "# header\n[10.0.0.5]:2222 ssh-ed25519 " + ED25519_1 + "\n";
        Path file = write(original);
        KnownHosts knownHosts = verifier(file, true);
        assertFalse(knownHosts.verify("10.0.0.5", 2222, key(ED25519_2)));
        String message = knownHosts.rejection().orElseThrow().message();
        assertTrue(message.startsWith("HOST KEY CHANGED for [10.0.0.5]:2222"), message);
        assertTrue(message.contains("SHA256:XALRHYeYKIs+w4y4ezZ89fiwYNljYrKHGJOjLR92Mqk (" + file + ":2)"), message);
        assertTrue(message.contains("offers ssh-ed25519 SHA256:44zrHnMKIa5TPXYs7Q3p/3TG2OB9N8QaSwcovXgCNkI"), message);
        assertTrue(message.contains("ssh-keygen -R '[10.0.0.5]:2222'"), message);
        assertEquals(original, Files.readString(file), "a changed key is never written");
    }

    @Test
    void aKeyOfAnotherTypeWhenOneIsKnownCountsAsChanged() throws Exception {
        Path file = write("node1 ecdsa-sha2-nistp256 " + ECDSA_1 + "\n");
        KnownHosts knownHosts = verifier(file, true);
        assertFalse(knownHosts.verify("node1", 22, key(ED25519_1)));
        assertTrue(knownHosts.rejection().orElseThrow().message().contains("HOST KEY CHANGED"));
    }

    @Test
    void hashedEntriesMatch() throws Exception {
        Path file = write(hashed("[10.0.0.5]:2222") + " ssh-ed25519 " + ED25519_1 + "\n");
        assertTrue(verifier(file, false).verify("10.0.0.5", 2222, key(ED25519_1)));
        KnownHosts changed = verifier(file, true);
        assertFalse(changed.verify("10.0.0.5", 2222, key(ED25519_2)));
        assertTrue(changed.rejection().orElseThrow().message().contains("SHA256:XALRHYeYKIs+w4y4ezZ89fiwYNljYrKHGJOjLR92Mqk"));
    }

    @Test
    void revokedKeysAreRefused() throws Exception {
        Path file = write("node1 ssh-ed25519 " + ED25519_1 + "\n@revoked * ssh-ed25519 " + ED25519_1 + "\n");
        KnownHosts knownHosts = verifier(file, true);
        assertFalse(knownHosts.verify("node1", 22, key(ED25519_1)));
        assertTrue(knownHosts.rejection().orElseThrow().message().contains("@revoked"));
    }

    @Test
    void readOnlyGlobalFileIsConsulted() throws Exception {
        Path global = dir.resolve("ssh_known_hosts");
        Files.writeString(global, "node1 ssh-ed25519 " + ED25519_1 + "\n");
        KnownHosts knownHosts = new KnownHosts(dir.resolve("user_known_hosts"), List.of(global), false);
        assertTrue(knownHosts.verify("node1", 22, key(ED25519_1)));
        assertFalse(Files.exists(dir.resolve("user_known_hosts")));
    }

    @Test
    void parallelAcceptsOfOneHostWriteOneLine() throws Exception {
        Path file = dir.resolve("known_hosts");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> verifier(file, true).verify("node1", 22, key(ED25519_1))));
            }
            for (Future<Boolean> result : results) {
                assertTrue(result.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, Files.readAllLines(file).size());
    }

    // ---- OpenSSH's matching rules ----

    @Test
    void aNegatedPatternThatMatchesMakesTheLineNotApply() throws Exception {
        Path file = write("*,!node1 ssh-ed25519 " + ED25519_1 + "\n");
        KnownHosts knownHosts = verifier(file, false);
        assertFalse(knownHosts.verify("node1", 22, key(ED25519_1)), "sshj's matcher trusted it: * matched");
        assertTrue(knownHosts.rejection().orElseThrow().message().contains("unknown host key"));
        assertTrue(verifier(file, false).verify("node2", 22, key(ED25519_1)));
    }

    @Test
    void aNegatedPatternAloneMatchesNoHost() throws Exception {
        Path file = write("!node1 ssh-ed25519 " + ED25519_1 + "\n");
        assertFalse(verifier(file, false).verify("node2", 22, key(ED25519_1)), "sshj's matcher took !node1 as every other host");
        assertFalse(verifier(file, false).verify("node1", 22, key(ED25519_1)));
    }

    @Test
    void aLineThatDoesNotApplyIsNoConflictEither() throws Exception {
        Path file = write("*,!node1 ssh-ed25519 " + ED25519_2 + "\n");
        KnownHosts knownHosts = verifier(file, true);
        assertTrue(knownHosts.verify("node1", 22, key(ED25519_1)), "a new host to accept, not a changed key");
        assertTrue(knownHosts.appended());
    }

    @Test
    void wildcardsMatchTheWholeNameCaseInsensitively() {
        assertTrue(HostPatterns.matches("NODE?", "node1"));
        assertFalse(HostPatterns.matches("node?", "node10"));
        assertTrue(HostPatterns.matches("10.0.*", "10.0.3.4"));
        assertTrue(HostPatterns.matches("[10.0.0.5]:*", "[10.0.0.5]:2222"));
        assertFalse(HostPatterns.matches("10.0.*", "[10.0.3.4]:2222"), "a pattern without the port is not for other ports");
        assertFalse(HostPatterns.matches("10.0.*,!10.0.3.*", "10.0.3.4"));
        assertFalse(HostPatterns.matches("|1|bm90YmFzZTY0|", "node1"), "a broken hash matches nothing");
    }

    @Test
    void aKeyForTheBareHostCountsOnAnotherPortOnlyWhenThePortHasNoEntry() throws Exception {
        Path file = write("10.0.0.5 ssh-ed25519 " + ED25519_1 + "\n");
        assertTrue(verifier(file, false).verify("10.0.0.5", 2222, key(ED25519_1)));
        Path changed = write("10.0.0.5 ssh-ed25519 " + ED25519_1 + "\n[10.0.0.5]:2222 ssh-ed25519 " + ED25519_2 + "\n");
        KnownHosts knownHosts = verifier(changed, false);
        assertFalse(knownHosts.verify("10.0.0.5", 2222, key(ED25519_1)));
        assertTrue(knownHosts.rejection().orElseThrow().message().startsWith("HOST KEY CHANGED"));
    }

    @Test
    void theAlgorithmsOfKnownKeysAreAskedForFirstRsaAsSha2() throws Exception {
        Path file = write("node1 ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7\n"
                + "*,!node1 ssh-ed25519 " + ED25519_1 + "\n"
                + "@revoked node1 ecdsa-sha2-nistp256 " + ECDSA_1 + "\n");
        assertEquals(List.of("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa", "rsa-sha2-512-cert-v01@openssh.com",
                "rsa-sha2-256-cert-v01@openssh.com", "ssh-rsa-cert-v01@openssh.com"),
                verifier(file, false).findExistingAlgorithms("node1", 22));
        assertEquals(List.of("ssh-ed25519", "ssh-ed25519-cert-v01@openssh.com"),
                verifier(file, false).findExistingAlgorithms("node2", 22));
        Path ca = write("@cert-authority *.lab ssh-ed25519 " + ED25519_1 + "\n");
        assertEquals(HostKeys.CERTIFICATE_ALGORITHMS, verifier(ca, false).findExistingAlgorithms("cp1.lab", 22));
        assertEquals(List.of(), verifier(ca, false).findExistingAlgorithms("cp1.lab", 2222));
    }

    private Path write(String content) throws Exception {
        Path file = dir.resolve("known_hosts");
        Files.writeString(file, content);
        return file;
    }

    /** OpenSSH's hashed host name: |1|base64(salt)|base64(HMAC-SHA1(salt, name)). */
    private static String hashed(String name) throws Exception {
        byte[] salt = new byte[20];
        new SecureRandom().nextBytes(salt);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(salt, "HmacSHA1"));
        byte[] hash = mac.doFinal(name.getBytes(StandardCharsets.UTF_8));
        return "|1|" + Base64.getEncoder().encodeToString(salt) + "|" + Base64.getEncoder().encodeToString(hash);
    }
}
