package io.kboot.bundle;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Reads a tar entry by entry, for archives outside the bundle (etcd backups), keeping commons-compress here. */
public final class TarReader implements Closeable {
    /**
     * One entry's header.
     *
     * @param regularFile false for directories, links and devices
     */
    public record Entry(String name, int mode, long size, boolean regularFile) {}

    private final TarArchiveInputStream tar;

    public TarReader(InputStream in) {
        tar = new TarArchiveInputStream(in);
    }

    /** The next entry, whose content {@link #content()} then reads; empty at the end of the archive. */
    public Optional<Entry> next() throws IOException {
        TarArchiveEntry entry = tar.getNextEntry();
        return entry == null ? Optional.empty()
                : Optional.of(new Entry(entry.getName(), entry.getMode() & 07777, entry.getSize(), entry.isFile()));
    }

    /** The current entry's content; closing it does not close the archive. */
    public InputStream content() {
        return new FilterInputStream(tar) {
            @Override
            public void close() {}
        };
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }
}
