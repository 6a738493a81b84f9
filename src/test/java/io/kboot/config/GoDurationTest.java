package io.kboot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.CpuClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** GoDuration against Go's time.ParseDuration, including its limits (issue 25, items 3 and 4). */
class GoDurationTest {
    private static String error(String text) {
        return assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text)).getMessage();
    }

    @Test
    void parsesWhatGoParses() {
        assertEquals(Duration.ofHours(8760), GoDuration.parse("8760h0m0s"));
        assertEquals(Duration.ofMinutes(90), GoDuration.parse("1.5h"));
        assertEquals(Duration.ofMinutes(90), GoDuration.parse("1h30m"));
        assertEquals(Duration.ofMillis(1500), GoDuration.parse("1.5s"));
        assertEquals(Duration.ofNanos(1500), GoDuration.parse("1µs500ns"));
        assertEquals(Duration.ofNanos(1000), GoDuration.parse("1us"));
        assertEquals(Duration.ofMillis(500), GoDuration.parse(".5s"));
        assertEquals(Duration.ofSeconds(1), GoDuration.parse("1.s"));
        assertEquals(Duration.ZERO, GoDuration.parse("0"));
        assertEquals(Duration.ofHours(2), GoDuration.parse("+2h"));
        // Go's largest duration, and the fraction digits past int64's precision it ignores.
        assertEquals(Duration.ofNanos(Long.MAX_VALUE), GoDuration.parse("9223372036854775807ns"));
        assertEquals(Duration.ofMillis(1100), GoDuration.parse("1.10000000000000000000000000000000000000001s"));
    }

    @Test
    void refusesWhatGoRefuses() {
        for (String bad : new String[] {"", "24", "1 day", "1d", "h", ".h", "1h1", "1..5h", "--1h"}) {
            assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(bad), bad);
        }
        assertEquals("\"1d\" is not a duration: unknown unit \"d\" (expected ns, us, ms, s, m or h)", error("1d"));
        assertEquals("\"-1h\" is negative (expected e.g. 24h, 8760h0m0s, 90m)", error("-1h"));
    }

    @Test
    void aDurationBeyondGosRangeIsRefusedNotClampedToCenturies() {
        assertEquals(Duration.ofHours(2562047), GoDuration.parse("2562047h"));
        assertTrue(error("2562048h").endsWith("is out of range: a duration is at most 2562047h47m16s (about 292 years)"));
        assertTrue(error("9223372036854775808ns").contains("out of range"));
        assertTrue(error("2562047h2562047h").contains("out of range"));
    }

    @Test
    void longInputCostsLinearTimeAndTheErrorRepeatsOnlyAPrefix() {
        CpuClock cpu = CpuClock.start();
        for (String text : new String[] {"1".repeat(30_000) + "h", "1".repeat(30_000), "0h".repeat(100_000) + "x"}) {
            String message = error(text);
            assertTrue(message.length() < 250, message);
            assertTrue(message.contains("…(" + text.length() + " characters)"), message);
        }
        assertTrue(cpu.spent().toMillis() < 1_000,
                "was O(n²): 35 s of CPU for 30,000 digits");
    }
}
