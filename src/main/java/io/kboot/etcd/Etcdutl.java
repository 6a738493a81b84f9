package io.kboot.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kboot.KbootException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * etcd's own reading of a snapshot on this machine ({@code etcdutl snapshot status -w json}): the
 * key count and etcd's hash, which only etcd's bbolt reader gives. Optional for {@code status}: the
 * archive's sums and etcd's appended SHA-256 are checked without it.
 */
public final class Etcdutl {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What etcdutl says of a snapshot.
     *
     * @param hash      etcd's CRC-32 of the database's content
     * @param revision  the store's revision in the snapshot
     * @param totalKeys the keys in it, every revision's
     * @param totalSize the database's size
     */
    public record SnapshotStatus(long hash, long revision, long totalKeys, long totalSize) {}

    private final Path binary;

    private Etcdutl(Path binary) {
        this.binary = binary;
    }

    /** {@code --etcdutl FILE}, else etcdutl on PATH; empty when there is none. */
    public static Optional<Etcdutl> find(Optional<Path> given) {
        if (given.isPresent()) {
            if (!Files.isExecutable(given.get())) {
                throw new KbootException.InvalidInput("--etcdutl " + given.get() + ": not an executable file");
            }
            return Optional.of(new Etcdutl(given.get()));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "etcdutl");
            if (Files.isExecutable(candidate)) {
                return Optional.of(new Etcdutl(candidate));
            }
        }
        return Optional.empty();
    }

    /** @throws KbootException.StepFailed with etcdutl's own words when it cannot read the snapshot */
    public SnapshotStatus status(Path snapshot) {
        try {
            Process process = new ProcessBuilder(binary.toString(), "snapshot", "status", snapshot.toString(), "-w", "json")
                    .redirectErrorStream(true).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new KbootException.StepFailed(binary + " snapshot status did not finish within 60 s");
            }
            if (process.exitValue() != 0) {
                throw new KbootException.StepFailed(binary + " snapshot status failed (exit " + process.exitValue() + "): "
                        + out.strip());
            }
            JsonNode status = JSON.readTree(out.substring(out.indexOf('{')));
            return new SnapshotStatus(status.path("hash").asLong(), status.path("revision").asLong(),
                    status.path("totalKey").asLong(), status.path("totalSize").asLong());
        } catch (IOException | StringIndexOutOfBoundsException e) {
            throw new KbootException.StepFailed(binary + " snapshot status: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KbootException.Interrupted("interrupted while running etcdutl", e);
        }
    }
}
