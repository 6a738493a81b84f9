package io.kboot.etcd;

import io.kboot.KbootException;
import io.kboot.PrivateFile;
import io.kboot.bundle.TarReader;
import io.kboot.bundle.TarWriter;
import io.kboot.config.Echo;
import io.kboot.token.ClusterCerts;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A backup file: a tar of MANIFEST ({@link BackupManifest}), {@code etcd/snapshot.db} (etcd's
 * snapshot with the SHA-256 etcd appends), {@code kubeadm-config.yaml} (the ClusterConfiguration) and
 * {@code pki/} (the files every control plane shares: the CAs and their keys, sa.key/sa.pub),
 * optionally {@link Sealed sealed} with an {@link EncryptionKey}. Written with mode 0600 from the
 * first byte and renamed into place, so no reader sees a partial backup.
 */
public final class BackupArchive {
    static final String MANIFEST = "MANIFEST";
    public static final String SNAPSHOT = "etcd/snapshot.db";
    public static final String CLUSTER_CONFIGURATION = "kubeadm-config.yaml";
    static final String PKI = "pki/";
    private static final int MANIFEST_LIMIT = 1 << 20;
    private static final int SHA256_BYTES = 32;

    private BackupArchive() {}

    /**
     * What a backup holds besides its MANIFEST.
     *
     * @param snapshot             a local file with the snapshot as etcd streamed it
     * @param pki                  the shared control-plane files, by path relative to the certificate directory
     * @param clusterConfiguration the ClusterConfiguration document
     */
    public record Contents(Path snapshot, Map<String, byte[]> pki, String clusterConfiguration) {
        public Contents {
            pki = Map.copyOf(pki);
        }
    }

    /**
     * The result of reading a backup whole.
     *
     * @param manifest     its MANIFEST
     * @param encrypted    whether it was sealed
     * @param databaseSize the snapshot's database size, without the SHA-256 etcd appends
     */
    public record Verified(BackupManifest manifest, boolean encrypted, long databaseSize) {}

    /** Writes the backup; the manifest's file list is made here. Returns the manifest written. */
    static BackupManifest write(Path out, BackupManifest about, Contents contents, Optional<EncryptionKey> key,
            SecureRandom random) throws IOException {
        List<BackupManifest.FileEntry> files = new ArrayList<>();
        files.add(new BackupManifest.FileEntry(SNAPSHOT, 0600, Files.size(contents.snapshot()), sha256(contents.snapshot())));
        byte[] config = contents.clusterConfiguration().getBytes(StandardCharsets.UTF_8);
        files.add(new BackupManifest.FileEntry(CLUSTER_CONFIGURATION, 0644, config.length, sha256(config)));
        Map<String, byte[]> pki = new LinkedHashMap<>();
        for (String name : ClusterCerts.FILES) {
            byte[] content = contents.pki().get(name);
            if (content == null) {
                throw new IllegalArgumentException("no " + name + " to back up");
            }
            pki.put(PKI + name, content);
            files.add(new BackupManifest.FileEntry(PKI + name, name.endsWith(".key") ? 0600 : 0644, content.length,
                    sha256(content)));
        }
        BackupManifest manifest = new BackupManifest(about.taken(), about.node(), about.clusterName(),
                about.kubernetesVersion(), about.etcd(), files);
        PrivateFile.replace(out, raw -> {
            try (OutputStream file = new BufferedOutputStream(raw, 1 << 16);
                    OutputStream sink = key.isPresent() ? Sealed.sealing(file, key.get(), random) : file;
                    TarWriter tar = new TarWriter(sink)) {
                tar.bytes(MANIFEST, 0600, manifest.render());
                tar.file(SNAPSHOT, 0600, contents.snapshot());
                tar.bytes(CLUSTER_CONFIGURATION, 0644, config);
                for (var entry : pki.entrySet()) {
                    tar.bytes(entry.getKey(), entry.getKey().endsWith(".key") ? 0600 : 0644, entry.getValue());
                }
                tar.finish();
            }
        });
        return manifest;
    }

    /** Whether the file is sealed, from its first bytes; checks that it exists and is readable. */
    public static boolean isEncrypted(Path archive) {
        try (InputStream in = Files.newInputStream(archive)) {
            return Sealed.isSealed(in.readNBytes(Sealed.MAGIC.length));
        } catch (IOException e) {
            throw new KbootException.InvalidInput(Echo.quote(archive.toString()) + ": cannot read it ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Reads the backup whole: every entry against its MANIFEST sum, and the snapshot against the
     * SHA-256 etcd appended to it (the check etcdutl makes before a restore). With {@code extractTo},
     * also writes the entries there (keys and the snapshot 0600).
     *
     * @throws KbootException.InvalidInput when it is encrypted and no key, or the wrong key, is given
     * @throws KbootException.StepFailed    naming what is damaged, missing or not kboot's
     */
    public static Verified verify(Path archive, Optional<EncryptionKey> key, Optional<Path> extractTo) {
        String name = archive.getFileName().toString();
        boolean encrypted = isEncrypted(archive);
        if (encrypted && key.isEmpty()) {
            throw new KbootException.InvalidInput(name + " is encrypted: give its key with --encrypt-key-file");
        }
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
                InputStream plain = encrypted ? Sealed.opening(file, key.get(), name) : file;
                TarReader tar = new TarReader(plain)) {
            BackupManifest manifest = readManifest(tar, name);
            Iterator<BackupManifest.FileEntry> expected = manifest.files().iterator();
            long databaseSize = -1;
            for (Optional<TarReader.Entry> entry = tar.next(); entry.isPresent(); entry = tar.next()) {
                TarReader.Entry e = entry.get();
                if (!expected.hasNext()) {
                    throw damaged(name, "it holds " + Echo.quote(e.name()) + ", which its MANIFEST does not list");
                }
                BackupManifest.FileEntry want = expected.next();
                if (!e.name().equals(want.path()) || !e.regularFile() || e.size() != want.size()) {
                    throw damaged(name, "entry " + Echo.quote(e.name()) + " is not the " + want.path() + " of "
                            + want.size() + " bytes its MANIFEST lists next");
                }
                Copied copied = copy(tar.content(), extractTo.map(dir -> dir.resolve(want.path())), want.mode(),
                        want.path().equals(SNAPSHOT));
                if (!copied.sha256().equals(want.sha256())) {
                    throw damaged(name, want.path() + " does not match its SHA-256 in MANIFEST");
                }
                if (want.path().equals(SNAPSHOT)) {
                    if (!copied.etcdSumMatches()) {
                        throw damaged(name, SNAPSHOT + " does not end with the SHA-256 of its database, as etcd's snapshots do");
                    }
                    databaseSize = want.size() - SHA256_BYTES;
                }
            }
            if (expected.hasNext()) {
                throw damaged(name, "it ends before " + expected.next().path() + ", which its MANIFEST lists");
            }
            requireComplete(manifest, name);
            return new Verified(manifest, encrypted, databaseSize);
        } catch (IOException e) {
            throw damaged(name, "it is not a readable tar (" + e.getMessage() + ")");
        }
    }

    /**
     * The backup verified and unpacked into a private temporary directory, removed when the JVM exits
     * (it holds the CA keys and every Secret), for a restore.
     */
    public static Unpacked unpack(Path archive, Optional<EncryptionKey> key) {
        Path dir = ScratchDir.createForRun("kboot-restore-");
        Verified verified = verify(archive, key, Optional.of(dir));
        try {
            return new Unpacked(dir, verified, Files.readString(dir.resolve(CLUSTER_CONFIGURATION)));
        } catch (IOException e) {
            throw new KbootException.StepFailed("cannot read " + CLUSTER_CONFIGURATION + " unpacked from " + archive, e);
        }
    }

    /**
     * An unpacked backup.
     *
     * @param dir                  where its entries are
     * @param verified             what verifying it found
     * @param clusterConfiguration its kubeadm-config.yaml
     */
    public record Unpacked(Path dir, Verified verified, String clusterConfiguration) {}

    private static BackupManifest readManifest(TarReader tar, String name) throws IOException {
        Optional<TarReader.Entry> first = tar.next();
        if (first.isEmpty() || !first.get().name().equals(MANIFEST) || first.get().size() > MANIFEST_LIMIT) {
            throw damaged(name, "it does not start with a MANIFEST: not a kboot etcd backup");
        }
        try {
            return BackupManifest.parse(tar.content().readAllBytes());
        } catch (IllegalArgumentException e) {
            throw damaged(name, e.getMessage());
        }
    }

    private static void requireComplete(BackupManifest manifest, String name) {
        List<String> missing = new ArrayList<>();
        for (String path : required()) {
            if (manifest.file(path).isEmpty()) {
                missing.add(path);
            }
        }
        if (!missing.isEmpty()) {
            throw damaged(name, "it lacks " + String.join(", ", missing));
        }
    }

    private static List<String> required() {
        List<String> paths = new ArrayList<>(List.of(SNAPSHOT, CLUSTER_CONFIGURATION));
        ClusterCerts.FILES.forEach(f -> paths.add(PKI + f));
        return paths;
    }

    private static KbootException.StepFailed damaged(String name, String what) {
        return new KbootException.StepFailed(name + " is damaged or not a kboot etcd backup: " + what);
    }

    /** What copying an entry found: its SHA-256, and for a snapshot whether its last 32 bytes are the sum of the rest. */
    private record Copied(String sha256, boolean etcdSumMatches) {}

    private static Copied copy(InputStream in, Optional<Path> target, int mode, boolean snapshot) throws IOException {
        MessageDigest whole = digest();
        MessageDigest database = digest();
        // The last 32 bytes seen so far: everything before them is the database.
        byte[] tail = new byte[0];
        OutputStream out = target.isPresent() ? create(target.get(), mode) : OutputStream.nullOutputStream();
        try (out) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0;) {
                whole.update(buffer, 0, n);
                out.write(buffer, 0, n);
                if (snapshot) {
                    byte[] joined = Arrays.copyOf(tail, tail.length + n);
                    System.arraycopy(buffer, 0, joined, tail.length, n);
                    int keep = Math.min(SHA256_BYTES, joined.length);
                    database.update(joined, 0, joined.length - keep);
                    tail = Arrays.copyOfRange(joined, joined.length - keep, joined.length);
                }
            }
        }
        boolean sumMatches = snapshot && tail.length == SHA256_BYTES && Arrays.equals(database.digest(), tail);
        return new Copied(HexFormat.of().formatHex(whole.digest()), sumMatches);
    }

    private static OutputStream create(Path file, int mode) throws IOException {
        Files.createDirectories(file.getParent());
        String bits = mode == 0600 ? "rw-------" : "rw-r--r--";
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(bits)));
        return new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0;) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
