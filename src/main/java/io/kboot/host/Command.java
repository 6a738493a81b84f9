package io.kboot.host;

import java.time.Duration;
import java.util.Objects;

/**
 * One POSIX sh script to run on a host. A step batches what it needs into one script rather than
 * one round trip per command. {@code mutating} tells a dry run whether running it would change
 * the host: queries run for real, changes are only recorded.
 *
 * <p>Scripts must not contain secrets: they may be printed in a dry-run plan or an error. Secrets
 * travel as uploaded file content.
 */
public record Command(String script, boolean mutating, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    public Command {
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(timeout, "timeout");
        if (script.isBlank()) {
            throw new IllegalArgumentException("empty command");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    /** A read-only command: it runs even in a dry run. */
    public static Command query(String script) {
        return new Command(script, false, DEFAULT_TIMEOUT);
    }

    /** A command that changes the host: a dry run records it instead of running it. */
    public static Command change(String script) {
        return new Command(script, true, DEFAULT_TIMEOUT);
    }

    public Command withTimeout(Duration newTimeout) {
        return new Command(script, mutating, newTimeout);
    }
}
