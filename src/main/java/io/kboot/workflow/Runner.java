package io.kboot.workflow;

import io.kboot.KbootException;
import java.time.Duration;

/** Runs a plan's phases in order, timing each and naming the phase in any failure. */
public final class Runner {
    private Runner() {}

    public static <C> void run(Plan<C> plan, C context, PhaseListener listener) {
        for (Plan.Step<C> step : plan.steps()) {
            if (step.skipped()) {
                listener.skipped(step.path());
                continue;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new KbootException.Interrupted("interrupted before phase " + step.path(), null);
            }
            listener.started(step.path());
            long start = System.nanoTime();
            try {
                step.phase().action().orElseThrow().run(context);
            } catch (Exception e) {
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                listener.failed(step.path(), took, e);
                throw PhaseFailedException.wrap(step.path(), e);
            }
            listener.finished(step.path(), Duration.ofNanos(System.nanoTime() - start));
        }
    }
}
