package io.kboot.bundle;

import io.kboot.KbootException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The part of a bundle a worker needs: the same MANIFEST (so the same id, and the node checks it
 * against the same checksums) with every file but the control plane's images and kubeadm. Written
 * once per run, on the workstation, into a temporary file that is removed when kboot exits: a local
 * copy of a few hundred MB takes a second or two, the bytes it saves per worker take minutes on a
 * slow link.
 */
final class WorkerBundle {
    private final Path bundle;
    private final String id;
    private final List<String> leftOut;
    private Path file;

    WorkerBundle(Path bundle, String id, List<String> leftOut) {
        this.bundle = bundle;
        this.id = id;
        this.leftOut = List.copyOf(leftOut);
    }

    /** The bundle's paths a worker does not get. */
    List<String> leftOut() {
        return leftOut;
    }

    /** What the node's {@code .verified} holds after checking a worker's part of bundle {@code id}. */
    String marker() {
        return "worker-" + id;
    }

    /** The worker's bundle file, written on first use. */
    synchronized Path file() {
        if (file == null) {
            try {
                Path dir = Files.createTempDirectory("kboot-bundle-");
                dir.toFile().deleteOnExit();
                Path written = dir.resolve("worker-" + id.substring(0, 12) + ".tar");
                written.toFile().deleteOnExit();
                copyWithout(bundle, written, leftOut);
                file = written;
            } catch (IOException e) {
                throw new KbootException.StepFailed(
                        "cannot write the worker's part of the bundle " + bundle + " to a temporary file: "
                                + e.getMessage());
            }
        }
        return file;
    }

    /** Copies the tar entry by entry, headers unchanged, skipping {@code leftOut}. */
    static void copyWithout(Path from, Path to, List<String> leftOut) throws IOException {
        try (InputStream in = Files.newInputStream(from);
                TarArchiveInputStream source = new TarArchiveInputStream(in);
                OutputStream out = Files.newOutputStream(to);
                TarArchiveOutputStream target = new TarArchiveOutputStream(out, "UTF-8")) {
            target.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            target.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (TarArchiveEntry entry; (entry = source.getNextEntry()) != null;) {
                if (leftOut.contains(entry.getName())) {
                    continue;
                }
                target.putArchiveEntry(entry);
                if (!entry.isDirectory()) {
                    source.transferTo(target);
                }
                target.closeArchiveEntry();
            }
            target.finish();
        }
    }
}
