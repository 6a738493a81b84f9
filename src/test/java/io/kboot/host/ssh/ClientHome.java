package io.kboot.host.ssh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

/**
 * A stand-in for the user's home on the kboot machine: ~/.ssh/id_ed25519 and a known_hosts file,
 * so tests never touch the real ~/.ssh.
 */
public final class ClientHome {
    private final Path home;

    private ClientHome(Path home) {
        this.home = home;
    }

    /** A home with a fresh ed25519 key in .ssh and an empty known_hosts. */
    public static ClientHome create(Path dir) {
        try {
            Path ssh = dir.resolve(".ssh");
            Files.createDirectories(ssh);
            Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwx------"));
            SshdFixture.generateKey(ssh, "id_ed25519", "ed25519", false, "");
            return new ClientHome(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path home() {
        return home;
    }

    public Path key() {
        return home.resolve(".ssh/id_ed25519");
    }

    public Path knownHosts() {
        return home.resolve(".ssh/known_hosts");
    }

    /** Adds the sshd's host key to known_hosts, as a user who checked it would. */
    public ClientHome trust(SshdFixture sshd) {
        try {
            Files.writeString(knownHosts(), sshd.knownHostsLine() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Options for this home, an empty environment, and quick retries so failing tests fail fast. */
    public SshOptions options() {
        return SshOptions.defaults()
                .withWorkstation(w -> w.withUserHome(home).withEnv(Map.of()))
                .withRetries(r -> r.withAttempts(2, 1).withDelay(Duration.ofMillis(100)));
    }
}
