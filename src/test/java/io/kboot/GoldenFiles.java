package io.kboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under src/test/resources/golden: what a test produces must equal the checked-in file; with
 * -Dgolden.update=true the file is (re)written instead, for a reviewer to read in the diff.
 */
public final class GoldenFiles {
    private GoldenFiles() {}

    /** @param name relative to src/test/resources/golden */
    public static void assertGolden(String name, String actual) {
        Path file = Path.of("src/test/resources/golden", name);
        try {
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual);
                return;
            }
            assertTrue(Files.exists(file), "golden file missing: " + file + " (run with -Dgolden.update=true)");
            assertEquals(Files.readString(file), actual, "differs from golden file " + file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
