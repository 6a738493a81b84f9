package io.kboot.api;

import io.kboot.KbootException;

/**
 * The API server could not be reached for the whole of {@link KubeApi}'s own retry window. A
 * wait with a longer bound of its own (a joining kubelet's registration, for one) may keep going:
 * an API server on a loaded control-plane node can be down for minutes while its kubelet restarts it.
 */
public final class ApiUnreachable extends KbootException.StepFailed {
    private static final long serialVersionUID = 1L;

    public ApiUnreachable(String message, Throwable cause) {
        super(message, cause);
    }
}
