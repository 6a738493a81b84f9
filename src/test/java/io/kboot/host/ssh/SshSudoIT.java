package io.kboot.host.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.host.Command;
import io.kboot.host.Content;
import io.kboot.host.ExecResult;
import io.kboot.host.FileAttributes;
import io.kboot.host.Host;
import io.kboot.host.HostException;
import io.kboot.host.SudoHost;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** A non-root user with NOPASSWD sudo, and one without sudo rights. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SshSudoIT {

    private SshdFixture sshd;
    private ClientHome client;
    private Host sudo;
    private Path rootOnly;

    @BeforeAll
    void start(@TempDir Path temp) throws Exception {
        SshdFixture.ensureUsers();
        sshd = SshdFixture.start();
        client = ClientHome.create(temp.resolve("home")).trust(sshd);
        sshd.authorize(SshdFixture.SUDO_USER, client.key());
        sshd.authorize(SshdFixture.PLAIN_USER, client.key());
        sshd.authorize("root", client.key());
        // A directory only root may enter, like /etc/kubernetes/pki.
        rootOnly = Files.createDirectory(sshd.directory().resolve("root-only"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        sudo = SshConnector.connect(sshd.target(SshdFixture.SUDO_USER).withSudo(true), client.options());
    }

    @AfterAll
    void stop() {
        if (sudo != null) {
            sudo.close();
        }
        if (sshd != null) {
            sshd.close();
        }
    }

    @Test
    void commandsRunAsRoot() {
        assertEquals("0 root\n", sudo.exec(Command.query("echo \"$(id -u) $(whoami)\"")).stdout());
        assertEquals(3, sudo.exec(Command.query("echo 'it''s' >&2; exit 3")).exitCode());
        assertTrue(sudo instanceof SudoHost);
    }

    @Test
    void aTimeoutKillsTheCommandsRunningAsRoot() throws Exception {
        HostException error = assertThrows(HostException.class,
                () -> sudo.exec(Command.query("sleep 26 & sleep 27; wait").withTimeout(Duration.ofSeconds(1))));
        assertTrue(error.getMessage().startsWith(sudo.name() + ": timed out after 1 s while running"), error.getMessage());
        Thread.sleep(200);
        assertEquals("0\n", sudo.exec(Command.query("ps -eo args | grep -c '^sleep 2[67]$'")).stdout());
    }

    @Test
    void scriptsTooLongForOneArgumentRunAsRootToo() {
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < 4000; i++) {
            script.append("x=").append(i).append(" # 'padding' padding padding padding padding padding\n");
        }
        script.append("echo \"x=$x $(id -u)\"; cat; echo \"stdin rc=$?\"; exit 7");
        assertTrue(script.length() > 128 * 1024, "longer than Linux allows one argument");
        ExecResult result = sudo.exec(Command.query(script.toString()));
        assertEquals(7, result.exitCode(), result.stderr());
        assertEquals("x=3999 0\nstdin rc=0\n", result.stdout());
    }

    @Test
    void uploadsARootOwnedPrivateFileIntoARootOnlyDirectory() throws Exception {
        Path target = rootOnly.resolve("pki/ca.key");
        sudo.upload(Content.of("secret"), target.toString(), FileAttributes.PRIVATE);
        sudo.upload(Content.of("secret 2"), target.toString(), FileAttributes.PRIVATE);
        assertEquals("secret 2", Files.readString(target));
        assertEquals("root", Files.getOwner(target).getName());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(target.getParent())),
                "new directories get the usual mode");
        try (Stream<Path> siblings = Files.list(target.getParent())) {
            assertEquals(List.of(target), siblings.toList(), "no temporary file left in the target directory");
        }
        try (Stream<Path> staged = Files.list(Path.of("/home", SshdFixture.SUDO_USER))) {
            assertTrue(staged.noneMatch(p -> p.getFileName().toString().startsWith(".kboot-upload-")),
                    "no staged copy left in the user's home");
        }
    }

    @Test
    void uploadsWithOwnerAndMode() throws Exception {
        Path target = rootOnly.resolve("kubelet.conf");
        sudo.upload(Content.of("x"), target.toString(), FileAttributes.mode(0640).ownedBy(SshdFixture.PLAIN_USER, "root"));
        assertEquals(SshdFixture.PLAIN_USER, Files.getOwner(target).getName());
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }

    @Test
    void readsAndChecksRootOnlyFiles() throws Exception {
        Path file = Files.writeString(rootOnly.resolve("only-root-reads"), "hidden\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertEquals("hidden\n", new String(sudo.read(file.toString()).orElseThrow(), StandardCharsets.UTF_8));
        assertTrue(sudo.read(rootOnly.resolve("absent").toString()).isEmpty());
        assertTrue(sudo.exists(file.toString()));
        assertFalse(sudo.exists(rootOnly.resolve("absent").toString()));
    }

    @Test
    void readsRootOnlyBinaryFilesByteForByte() throws Exception {
        byte[] bytes = new byte[3000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 7);
        }
        Path file = Files.write(rootOnly.resolve("binary"), bytes);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertArrayEquals(bytes, sudo.read(file.toString()).orElseThrow());
    }

    @Test
    void sudoThatWantsAPasswordIsAClearErrorAtConnect() {
        HostException error = assertThrows(HostException.class,
                () -> SshConnector.connect(sshd.target(SshdFixture.PLAIN_USER).withSudo(true), client.options()));
        assertEquals(sshd.name() + ": sudo requires a password for user kbootnosudo; configure NOPASSWD sudo or connect as root",
                error.getMessage());
    }

    @Test
    void withoutSudoANonRootUserGetsPermissionDenied() {
        try (Host plain = SshConnector.connect(sshd.target(SshdFixture.SUDO_USER), client.options())) {
            assertEquals(SshdFixture.SUDO_USER + "\n", plain.exec(Command.query("whoami")).stdout());
            HostException write = assertThrows(HostException.class,
                    () -> plain.upload(Content.of("x"), rootOnly.resolve("nope").toString(), FileAttributes.PRIVATE));
            assertEquals(sshd.name() + ": cannot write " + rootOnly.resolve("nope") + ": permission denied", write.getMessage());
            HostException read = assertThrows(HostException.class, () -> plain.read(rootOnly.resolve("x").toString()));
            assertEquals(sshd.name() + ": cannot read " + rootOnly.resolve("x") + ": permission denied", read.getMessage());
        }
    }

    @Test
    void sudoForRootIsANoOp() {
        try (Host root = SshConnector.connect(sshd.target("root").withSudo(true), client.options())) {
            assertFalse(root instanceof SudoHost);
            assertEquals("root\n", root.exec(Command.query("whoami")).stdout());
        }
    }
}
