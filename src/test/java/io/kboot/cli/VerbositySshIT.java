package io.kboot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.host.ssh.SshdFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * -v levels against a real sshd on 127.0.0.1: -v=5 shows the SSH library's log, and no level
 * prints a secret: the bootstrap token's secret, the certificate key, the SSH key or a private key.
 */
class VerbositySshIT {
    private static final String SECRET = "0123456789abcdef";
    private static final String TOKEN = "abcdef." + SECRET;
    private static final String CERTIFICATE_KEY = "f".repeat(8) + "0123456789abcdef0123456789abcdef" + "e".repeat(24);
    private static final String HASH = "sha256:3b793efefe27a19f93b0fbe6e637e9c41d0dde8a377d6ab1c0f656bf1136dd8a";

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

    private static List<String> ssh(Path dir) {
        return List.of("--host", "root@127.0.0.1:" + sshd.port(), "--ssh-key", key.toString(), "--known-hosts",
                dir.resolve("known_hosts").toString(), "--accept-new-host-key");
    }

    private static String[] kinit(Path dir, String level) {
        List<String> args = new ArrayList<>(List.of("master", "--dry-run", "--ignore-preflight-errors", "all",
                "--skip-phases", "prepare", "--token", TOKEN, "--upload-certs", "--certificate-key", CERTIFICATE_KEY));
        args.addAll(ssh(dir));
        args.add(level);
        return args.toArray(String[]::new);
    }

    @Test
    void levelFiveShowsTheSshLogAndNoSecretOfAKinitRun(@TempDir Path dir) throws Exception {
        CliTest.Outcome quiet = CliTest.kinit(kinit(dir, "-v=0"));
        assertEquals(0, quiet.exitCode(), quiet.err());
        assertFalse(quiet.err().contains("ssh DEBUG") || quiet.err().contains("ssh INFO"), quiet.err());

        CliTest.Outcome loud = CliTest.kinit(kinit(dir, "-v=5"));
        assertEquals(0, loud.exitCode(), loud.err());
        assertTrue(loud.err().contains("ssh INFO "), "the connection log: " + loud.err());
        assertTrue(loud.err().contains("ssh DEBUG "), "the debug log: " + loud.err());
        assertNoSecret(loud.err(), "stderr");
        // The join command kinit shows is its output, at every level; nowhere else is the secret printed.
        for (String line : loud.out().split("\n")) {
            if (line.contains(SECRET) || line.contains(CERTIFICATE_KEY)) {
                assertTrue(line.strip().startsWith("kjoin ") || line.strip().startsWith("--control-plane")
                        || line.strip().startsWith("kboot join "), "a secret outside the join command: " + line);
            }
        }
        assertFalse(loud.out().contains("PRIVATE KEY"), loud.out());
        assertNotEquals(quiet.err().length(), loud.err().length());

        CliTest.Outcome four = CliTest.kinit(kinit(dir, "-v=4"));
        assertTrue(four.err().contains("ssh INFO "), four.err());
        assertFalse(four.err().contains("ssh DEBUG "), four.err());
    }

    @Test
    void levelFiveShowsNoSecretOfAKjoinRunThatFails(@TempDir Path dir) throws Exception {
        List<String> args = new ArrayList<>(List.of("127.0.0.1:1", "--token", TOKEN, "--discovery-token-ca-cert-hash", HASH,
                "--dry-run", "--ignore-preflight-errors", "all", "--timeout", "discovery=3s"));
        args.addAll(ssh(dir));
        args.add("-vvvvv");
        CliTest.Outcome join = CliTest.kjoin(args.toArray(String[]::new));
        assertEquals(1, join.exitCode(), join.out() + join.err());
        assertTrue(join.err().contains("ssh DEBUG "), join.err());
        assertNoSecret(join.out() + join.err(), "kjoin's output");
        assertFalse((join.out() + join.err()).contains(Files.readString(key).lines().skip(1).findFirst().orElseThrow()),
                "the SSH key");
    }

    private static void assertNoSecret(String text, String where) {
        assertFalse(text.contains(SECRET), "the token's secret in " + where + ":\n" + text);
        assertFalse(text.contains(CERTIFICATE_KEY), "the certificate key in " + where);
        assertFalse(text.contains("PRIVATE KEY"), "a private key in " + where);
    }
}
