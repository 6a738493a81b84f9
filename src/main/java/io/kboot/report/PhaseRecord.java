package io.kboot.report;

import java.time.Duration;
import java.util.Locale;

/** One row of the summary: how a phase ended and how long it took. */
record PhaseRecord(String path, Outcome outcome, Duration took) {
    enum Outcome {
        DONE,
        SKIPPED,
        FAILED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
