package io.kboot;

/**
 * A failure kboot understands and reports in one line. Each subclass maps to one exit code in the
 * CLI, so code that throws decides the category and never the number.
 */
public abstract class KbootException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected KbootException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Bad input: a flag, a config field, a file that cannot be used. Nothing was touched. */
    public static final class InvalidInput extends KbootException {
        private static final long serialVersionUID = 1L;

        public InvalidInput(String message) {
            super(message, null);
        }

        public InvalidInput(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A step ran and failed on a host. */
    public static class StepFailed extends KbootException {
        private static final long serialVersionUID = 1L;

        public StepFailed(String message) {
            super(message, null);
        }

        public StepFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Preflight checks found errors that were not ignored. */
    public static final class PreflightFailed extends KbootException {
        private static final long serialVersionUID = 1L;

        public PreflightFailed(String message) {
            super(message, null);
        }
    }

    /** The user interrupted the run (Ctrl-C). */
    public static final class Interrupted extends KbootException {
        private static final long serialVersionUID = 1L;

        public Interrupted(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
