package io.kboot.cli;

import static io.kboot.cli.CliTest.kboot;
import static io.kboot.cli.CliTest.kinit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kboot etcd snapshot and kinit master --restore-from: bad input is exit 2 naming what is wrong, a
 * damaged file exit 1, all before any host is contacted (none of these name a reachable host).
 */
class EtcdCliTest {
    @TempDir
    Path dir;

    @Test
    void everyEtcdCommandHasHelpWithExamples() {
        for (String[] args : new String[][] {{"etcd", "--help"}, {"etcd", "snapshot", "--help"},
            {"etcd", "snapshot", "save", "--help"}, {"etcd", "snapshot", "status", "--help"}}) {
            CliTest.Outcome o = kboot(args);
            assertEquals(0, o.exitCode(), o.err());
            assertTrue(o.out().contains("Usage:") && o.out().contains("Examples:"), o.out());
        }
        assertTrue(kboot("etcd", "snapshot", "save", "--help").out().contains("kboot etcd snapshot save --host"));
        assertEquals(2, kboot("etcd").exitCode());
        assertEquals(2, kboot("etcd", "snapshot").exitCode());
    }

    @Test
    void saveRefusesBadInputBeforeAnyHost() throws Exception {
        CliTest.Outcome noOutput = kboot("etcd", "snapshot", "save", "--host", "root@192.0.2.1");
        assertEquals(2, noOutput.exitCode());
        assertTrue(noOutput.err().contains("--output-file"), noOutput.err());
        CliTest.Outcome noDir = kboot("etcd", "snapshot", "save", "--host", "root@192.0.2.1", "-o", "/nonexistent/b.tar");
        assertEquals(2, noDir.exitCode());
        assertTrue(noDir.err().contains("not a file in an existing, writable directory"), noDir.err());
        Path weakKey = Files.writeString(dir.resolve("weak.key"), "password");
        CliTest.Outcome badKey = kboot("etcd", "snapshot", "save", "--host", "root@192.0.2.1", "-o",
                dir.resolve("b.tar").toString(), "--encrypt-key-file", weakKey.toString());
        assertEquals(2, badKey.exitCode());
        assertTrue(badKey.err().contains("not a 256-bit key") && !badKey.err().contains("password"), badKey.err());
        assertEquals(2, kboot("etcd", "snapshot", "save", "--host", "a", "-f", "c.yaml", "-o", dir.resolve("b.tar").toString())
                .exitCode());
    }

    @Test
    void statusSaysWhatIsWrongWithAFile() throws Exception {
        CliTest.Outcome missing = kboot("etcd", "snapshot", "status", dir.resolve("none.tar").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("no such file"), missing.err());
        Path junk = Files.write(dir.resolve("junk.tar"), new byte[4096]);
        CliTest.Outcome damaged = kboot("etcd", "snapshot", "status", junk.toString());
        assertEquals(1, damaged.exitCode());
        assertTrue(damaged.err().contains("junk.tar is damaged or not a kboot etcd backup"), damaged.err());
    }

    @Test
    void restoreRefusesFlagsThatWouldMakeAnotherClusterAndMissingOrDamagedBackups() throws Exception {
        Path junk = Files.write(dir.resolve("junk.tar"), new byte[4096]);
        CliTest.Outcome cidr = kinit("master", "--host", "root@192.0.2.1", "--restore-from", junk.toString(),
                "--pod-network-cidr", "10.244.0.0/16");
        assertEquals(2, cidr.exitCode());
        assertTrue(cidr.err().contains("--pod-network-cidr and --restore-from"), cidr.err());
        CliTest.Outcome missing = kinit("master", "--host", "root@192.0.2.1", "--restore-from", dir.resolve("x.tar").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("no such file"), missing.err());
        CliTest.Outcome damaged = kinit("master", "--host", "root@192.0.2.1", "--restore-from", junk.toString());
        assertEquals(1, damaged.exitCode());
        assertTrue(damaged.err().contains("is damaged or not a kboot etcd backup"), damaged.err());
    }
}
