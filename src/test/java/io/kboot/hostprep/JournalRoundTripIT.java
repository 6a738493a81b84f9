package io.kboot.hostprep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import io.kboot.host.FileAttributes;
import io.kboot.host.LocalHost;
import io.kboot.report.Reporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record/undo round trip for real: change scripts and the undo script run under /bin/sh on
 * this machine, with every path rooted in a temporary directory (only file changes, so nothing
 * outside it is touched).
 */
class JournalRoundTripIT {
    @TempDir
    Path root;

    private final LocalHost host = new LocalHost("local");

    private HostPaths paths() {
        return new HostPaths(root.toString());
    }

    private String read(String path) throws IOException {
        return Files.readString(root.resolve(path.substring(1)));
    }

    private boolean exists(String path) {
        return Files.exists(root.resolve(path.substring(1)), LinkOption.NOFOLLOW_LINKS);
    }

    private List<ChangeRecord> journal() throws IOException {
        return Journal.parse(Files.readString(Path.of(paths().journal())), line -> {
            throw new AssertionError(line);
        });
    }

    @Test
    void changesAreRecordedAndUndoneExactly() throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/hosts.test"), "original\n");
        HostPaths paths = paths();
        String r = root.toString();

        new Changes(host, paths, "demo")
                .writeFile("/etc/modules-load.d/k8s.conf", "overlay\n", FileAttributes.PUBLIC)
                .writeFile("/etc/hosts.test", "edited\n", FileAttributes.PUBLIC)
                .link("/bin/sh", "/opt/cni/bin/loopback")
                .apply();

        assertEquals("overlay\n", read("/etc/modules-load.d/k8s.conf"));
        assertEquals("edited\n", read("/etc/hosts.test"));
        assertEquals("original\n", read("/var/lib/kboot/backup/etc/hosts.test"));
        assertTrue(Files.isSymbolicLink(root.resolve("opt/cni/bin/loopback")));
        assertFalse(exists("/var/lib/kboot/staging/etc/hosts.test"), "staged files are removed once in place");
        assertEquals(List.of(
                new ChangeRecord.DirCreated(r + "/etc/modules-load.d"),
                new ChangeRecord.FileWritten(r + "/etc/modules-load.d/k8s.conf"),
                new ChangeRecord.FileReplaced(r + "/etc/hosts.test", r + "/var/lib/kboot/backup/etc/hosts.test"),
                new ChangeRecord.DirCreated(r + "/opt"),
                new ChangeRecord.DirCreated(r + "/opt/cni"),
                new ChangeRecord.DirCreated(r + "/opt/cni/bin"),
                new ChangeRecord.FileWritten(r + "/opt/cni/bin/loopback")), journal());

        // A second run that changes the same files again keeps the first backup: the original. A file kboot wrote itself
        // is not backed up (its undo deletes it), so the second run adds nothing to the record.
        new Changes(host, paths, "demo")
                .writeFile("/etc/hosts.test", "edited again\n", FileAttributes.PUBLIC)
                .writeFile("/etc/modules-load.d/k8s.conf", "overlay\nbr_netfilter\n", FileAttributes.PUBLIC)
                .link("/bin/sh", "/opt/cni/bin/loopback")
                .apply();
        assertEquals("original\n", read("/var/lib/kboot/backup/etc/hosts.test"));
        assertEquals("overlay\nbr_netfilter\n", read("/etc/modules-load.d/k8s.conf"));
        assertFalse(exists("/var/lib/kboot/backup/etc/modules-load.d/k8s.conf"));
        List<ChangeRecord> records = journal();
        assertEquals(7, records.size(), records::toString);

        assertEquals(7, HostPrepUndo.run(host, paths, Reporter.silent()));

        assertEquals("original\n", read("/etc/hosts.test"));
        assertFalse(exists("/etc/modules-load.d"));
        assertFalse(exists("/opt"));
        assertFalse(exists("/var/lib/kboot"), "the record, backups and staging are gone once everything was undone");
        assertTrue(exists("/etc"), "directories kboot did not create stay");
        assertEquals(0, HostPrepUndo.run(host, paths, Reporter.silent()), "undo twice: nothing left to undo");
    }

    @Test
    void aFailingChangeScriptStopsWithItsMessage() {
        Changes changes = new Changes(host, paths(), "demo").run("true")
                .verify("[ -e /nonexistent-kboot ] || kb_fail 'the thing is missing'");
        KbootException.StepFailed e = Assertions.assertThrows(KbootException.StepFailed.class,
                changes::apply);
        assertEquals("local: demo failed (exit 1): the thing is missing", e.getMessage());
    }

    @Test
    void probesReportShasAndContentsOfRealFiles() throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/fstab"), "UUID=1 none swap sw 0 0\n");
        Files.writeString(root.resolve("etc/empty"), "");
        Probe.Result found =
                new Probe("demo", paths()).sha("/etc/fstab").file("/etc/fstab").file("/etc/empty").sha("/etc/missing")
                        .command("sh", "sh").shell("echo answer=42").run(host);
        assertTrue(found.matches("/etc/fstab", "UUID=1 none swap sw 0 0\n"));
        assertEquals("UUID=1 none swap sw 0 0\n", found.file("/etc/fstab").orElseThrow());
        assertEquals("", found.file("/etc/empty").orElseThrow());
        assertFalse(found.exists("/etc/missing"));
        assertTrue(found.value("sh").orElseThrow().endsWith("/sh"));
        assertEquals("42", found.value("answer").orElseThrow());
    }
}
