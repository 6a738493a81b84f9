package io.kboot.workflow;

import io.kboot.KbootException;

/**
 * A phase failed. The message names the phase path; {@link #getCause()} keeps the original
 * failure, whose kind decides the exit code.
 */
public final class PhaseFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String path;

    private PhaseFailedException(String path, Throwable cause) {
        super("phase " + path + ": " + describe(cause), cause);
        this.path = path;
    }

    static PhaseFailedException wrap(String path, Throwable cause) {
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            cause = new KbootException.Interrupted("interrupted", cause);
        }
        return new PhaseFailedException(path, cause);
    }

    public String path() {
        return path;
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
