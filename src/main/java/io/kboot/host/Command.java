package io.kboot.host;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One POSIX sh script to run on a host. A step batches what it needs into one script rather than
 * one round trip per command. {@code mutating} tells a dry run whether running it would change
 * the host: queries run for real, changes are only recorded.
 *
 * <p>Scripts must not contain secrets: they may be printed in a dry-run plan or an error. Secrets
 * travel as uploaded file content.
 */
public record Command(String script, boolean mutating, Duration timeout, Consumer<String> progressLines) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    /** What a script prints before a progress line: {@code echo "kb_progress ..."}. */
    public static final String PROGRESS = "kb_progress ";

    public Command {
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(progressLines, "progressLines");
        if (script.isBlank()) {
            throw new IllegalArgumentException("empty command");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    public Command(String script, boolean mutating, Duration timeout) {
        this(script, mutating, timeout, line -> {});
    }

    /** A read-only command: it runs even in a dry run. */
    public static Command query(String script) {
        return new Command(script, false, DEFAULT_TIMEOUT);
    }

    /** A command that changes the host: a dry run records it instead of running it. */
    public static Command change(String script) {
        return new Command(script, true, DEFAULT_TIMEOUT);
    }

    /** The same command with another script: a decorator's wrapping of this one. */
    public Command withScript(String newScript) {
        return new Command(newScript, mutating, timeout, progressLines);
    }

    public Command withTimeout(Duration newTimeout) {
        return new Command(script, mutating, newTimeout, progressLines);
    }

    /**
     * The same command, its progress lines (stdout lines starting {@link #PROGRESS}, prefix taken
     * off) handed to {@code listener} while it runs: a minutes-long step on a slow node says how
     * far it is. They stay in the output too.
     */
    public Command withProgressLines(Consumer<String> listener) {
        return new Command(script, mutating, timeout, listener);
    }
}
