package io.kboot.etcd;

import io.kboot.Randomness;
import io.kboot.host.Command;
import io.kboot.host.Content;
import io.kboot.host.FileAttributes;
import io.kboot.host.Shell;
import io.kboot.hostprep.HostPaths;
import io.kboot.report.Reporter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The backups an upgrade keeps on the first control plane before it touches anything: the same
 * archive {@code kboot etcd snapshot save} writes (so {@code --restore-from} takes it as it is),
 * under {@value #DIR} (0700; the archive 0600, as the CA keys beside it in /etc/kubernetes/pki),
 * the newest {@value #KEEP} kept. Unencrypted: on the node they hold nothing the node does not hold.
 */
public final class NodeBackups {
    public static final String DIR = HostPaths.STATE_DIR + "/backups";
    public static final int KEEP = 3;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private NodeBackups() {}

    /** Takes the backup through this machine and leaves it on the node; returns its path there. */
    public static String keep(EtcdBackup.Source source, String reason, Reporter reporter, Clock clock) {
        String dir = source.paths().at(DIR);
        Path scratch = ScratchDir.create("kboot-backup-");
        try {
            Path local = scratch.resolve("backup.tar");
            BackupManifest manifest =
                    EtcdBackup.save(source, local, Optional.empty(), reporter, clock, Randomness.strong());
            String name = "etcd-" + STAMP.format(manifest.taken()) + "-" + reason + ".tar";
            var host = source.host();
            host.exec(Command.change("mkdir -p " + Shell.quote(dir) + " && chmod 0700 " + Shell.quote(dir)))
                    .orFail(host, "making " + dir);
            host.upload(Content.ofFile(local), dir + "/" + name, FileAttributes.PRIVATE);
            // Names sort by time: all but the newest KEEP go.
            host.exec(Command.change("cd " + Shell.quote(dir) + " && ls -1 etcd-*.tar | sort -r | tail -n +" + (KEEP + 1)
                    + " | while read -r f; do rm -f -- \"$f\"; done")).orFail(host, "removing old backups in " + dir);
            return dir + "/" + name;
        } finally {
            ScratchDir.delete(scratch);
        }
    }
}
