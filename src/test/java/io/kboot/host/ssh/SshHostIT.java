package io.kboot.host.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.host.Command;
import io.kboot.host.Content;
import io.kboot.host.ExecResult;
import io.kboot.host.FileAttributes;
import io.kboot.host.Host;
import io.kboot.host.HostException;
import io.kboot.host.Shell;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Commands and files over one connection to a real sshd, as root. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SshHostIT {

    private SshdFixture sshd;
    private ClientHome client;
    private Host host;
    private Path files;

    @BeforeAll
    void start(@TempDir Path temp) throws Exception {
        sshd = SshdFixture.start();
        client = ClientHome.create(temp.resolve("home")).trust(sshd);
        sshd.authorize("root", client.key());
        host = SshConnector.connect(sshd.target("root"), client.options());
        files = Files.createDirectories(sshd.directory().resolve("files"));
    }

    @AfterAll
    void stop() {
        if (host != null) {
            host.close();
        }
        if (sshd != null) {
            sshd.close();
        }
    }

    // ---- exec ----

    @Test
    void execReturnsExitCodeAndBothStreams() {
        ExecResult result = host.exec(Command.query("echo out; echo err >&2; exit 3"));
        assertEquals(3, result.exitCode());
        assertEquals("out\n", result.stdout());
        assertEquals("err\n", result.stderr());
        assertEquals("127.0.0.1:" + sshd.port(), host.name());
    }

    @Test
    void scriptsArePassedVerbatim() {
        String script = "x='a b'\nprintf '%s|' \"$x\" \"it's\" '$HOME' \"\\\\\" `echo ok`\n";
        assertEquals("a b|it's|$HOME|\\|ok|", host.exec(Command.query(script)).stdout());
    }

    @Test
    void commandsGetNoStdin() {
        ExecResult result = host.exec(Command.query("cat; echo rc=$?"));
        assertEquals("rc=0\n", result.stdout());
    }

    @Test
    void tenMegabytesOfOutputWithChattyStderr() {
        ExecResult result = host.exec(Command.query(
                "head -c 10485760 /dev/zero | tr '\\0' a & head -c 2097152 /dev/zero | tr '\\0' e >&2; wait"));
        assertEquals(0, result.exitCode());
        assertEquals(10 * 1024 * 1024, result.stdout().length());
        assertEquals(2 * 1024 * 1024, result.stderr().length());
        assertTrue(result.stdout().chars().allMatch(c -> c == 'a'));
    }

    @Test
    void concurrentCommandsBeyondTheChannelBoundAllSucceed() throws Exception {
        // sshd allows 10 sessions per connection; 24 at once would fail without the bound of 8.
        allSucceedAtOnce(host, 24, "0.3");
    }

    /** {@code count} commands of {@code sleep seconds} started at once on {@code target}: each exits 0 with its own output. */
    private static void allSucceedAtOnce(Host target, int count, String seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<Future<ExecResult>> results = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                results.add(pool.submit(() -> target.exec(Command.query("sleep " + seconds + "; echo " + n))));
            }
            for (int i = 0; i < count; i++) {
                ExecResult result = results.get(i).get();
                assertEquals(0, result.exitCode(), result.stderr());
                assertEquals(i + "\n", result.stdout());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anSshdAllowingFewerSessionsThanTheBoundStillRunsEveryCommand(@TempDir Path temp) throws Exception {
        // Hardened sshd configurations lower MaxSessions; refused opens are tried again as slots free.
        try (SshdFixture strict = SshdFixture.start("MaxSessions 2")) {
            ClientHome home = ClientHome.create(temp.resolve("home")).trust(strict);
            strict.authorize("root", home.key());
            try (Host narrow = SshConnector.connect(strict.target("root"), home.options())) {
                allSucceedAtOnce(narrow, 6, "0.2");
            }
        }
    }

    @Test
    void scriptsLargerThanACommandLineTravelOnStdin() {
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < 4000; i++) {
            script.append("x=").append(i).append(" # padding padding padding padding padding padding\n");
        }
        script.append("echo \"x=$x\"; cat; echo \"stdin rc=$?\"; exit 7\n");
        assertTrue(script.length() > Shell.MAX_INLINE_SCRIPT);
        ExecResult result = host.exec(Command.query(script.toString()));
        assertEquals(7, result.exitCode(), result.stderr());
        assertEquals("x=3999\nstdin rc=0\n", result.stdout());
    }

    @Test
    void timeoutIsAHostErrorKillsTheRemoteCommandAndTheConnectionStaysUsable() throws Exception {
        long start = System.nanoTime();
        HostException error = assertThrows(HostException.class,
                () -> host.exec(Command.query("sleep 28 & sleep 29; wait").withTimeout(Duration.ofSeconds(1))));
        assertEquals(host.name() + ": timed out after 1 s while running 'sleep 28 & sleep 29; wait'", error.getMessage());
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "the timeout is prompt");
        assertEquals("ok\n", host.exec(Command.query("echo ok")).stdout());
        // The whole process group went, the background job included.
        Thread.sleep(200);
        assertEquals("0\n", host.exec(Command.query("ps -eo args | grep -c '^sleep 2[89]$'")).stdout());
    }

    @Test
    void aCommandKilledByASignalIsNotASuccess() {
        HostException error = assertThrows(HostException.class, () -> host.exec(Command.query("kill -9 $$")));
        assertTrue(error.getMessage().contains("killed by signal KILL while running 'kill -9 $$'"), error.getMessage());
    }

    /** A query whose connection was lost under it runs again over a new connection: it changed nothing. */
    @Test
    void aQueryWhoseConnectionWasLostRunsAgain(@TempDir Path dir) throws Exception {
        try (SshdFixture own = SshdFixture.start()) {
            ClientHome home = ClientHome.create(dir).trust(own);
            own.authorize("root", home.key());
            try (Host victim = SshConnector.connect(own.target("root"), home.options())) {
                CompletableFuture<ExecResult> running = CompletableFuture.supplyAsync(
                        () -> victim.exec(Command.query("sleep 2; echo done")));
                killSessionsOnceACommandRuns(own);
                ExecResult result = assertTimeoutPreemptively(Duration.ofSeconds(30), running::join);
                assertEquals("done\n", result.stdout());
            }
        }
    }

    /** Drops the connection under a running command: waits until sshd started one, then kills the session's sshd. */
    private static void killSessionsOnceACommandRuns(SshdFixture own) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!own.log().contains("Starting session: command") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(200);
        own.killSessions();
    }

    @Test
    void droppedConnectionDuringACommandIsAClearError(@TempDir Path dir) throws Exception {
        try (SshdFixture own = SshdFixture.start()) {
            ClientHome home = ClientHome.create(dir).trust(own);
            own.authorize("root", home.key());
            Host victim = SshConnector.connect(own.target("root"), home.options());
            try {
                CompletableFuture<ExecResult> running = CompletableFuture.supplyAsync(
                        () -> victim.exec(Command.change("sleep 30")));
                killSessionsOnceACommandRuns(own);
                Throwable failure = assertTimeoutPreemptively(Duration.ofSeconds(15),
                        () -> assertThrows(Exception.class, running::join)).getCause();
                assertTrue(failure instanceof HostException, String.valueOf(failure));
                assertEquals(victim.name() + ": connection lost while running 'sleep 30'", failure.getMessage());
                // The next call connects again: a long run outlives a dropped connection.
                assertEquals("again\n", victim.exec(Command.change("echo again")).stdout());
                assertEquals(Optional.empty(), victim.read("/nonexistent/kboot"));
            } finally {
                victim.close();
            }
        }
    }

    @Test
    void aHungHostIsDetectedByKeepalive(@TempDir Path dir) {
        try (SshdFixture own = SshdFixture.start()) {
            ClientHome home = ClientHome.create(dir).trust(own);
            own.authorize("root", home.key());
            SshOptions quickKeepAlive = home.options().withConnections(c -> c.withKeepAliveInterval(Duration.ofSeconds(1)));
            try (Host frozen = SshConnector.connect(own.target("root"), quickKeepAlive)) {
                assertEquals("hi\n", frozen.exec(Command.query("echo hi")).stdout());
                own.freezeSessions();
                try {
                    long start = System.nanoTime();
                    // A change, which is not run again on a new connection: it may have run.
                    HostException error = assertThrows(HostException.class, () -> frozen.exec(Command.change("echo again")));
                    assertTrue(error.getMessage().startsWith(frozen.name() + ": connection lost while running 'echo again'"),
                            error.getMessage());
                    assertTrue(System.nanoTime() - start < 10_000_000_000L,
                            "three missed keepalives, not the 5-minute command timeout");
                } finally {
                    own.thawSessions();
                }
            }
        }
    }

    // ---- files ----

    @Test
    void uploadSetsModesCreatesDirectoriesAndOverwrites() throws Exception {
        for (FileAttributes attributes : List.of(FileAttributes.PRIVATE, FileAttributes.PUBLIC, FileAttributes.EXECUTABLE,
                FileAttributes.mode(0640))) {
            Path target = files.resolve("modes/" + attributes.octal() + "/deeper/file");
            host.upload(Content.of("first"), target.toString(), attributes);
            host.upload(Content.of("second " + attributes.octal()), target.toString(), attributes);
            assertEquals("second " + attributes.octal(), Files.readString(target));
            assertEquals(attributes.mode(), mode(target), attributes.octal());
            try (var siblings = Files.list(target.getParent())) {
                assertEquals(List.of(target), siblings.toList(), "no temporary file is left behind");
            }
        }
    }

    @Test
    void uploadStreamsALocalFile(@TempDir Path local) throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(data);
        Path source = Files.write(local.resolve("blob"), data);
        Path target = files.resolve("blob");
        host.upload(Content.ofFile(source), target.toString(), FileAttributes.PUBLIC);
        assertArrayEquals(data, Files.readAllBytes(target));
        assertArrayEquals(data, host.read(target.toString()).orElseThrow());
    }

    @Test
    void uploadSetsTheOwnerByName() throws Exception {
        SshdFixture.ensureUsers();
        Path target = files.resolve("owned");
        host.upload(Content.of("x"), target.toString(),
                FileAttributes.PRIVATE.ownedBy(SshdFixture.SUDO_USER, SshdFixture.SUDO_USER));
        assertEquals(SshdFixture.SUDO_USER, Files.getOwner(target).getName());
        assertEquals(0600, mode(target));
    }

    @Test
    void readersNeverSeePartialContentAndSecretsNeverHaveWideModes() throws Exception {
        Path dir = Files.createDirectories(files.resolve("atomic"));
        Path target = dir.resolve("secret");
        byte[] a = new byte[2 * 1024 * 1024];
        byte[] b = new byte[2 * 1024 * 1024];
        Arrays.fill(a, (byte) 'a');
        Arrays.fill(b, (byte) 'b');
        host.upload(Content.of(a), target.toString(), FileAttributes.PRIVATE);

        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        AtomicInteger scans = new AtomicInteger();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                try {
                    byte[] seen = Files.readAllBytes(target);
                    reads.incrementAndGet();
                    if (!Arrays.equals(seen, a) && !Arrays.equals(seen, b)) {
                        problems.add("partial content: " + seen.length + " bytes");
                    }
                } catch (Exception e) {
                    problems.add("read failed: " + e);
                }
            }
        });
        Thread watcher = new Thread(() -> {
            while (!done.get()) {
                try (var entries = Files.list(dir)) {
                    for (Path file : entries.toList()) {
                        try {
                            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                            long size = Files.size(file);
                            if (size > 0 && perms.stream()
                                    .anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                                problems.add(
                                        file.getFileName() + " had " + PosixFilePermissions.toString(perms) + " with content");
                            }
                        } catch (NoSuchFileException gone) {
                            // Renamed away between list and stat.
                        }
                    }
                    scans.incrementAndGet();
                } catch (Exception e) {
                    problems.add("scan failed: " + e);
                }
            }
        });
        reader.start();
        watcher.start();
        try {
            for (int i = 0; i < 12; i++) {
                host.upload(Content.of(i % 2 == 0 ? b : a), target.toString(), FileAttributes.PRIVATE);
            }
        } finally {
            done.set(true);
            reader.join();
            watcher.join();
        }
        assertTrue(problems.isEmpty(), problems.toString());
        assertTrue(reads.get() > 10 && scans.get() > 10, "reads " + reads + ", scans " + scans);
        assertEquals(0600, mode(target));
    }

    @Test
    void readAndExists() throws Exception {
        Path file = Files.writeString(files.resolve("present"), "hello\n");
        assertEquals("hello\n", new String(host.read(file.toString()).orElseThrow(), StandardCharsets.UTF_8));
        assertTrue(host.read(files.resolve("absent").toString()).isEmpty());
        assertTrue(host.exists(file.toString()));
        assertTrue(host.exists(files.toString()));
        assertFalse(host.exists(files.resolve("absent").toString()));
        Path dangling = files.resolve("dangling");
        Files.deleteIfExists(dangling);
        Files.createSymbolicLink(dangling, files.resolve("nowhere"));
        assertTrue(host.exists(dangling.toString()), "a symlink exists even when its target does not");
    }

    @Test
    void uploadIntoAFileAsDirectoryFailsWithTheCause() throws Exception {
        Path blocker = Files.writeString(files.resolve("blocker"), "x");
        HostException error = assertThrows(HostException.class,
                () -> host.upload(Content.of("y"), blocker.resolve("child").toString(), FileAttributes.PUBLIC));
        assertTrue(error.getMessage().startsWith(host.name() + ": cannot write " + blocker.resolve("child")), error.getMessage());
        assertFalse(error.getMessage().contains("\n"));
    }

    private static int mode(Path file) throws Exception {
        int mode = 0;
        for (PosixFilePermission permission : Files.getPosixFilePermissions(file)) {
            mode |= 0400 >> permission.ordinal();
        }
        return mode;
    }
}
