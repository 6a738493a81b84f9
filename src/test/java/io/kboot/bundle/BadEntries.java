package io.kboot.bundle;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Bundles with one bad entry each, made from a good one. The base bundle adds an empty regular file,
 * {@value #EMPTY}, listed in MANIFEST: a link, a device or a FIFO put in its place passes every
 * checksum (an entry without data hashes as the empty file), and the MANIFEST, and so the bundle's
 * id, stays the same, so the node-side check can be given the bad tar as if it had been changed on
 * the way.
 */
final class BadEntries {
    static final String EMPTY = "bin/empty";
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /** One header and its data, written as is. */
    record Raw(TarArchiveEntry header, byte[] data) {
        String name() {
            return header.getName();
        }
    }

    private BadEntries() {}

    /** The good bundle with {@value #EMPTY} added and listed. */
    static Path base(Path good, Path out) {
        List<Raw> entries = new ArrayList<>();
        for (FakeBuild.Entry e : read(good)) {
            if (e.name().equals(Manifest.NAME)) {
                entries.add(file(EMPTY, 0755, new byte[0]));
                String manifest = e.text() + "file " + EMPTY + " 0 " + EMPTY_SHA256 + "\n";
                entries.add(file(Manifest.NAME, 0644, manifest.getBytes(StandardCharsets.UTF_8)));
            } else {
                entries.add(new Raw(e.header(), e.data()));
            }
        }
        write(out, entries);
        return out;
    }

    /** A copy of {@code base} edited entry list and all. */
    static Path variant(Path base, Path out, UnaryOperator<List<Raw>> edit) {
        List<Raw> entries = new ArrayList<>();
        read(base).forEach(e -> entries.add(new Raw(e.header(), e.data())));
        write(out, edit.apply(entries));
        return out;
    }

    /** {@value #EMPTY} replaced by another kind of entry. */
    static UnaryOperator<List<Raw>> emptyFileBecomes(TarArchiveEntry header) {
        return entries -> entries.stream().map(r -> r.name().equals(EMPTY) ? new Raw(header, new byte[0]) : r).toList();
    }

    /** The entry named {@code name} with another mode. */
    static UnaryOperator<List<Raw>> withMode(String name, int mode) {
        return entries -> entries.stream().map(r -> {
            if (!r.name().equals(name)) {
                return r;
            }
            TarArchiveEntry header = file(name, mode, r.data()).header();
            return new Raw(header, r.data());
        }).toList();
    }

    /** {@code extra} added before the other entries (tar unpacks them first). */
    static UnaryOperator<List<Raw>> adding(Raw... extra) {
        return entries -> {
            List<Raw> all = new ArrayList<>(List.of(extra));
            all.addAll(entries);
            return all;
        };
    }

    static Raw file(String name, int mode, byte[] data) {
        TarArchiveEntry header = new TarArchiveEntry(name, true);
        header.setMode(mode);
        header.setSize(data.length);
        return new Raw(header, data);
    }

    static Raw directory(String name, int mode) {
        TarArchiveEntry header = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, true);
        header.setMode(mode);
        return new Raw(header, new byte[0]);
    }

    static TarArchiveEntry symlink(String name, String target) {
        TarArchiveEntry header = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
        header.setLinkName(target);
        header.setMode(0777);
        return header;
    }

    static TarArchiveEntry hardLink(String name, String target) {
        TarArchiveEntry header = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
        header.setLinkName(target);
        header.setMode(0755);
        return header;
    }

    /** A device node: {@code flag} LF_CHR or LF_BLK; 1:3 is /dev/null, 8:0 the first SCSI disk. */
    static TarArchiveEntry device(String name, byte flag, int major, int minor) {
        TarArchiveEntry header = new TarArchiveEntry(name, flag, true);
        header.setDevMajor(major);
        header.setDevMinor(minor);
        header.setMode(0644);
        return header;
    }

    static TarArchiveEntry fifo(String name) {
        TarArchiveEntry header = new TarArchiveEntry(name, TarConstants.LF_FIFO, true);
        header.setMode(0644);
        return header;
    }

    private static List<FakeBuild.Entry> read(Path tar) {
        try {
            return FakeBuild.read(tar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes headers as given: names are not normalised (preserveAbsolutePath), types and modes kept. */
    static void write(Path tar, List<Raw> entries) {
        try (OutputStream out = Files.newOutputStream(tar); TarArchiveOutputStream t = new TarArchiveOutputStream(out, "UTF-8")) {
            t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Raw raw : entries) {
                raw.header().setModTime(0);
                raw.header().setIds(0, 0);
                t.putArchiveEntry(raw.header());
                t.write(raw.data());
                t.closeArchiveEntry();
            }
            t.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
