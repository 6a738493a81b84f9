package io.kboot.api;

import io.kboot.KbootException;
import io.kboot.Pause;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one retry policy for everything kboot asks of an API server: a single call ({@link #call})
 * and a wait for a condition ({@link #until}). An API server on a loaded control plane goes away
 * and comes back (its liveness probe restarts it, an upgrade restarts it on purpose), and while it
 * comes back it refuses connections, times out TLS handshakes, answers 5xx, and answers 401/403
 * until its token and RBAC caches are filled. All of that is retried until the bound the v1beta4
 * {@code timeouts} give the step; kboot's own credentials were made or proven before (admin.conf
 * from the cluster CA, a token whose cluster-info signature discovery checked), so a refusal is
 * taken as the API server's state, not the caller's fault.
 *
 * <p>When it gives up, the message says what each attempt saw and for how long ("the API server
 * at … was unreachable for 212s of the 300s (last: HTTP connect timed out); cluster-info was not
 * signed for the token in the 88s it answered"), never a cause it did not see.
 */
public final class ApiRetry {
    /** What one failed attempt was; time between attempts is charged to the attempt before. */
    enum Outcome {
        UNREACHABLE, REFUSED, SERVER_ERROR, NOT_YET
    }

    /** Time and sleep, replaceable so tests run on a fake clock. */
    public interface Clock {
        long nanoTime();

        void sleep(Duration duration);

        Clock SYSTEM = new Clock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(Duration duration) {
                Pause.sleep(duration);
            }
        };
    }

    static final Duration FIRST_PAUSE = Duration.ofMillis(500);
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);
    /** How often a long wait says it is still waiting, and why. */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);

    private final Duration bound;
    private final boolean refusalsRetried;
    private final Clock clock;
    private final Consumer<String> progress;

    private ApiRetry(Duration bound, boolean refusalsRetried, Clock clock, Consumer<String> progress) {
        this.bound = bound;
        this.refusalsRetried = refusalsRetried;
        this.clock = clock;
        this.progress = progress;
    }

    /** Retries for up to {@code bound}, 401/403 included. */
    public static ApiRetry within(Duration bound) {
        return new ApiRetry(bound, true, Clock.SYSTEM, m -> {});
    }

    /** One attempt, no retry: for a call inside a wait that retries as a whole, or an answer the caller wants as it is. */
    public static ApiRetry once() {
        return new ApiRetry(Duration.ZERO, false, Clock.SYSTEM, m -> {});
    }

    /** The same policy, passing 401 and 403 to the caller at once (a 403 that is the answer, not a state). */
    public ApiRetry refusalsFinal() {
        return new ApiRetry(bound, false, clock, progress);
    }

    /** The same policy, telling {@code progress} every 15 s what it is still waiting for. */
    public ApiRetry reporting(Consumer<String> progress) {
        return new ApiRetry(bound, refusalsRetried, clock, progress);
    }

    ApiRetry on(Clock clock) {
        return new ApiRetry(bound, refusalsRetried, clock, progress);
    }

    public Duration bound() {
        return bound;
    }

    /**
     * One call, retried while the API server is unreachable, refusing for now or failing on its side.
     *
     * @param doing what the call does, for the message ("get ConfigMap kube-system/kubelet-config")
     */
    public <T> T call(String doing, Supplier<T> attempt) {
        return until(doing, "", () -> Optional.of(attempt.get()));
    }

    /**
     * Polls {@code attempt} until it yields a value: empty means "not yet" (an object not there yet,
     * cluster-info not signed yet).
     *
     * @param goal   what is waited for, for messages ("cluster-info signed for token abcdef")
     * @param notYet what an empty answer means, for the message when it gives up ("cluster-info was
     *               not signed for token abcdef"); empty if the attempt never answers empty
     * @throws ApiUnreachable if the API server was unreachable when it gave up
     * @throws ApiException   if its last answer was an HTTP error (the status kept for the caller)
     * @throws KbootException.StepFailed if it answered but the condition did not come true in time
     */
    public <T> T until(String goal, String notYet, Supplier<Optional<T>> attempt) {
        long start = clock.nanoTime();
        long deadline = start + bound.toNanos();
        long nextProgress = start + PROGRESS_EVERY.toNanos();
        Map<Outcome, Long> spent = new EnumMap<>(Outcome.class);
        Duration pause = FIRST_PAUSE;
        RuntimeException last;
        Outcome lastOutcome;
        while (true) {
            long tried = clock.nanoTime();
            try {
                Optional<T> result = attempt.get();
                if (result.isPresent()) {
                    return result.get();
                }
                last = null;
                lastOutcome = Outcome.NOT_YET;
                pause = FIRST_PAUSE;
            } catch (ApiUnreachable e) {
                last = e;
                lastOutcome = Outcome.UNREACHABLE;
            } catch (ApiException e) {
                Optional<Outcome> transientOutcome = transientOutcome(e.status());
                if (transientOutcome.isEmpty()) {
                    throw e;
                }
                last = e;
                lastOutcome = transientOutcome.get();
            }
            long now = clock.nanoTime();
            if (now + pause.toNanos() > deadline) {
                spent.merge(lastOutcome, now - tried, Long::sum);
                throw gaveUp(goal, notYet, spent, now - start, lastOutcome, last);
            }
            if (now >= nextProgress) {
                progress.accept("still waiting for " + goal + " (" + seconds(now - start) + " of " + bound.toSeconds() + "s): "
                        + describe(lastOutcome, last, notYet));
                nextProgress = now + PROGRESS_EVERY.toNanos();
            }
            clock.sleep(pause);
            spent.merge(lastOutcome, clock.nanoTime() - tried, Long::sum);
            if (lastOutcome != Outcome.NOT_YET) {
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    /** The answers any policy may retry: refusals (unless {@link #refusalsFinal()}) and the server's own trouble. */
    static boolean mayRetry(int status) {
        return isRefusal(status) || isServerTrouble(status);
    }

    private static boolean isRefusal(int status) {
        return status == 401 || status == 403;
    }

    /** 429: too many requests; 500: etcd timed out behind it; 502-504: not serving yet or timing out. */
    private static boolean isServerTrouble(int status) {
        return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }

    private Optional<Outcome> transientOutcome(int status) {
        if (isRefusal(status) && refusalsRetried) {
            return Optional.of(Outcome.REFUSED);
        }
        return isServerTrouble(status) ? Optional.of(Outcome.SERVER_ERROR) : Optional.empty();
    }

    private static String describe(Outcome outcome, RuntimeException last, String notYet) {
        return outcome == Outcome.NOT_YET ? notYet : last.getMessage();
    }

    private RuntimeException gaveUp(String goal, String notYet, Map<Outcome, Long> spent, long elapsed, Outcome lastOutcome,
            RuntimeException last) {
        if (bound.isZero()) {
            return last != null ? last : new KbootException.StepFailed(goal + ": " + notYet);
        }
        String total = seconds(elapsed);
        StringBuilder what = new StringBuilder();
        for (Map.Entry<Outcome, Long> e : spent.entrySet()) {
            if (what.length() > 0) {
                what.append("; ");
            }
            String time = seconds(e.getValue());
            what.append(switch (e.getKey()) {
                case UNREACHABLE -> "the API server was unreachable for " + time + " of the " + total;
                case REFUSED -> "it refused the credentials (HTTP 401/403) for " + time;
                case SERVER_ERROR -> "it answered with server errors (HTTP 429/5xx) for " + time;
                case NOT_YET -> notYet + " in the " + time + " it answered";
            });
        }
        String message = goal + ": gave up after " + total + " (the bound is " + bound.toSeconds() + "s): " + what
                + (last == null ? "" : "; last: " + last.getMessage());
        if (lastOutcome == Outcome.UNREACHABLE) {
            return new ApiUnreachable(message, last);
        }
        if (last instanceof ApiException e) {
            return new ApiException(e.status(), message);
        }
        return new KbootException.StepFailed(message);
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%ds", Math.round(nanos / 1e9));
    }
}
