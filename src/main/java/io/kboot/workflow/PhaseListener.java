package io.kboot.workflow;

import java.time.Duration;

/** Hears about each phase of a run; the reporter implements it to print progress and a summary. */
public interface PhaseListener {
    void started(String path);

    void finished(String path, Duration took);

    /**
     * The phase did not run: left out by the user ({@code reason} is {@link Runner#SKIPPED_BY_REQUEST}) or its
     * {@link RunIf} said why not.
     */
    void skipped(String path, String reason);

    void failed(String path, Duration took, Throwable cause);
}
