package io.kboot.cli;

import io.kboot.config.Echo;
import io.kboot.config.GoDuration;
import io.kboot.drain.DrainOptions;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The drain flags of the commands that take a node out of service: kboot reset -f, kboot upgrade apply and node. */
final class DrainFlags {
    @Option(names = "--no-drain",
            description = "Do not cordon and drain the nodes first: their pods are killed where they run, PodDisruptionBudgets"
                    + " or not.")
    boolean noDrain;

    @Option(names = "--drain-timeout", paramLabel = "DURATION", converter = PositiveDuration.class,
            description = "How long a node's drain may take, evictions a PodDisruptionBudget refuses retried until then"
                    + " (a Go duration, default: 5m). On a timeout, as on any drain failure, the nodes it cordoned are"
                    + " uncordoned and the command stops.")
    Optional<Duration> timeout = Optional.empty();

    @Option(names = "--delete-emptydir-data",
            description = "Also evict pods with emptyDir volumes, whose data is lost (kubectl drain's flag).")
    boolean deleteEmptyDirData;

    @Option(names = "--force-drain",
            description = "Also evict pods that no controller manages, which nothing recreates (kubectl drain's --force).")
    boolean forceDrain;

    DrainOptions options() {
        return new DrainOptions(!noDrain, timeout.orElse(DrainOptions.DEFAULT_TIMEOUT), deleteEmptyDirData, forceDrain);
    }

    /** True when a drain flag was given: for a command that would ignore them, to refuse them instead. */
    boolean given() {
        return noDrain || timeout.isPresent() || deleteEmptyDirData || forceDrain;
    }

    /** --drain-timeout: a Go duration longer than zero. */
    static final class PositiveDuration extends Converters.Parsed<Duration> {
        PositiveDuration() {
            super(value -> {
                Duration duration = GoDuration.parse(value);
                if (duration.isNegative() || duration.isZero()) {
                    throw new IllegalArgumentException(Echo.quote(value) + " must be longer than 0s");
                }
                return duration;
            });
        }
    }
}
