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
        Throwable cause = cause(failure);
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

    /**
     * What failed, beneath the phases that name where: a workflow run inside a phase (apply's stages
     * run kinit's and kjoin's phases) fails with one phase inside another.
     */
    static Throwable cause(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof PhaseFailedException p && p.getCause() != null) {
            cause = p.getCause();
        }
        return cause;
    }
}
