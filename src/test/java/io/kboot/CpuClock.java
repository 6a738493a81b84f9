package io.kboot;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

/**
 * The CPU time this thread has used, for the tests that guard against quadratic work: a loaded
 * machine stretches the wall clock, not the work, so the bounds hold on a busy CI runner too.
 */
public final class CpuClock {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final long started = THREADS.getCurrentThreadCpuTime();

    public static CpuClock start() {
        return new CpuClock();
    }

    public Duration spent() {
        return Duration.ofNanos(THREADS.getCurrentThreadCpuTime() - started);
    }
}
