package io.kboot.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The one retry policy, on a fake clock: each attempt takes a second, each pause what the policy asks. */
class ApiRetryTest {
    static final ApiUnreachable UNREACHABLE =
            new ApiUnreachable("cannot reach the API server at https://10.0.0.1:6443: HTTP connect timed out", null);

    /** Time moves only when an attempt runs (1 s each) or the policy pauses. */
    static final class FakeClock implements ApiRetry.Clock {
        long nanos;
        final List<Duration> pauses = new ArrayList<>();

        @Override
        public long nanoTime() {
            return nanos;
        }

        @Override
        public void sleep(Duration duration) {
            pauses.add(duration);
            nanos += duration.toNanos();
        }

        <T> Supplier<T> attempt(Supplier<T> body) {
            return () -> {
                nanos += Duration.ofSeconds(1).toNanos();
                return body.get();
            };
        }
    }

    final FakeClock clock = new FakeClock();
    final List<String> progress = new ArrayList<>();

    ApiRetry within(Duration bound) {
        return ApiRetry.within(bound).reporting(progress::add).on(clock);
    }

    @Test
    void aCallRidesOutAnApiServerThatIsAwayThenRefusesThenFailsOnItsSide() {
        Deque<RuntimeException> failures = new ArrayDeque<>(List.of(UNREACHABLE, new ApiException(401, "Unauthorized"),
                new ApiException(403, "forbidden"), new ApiException(503, "not ready"),
                new ApiException(500, "etcdserver: request timed out")));
        String answer = within(Duration.ofMinutes(1)).call("get ConfigMap kube-system/kubelet-config", clock.attempt(() -> {
            if (!failures.isEmpty()) {
                throw failures.pop();
            }
            return "kubelet-config";
        }));
        assertEquals("kubelet-config", answer);
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(5)), clock.pauses, "backs off from 500 ms to 5 s");
    }

    @Test
    void otherHttpErrorsAreTheCallersAtOnce() {
        ApiException notFound = new ApiException(404, "not found");
        ApiException conflict = new ApiException(409, "exists");
        assertSame(notFound, assertThrows(ApiException.class, () -> within(Duration.ofMinutes(1)).call("get", () -> {
            throw notFound;
        })));
        assertSame(conflict, assertThrows(ApiException.class, () -> within(Duration.ofMinutes(1)).call("post", () -> {
            throw conflict;
        })));
        assertTrue(clock.pauses.isEmpty());
    }

    @Test
    void aRefusalIsFinalWhereItIsTheAnswer() {
        ApiException forbidden = new ApiException(403, "forbidden");
        assertSame(forbidden, assertThrows(ApiException.class,
                () -> within(Duration.ofMinutes(1)).refusalsFinal().call("create", () -> {
                    throw forbidden;
                })));
    }

    @Test
    void onceMakesOneAttemptAndThrowsWhatItSaw() {
        int[] attempts = {0};
        assertSame(UNREACHABLE, assertThrows(ApiUnreachable.class, () -> ApiRetry.once().call("get", () -> {
            attempts[0]++;
            throw UNREACHABLE;
        })));
        assertEquals(1, attempts[0]);
    }

    /** The message that blamed the token while the API server was away: now it says what was seen, and for how long. */
    @Test
    void givingUpSaysHowLongTheApiServerWasAwayAndHowLongItAnsweredWithoutTheCondition() {
        // Away for the first 200 s, then answering "not signed" until the bound.
        var e = assertThrows(KbootException.StepFailed.class, () -> within(Duration.ofSeconds(300)).until(
                "cluster-info signed for token abcdef", "cluster-info was not signed for token abcdef",
                clock.attempt(() -> {
                    if (clock.nanos < Duration.ofSeconds(200).toNanos()) {
                        throw UNREACHABLE;
                    }
                    return Optional.empty();
                })));
        String m = e.getMessage();
        assertTrue(m.startsWith("cluster-info signed for token abcdef: gave up after 30"), m);
        assertTrue(m.matches(".*the API server was unreachable for (19[5-9]|20[0-5])s of the 30\\ds.*"), m);
        assertTrue(m.matches(".*cluster-info was not signed for token abcdef in the (9[5-9]|10[0-5])s it answered.*"), m);
        assertTrue(!m.contains("refused") && !m.contains("server errors"), m);
    }

    @Test
    void anApiServerAwayToTheEndIsReportedAsUnreachableWithItsLastError() {
        var e = assertThrows(ApiUnreachable.class, () -> within(Duration.ofSeconds(60)).call("GET /api/v1/nodes/w1",
                clock.attempt(() -> {
                    throw UNREACHABLE;
                })));
        assertTrue(e.getMessage().contains("unreachable for 6"), e.getMessage());
        assertTrue(e.getMessage().endsWith("last: " + UNREACHABLE.getMessage()), e.getMessage());
        assertTrue(clock.nanos <= Duration.ofSeconds(61).toNanos(), "stops within the bound: " + clock.nanos);
    }

    @Test
    void aLastHttpErrorKeepsItsStatusForTheCaller() {
        var e = assertThrows(ApiException.class, () -> within(Duration.ofSeconds(30)).call("GET x",
                clock.attempt(() -> {
                    throw new ApiException(401, "GET x failed (HTTP 401): Unauthorized");
                })));
        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains("refused the credentials (HTTP 401/403) for 3"), e.getMessage());
    }

    @Test
    void aLongWaitSaysEvery15SecondsWhatItIsStillWaitingFor() {
        int[] n = {0};
        String value = within(Duration.ofMinutes(5)).until("the Node \"w1\"", "the kubelet had not registered the Node \"w1\"",
                clock.attempt(() -> ++n[0] < 40 ? Optional.empty() : Optional.of("w1")));
        assertEquals("w1", value);
        assertTrue(progress.size() >= 2 && progress.size() <= 4, progress.toString());
        assertTrue(
                progress.get(0)
                        .matches("still waiting for the Node \"w1\" \\(1[5-7]s of 300s\\): the kubelet had not registered.*"),
                progress.get(0));
        assertTrue(clock.pauses.stream().allMatch(Duration.ofMillis(500)::equals),
                "a condition not yet true is polled every 500 ms");
    }
}
