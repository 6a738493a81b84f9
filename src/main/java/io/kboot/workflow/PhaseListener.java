package io.kboot.workflow;

import java.time.Duration;

/** Hears about each phase of a run; the reporter implements it to print progress and a summary. */
public interface PhaseListener {
    void started(String path);

    void finished(String path, Duration took);

    void skipped(String path);

    void failed(String path, Duration took, Throwable cause);
}
