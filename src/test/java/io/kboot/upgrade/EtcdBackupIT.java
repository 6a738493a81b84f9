package io.kboot.upgrade;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.host.Command;
import io.kboot.host.ExecResult;
import io.kboot.host.LocalHost;
import io.kboot.host.Shell;
import io.kboot.script.ShellTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upgrade's etcd scripts for real under /bin/sh: backup and restore on a 16 MB tmpfs standing
 * for the node's disk (real df and du), the copy made and put back byte for byte, and refused when
 * it would leave less than the kubelet's disk-pressure tenth free; and the node-local sign that the
 * kubelet started the new etcd. Needs root for the mount.
 */
class EtcdBackupIT {
    @TempDir
    Path dir;

    private final LocalHost host = new LocalHost("local");
    private Path disk;
    private Path data;
    private Path backupDir;

    @BeforeEach
    void mountDisk() {
        disk = dir.resolve("disk");
        host.exec(Command.change("mkdir -p " + Shell.quote(disk.toString()) + " && mount -t tmpfs -o size=16m kboot-it "
                + Shell.quote(disk.toString()))).orFail(host, "mounting a tmpfs");
        data = disk.resolve("var/lib/etcd");
        backupDir = disk.resolve("etc/kubernetes/tmp/kubeadm-backup-etcd-2026-12-07-11-40-58");
    }

    @AfterEach
    void unmount() {
        host.exec(Command.change("umount " + Shell.quote(disk.toString()) + " 2>/dev/null || true"));
    }

    private byte[] writeData(int megabytes) throws Exception {
        Files.createDirectories(data.resolve("member/wal"));
        byte[] wal = new byte[megabytes * 1024 * 1024];
        new Random(7).nextBytes(wal); // incompressible, as a WAL is
        Files.write(data.resolve("member/wal/0000000000000000-0000000000000000.wal"), wal);
        return wal;
    }

    private ExecResult backup() {
        return host.exec(Command.change(ShellTemplate.of("upgrade/backup-etcd.sh").word("backupDir", backupDir)
                .word("backup", backupDir.resolve("etcd")).word("dataDir", data).render()));
    }

    @Test
    void theDataIsCopiedAndPutBackByteForByte() throws Exception {
        byte[] wal = writeData(2);
        ExecResult copied = backup();
        assertEquals(0, copied.exitCode(), copied.stderr());
        Path walFile = Path.of("member/wal/0000000000000000-0000000000000000.wal");
        assertArrayEquals(wal, Files.readAllBytes(backupDir.resolve("etcd").resolve(walFile)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(backupDir)));

        Files.writeString(data.resolve(walFile), "what the failed etcd wrote");
        Files.writeString(data.resolve("member/new-file"), "x");
        for (int run = 0; run < 2; run++) { // a rollback step runs twice when its connection was lost
            ExecResult restored = host.exec(Command.change(ShellTemplate.of("upgrade/restore-etcd.sh").word("dataDir", data)
                    .word("backup", backupDir.resolve("etcd")).render()));
            assertEquals(0, restored.exitCode(), restored.stderr());
        }
        assertArrayEquals(wal, Files.readAllBytes(data.resolve(walFile)));
        assertFalse(Files.exists(data.resolve("member/new-file")));
    }

    /** How the upgrade sees the kubelet start the new etcd without the API server: a new Pod directory with an etcd log. */
    @Test
    void staticPodUidsAreThoseWhoseContainerLogged() throws Exception {
        Path pods = Files.createDirectories(dir.resolve("pods"));
        Files.createDirectories(pods.resolve("kube-system_etcd-cp1_0ld/etcd"));
        Files.writeString(pods.resolve("kube-system_etcd-cp1_0ld/etcd/0.log"), "x");
        Files.createDirectories(pods.resolve("kube-system_etcd-cp1_n3w/etcd")); // sandbox made, container not started
        Files.createDirectories(pods.resolve("kube-system_etcd-cp10_0th3r/etcd"));
        Files.writeString(pods.resolve("kube-system_etcd-cp10_0th3r/etcd/0.log"), "x");
        String list = ShellTemplate.of("upgrade/static-pod-uids.sh").word("prefix", pods + "/kube-system_etcd-cp1_")
                .word("container", "etcd").render();
        assertEquals("0ld\n", host.exec(Command.query(list)).stdout());
        Files.writeString(pods.resolve("kube-system_etcd-cp1_n3w/etcd/0.log"), "x");
        assertEquals("0ld\nn3w\n", host.exec(Command.query(list)).stdout());
        ExecResult none = host.exec(Command.query(ShellTemplate.of("upgrade/static-pod-uids.sh")
                .word("prefix", pods + "/kube-system_etcd-cp2_").word("container", "etcd").render()));
        assertEquals(0, none.exitCode());
        assertEquals("", none.stdout());
    }

    @Test
    void aCopyThatWouldLeaveLessThanATenthFreeIsRefused() throws Exception {
        // 16 MB: 7 MB of data and 1 MB else leave 8 MB free; the copy would leave 1 MB, under the tenth (1.6 MB).
        writeData(7);
        Files.write(disk.resolve("filler"), new byte[1024 * 1024]);
        ExecResult refused = backup();
        assertEquals(1, refused.exitCode(), refused.stdout());
        assertTrue(refused.stderr().contains("not enough disk for a copy of etcd's data (7 MB)"), refused.stderr());
        assertTrue(refused.stderr().contains("MB free of 16 MB, and the kubelet's disk pressure begins at 1 MB free"),
                refused.stderr());
        assertFalse(Files.exists(backupDir.resolve("etcd")), "nothing copied");
    }
}
