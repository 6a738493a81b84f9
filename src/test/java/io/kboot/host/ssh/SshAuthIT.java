package io.kboot.host.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import io.kboot.host.Command;
import io.kboot.host.Host;
import io.kboot.host.HostException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Key types and formats, passphrases, passwords, default keys, retries: against a real sshd. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SshAuthIT {

    private SshdFixture sshd;
    private ClientHome client;
    private Path keys;
    private String password;

    @BeforeAll
    void start(@TempDir Path temp) throws Exception {
        password = SshdFixture.ensureUsers();
        sshd = SshdFixture.start();
        client = ClientHome.create(temp.resolve("home")).trust(sshd);
        keys = Files.createDirectories(temp.resolve("keys"));
    }

    @AfterAll
    void stop() {
        if (sshd != null) {
            sshd.close();
        }
    }

    private String whoami(Host host) {
        try (host) {
            return host.exec(Command.query("whoami")).stdout().strip();
        }
    }

    @ParameterizedTest
    @CsvSource({
        "ed25519, false", "ecdsa, false", "rsa, false",
        "ecdsa, true", "rsa, true",
    })
    void keyTypesAndFormats(String type, boolean pem) {
        Path key = SshdFixture.generateKey(keys, type + (pem ? "-pem" : "-openssh"), type, pem, "");
        sshd.authorize("root", key);
        Host host = SshConnector.connect(rootWithKey(key), client.options());
        assertEquals("root", whoami(host));
    }

    @Test
    void defaultKeysAreFoundInDotSsh(@TempDir Path home) throws Exception {
        Files.createDirectories(home.resolve(".ssh"));
        Path ecdsa = SshdFixture.generateKey(home.resolve(".ssh"), "id_ecdsa", "ecdsa", false, "");
        sshd.authorize("root", ecdsa);
        Files.writeString(home.resolve(".ssh/known_hosts"), sshd.knownHostsLine() + "\n");
        // No user in the target: the local user, as with ssh.
        SshOptions options = client.options().withWorkstation(w -> w.withUserHome(home));
        assertEquals("root", options.workstation().localUser());
        assertEquals("root", whoami(SshConnector.connect(SshTarget.parse("127.0.0.1:" + sshd.port()), options)));
    }

    @Test
    void encryptedKeyWithThePassphraseInTheEnvironment() {
        Path key = SshdFixture.generateKey(keys, "enc-env", "ed25519", false, "correct horse");
        sshd.authorize("root", key);
        SshOptions options = client.options().withWorkstation(w -> w.withEnv(Map.of(SshOptions.PASSPHRASE_ENV, "correct horse")));
        assertEquals("root", whoami(SshConnector.connect(rootWithKey(key), options)));

        SshOptions wrong = client.options().withWorkstation(w -> w.withEnv(Map.of(SshOptions.PASSPHRASE_ENV, "battery staple")));
        KbootException.InvalidInput error = assertThrows(KbootException.InvalidInput.class,
                () -> SshConnector.connect(rootWithKey(key), wrong));
        assertEquals("SSH key " + key + ": wrong passphrase in " + SshOptions.PASSPHRASE_ENV, error.getMessage());
    }

    @Test
    void encryptedPemKeyWithAPromptAskedOncePerKey() {
        Path key = SshdFixture.generateKey(keys, "enc-prompt", "rsa", true, "s3cret");
        sshd.authorize("root", key);
        AtomicInteger asked = new AtomicInteger();
        SshConnector connector = new SshConnector(client.options().withWorkstation(w -> w.withPassphrasePrompt(file -> {
            asked.incrementAndGet();
            assertEquals(key, file);
            return Optional.of("s3cret".toCharArray());
        })));
        SshTarget target = rootWithKey(key);
        List<Host> hosts = connector.connectAll(List.of(target, target, target));
        hosts.forEach(host -> assertEquals("root", whoami(host)));
        assertEquals(1, asked.get(), "one prompt for three hosts");
    }

    @Test
    void encryptedKeyWithoutAPassphraseIsBadInputBeforeAnyConnection() {
        Path key = SshdFixture.generateKey(keys, "enc-none", "ed25519", false, "pw");
        KbootException.InvalidInput error = assertThrows(KbootException.InvalidInput.class,
                () -> SshConnector.connect(rootWithKey(key), client.options()));
        assertTrue(error.getMessage().contains("encrypted and no passphrase was given; set KBOOT_SSH_KEY_PASSPHRASE"),
                error.getMessage());
    }

    @Test
    void missingOrBrokenKeyFilesAreBadInput() throws Exception {
        Path missing = keys.resolve("nope");
        KbootException.InvalidInput error = assertThrows(KbootException.InvalidInput.class,
                () -> SshConnector.connect(rootWithKey(missing), client.options()));
        assertEquals("SSH key " + missing + ": no such file", error.getMessage());
        Path junk = Files.writeString(keys.resolve("junk"), "not a key\n");
        error = assertThrows(KbootException.InvalidInput.class,
                () -> SshConnector.connect(rootWithKey(junk), client.options()));
        assertTrue(error.getMessage().startsWith("SSH key " + junk + ": "), error.getMessage());
    }

    @Test
    void encryptedDefaultKeysAreSkippedAndSaidSo(@TempDir Path home) throws Exception {
        Files.createDirectories(home.resolve(".ssh"));
        SshdFixture.generateKey(home.resolve(".ssh"), "id_ed25519", "ed25519", false, "pw");
        KbootException.InvalidInput error = assertThrows(KbootException.InvalidInput.class,
                () -> SshConnector.connect(sshd.target("root"), client.options().withWorkstation(w -> w.withUserHome(home))));
        assertTrue(error.getMessage().startsWith("no SSH key to log in to " + sshd.name() + " with: skipped "
                + home.resolve(".ssh/id_ed25519") + " (the key is encrypted"), error.getMessage());
    }

    @Test
    void passwordOnlyWhenAskedFor() {
        SshTarget target = sshd.target(SshdFixture.PLAIN_USER);
        HostException refused = assertThrows(HostException.class, () -> SshConnector.connect(target, client.options()));
        assertEquals(sshd.name() + ": authentication refused for user kbootnosudo (offered keys " + client.key() + ")",
                refused.getMessage());
        assertEquals(SshdFixture.PLAIN_USER,
                whoami(SshConnector.connect(target.withAuth(a -> a.withPassword(password)), client.options())));
        HostException wrong = assertThrows(HostException.class,
                () -> SshConnector.connect(target.withAuth(a -> a.withPassword("wrong")), client.options()));
        assertTrue(wrong.getMessage().endsWith("and a password)"), wrong.getMessage());
        assertFalse(wrong.getMessage().contains("wrong"), "the password is never shown");
    }

    @Test
    void refusedAuthenticationIsRetriedAFewTimes() {
        SshOptions options = client.options().withRetries(r -> r.withAttempts(5, 3).withDelay(Duration.ofMillis(50)));
        HostException error = assertThrows(HostException.class,
                () -> SshConnector.connect(sshd.target(SshdFixture.SUDO_USER), options));
        assertTrue(error.getMessage().endsWith("(3 attempts)"), error.getMessage());
    }

    @Test
    void authenticationThatSucceedsOnALaterTryConnects() throws Exception {
        // A host still provisioning: the key is authorized while kboot retries.
        Path key = SshdFixture.generateKey(keys, "late", "ed25519", false, "");
        SshOptions options = client.options().withRetries(r -> r.withAttempts(10, 10).withDelay(Duration.ofMillis(300)));
        Thread provisioner = new Thread(() -> {
            try {
                Thread.sleep(700);
            } catch (InterruptedException e) {
                return;
            }
            sshd.authorize(SshdFixture.SUDO_USER, key);
        });
        provisioner.start();
        SshTarget target = sshd.target(SshdFixture.SUDO_USER).withAuth(a -> a.withIdentityFiles(List.of(key)));
        Host host = SshConnector.connect(target, options);
        provisioner.join();
        assertEquals(SshdFixture.SUDO_USER, whoami(host));
    }

    @Test
    void unreachableHostIsOneLineNamingHostAndCause() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = socket.getLocalPort();
        }
        HostException error = assertThrows(HostException.class,
                () -> SshConnector.connect(SshTarget.parse("root@127.0.0.1:" + port), client.options()));
        assertEquals("127.0.0.1:" + port + ": cannot connect: connection refused (2 attempts)", error.getMessage());
    }

    private SshTarget rootWithKey(Path key) {
        return sshd.target("root").withAuth(a -> a.withIdentityFiles(List.of(key)));
    }
}
