package io.kboot.workflow;

import io.kboot.KbootException;
import java.time.Duration;
import java.util.Optional;

/**
 * Runs a plan's phases in order, timing each and naming the phase in any failure. A phase left
 * out by {@code --skip-phases} or whose {@link RunIf} says no is reported skipped, with why.
 */
public final class Runner {
    /** The reason given for a phase the user left out. */
    public static final String SKIPPED_BY_REQUEST = "--skip-phases";

    private Runner() {}

    public static <C> void run(Plan<C> plan, C context, PhaseListener listener) {
        for (Plan.Step<C> step : plan.steps()) {
            if (step.skipped()) {
                listener.skipped(step.path(), SKIPPED_BY_REQUEST);
                continue;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new KbootException.Interrupted("interrupted before phase " + step.path(), null);
            }
            Optional<String> skipReason = guarded(step, listener, () -> step.runIf().skipReason(context));
            if (skipReason.isPresent()) {
                listener.skipped(step.path(), skipReason.get());
                continue;
            }
            listener.started(step.path());
            Duration took = guarded(step, listener, () -> {
                long start = System.nanoTime();
                step.phase().action().orElseThrow().run(context);
                return Duration.ofNanos(System.nanoTime() - start);
            });
            listener.finished(step.path(), took);
        }
    }

    private interface Work<T> {
        T run() throws Exception;
    }

    /** Runs part of a step; a failure is reported against the step, with how long the part ran, and named by its path. */
    private static <T> T guarded(Plan.Step<?> step, PhaseListener listener, Work<T> work) {
        long start = System.nanoTime();
        try {
            return work.run();
        } catch (Exception e) {
            listener.failed(step.path(), Duration.ofNanos(System.nanoTime() - start), e);
            throw PhaseFailedException.wrap(step.path(), e);
        }
    }
}
