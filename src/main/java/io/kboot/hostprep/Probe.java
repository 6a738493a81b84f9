package io.kboot.hostprep;

import io.kboot.host.Host;
import io.kboot.script.KeyValues;
import io.kboot.script.Query;
import io.kboot.script.ShellTemplate;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The "look" of a step: one read-only script that reports everything the step needs to decide
 * what to change, in one round trip. It prints {@code key=value} lines; files the step compares
 * come back as a SHA-256 ({@link #sha}) or, when the step edits them, whole ({@link #file}).
 */
public final class Probe {
    private final String step;
    private final HostPaths paths;
    private final StringBuilder body = new StringBuilder();

    public Probe(String step, HostPaths paths) {
        this.step = step;
        this.paths = paths;
    }

    /** The marker every probe script starts with: "# kboot prepare/modules: check". */
    public static String marker(String step) {
        return "# kboot prepare/" + step + ": check";
    }

    /** Reports the SHA-256 of a file, or that it is missing. */
    public Probe sha(String path) {
        body.append(ShellTemplate.of("hostprep/probe/sha.sh").word("node", paths.at(path)).word("path", path).render());
        return this;
    }

    /** Reports a file's whole content (for files a step edits rather than replaces). */
    public Probe file(String path) {
        body.append(ShellTemplate.of("hostprep/probe/file.sh").word("node", paths.at(path)).word("path", path).render());
        return this;
    }

    /** Shell lines that print {@code key=value} lines. */
    public Probe shell(String lines) {
        body.append(lines.strip()).append('\n');
        return this;
    }

    public Probe shell(ShellTemplate lines) {
        return shell(lines.render());
    }

    /**
     * Reports the first line a binary prints when asked its version ({@code kubelet --version}), if
     * it exists: a binary kboot may replace with another version. Empty when it cannot say.
     */
    public Probe version(String path, String... args) {
        body.append(ShellTemplate.of("hostprep/probe/version.sh").word("node", paths.at(path)).word("path", path)
                .words("args", List.of(args)).render());
        return this;
    }

    /** Prints {@code key=<path of command>} if the command is in PATH. */
    public Probe command(String key, String command) {
        body.append(ShellTemplate.of("hostprep/probe/command.sh").word("key", key).word("command", command).render());
        return this;
    }

    public String script() {
        return marker(step) + "\n" + ShellTemplate.load("hostprep/probe/prelude.sh") + body;
    }

    /** Runs the probe; it is a query, so it runs in a dry run as well. */
    public Result run(Host host) {
        return new Result(Query.run(host, script(), "checking " + step));
    }

    /** What a probe reported. */
    public record Result(KeyValues values) {
        static Result parse(String output) {
            return new Result(KeyValues.parse(output));
        }

        public Optional<String> value(String key) {
            return values.value(key);
        }

        public List<String> values(String key) {
            return values.values(key);
        }

        public boolean has(String key) {
            return values.has(key);
        }

        /** Whether the file exists (asked with {@link Probe#sha} or {@link Probe#file}). */
        public boolean exists(String path) {
            return value("sha:" + path).or(() -> value("file:" + path)).filter(v -> !v.equals("-")).isPresent();
        }

        /**
         * The version line of a binary (asked with {@link Probe#version}): empty if the file does not
         * exist, an empty line if it could not say.
         */
        public Optional<String> version(String path) {
            return value("version:" + path);
        }

        /** Whether the file exists with exactly this content (asked with {@link Probe#sha}). */
        public boolean matches(String path, byte[] content) {
            return value("sha:" + path).filter(sha -> sha.equals(sha256(content))).isPresent();
        }

        public boolean matches(String path, String content) {
            return matches(path, content.getBytes(StandardCharsets.UTF_8));
        }

        /** The file's content (asked with {@link Probe#file}), or empty if it does not exist. */
        public Optional<String> file(String path) {
            return value("file:" + path).filter(v -> !v.equals("-"))
                    .map(b64 -> new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8));
        }
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
