package io.kboot.etcd;

import io.kboot.KbootException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A private (0700) temporary directory on this machine for what a backup holds once out of its archive:
 * the CA keys and every Secret. Removed by the caller, or at the JVM's exit.
 */
public final class ScratchDir {
    private ScratchDir() {}

    /** @throws KbootException.StepFailed when it cannot be made */
    public static Path create(String prefix) {
        try {
            return Files.createTempDirectory(prefix, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new KbootException.StepFailed("cannot make a temporary directory: " + e.getMessage(), e);
        }
    }

    /** Best effort: a directory left behind is 0700, not worth failing a run over. */
    public static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // Left behind, private.
        }
    }

    /** Removed when the JVM exits. */
    static Path createForRun(String prefix) {
        Path dir = create(prefix);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
        return dir;
    }
}
