package io.kboot.host;

import io.kboot.KbootException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs one step on many hosts at once, at most {@code concurrency} at a time, and reports every
 * host's failure together rather than stopping at the first.
 */
public final class Fanout {
    public static final int DEFAULT_CONCURRENCY = 10;

    /** The step: one host in, one result out; a failure is any exception. */
    @FunctionalInterface
    public interface Step<T, R> {
        R run(T target) throws Exception;
    }

    /** One target's failure. */
    public record Failure(String target, Throwable cause) {
        public String message() {
            String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
            // Host errors already start with the host's name; don't say it twice.
            return message.startsWith(target + ": ") ? message.substring(target.length() + 2) : message;
        }
    }

    /** Thrown when the step failed on one or more targets; the others finished. */
    public static final class Failed extends KbootException.StepFailed {
        private static final long serialVersionUID = 1L;
        private final transient List<Failure> failures;

        Failed(List<Failure> failures, int total) {
            super(describe(failures, total));
            this.failures = List.copyOf(failures);
        }

        public List<Failure> failures() {
            return failures;
        }

        private static String describe(List<Failure> failures, int total) {
            StringBuilder text = new StringBuilder("failed on " + failures.size() + " of " + total + " hosts:");
            for (Failure failure : failures) {
                text.append("\n - ").append(failure.target()).append(": ").append(failure.message());
            }
            return text.toString();
        }
    }

    private Fanout() {}

    /**
     * Runs {@code step} for every target and returns the results in the targets' order.
     *
     * @throws Failed listing every target that failed, after all targets have finished
     */
    public static <T, R> List<R> run(List<T> targets, Function<T, String> name, int concurrency, Step<T, R> step) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
        if (targets.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, targets.size()), runnable -> {
            Thread thread = new Thread(runnable, "fanout");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (T target : targets) {
                futures.add(pool.submit(() -> step.run(target)));
            }
            List<R> results = new ArrayList<>();
            List<Failure> failures = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                try {
                    results.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    results.add(null);
                    failures.add(new Failure(name.apply(targets.get(i)), e.getCause()));
                }
            }
            if (!failures.isEmpty()) {
                throw new Failed(failures, targets.size());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KbootException.Interrupted("interrupted while waiting for hosts", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
