package io.kboot.host;

import io.kboot.KbootException;

/**
 * The host could not be used: unreachable, authentication refused, timed out, connection lost.
 * The message always starts with the host's name.
 */
public class HostException extends KbootException.StepFailed {
    private static final long serialVersionUID = 1L;

    private final String host;

    public HostException(String host, String message) {
        this(host, message, null);
    }

    public HostException(String host, String message, Throwable cause) {
        super(host + ": " + message, cause);
        this.host = host;
    }

    public String host() {
        return host;
    }
}
