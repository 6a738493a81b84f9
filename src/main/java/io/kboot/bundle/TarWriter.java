package io.kboot.bundle;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * A tar written the same way every time, so the same inputs give the same bytes and digests:
 * owner 0:0 without names, modification time 0, permission bits only, and PAX headers for long
 * names. The caller adds entries in a fixed order. Public for the other archives kboot writes (etcd
 * backups), which keep commons-compress behind this class.
 */
public final class TarWriter implements Closeable {
    private static final FileTime EPOCH = FileTime.fromMillis(0);

    private final TarArchiveOutputStream tar;

    public TarWriter(OutputStream out) {
        tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    void directory(String path, int mode) throws IOException {
        TarArchiveEntry entry = entry(new TarArchiveEntry(path.endsWith("/") ? path : path + "/"), mode);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    void symlink(String path, String target) throws IOException {
        TarArchiveEntry entry = entry(new TarArchiveEntry(path, TarConstants.LF_SYMLINK), 0777);
        entry.setLinkName(target);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    public void bytes(String path, int mode, byte[] data) throws IOException {
        TarArchiveEntry entry = entry(new TarArchiveEntry(path), mode);
        entry.setSize(data.length);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    /** Copies a file in; returns the SHA-256 (hex) of its content. */
    public String file(String path, int mode, Path source) throws IOException {
        TarArchiveEntry entry = entry(new TarArchiveEntry(path), mode);
        long size = Files.size(source);
        entry.setSize(size);
        tar.putArchiveEntry(entry);
        MessageDigest digest = Sha256.digest();
        long copied = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(source)) {
            for (int n; (n = in.read(buffer)) > 0;) {
                if (copied + n > size) {
                    throw new IOException(source + " grew while it was being copied");
                }
                tar.write(buffer, 0, n);
                digest.update(buffer, 0, n);
                copied += n;
            }
        }
        if (copied != size) {
            throw new IOException(source + " shrank while it was being copied");
        }
        tar.closeArchiveEntry();
        return HexFormat.of().formatHex(digest.digest());
    }

    private static TarArchiveEntry entry(TarArchiveEntry entry, int mode) {
        entry.setMode(mode & 07777);
        entry.setModTime(EPOCH);
        entry.setIds(0, 0);
        // The constructor fills in the JVM's user name; an image or bundle must not carry it.
        entry.setUserName("");
        entry.setGroupName("");
        return entry;
    }

    /** Writes the end-of-archive blocks; the underlying stream stays open. */
    public void finish() throws IOException {
        tar.finish();
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }
}
