package io.kboot.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FanoutTest {
    @Test
    void runsEveryTargetAndKeepsTheirOrder() {
        List<String> results = Fanout.run(List.of("a", "b", "c"), Function.identity(), 2, t -> t.toUpperCase());
        assertEquals(List.of("A", "B", "C"), results);
    }

    @Test
    void neverRunsMoreThanTheBoundAtOnce() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        List<Integer> targets = IntStream.range(0, 20).boxed().toList();
        Fanout.run(targets, String::valueOf, 3, t -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.sleep(5);
            running.decrementAndGet();
            return t;
        });
        assertTrue(peak.get() <= 3, "peak " + peak.get());
        assertTrue(peak.get() >= 2, "ran in parallel: peak " + peak.get());
    }

    @Test
    void reportsEveryFailureTogetherAfterTheOthersFinished() throws InterruptedException {
        CountDownLatch slowOneDone = new CountDownLatch(1);
        Fanout.Failed failed = assertThrows(Fanout.Failed.class, () -> Fanout.run(List.of("cp1", "w1", "w2", "w3"),
                Function.identity(), 4, t -> {
                    switch (t) {
                        case "w1" -> throw new HostException("w1", "connection refused");
                        case "w3" -> throw new IllegalStateException("disk full");
                        case "w2" -> {
                            Thread.sleep(50);
                            slowOneDone.countDown();
                        }
                        default -> {}
                    }
                    return t;
                }));
        assertTrue(slowOneDone.await(0, TimeUnit.SECONDS), "the failures did not cut the other hosts short");
        assertEquals("failed on 2 of 4 hosts:\n - w1: connection refused\n - w3: disk full", failed.getMessage());
        assertEquals(List.of("w1", "w3"), failed.failures().stream().map(Fanout.Failure::target).toList());
    }
}
