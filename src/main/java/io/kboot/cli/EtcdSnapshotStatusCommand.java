package io.kboot.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.KbootException;
import io.kboot.config.Echo;
import io.kboot.etcd.BackupArchive;
import io.kboot.etcd.BackupManifest;
import io.kboot.etcd.EncryptionKey;
import io.kboot.etcd.Etcdutl;
import io.kboot.etcd.ScratchDir;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kboot etcd snapshot status}: a backup checked whole, and what it is of. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {
            "Check a backup made by kboot etcd snapshot save: every entry against its SHA-256 in MANIFEST, the snapshot"
                    + " against the SHA-256 etcd appends to it, an encrypted one against its key; then print what it is"
                    + " of: when and where it was taken, the cluster, revision, Kubernetes and etcd versions, sizes. With"
                    + " etcdutl (--etcdutl, or on PATH) also etcd's own reading: key count and hash.",
            "",
            "Exit 1 naming what is damaged or missing; exit 2 for a wrong or missing key. Reads only this machine."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  kboot etcd snapshot status backup.tar",
            "  kboot etcd snapshot status backup.tar --encrypt-key-file backup.key -o json",
            ""})
final class EtcdSnapshotStatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The backup.")
    Path archive;

    @Option(names = "--encrypt-key-file", paramLabel = "FILE", description = "The key of an encrypted backup.")
    Optional<Path> keyFile = Optional.empty();

    @Option(names = "--etcdutl", paramLabel = "FILE", description = "The etcdutl to read the snapshot with (default: on PATH).")
    Optional<Path> etcdutlPath = Optional.empty();

    @Mixin
    PrintFormat output = new PrintFormat();

    @Override
    public Integer call() {
        if (!Files.isRegularFile(archive)) {
            throw new KbootException.InvalidInput(Echo.quote(archive.toString()) + ": no such file");
        }
        Optional<EncryptionKey> key = keyFile.map(EncryptionKey::read);
        Optional<Etcdutl> etcdutl = Etcdutl.find(etcdutlPath);
        Path scratch = ScratchDir.create("kboot-backup-");
        try {
            BackupArchive.Verified verified =
                    BackupArchive.verify(archive, key, etcdutl.isPresent() ? Optional.of(scratch) : Optional.empty());
            Optional<Etcdutl.SnapshotStatus> etcd =
                    etcdutl.map(tool -> tool.status(scratch.resolve(BackupArchive.SNAPSHOT)));
            print(verified, etcd);
        } finally {
            ScratchDir.delete(scratch);
        }
        return ExitCodes.OK;
    }

    private void print(BackupArchive.Verified verified, Optional<Etcdutl.SnapshotStatus> etcd) {
        BackupManifest m = verified.manifest();
        PrintWriter out = spec.commandLine().getOut();
        if (!output.isText()) {
            ObjectNode doc = JsonNodeFactory.instance.objectNode().put("kind", "EtcdBackupStatus")
                    .put("apiVersion", "kboot.io/v1alpha1").put("file", archive.toString()).put("verified", true)
                    .put("encrypted", verified.encrypted()).put("taken", m.taken().toString()).put("node", m.node())
                    .put("clusterName", m.clusterName()).put("kubernetesVersion", m.kubernetesVersion())
                    .put("etcdVersion", m.etcd().version()).put("etcdClusterID", m.etcd().clusterId())
                    .put("etcdMemberID", m.etcd().memberId()).put("revision", m.etcd().revision())
                    .put("databaseSize", verified.databaseSize());
            etcd.ifPresent(s -> doc.put("totalKeys", s.totalKeys()).put("hash", String.format("%08x", s.hash()))
                    .put("snapshotRevision", s.revision()));
            output.print(out, List.of(doc));
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"FILE", archive + " (" + (verified.encrypted() ? "encrypted, " : "") + "verified: every"
                + " SHA-256 matches)"});
        rows.add(new String[] {"TAKEN", m.taken() + " on " + m.node()});
        rows.add(new String[] {"CLUSTER", m.clusterName() + ", Kubernetes " + m.kubernetesVersion()});
        rows.add(new String[] {"ETCD", m.etcd().version() + ", cluster " + m.etcd().clusterId() + ", member "
                + m.etcd().memberId()});
        rows.add(
                new String[] {"REVISION", Long.toString(etcd.map(Etcdutl.SnapshotStatus::revision).orElse(m.etcd().revision()))});
        rows.add(new String[] {"SIZE", String.format(Locale.ROOT, "%.1f MB (database)", verified.databaseSize() / 1e6)});
        rows.add(new String[] {"KEYS", etcd.map(s -> s.totalKeys() + " (etcdutl: hash " + String.format("%08x", s.hash()) + ")")
                .orElse("not read: no etcdutl (give --etcdutl FILE)")});
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        for (String[] row : rows) {
            out.printf("%-" + width + "s   %s%n", row[0], row[1]);
        }
        out.flush();
    }
}
