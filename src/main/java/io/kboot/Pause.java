package io.kboot;

import java.time.Duration;

/** The wait between two polls of a node or the API server; an interrupt (Ctrl-C) ends the run as kboot's own failure. */
public final class Pause {
    private Pause() {}

    /** @throws KbootException.Interrupted if the thread is interrupted, with the interrupt flag kept */
    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KbootException.Interrupted("interrupted", e);
        }
    }
}
