package io.kboot.bundle;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Kubernetes build the integration tests use (scripts/k8s/build's output directory). A
 * missing or incomplete build fails the test with how to make it; it never skips silently.
 */
public final class K8sBuild {
    private K8sBuild() {}

    public static Path locate(List<String> required) {
        Path script = Path.of("scripts/k8s/build");
        Path dir;
        try {
            Process process = new ProcessBuilder(script.toString(), "--print-dir").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return fail(script + " --print-dir failed: " + out);
            }
            dir = Path.of(out.substring(out.lastIndexOf('\n') + 1));
        } catch (IOException e) {
            return fail("cannot run " + script + " --print-dir: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
        for (String relative : required) {
            if (!Files.exists(dir.resolve(relative))) {
                fail("the Kubernetes build is missing or incomplete: " + dir.resolve(relative)
                        + " does not exist. Run scripts/k8s/build"
                        + " (scripts/test runs it before the integration tests; a cold build takes about 20 minutes).");
            }
        }
        return dir;
    }
}
