package io.kboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RandomnessTest {
    /** One source per run: every caller, on any thread, draws from the same instance. */
    @Test
    void everyCallerGetsTheSameStrongSource() {
        SecureRandom first = Randomness.strong();
        Set<SecureRandom> seen = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 8).parallel().forEach(i -> seen.add(Randomness.strong()));
        assertEquals(Set.of(first), seen);
        assertSame(first, Randomness.strong());
    }

    @Test
    void itsValuesDoNotRepeat() {
        Set<Long> values = new HashSet<>();
        IntStream.range(0, 1000).forEach(i -> values.add(Randomness.strong().nextLong()));
        assertEquals(1000, values.size());
    }
}
