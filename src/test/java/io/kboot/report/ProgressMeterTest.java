package io.kboot.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kboot.host.Content;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressMeterTest {
    long now;

    /** A 400 MB upload at 2 MB/s on a fake clock: a report every 15 s, with rate and time left, none at the end. */
    @Test
    void aLongTransferIsReportedEvery15SecondsWithItsRateAndTimeLeft() {
        List<Progress> seen = new ArrayList<>();
        Reporter reporter = Reporters.progressInto(seen);
        long total = 400_000_000L;
        ProgressMeter meter = new ProgressMeter(reporter, "w1", "uploading the offline bundle", total, "bytes", () -> now);
        for (int second = 1; second <= 200; second++) {
            now = second * 1_000_000_000L;
            meter.accept(Math.min(total, second * 2_000_000L));
        }
        assertEquals(13, seen.size(), "every 15 s of 200 s, not at the end: " + seen);
        Progress first = seen.get(0);
        assertEquals(30_000_000L, first.done());
        assertEquals("uploading the offline bundle: 30.0 of 400.0 MB (7%), 2.0 MB/s, about 3m5s left", first.describe());
    }

    /** The node's check says its first file after the unpack: the minute before is not counted as slowness. */
    @Test
    void theRateIsMeasuredFromTheFirstCount() {
        List<Progress> seen = new ArrayList<>();
        ProgressMeter meter = new ProgressMeter(Reporters.progressInto(seen), "cp1", "checking the bundle on the node",
                700_000_000L, "bytes", () -> now);
        now = 60_000_000_000L;
        meter.accept(10_000_000L);
        now = 70_000_000_000L;
        meter.accept(110_000_000L);
        assertEquals(1, seen.size());
        assertEquals("checking the bundle on the node: 110.0 of 700.0 MB (15%), 10.0 MB/s, about 59s left",
                seen.get(0).describe());
    }

    @Test
    void jsonGetsAProgressEventWithTheNumbers() throws Exception {
        Reporters.Captured output = Reporters.capturingJson(Clock.systemUTC());
        Reporter json = output.reporter();
        json.progress("w1", new Progress("importing images", 3, 8, "images", 0.5, Optional.of(Duration.ofSeconds(10))));
        JsonNode event = new ObjectMapper().readTree(output.out());
        assertEquals("progress", event.path("event").asText());
        assertEquals("w1", event.path("host").asText());
        assertEquals(3, event.path("done").asLong());
        assertEquals(8, event.path("total").asLong());
        assertEquals(10, event.path("secondsLeft").asLong());
        assertEquals("importing images: 3 of 8 images (37%), about 10s left", event.path("message").asText());
    }

    /** The upload's stream counts what it hands out, so the meter sees the bytes as SSH sends them. */
    @Test
    void aFileUploadCountsTheBytesItReads(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bundle.tar");
        Files.write(file, new byte[100_000]);
        List<Long> counts = new ArrayList<>();
        try (InputStream in = Content.ofFile(file, counts::add).open()) {
            in.read();
            in.readAllBytes();
        }
        assertEquals(1L, counts.get(0));
        assertEquals(100_000L, counts.get(counts.size() - 1));
        assertTrue(counts.size() >= 2);
    }
}
