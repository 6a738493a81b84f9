package io.kboot.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import io.kboot.host.FileAttributes;
import io.kboot.host.RecordingHost;
import io.kboot.token.ClusterCerts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node side of --restore-from, against a recording host: what is written, what is refused. */
class EtcdRestoreTest {
    private static final String PKI = "/etc/kubernetes/pki";

    @TempDir
    Path unpacked;

    @Test
    void aNodeWithAnotherClustersCaIsBadInputAndTheSameCaIsAReRun() throws Exception {
        unpack();
        RecordingHost other = new RecordingHost("cp1").file(PKI + "/ca.crt", "another CA");
        KbootException.InvalidInput e = assertThrows(KbootException.InvalidInput.class,
                () -> EtcdRestore.requireNoOtherCluster(other, PKI, unpacked, "backup.tar"));
        assertTrue(e.getMessage().contains("not the one in backup.tar") && e.getMessage().contains("kboot reset"),
                e.getMessage());
        EtcdRestore.requireNoOtherCluster(new RecordingHost("cp1").file(PKI + "/ca.crt", "content of ca.crt"), PKI, unpacked,
                "backup.tar");
        EtcdRestore.requireNoOtherCluster(new RecordingHost("cp1"), PKI, unpacked, "backup.tar");
    }

    @Test
    void thePkiIsWrittenWithKeysPrivateAndWhatIsThereAlreadyKept() throws Exception {
        unpack();
        RecordingHost host = new RecordingHost("cp1").file(PKI + "/ca.crt", "content of ca.crt");
        List<String> said = new ArrayList<>();
        EtcdRestore.pki(host, PKI, unpacked, said::add);
        assertEquals(ClusterCerts.FILES.size() - 1, host.uploads().size());
        for (RecordingHost.Upload upload : host.uploads()) {
            assertEquals(upload.path().endsWith(".key") ? FileAttributes.PRIVATE : FileAttributes.PUBLIC, upload.attributes(),
                    upload.path());
        }
        assertEquals("content of etcd/ca.key", host.uploaded(PKI + "/etcd/ca.key"));
        RecordingHost changed = new RecordingHost("cp1").file(PKI + "/sa.key", "another key");
        assertThrows(KbootException.StepFailed.class, () -> EtcdRestore.pki(changed, PKI, unpacked, said::add));
    }

    @Test
    void etcdDataIsRestoredOnlyIntoAnEmptyDirectoryOrSkippedWhenThisBackupMadeIt() throws Exception {
        unpack();
        String sha = BackupArchive.sha256(unpacked.resolve(BackupArchive.SNAPSHOT));
        RecordingHost bare = new RecordingHost("cp1").answer("etcd-restored-from", "");
        List<String> said = new ArrayList<>();
        EtcdRestore.data(bare, unpacked, "registry.k8s.io/etcd:3.6.8-0", "/var/lib/etcd", "cp1", "https://10.0.0.10:2380",
                said::add);
        assertEquals("/var/lib/kboot/restore/snapshot.db", bare.uploads().get(0).path());
        String restore = bare.changes().stream().filter(s -> s.contains("etcdutl snapshot restore")).findFirst().orElseThrow();
        assertTrue(restore.contains("--name cp1 --initial-cluster cp1=https://10.0.0.10:2380")
                && restore.contains("--bump-revision 1000000000 --mark-compacted")
                && restore.contains("registry.k8s.io/etcd:3.6.8-0"), restore);

        RecordingHost again = new RecordingHost("cp1").answer("etcd-restored-from", sha + "\ndata=present\n");
        EtcdRestore.data(again, unpacked, "registry.k8s.io/etcd:3.6.8-0", "/var/lib/etcd", "cp1", "https://10.0.0.10:2380",
                said::add);
        assertEquals(List.of(), again.changes());
        assertTrue(said.get(said.size() - 1).contains("restored from this backup already"), said.toString());

        RecordingHost used = new RecordingHost("cp1").answer("etcd-restored-from", "data=present\n");
        KbootException.StepFailed e = assertThrows(KbootException.StepFailed.class, () -> EtcdRestore.data(used, unpacked,
                "registry.k8s.io/etcd:3.6.8-0", "/var/lib/etcd", "cp1", "https://10.0.0.10:2380", said::add));
        assertTrue(e.getMessage().contains("is not empty"), e.getMessage());
    }

    private void unpack() throws Exception {
        for (String f : ClusterCerts.FILES) {
            Path p = unpacked.resolve("pki/" + f);
            Files.createDirectories(p.getParent());
            Files.writeString(p, "content of " + f);
        }
        Path snapshot = unpacked.resolve(BackupArchive.SNAPSHOT);
        Files.createDirectories(snapshot.getParent());
        Files.write(snapshot, new byte[1024]);
    }
}
