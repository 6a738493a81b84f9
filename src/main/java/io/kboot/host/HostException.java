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

    /**
     * The connection went while something ran over it (sshj may not have noticed yet, so it is the
     * failure, not the client's state, that says so): a query may run again over a new connection.
     */
    public static final class ConnectionLost extends HostException {
        private static final long serialVersionUID = 1L;

        public ConnectionLost(String host, String message, Throwable cause) {
            super(host, message, cause);
        }
    }

    /**
     * The login user may not read or write the path: the one failure {@link SudoHost} answers by
     * trying again as root.
     */
    public static final class PermissionDenied extends HostException {
        private static final long serialVersionUID = 1L;

        public PermissionDenied(String host, String doing, String path, Throwable cause) {
            super(host, "cannot " + doing + " " + path + ": permission denied", cause);
        }
    }
}
