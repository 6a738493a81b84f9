package io.kboot.host.ssh;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import net.schmizz.sshj.connection.channel.OpenFailException;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;

/** Turns the exceptions of sockets and sshj into a short cause for a one-line message. */
final class SshErrors {
    private SshErrors() {}

    /** What went wrong, in a few words, never a stack trace. */
    static String cause(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof ConnectException) {
                return "connection refused";
            }
            if (e instanceof SocketTimeoutException) {
                return "timed out";
            }
            if (e instanceof UnknownHostException) {
                return "unknown host name";
            }
            if (e instanceof NoRouteToHostException) {
                return "no route to host";
            }
            if (e instanceof UserAuthException) {
                return "authentication failed";
            }
            if (e instanceof OpenFailException open) {
                return "the jump host could not open a connection to it (" + lower(open.getReason().toString())
                        + (open.getMessage() == null ? "" : ": " + oneLine(open)) + ")";
            }
        }
        String message = oneLine(error);
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("encountered eof") || lower.contains("connection reset") || lower.contains("broken pipe")
                || error instanceof EOFException) {
            return "connection closed by the host";
        }
        if (lower.contains("timeout expired") || lower.contains("timed out")) {
            return "timed out";
        }
        return message;
    }

    /**
     * Whether trying again may help: the host may still be booting (refused, timed out, reset),
     * or provisioning its users (authentication). Unknown names and refused host keys never pass.
     */
    static boolean retryable(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof UnknownHostException) {
                return false;
            }
            if (e instanceof ConnectException || e instanceof SocketTimeoutException
                    || e instanceof NoRouteToHostException || e instanceof SocketException
                    || e instanceof UserAuthException || e instanceof OpenFailException
                    || e instanceof TransportException || e instanceof EOFException) {
                return true;
            }
        }
        return false;
    }

    /** The exception's message on one line, or its type when it has none. */
    static String oneLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
