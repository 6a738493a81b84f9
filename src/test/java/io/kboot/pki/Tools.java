package io.kboot.pki;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real command-line tools for integration tests; a missing tool fails the test, never skips it. */
public final class Tools {
    private Tools() {}

    /** The tool's path; fails with how to install it when it is not on PATH. */
    public static String require(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return Path.of(dir, tool).toString();
            }
        }
        return fail(tool + " is not installed: run scripts/test (what .ci/run runs), which installs openssl, "
                + "etcd-server and etcd-client, or: apt-get install -y openssl etcd-server etcd-client");
    }

    public record Result(int exitCode, String stdout, String stderr) {}

    /** Runs a command in {@code dir} and returns what it wrote; 60 s at most. */
    public static Result run(Path dir, String... argv) {
        try {
            Path err = Files.createTempFile("tool", ".err");
            Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", argv) + " timed out");
            }
            String stderr = Files.readString(err);
            Files.delete(err);
            return new Result(p.exitValue(), out, stderr);
        } catch (IOException e) {
            return fail("cannot run " + argv[0] + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    /** Runs a command that must succeed; its stdout. */
    public static String ok(Path dir, String... argv) {
        Result r = run(dir, argv);
        if (r.exitCode() != 0) {
            fail(String.join(" ", argv) + " failed (exit " + r.exitCode() + "): " + r.stderr() + r.stdout());
        }
        return r.stdout();
    }
}
