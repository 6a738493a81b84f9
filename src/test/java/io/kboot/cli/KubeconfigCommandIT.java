package io.kboot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.host.ssh.SshdFixture;
import io.kboot.kubeconfig.Kubeconfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kboot kubeconfig over SSH to a real sshd: admin.conf made by kinit's own phase, fetched to a 0600 file. */
class KubeconfigCommandIT {
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

    @Test
    void theAdminKubeconfigIsFetchedToAPrivateFile(@TempDir Path dir) throws Exception {
        Path node = dir.resolve("node");
        CliTest.Outcome certs = CliTest.kinit("master", "phase", "certs", "ca", "--encryption-algorithm", "ECDSA-P256",
                "--cert-dir", node.resolve("pki").toString());
        assertEquals(0, certs.exitCode(), certs.err());
        CliTest.Outcome made = CliTest.kinit("master", "phase", "kubeconfig", "admin", "--node-name", "cp1",
                "--encryption-algorithm", "ECDSA-P256",
                "--advertise-address", "192.168.56.10", "--cert-dir", node.resolve("pki").toString(), "--kubeconfig-dir",
                node.toString());
        assertEquals(0, made.exitCode(), made.err());

        Path out = dir.resolve("admin.conf");
        Files.writeString(out, "an older file, replaced");
        CliTest.Outcome fetched = CliTest.kboot("kubeconfig", "--host", "root@127.0.0.1:" + sshd.port(), "--ssh-key",
                key.toString(), "--known-hosts", dir.resolve("known_hosts").toString(), "--accept-new-host-key",
                "--kubeconfig-dir", node.toString(), "-o", out.toString());
        assertEquals(0, fetched.exitCode(), fetched.err());
        assertEquals(Files.readString(node.resolve("admin.conf")), Files.readString(out));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        Kubeconfig admin = Kubeconfig.parse(Files.readAllBytes(out));
        assertEquals("https://192.168.56.10:6443", admin.server().orElseThrow());
        assertTrue(fetched.err().contains("wrote " + out), fetched.err());
        assertEquals("", fetched.out(), "the credentials are not printed when written to a file");
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    @Test
    void badInputIsRefusedBeforeSsh(@TempDir Path dir) {
        String host = "root@127.0.0.1:" + sshd.port();
        CliTest.Outcome both = CliTest.kboot("kubeconfig", "--host", host, "-f", dir.resolve("cluster.yaml").toString());
        assertEquals(2, both.exitCode(), both.err());
        assertTrue(both.err().contains("not both"), both.err());
        CliTest.Outcome noDir = CliTest.kboot("kubeconfig", "--host", host, "-o", dir.resolve("no/such/dir/conf").toString());
        assertEquals(2, noDir.exitCode(), noDir.err());
        assertTrue(noDir.err().contains("no/such/dir/conf"), noDir.err());
        CliTest.Outcome missingFile = CliTest.kboot("kubeconfig", "-f", dir.resolve("cluster.yaml").toString());
        assertEquals(2, missingFile.exitCode(), missingFile.err());
    }
}
