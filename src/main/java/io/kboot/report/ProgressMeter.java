package io.kboot.report;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Turns a running count (bytes read by an upload, files checked by a node) into a progress report
 * every 15 seconds at most: a minutes-long transfer to an emulated node says how far it is, at
 * what rate and how long it has left, and a short one says nothing extra. Counts may come from
 * another thread (an SSH transfer's); reports go to a thread-safe {@link Reporter}.
 */
public final class ProgressMeter implements LongConsumer {
    static final Duration EVERY = Duration.ofSeconds(15);

    private final Reporter reporter;
    private final String host;
    private final String what;
    private final long total;
    private final String unit;
    private final LongSupplier nanoTime;
    private long nextReport;
    /**
     * When the first count came, and what it was: the rate is measured from there, so work before it (an
     * unpack before the first checksum) does not count as slowness.
     */
    private long firstAt = -1;
    private long firstDone;

    public ProgressMeter(Reporter reporter, String host, String what, long total, String unit) {
        this(reporter, host, what, total, unit, System::nanoTime);
    }

    ProgressMeter(Reporter reporter, String host, String what, long total, String unit, LongSupplier nanoTime) {
        this.reporter = reporter;
        this.host = host;
        this.what = what;
        this.total = total;
        this.unit = unit;
        this.nanoTime = nanoTime;
        this.nextReport = nanoTime.getAsLong() + EVERY.toNanos();
    }

    /** The count so far; reports when 15 s have passed since the start or the last report. */
    @Override
    public synchronized void accept(long done) {
        long now = nanoTime.getAsLong();
        if (firstAt < 0) {
            firstAt = now;
            firstDone = done;
            nextReport = Math.max(nextReport, now + 1);
            return;
        }
        if (now < nextReport || done >= total) {
            return;
        }
        nextReport = now + EVERY.toNanos();
        double seconds = (now - firstAt) / 1e9;
        double rate = seconds > 0 ? (done - firstDone) / seconds : 0;
        Optional<Duration> left =
                rate > 0 ? Optional.of(Duration.ofSeconds(Math.round((total - done) / rate))) : Optional.empty();
        reporter.progress(host, new Progress(what, done, total, unit, rate, left));
    }
}
