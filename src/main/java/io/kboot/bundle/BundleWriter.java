package io.kboot.bundle;

import io.kboot.KbootException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Writes an offline bundle: one uncompressed tar with {@code bin/}, {@code cni/},
 * {@code images/*.tar} (OCI archives) and, last, {@code MANIFEST}. Uncompressed because the nodes
 * that unpack it may be slow (the lab's VMs are emulated) and the binaries compress to only
 * about 40 %. Entries are in a fixed order with fixed metadata, so the same build gives the
 * same bundle. The file appears under its name only when complete.
 */
public final class BundleWriter {

    /** What was written. */
    public record Result(Path bundle, String id, long size, int files, int images, Map<String, String> versions) {}

    private BundleWriter() {}

    /**
     * Builds the bundle of the build in {@code from} (scripts/k8s/build's output directory).
     *
     * @throws io.kboot.KbootException.InvalidInput if the build is incomplete or disagrees with kboot
     */
    public static Result create(Path from, Path output, String imageRepository, boolean gzipLayers, Consumer<String> progress) {
        BundleContents contents = BundleContents.of(BuildDir.open(from), imageRepository);
        return write(contents, output, gzipLayers ? OciImage.Compression.GZIP : OciImage.Compression.NONE, progress);
    }

    static Result write(BundleContents contents, Path output, OciImage.Compression compression, Consumer<String> progress) {
        Path target = output.toAbsolutePath();
        if (Files.isDirectory(target)) {
            throw new KbootException.InvalidInput("-o " + output + " is a directory; name the bundle file");
        }
        Path dir = target.getParent();
        Path partial = dir.resolve("." + target.getFileName() + ".partial");
        Path work = null;
        try {
            Files.createDirectories(dir);
            work = Files.createTempDirectory(dir, ".kboot-bundle-");
            List<Manifest.Entry> files = new ArrayList<>();
            List<Manifest.Image> images = new ArrayList<>();
            byte[] manifest;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16);
                    TarWriter tar = new TarWriter(out)) {
                for (Map.Entry<String, Path> file : new TreeMap<>(contents.files()).entrySet()) {
                    String sha = tar.file(file.getKey(), 0755, file.getValue());
                    files.add(new Manifest.Entry(file.getKey(), Files.size(file.getValue()), sha));
                }
                List<ImageSpec> specs = contents.images().stream().sorted(Comparator.comparing(ImageSpec::archiveName)).toList();
                for (ImageSpec spec : specs) {
                    Path archive = work.resolve(spec.archiveName());
                    OciImage.Written written = OciImage.write(spec, compression, archive);
                    String path = "images/" + spec.archiveName();
                    String sha = tar.file(path, 0644, archive);
                    files.add(new Manifest.Entry(path, written.archiveSize(), sha));
                    images.add(new Manifest.Image(path, spec.ref(), written.manifestDigest()));
                    Files.delete(archive);
                    progress.accept("image " + spec.ref() + " " + written.manifestDigest() + " ("
                            + megabytes(written.archiveSize()) + ")");
                }
                manifest = new Manifest(contents.versions(), images, files).render().getBytes(StandardCharsets.UTF_8);
                tar.bytes(Manifest.NAME, 0644, manifest);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new Result(target, Sha256.hex(manifest), Files.size(target), files.size(), images.size(), contents.versions());
        } catch (IOException | UncheckedIOException e) {
            throw new KbootException.StepFailed("cannot write the bundle " + target + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(partial);
            if (work != null) {
                deleteTree(work);
            }
        }
    }

    /** "kboot-bundle-v1.36.3.tar" for a build of v1.36.3. */
    public static String defaultFileName(Path from) {
        return "kboot-bundle-" + BuildDir.open(from).version("KUBERNETES_VERSION") + ".tar";
    }

    /** Sizes as kboot's output writes them: "721.3 MB". */
    public static String megabytes(long bytes) {
        return String.format("%.1f MB", bytes / 1e6);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Leftovers are named .*.partial / .kboot-bundle-*; the failure that got us here matters more.
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(BundleWriter::deleteQuietly);
        } catch (IOException e) {
            // As above.
        }
    }
}
