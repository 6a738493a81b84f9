package io.kboot.etcd;

import io.kboot.KbootException;
import io.kboot.host.Command;
import io.kboot.host.Content;
import io.kboot.host.FileAttributes;
import io.kboot.host.Host;
import io.kboot.host.Shell;
import io.kboot.hostprep.HostPaths;
import io.kboot.script.ShellTemplate;
import io.kboot.token.ClusterCerts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What {@code kinit master --restore-from} does on the node besides a normal init: the backup's
 * shared PKI put where the certs phase will find (and keep) it, and etcd's data directory made from
 * the backup's snapshot as a new single-member cluster on this node's peer URL.
 */
public final class EtcdRestore {
    static final String STAGE = HostPaths.STATE_DIR + "/restore";
    /** The SHA-256 of the snapshot the data directory was restored from: a re-run after a later failure skips the restore. */
    static final String MARKER = HostPaths.STATE_DIR + "/etcd-restored-from";

    private EtcdRestore() {}

    /**
     * Preflight: a node that holds another cluster's CA is refused before anything changes (exit 2).
     * The same CA is a re-run of this restore.
     */
    public static void requireNoOtherCluster(Host host, String certificatesDir, Path unpacked, String backup) {
        Optional<byte[]> onNode = host.read(certificatesDir + "/ca.crt");
        if (onNode.isPresent() && !Arrays.equals(onNode.get(), local(unpacked, "pki/ca.crt"))) {
            throw new KbootException.InvalidInput(host.name() + " already holds a cluster's CA (" + certificatesDir
                    + "/ca.crt) that is not the one in " + backup + ": reset the node (kboot reset) before restoring onto it");
        }
    }

    /** The shared certificates and keys, written where absent; an existing one must be the backup's. */
    public static void pki(Host host, String certificatesDir, Path unpacked, Consumer<String> info) {
        for (String file : ClusterCerts.FILES) {
            String path = certificatesDir + "/" + file;
            byte[] content = local(unpacked, "pki/" + file);
            Optional<byte[]> onNode = host.read(path);
            if (onNode.isPresent()) {
                if (!Arrays.equals(onNode.get(), content)) {
                    throw new KbootException.StepFailed(host.name() + ": " + path + " differs from the backup's: reset the node"
                            + " before restoring onto it");
                }
                continue;
            }
            String dir = path.substring(0, path.lastIndexOf('/'));
            host.exec(Command.change("mkdir -p " + Shell.quote(dir))).orFail(host, "making " + dir);
            host.upload(Content.of(content), path, file.endsWith(".key") ? FileAttributes.PRIVATE : FileAttributes.PUBLIC);
            info.accept("Restored " + path + " from the backup");
        }
    }

    /**
     * etcd's data directory from the snapshot, by etcdutl in a container of {@code etcdImage}.
     *
     * @param name    this member's name (the node name), as etcd's manifest will give it
     * @param peerUrl this member's peer URL, as etcd's manifest will advertise it
     */
    public static void data(Host host, Path unpacked, String etcdImage, String dataDir, String name, String peerUrl,
            Consumer<String> info) {
        String snapshotSha = sha256(unpacked.resolve(BackupArchive.SNAPSHOT));
        String state = host.exec(Command.query("if [ -f " + Shell.quote(MARKER) + " ]; then cat " + Shell.quote(MARKER)
                + "; fi; if [ -d " + Shell.quote(dataDir) + " ] && [ -n \"$(ls -A " + Shell.quote(dataDir)
                + ")\" ]; then echo data=present; fi")).orFail(host, "looking at " + dataDir).stdout();
        if (state.contains("data=present")) {
            if (state.startsWith(snapshotSha)) {
                info.accept("etcd's data in " + dataDir + " was restored from this backup already");
                return;
            }
            throw new KbootException.StepFailed(host.name() + ": etcd's data directory " + dataDir + " is not empty: reset the"
                    + " node (kboot reset) before restoring onto it");
        }
        host.exec(Command.change("mkdir -p " + Shell.quote(STAGE) + " && chmod 0700 " + Shell.quote(STAGE)))
                .orFail(host, "making " + STAGE);
        host.upload(Content.ofFile(unpacked.resolve(BackupArchive.SNAPSHOT)), STAGE + "/snapshot.db", FileAttributes.PRIVATE);
        int slash = dataDir.lastIndexOf('/');
        String out = host.exec(Command.change(ShellTemplate.of("restore/etcd-data.sh").word("stage", STAGE)
                .word("parent", slash <= 0 ? "/" : dataDir.substring(0, slash)).word("dataDirName", dataDir.substring(slash + 1))
                .word("dataDir", dataDir).word("image", etcdImage).word("name", name).word("peerUrl", peerUrl)
                .word("snapshotSha", snapshotSha).word("marker", MARKER).render()).withTimeout(Duration.ofMinutes(15)))
                .orFail(host, "restoring etcd's data with etcdutl from " + etcdImage).stdout();
        info.accept("Restored etcd's data into " + dataDir + " as member " + name + " (" + peerUrl
                + ") of a new single-member cluster" + (out.isBlank() ? "" : ": " + lastLine(out)));
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1];
    }

    private static byte[] local(Path unpacked, String entry) {
        try {
            return Files.readAllBytes(unpacked.resolve(entry));
        } catch (IOException e) {
            throw new KbootException.StepFailed("cannot read " + entry + " unpacked from the backup: " + e.getMessage(), e);
        }
    }

    private static String sha256(Path file) {
        try {
            return BackupArchive.sha256(file);
        } catch (IOException e) {
            throw new KbootException.StepFailed("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
