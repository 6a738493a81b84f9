package io.kboot.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SudoHost over a LocalHost whose PATH starts with a fake sudo: it logs its arguments and runs the command as is. */
class SudoHostTest {

    private static final String FAKE_SUDO = """
            #!/bin/sh
            echo "$1 $2 $3" >> "$SUDO_LOG"
            [ "$1" = -n ] || { echo "sudo: expected -n first" >&2; exit 99; }
            shift
            exec "$@"
            """;

    @TempDir
    Path dir;
    private Path home;
    private Path log;

    @BeforeEach
    void fakeSudo() throws IOException {
        home = Files.createDirectory(dir.resolve("home"));
        log = dir.resolve("sudo.log");
        installSudo(FAKE_SUDO);
    }

    @Test
    void commandsRunThroughSudoNWithTheirStatusOutputAndProgress() throws IOException {
        SudoHost host = SudoHost.open(local(), "alice");
        List<String> progress = new ArrayList<>();
        ExecResult result = host.exec(Command.query("echo it\\'s; echo " + Command.PROGRESS + "half; echo oops >&2; exit 3")
                .withProgressLines(progress::add));
        assertEquals(new ExecResult(3, "it's\n" + Command.PROGRESS + "half\n", "oops\n"), result);
        assertEquals(List.of("half"), progress);
        assertEquals(List.of("-n true ", "-n sh -c"), sudoCalls(), "checked once at open, then the command");
    }

    @Test
    void scriptsAreWrappedInOneSudoShell() {
        assertEquals("exec sudo -n sh -c 'echo '\\''x'\\'''", SudoHost.asRoot("echo 'x'"));
    }

    @Test
    void scriptsTooLongForOneArgumentGoThroughATemporaryFile() {
        StringBuilder script = new StringBuilder();
        while (script.length() <= Shell.MAX_INLINE_SCRIPT) {
            script.append("x=$((${x:-0} + 1)) # padding padding padding padding\n");
        }
        script.append("echo \"x=$x\"; cat; echo \"stdin rc=$?\"; exit 5");
        String wrapped = SudoHost.asRoot(script.toString());
        assertTrue(wrapped.contains("sudo -n sh \"$f\" < /dev/null"), "not one long argument");
        ExecResult result = SudoHost.open(local(), "alice").exec(Command.query(script.toString()));
        int lines = script.length() / "x=$((${x:-0} + 1)) # padding padding padding padding\n".length();
        assertEquals(new ExecResult(5, "x=" + lines + "\nstdin rc=0\n", ""), result);
    }

    @Test
    void uploadsAreStagedInTheHomeThenInstalledByOneSudoScript() throws IOException {
        SudoHost host = SudoHost.open(local(), "alice");
        Path target = dir.resolve("etc/kubernetes/pki/ca.key");
        host.upload(Content.of("secret"), target.toString(), FileAttributes.mode(0640));
        host.upload(Content.of("secret 2"), target.toString(), FileAttributes.mode(0640));
        assertEquals("secret 2", Files.readString(target));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals(List.of(target), list(target.getParent()), "no temporary file left next to the target");
        assertEquals(List.of(), list(home), "no staged copy left in the home");
        assertEquals(List.of("-n true ", "-n sh -c", "-n sh -c"), sudoCalls());
    }

    @Test
    void readsAndChecksAsRootOnlyWhereTheUserIsDenied() throws IOException {
        Path denied = Files.createDirectory(dir.resolve("denied"));
        byte[] binary = {0, (byte) 0xff, '\n', (byte) 0x80, 'x'};
        Files.write(denied.resolve("key"), binary);
        Files.writeString(dir.resolve("open"), "plain");
        SudoHost host = SudoHost.open(new Denying(local()), "alice");
        int checks = sudoCalls().size();

        assertEquals("plain", new String(host.read(dir.resolve("open").toString()).orElseThrow(), StandardCharsets.UTF_8));
        assertTrue(host.exists(dir.resolve("open").toString()));
        assertEquals(checks, sudoCalls().size(), "allowed: no sudo");

        assertArrayEquals(binary, host.read(denied.resolve("key").toString()).orElseThrow());
        assertEquals(Optional.empty(), host.read(denied.resolve("absent").toString()));
        assertTrue(host.exists(denied.resolve("key").toString()));
        assertFalse(host.exists(denied.resolve("absent").toString()));
        assertEquals(checks + 4, sudoCalls().size(), "denied: each through sudo");
    }

    @Test
    void aSudoThatWantsAPasswordFailsAtOpen() throws IOException {
        installSudo("#!/bin/sh\necho 'sudo: a password is required' >&2\nexit 1\n");
        HostException error = assertThrows(HostException.class, () -> SudoHost.open(local(), "alice"));
        assertEquals("local: sudo requires a password for user alice; configure NOPASSWD sudo or connect as root",
                error.getMessage());
    }

    @Test
    void aMissingSudoFailsAtOpen() throws IOException {
        installSudo("#!/bin/sh\nexit 127\n");
        HostException error = assertThrows(HostException.class, () -> SudoHost.open(local(), "alice"));
        assertEquals("local: sudo is not installed; install it or connect as root", error.getMessage());
    }

    @Test
    void anotherSudoFailureSaysItsLastLine() throws IOException {
        installSudo("#!/bin/sh\necho 'sudo: account locked' >&2\nexit 1\n");
        HostException error = assertThrows(HostException.class, () -> SudoHost.open(local(), "alice"));
        assertEquals("local: sudo -n true failed for user alice (exit 1): sudo: account locked", error.getMessage());
    }

    private void installSudo(String script) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path sudo = Files.writeString(bin.resolve("sudo"), script);
        Files.setPosixFilePermissions(sudo, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The local machine with the fake sudo first on PATH and its own home. */
    private Host local() {
        String env = "PATH=" + Shell.quote(dir.resolve("bin") + ":" + System.getenv("PATH"))
                + " HOME=" + Shell.quote(home.toString()) + " SUDO_LOG=" + Shell.quote(log.toString())
                + "; export PATH HOME SUDO_LOG\n";
        return new ForwardingHost(new LocalHost()) {
            @Override
            public ExecResult exec(Command command) {
                return delegate.exec(command.withScript(env + command.script()));
            }
        };
    }

    private List<String> sudoCalls() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private static List<Path> list(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }

    /** Says "permission denied" for anything under a directory named denied, as SFTP does for a non-root login. */
    private static final class Denying extends ForwardingHost {
        Denying(Host delegate) {
            super(delegate);
        }

        @Override
        public Optional<byte[]> read(String path) {
            deny("read", path);
            return delegate.read(path);
        }

        @Override
        public boolean exists(String path) {
            deny("check", path);
            return delegate.exists(path);
        }

        private void deny(String doing, String path) {
            if (path.contains("/denied/")) {
                throw new HostException.PermissionDenied(name(), doing, path, null);
            }
        }
    }
}
