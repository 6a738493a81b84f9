package io.kboot.hostprep;

import io.kboot.host.Command;
import io.kboot.host.Host;
import io.kboot.host.Shell;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The "look" of a step: one read-only script that reports everything the step needs to decide
 * what to change, in one round trip. It prints {@code key=value} lines; files the step compares
 * come back as a SHA-256 ({@link #sha}) or, when the step edits them, whole ({@link #file}).
 */
public final class Probe {
    private static final String PRELUDE = """
            kb_sha() { if [ -f "$1" ]; then echo "sha:$2=$(sha256sum < "$1" | cut -d' ' -f1)"; else echo "sha:$2=-"; fi; }
            kb_cat() { if [ -f "$1" ]; then echo "file:$2=$(base64 < "$1" | tr -d '\\n')"; else echo "file:$2=-"; fi; }
            """;

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
        body.append("kb_sha ").append(paths.at(path)).append(' ').append(path).append('\n');
        return this;
    }

    /** Reports a file's whole content (for files a step edits rather than replaces). */
    public Probe file(String path) {
        body.append("kb_cat ").append(paths.at(path)).append(' ').append(path).append('\n');
        return this;
    }

    /** Shell lines that print {@code key=value} lines. */
    public Probe shell(String lines) {
        body.append(lines.strip()).append('\n');
        return this;
    }

    /** Prints {@code key=<path of command>} if the command is in PATH. */
    public Probe command(String key, String command) {
        body.append("if command -v ").append(Shell.quote(command)).append(" >/dev/null 2>&1; then echo \"")
                .append(key).append("=$(command -v ").append(Shell.quote(command)).append(")\"; fi\n");
        return this;
    }

    public String script() {
        return marker(step) + "\n" + PRELUDE + body;
    }

    /** Runs the probe; it is a query, so it runs in a dry run as well. */
    public Result run(Host host) {
        String out = host.exec(Command.query(script())).orFail(host, "checking " + step).stdout();
        return Result.parse(out);
    }

    /** What a probe reported. */
    public record Result(Map<String, List<String>> values) {
        public Result {
            values = Map.copyOf(values);
        }

        static Result parse(String output) {
            Map<String, List<String>> values = new LinkedHashMap<>();
            for (String line : output.split("\n")) {
                int eq = line.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                values.computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>()).add(line.substring(eq + 1).strip());
            }
            return new Result(values);
        }

        public Optional<String> value(String key) {
            List<String> list = values.get(key);
            return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
        }

        public List<String> values(String key) {
            return values.getOrDefault(key, List.of());
        }

        public boolean has(String key) {
            return values.containsKey(key);
        }

        /** Whether the file exists (asked with {@link Probe#sha} or {@link Probe#file}). */
        public boolean exists(String path) {
            return value("sha:" + path).or(() -> value("file:" + path)).filter(v -> !v.equals("-")).isPresent();
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
