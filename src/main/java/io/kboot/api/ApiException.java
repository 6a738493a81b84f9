package io.kboot.api;

import io.kboot.KbootException;

/** The API server answered with an error status. The message carries its Status message. */
public final class ApiException extends KbootException.StepFailed {
    private static final long serialVersionUID = 1L;
    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public boolean isNotFound() {
        return status == 404;
    }

    public boolean isConflict() {
        return status == 409;
    }

    public boolean isForbidden() {
        return status == 403;
    }
}
