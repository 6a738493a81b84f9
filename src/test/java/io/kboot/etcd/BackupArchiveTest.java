package io.kboot.etcd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import io.kboot.token.ClusterCerts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupArchiveTest {
    private static final EncryptionKey KEY = EncryptionKey.of(new byte[32]);
    private static final BackupManifest ABOUT = new BackupManifest(Instant.parse("2026-12-07T12:00:00Z"), "cp1", "kubernetes",
            "v1.36.3", new BackupManifest.EtcdState("3.6.8", "8e9e05c52164694d", "d7380397c3ec4b90", 1234), List.of());

    @TempDir
    Path dir;

    @Test
    void aBackupReadsBackWithEveryEntryAndItsModes() throws Exception {
        Path snapshot = snapshot(200_000);
        Path out = dir.resolve("backup.tar");
        BackupManifest written = BackupArchive.write(out, ABOUT, contents(snapshot), Optional.empty(), new SecureRandom());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        assertEquals(2 + ClusterCerts.FILES.size(), written.files().size());

        Path extracted = dir.resolve("x");
        BackupArchive.Verified verified = BackupArchive.verify(out, Optional.empty(), Optional.of(extracted));
        assertEquals(written, verified.manifest());
        assertFalse(verified.encrypted());
        assertEquals(200_000, verified.databaseSize());
        assertArrayEquals(Files.readAllBytes(snapshot), Files.readAllBytes(extracted.resolve(BackupArchive.SNAPSHOT)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(extracted.resolve("pki/ca.key"))));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(extracted.resolve("pki/ca.crt"))));
        assertEquals("apiVersion: kubeadm.k8s.io/v1beta4\n",
                Files.readString(extracted.resolve(BackupArchive.CLUSTER_CONFIGURATION)));
        // An operator can read what it is of without kboot.
        assertTrue(new String(Files.readAllBytes(out), StandardCharsets.UTF_8).contains("kubernetes-version v1.36.3\n"));
    }

    @Test
    void anEncryptedBackupNeedsItsKey() throws Exception {
        Path out = dir.resolve("backup.tar");
        BackupArchive.write(out, ABOUT, contents(snapshot(100_000)), Optional.of(KEY), new SecureRandom());
        assertTrue(BackupArchive.isEncrypted(out));
        assertTrue(BackupArchive.verify(out, Optional.of(KEY), Optional.empty()).encrypted());
        KbootException.InvalidInput none =
                assertThrows(KbootException.InvalidInput.class,
                        () -> BackupArchive.verify(out, Optional.empty(), Optional.empty()));
        assertTrue(none.getMessage().contains("is encrypted: give its key with --encrypt-key-file"), none.getMessage());
        byte[] other = new byte[32];
        other[0] = 1;
        assertThrows(KbootException.InvalidInput.class,
                () -> BackupArchive.verify(out, Optional.of(EncryptionKey.of(other)), Optional.empty()));
    }

    @Test
    void aFlippedByteInTheSnapshotIsDamageNamingTheEntry() throws Exception {
        Path out = dir.resolve("backup.tar");
        BackupArchive.write(out, ABOUT, contents(snapshot(100_000)), Optional.empty(), new SecureRandom());
        byte[] bytes = Files.readAllBytes(out);
        bytes[5000] ^= 0x40;
        Files.write(out, bytes);
        KbootException.StepFailed e =
                assertThrows(KbootException.StepFailed.class,
                        () -> BackupArchive.verify(out, Optional.empty(), Optional.empty()));
        assertTrue(e.getMessage().contains("etcd/snapshot.db does not match its SHA-256"), e.getMessage());
    }

    @Test
    void aTruncatedBackupIsDamage() throws Exception {
        Path out = dir.resolve("backup.tar");
        BackupArchive.write(out, ABOUT, contents(snapshot(100_000)), Optional.empty(), new SecureRandom());
        byte[] bytes = Files.readAllBytes(out);
        Files.write(out, Arrays.copyOf(bytes, 60_000));
        KbootException.StepFailed e =
                assertThrows(KbootException.StepFailed.class,
                        () -> BackupArchive.verify(out, Optional.empty(), Optional.empty()));
        assertTrue(e.getMessage().contains("backup.tar is damaged"), e.getMessage());
    }

    @Test
    void aSnapshotWithoutEtcdsSumIsRefused() throws Exception {
        Path plain = Files.write(dir.resolve("db"), new byte[8192]);
        Path out = dir.resolve("backup.tar");
        BackupArchive.write(out, ABOUT, contents(plain), Optional.empty(), new SecureRandom());
        KbootException.StepFailed e =
                assertThrows(KbootException.StepFailed.class,
                        () -> BackupArchive.verify(out, Optional.empty(), Optional.empty()));
        assertTrue(e.getMessage().contains("does not end with the SHA-256 of its database"), e.getMessage());
    }

    @Test
    void somethingElseIsNotABackup() throws Exception {
        Path other = Files.write(dir.resolve("other.tar"), new byte[10240]);
        assertThrows(KbootException.StepFailed.class, () -> BackupArchive.verify(other, Optional.empty(), Optional.empty()));
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
        KbootException.StepFailed e =
                assertThrows(KbootException.StepFailed.class,
                        () -> BackupArchive.verify(text, Optional.empty(), Optional.empty()));
        assertTrue(e.getMessage().contains("notes.txt is damaged or not a kboot etcd backup"), e.getMessage());
    }

    @Test
    void theManifestRendersAndParsesToTheSameRecord() {
        BackupManifest m = new BackupManifest(ABOUT.taken(), "cp 1", "c", "v1.36.3", ABOUT.etcd(),
                List.of(new BackupManifest.FileEntry("pki/ca.key", 0600, 1679, "a".repeat(64))));
        assertEquals(m, BackupManifest.parse(m.render()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BackupManifest.parse(
                (BackupManifest.FORMAT + "\nfile ../../etc/passwd 0644 1 " + "a".repeat(64) + "\n").getBytes()));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    /** A database-like file followed by its SHA-256, as etcd streams a snapshot. */
    private Path snapshot(int size) throws Exception {
        byte[] db = new byte[size];
        new Random(size).nextBytes(db);
        byte[] sum = MessageDigest.getInstance("SHA-256").digest(db);
        byte[] all = Arrays.copyOf(db, size + sum.length);
        System.arraycopy(sum, 0, all, size, sum.length);
        return Files.write(dir.resolve("snapshot-" + size), all);
    }

    private static BackupArchive.Contents contents(Path snapshot) throws IOException {
        Map<String, byte[]> pki = new LinkedHashMap<>();
        for (String f : ClusterCerts.FILES) {
            pki.put(f, ("content of " + f).getBytes(StandardCharsets.UTF_8));
        }
        return new BackupArchive.Contents(snapshot, pki, "apiVersion: kubeadm.k8s.io/v1beta4\n");
    }
}
