package io.kboot.cli;

import io.kboot.KbootException;
import io.kboot.workflow.PhaseFailedException;

/** The one place that turns failures into exit codes. */
final class ExitCodes {
    static final int OK = 0;
    static final int STEP_FAILED = 1;
    static final int INVALID_INPUT = 2;
    static final int PREFLIGHT_FAILED = 3;
    static final int INTERRUPTED = 130;

    private ExitCodes() {}

    static int of(Throwable failure) {
        Throwable cause = failure instanceof PhaseFailedException p && p.getCause() != null ? p.getCause() : failure;
        if (cause instanceof KbootException.InvalidInput) {
            return INVALID_INPUT;
        }
        if (cause instanceof KbootException.PreflightFailed) {
            return PREFLIGHT_FAILED;
        }
        if (cause instanceof KbootException.Interrupted || cause instanceof InterruptedException) {
            return INTERRUPTED;
        }
        return STEP_FAILED;
    }
}
