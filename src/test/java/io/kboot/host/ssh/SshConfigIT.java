package io.kboot.host.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import io.kboot.host.Command;
import io.kboot.host.Host;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OpenSSH habits against real sshds on 127.0.0.1: a Host alias from an ssh_config, a real
 * ssh-agent holding the only key, and ProxyJump written in the config.
 */
class SshConfigIT {

    @TempDir
    Path temp;

    /** A home with an empty ~/.ssh: no default key, so only what the config or the agent gives can log in. */
    private Path emptyHome() throws IOException {
        Path home = temp.resolve("home");
        Files.createDirectories(home.resolve(".ssh"));
        Files.setPosixFilePermissions(home.resolve(".ssh"), PosixFilePermissions.fromString("rwx------"));
        return home;
    }

    private static SshOptions options(Path home, Map<String, String> env) {
        return SshOptions.defaults().withWorkstation(w -> w.withUserHome(home).withEnv(env))
                .withRetries(r -> r.withAttempts(2, 1).withDelay(Duration.ofMillis(100)));
    }

    private static SshTarget resolve(SshConfig config, String spec) {
        return config.apply(SshTarget.parse(spec), SshConfig.namesPort(spec)).withAddress(a -> a.withDefaultUser("root"));
    }

    @Test
    void aHostAliasReachesTheSshdWithTheConfigsUserKeyAndTrustOnFirstUse() throws Exception {
        try (SshdFixture sshd = SshdFixture.start()) {
            Path home = emptyHome();
            Path key = SshdFixture.generateKey(temp, "lab_key", "ed25519", false, "");
            sshd.authorize(SshdFixture.SUDO_USER, key);
            Path knownHosts = temp.resolve("lab_known_hosts");
            Path configFile = temp.resolve("ssh_config");
            Files.writeString(configFile, """
                    Host lab-cp1
                        HostName 127.0.0.1
                        Port %d
                        User %s
                        IdentityFile %s
                        UserKnownHostsFile %s
                        StrictHostKeyChecking accept-new
                    """.formatted(sshd.port(), SshdFixture.SUDO_USER, key, knownHosts));
            SshTarget target = resolve(SshConfig.load(configFile, home, "nobody"), "lab-cp1");
            try (Host host = SshConnector.connect(target, options(home, Map.of()))) {
                assertEquals(sshd.name(), host.name());
                assertEquals(SshdFixture.SUDO_USER + "\n", host.exec(Command.query("id -un")).stdout());
            }
            assertTrue(Files.readString(knownHosts).contains(sshd.hostPublicKey().split(" ")[1]), "the key was recorded");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "ecdsa", "rsa"})
    void aRealSshAgentAuthenticatesWithNoKeyFile(String type) throws Exception {
        try (SshdFixture sshd = SshdFixture.start(); Agent agent = Agent.start(temp.resolve("agent.sock"))) {
            Path home = emptyHome();
            Path key = SshdFixture.generateKey(temp, "agent_key", type, false, "");
            agent.add(key);
            sshd.authorize("root", key);
            String fingerprint = fingerprint(key);
            Files.delete(key); // only the agent has it now
            Files.delete(Path.of(key + ".pub"));
            Files.writeString(home.resolve(".ssh/known_hosts"), sshd.knownHostsLine() + "\n");
            SshOptions options = options(home, Map.of(SshAgent.SOCKET_ENV, agent.socket().toString()));
            try (Host host = SshConnector.connect(sshd.target("root"), options)) {
                assertEquals("ok\n", host.exec(Command.query("echo ok")).stdout());
            }
            assertTrue(sshd.log().contains("Accepted publickey for root") && sshd.log().contains(fingerprint), sshd.log());
            if (type.equals("rsa")) {
                assertTrue(sshd.log().contains("RSA " + fingerprint), "an rsa-sha2 signature: " + sshd.log());
            }
        }
    }

    @Test
    void anEncryptedKeyFileTheAgentHoldsIsNeverDecryptedHere() throws Exception {
        try (SshdFixture sshd = SshdFixture.start(); Agent agent = Agent.start(temp.resolve("agent.sock"))) {
            Path home = emptyHome();
            Path key = SshdFixture.generateKey(temp, "locked", "ed25519", false, "s3cret-passphrase");
            agent.addEncrypted(key, "s3cret-passphrase");
            sshd.authorize("root", key);
            Files.writeString(home.resolve(".ssh/known_hosts"), sshd.knownHostsLine() + "\n");
            // No passphrase in the environment, no prompt: decrypting would fail, the agent signs instead.
            SshOptions options = options(home, Map.of(SshAgent.SOCKET_ENV, agent.socket().toString()));
            SshTarget target = sshd.target("root").withAuth(a -> a.withIdentityFiles(List.of(key)));
            try (Host host = SshConnector.connect(target, options)) {
                assertEquals("ok\n", host.exec(Command.query("echo ok")).stdout());
            }
            // Without the agent the same key is a clear input error, before connecting.
            KbootException.InvalidInput error = assertThrows(KbootException.InvalidInput.class,
                    () -> SshConnector.connect(target, options(home, Map.of())));
            assertTrue(error.getMessage().contains("the key is encrypted and no passphrase was given"), error.getMessage());
        }
    }

    @Test
    void anAgentThatIsGoneIsNamedWhenNothingElseCanLogIn() throws Exception {
        try (SshdFixture sshd = SshdFixture.start()) {
            Path home = emptyHome();
            Path socket = temp.resolve("no-agent.sock");
            KbootException.InvalidInput error = assertThrows(KbootException.InvalidInput.class,
                    () -> SshConnector.connect(sshd.target("root"),
                            options(home, Map.of(SshAgent.SOCKET_ENV, socket.toString()))));
            assertTrue(error.getMessage().startsWith("no SSH key to log in to " + sshd.name() + " with: skipped the SSH agent at "
                    + socket), error.getMessage());
        }
    }

    @Test
    void proxyJumpFromTheConfigGoesThroughASecondSshd() throws Exception {
        try (SshdFixture jump = SshdFixture.start("LogLevel DEBUG1");
                SshdFixture target = SshdFixture.start()) {
            Path home = emptyHome();
            Path key = SshdFixture.generateKey(temp, "key", "ed25519", false, "");
            jump.authorize("root", key);
            target.authorize("root", key);
            Path knownHosts = temp.resolve("known_hosts");
            Files.writeString(knownHosts, jump.knownHostsLine() + "\n" + target.knownHostsLine() + "\n");
            Path configFile = temp.resolve("ssh_config");
            Files.writeString(configFile, """
                    Host node
                        HostName 127.0.0.1
                        Port %d
                        ProxyJump bastion
                    Host bastion
                        HostName 127.0.0.1
                        Port %d
                    Host *
                        User root
                        IdentityFile %s
                        UserKnownHostsFile %s
                    """.formatted(target.port(), jump.port(), key, knownHosts));
            SshTarget node = resolve(SshConfig.load(configFile, home, "nobody"), "node");
            try (Host host = SshConnector.connect(node, options(home, Map.of()))) {
                assertEquals("ok\n", host.exec(Command.query("echo ok")).stdout());
            }
            assertTrue(jump.log().contains("server_request_direct_tcpip: originator")
                    && jump.log().contains("target 127.0.0.1 port " + target.port()), jump.log());
        }
    }

    private static String fingerprint(Path key) {
        return SshdFixture.run("ssh-keygen", "-l", "-f", key + ".pub").split("\\s+")[1];
    }

    /** A real ssh-agent in the foreground on its own socket, stopped at the end. */
    private static final class Agent implements AutoCloseable {
        private final Process process;
        private final Path socket;

        private Agent(Process process, Path socket) {
            this.process = process;
            this.socket = socket;
        }

        static Agent start(Path socket) throws Exception {
            Process process = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            for (int i = 0; i < 100 && !Files.exists(socket); i++) {
                Thread.sleep(50);
            }
            if (!Files.exists(socket)) {
                process.destroyForcibly();
                throw new IllegalStateException("ssh-agent did not create " + socket);
            }
            return new Agent(process, socket);
        }

        Path socket() {
            return socket;
        }

        void add(Path key) throws Exception {
            run(new ProcessBuilder("ssh-add", key.toString()));
        }

        /** ssh-add reads the passphrase from an askpass program when told to. */
        void addEncrypted(Path key, String passphrase) throws Exception {
            Path askpass = socket.resolveSibling("askpass");
            Files.writeString(askpass, "#!/bin/sh\necho '" + passphrase + "'\n");
            Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
            ProcessBuilder add = new ProcessBuilder("setsid", "-w", "ssh-add", key.toString());
            add.environment().put("SSH_ASKPASS", askpass.toString());
            add.environment().put("SSH_ASKPASS_REQUIRE", "force");
            add.environment().put("DISPLAY", ":0");
            run(add);
        }

        private void run(ProcessBuilder command) throws Exception {
            command.environment().put(SshAgent.SOCKET_ENV, socket.toString());
            Process add =
                    command.redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                            .start();
            String out = new String(add.getInputStream().readAllBytes());
            if (!add.waitFor(30, TimeUnit.SECONDS) || add.exitValue() != 0) {
                throw new IllegalStateException("ssh-add failed: " + out);
            }
        }

        @Override
        public void close() {
            process.destroy();
        }
    }
}
