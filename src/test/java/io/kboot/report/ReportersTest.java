package io.kboot.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The test fixture itself: what it captures is what the reporter wrote, stream by stream and in order. */
class ReportersTest {
    @Test
    void stdoutAndStderrApartAndTogetherInOrder() {
        Reporters.Captured output = Reporters.capturing();
        output.reporter().info("cp1", "one");
        output.reporter().warn("cp1", "two");
        output.reporter().info(null, "three");
        assertEquals("[kboot] cp1: one\n[kboot] three\n", output.out());
        assertEquals("[kboot] cp1: WARNING: two\n", output.err());
        assertEquals("[kboot] cp1: one\n[kboot] cp1: WARNING: two\n[kboot] three\n", output.text());
    }

    @Test
    void clearForgetsWhatWasWrittenSoFar() {
        Reporters.Captured output = Reporters.capturingVerbose();
        output.reporter().started("prepare/step");
        output.clear();
        output.reporter().detail("w1", "only with -v");
        assertEquals("[prepare] w1: only with -v\n", output.text());
        assertEquals("", output.err());
    }

    @Test
    void progressIntoKeepsProgressOnly() {
        List<Progress> seen = new ArrayList<>();
        Reporter reporter = Reporters.progressInto(seen);
        reporter.info("w1", "dropped");
        Progress progress = new Progress("importing images", 1, 8, "images", 0.5, Optional.empty());
        reporter.progress("w1", progress);
        assertEquals(List.of(progress), seen);
    }
}
