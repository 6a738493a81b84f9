package io.kboot.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LocalHost against the real /bin/sh and file system. */
class LocalHostIT {
    private final LocalHost host = new LocalHost();

    @Test
    void exitStatusIsDataAndBothStreamsAreKept() {
        ExecResult result = host.exec(Command.query("echo out; echo err >&2; exit 7"));
        assertEquals(new ExecResult(7, "out\n", "err\n"), result);
    }

    @Test
    void largeOutputOnBothStreamsDoesNotDeadlock() {
        ExecResult result =
                host.exec(Command.query("head -c 5000000 /dev/zero | tr '\\0' a; head -c 5000000 /dev/zero | tr '\\0' b >&2"));
        assertEquals(5_000_000, result.stdout().length());
        assertEquals(5_000_000, result.stderr().length());
    }

    @Test
    void commandsSeeNoStdinAndTimeOut() {
        assertEquals("", host.exec(Command.query("cat")).stdout());
        HostException e = assertThrows(HostException.class,
                () -> host.exec(Command.query("sleep 30").withTimeout(Duration.ofMillis(300))));
        assertEquals("local: command timed out after 0 s", e.getMessage());
    }

    @Test
    void orFailNamesTheHostTheStepAndTheLastErrorLine() {
        ExecResult result =
                host.exec(Command.query("echo starting; echo 'modprobe: FATAL: Module br_netfilter not found' >&2; exit 1"));
        assertEquals("local: loading kernel modules failed (exit 1): modprobe: FATAL: Module br_netfilter not found",
                assertThrows(KbootException.StepFailed.class, () -> result.orFail(host, "loading kernel modules")).getMessage());
    }

    @Test
    void uploadWritesAtomicallyWithTheModeAndCreatesParents(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("pki/etcd/ca.key");
        host.upload(Content.of("KEY"), key.toString(), FileAttributes.PRIVATE);
        assertEquals("KEY", Files.readString(key));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        host.upload(Content.of("NEW"), key.toString(), FileAttributes.PUBLIC);
        assertEquals("NEW", Files.readString(key));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        try (var files = Files.list(key.getParent())) {
            assertEquals(List.of(key), files.toList(), "no temporary files left behind");
        }
        assertTrue(host.exists(key.toString()));
        assertEquals(Optional.empty(), host.read(dir.resolve("absent").toString()));
        assertFalse(host.exists(dir.resolve("absent").toString()));
    }

    @Test
    void aReaderNeverSeesAHalfWrittenFile(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("big.bin");
        byte[] first = new byte[4 << 20];
        byte[] second = new byte[4 << 20];
        Arrays.fill(first, (byte) 'a');
        Arrays.fill(second, (byte) 'b');
        host.upload(Content.of(first), target.toString(), FileAttributes.PUBLIC);
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<Integer> reader = pool.submit(() -> {
            int reads = 0;
            while (!stop.get()) {
                byte[] seen = Files.readAllBytes(target);
                assertEquals(first.length, seen.length);
                assertTrue(seen[0] == seen[seen.length - 1], "a mix of old and new content");
                reads++;
            }
            return reads;
        });
        for (int i = 0; i < 10; i++) {
            host.upload(Content.of(i % 2 == 0 ? second : first), target.toString(), FileAttributes.PUBLIC);
        }
        stop.set(true);
        assertTrue(reader.get() > 0);
        pool.shutdown();
    }

    @Test
    void uploadToAnUnwritablePlaceNamesThePath(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x", StandardCharsets.UTF_8);
        HostException e = assertThrows(HostException.class,
                () -> host.upload(Content.of("y"), file.resolve("child").toString(), FileAttributes.PUBLIC));
        assertTrue(e.getMessage().startsWith("local: cannot write " + file.resolve("child")), e.getMessage());
    }
}
