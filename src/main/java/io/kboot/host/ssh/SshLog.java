package io.kboot.host.ssh;

import java.io.PrintWriter;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * Where the SSH library's log goes: nowhere by default, and at {@code -v=4} and {@code -v=5} to the
 * command's error stream, one line per message. Its TRACE level is never shown, at any verbosity:
 * sshj dumps whole packets there, commands' input and file contents included, and with them any
 * secret kboot sends (a bootstrap token in a kubeconfig, a certificate key).
 */
public final class SshLog {
    private static volatile Level threshold;
    private static volatile PrintWriter sink;

    private SshLog() {}

    /** How much of the SSH library's log to show; never its TRACE level. */
    public enum Detail {
        /** Connections, key exchange, authentication: its INFO messages and above. */
        CONNECTION(Level.INFO),
        /** Also channels, commands started and SFTP requests: its DEBUG messages. */
        DEBUG(Level.DEBUG);

        private final Level level;

        Detail(Level level) {
            this.level = level;
        }
    }

    /** Shows the SSH library's messages down to {@code detail} on {@code out}. */
    public static void show(Detail detail, PrintWriter out) {
        sink = out;
        threshold = detail.level;
    }

    /** Back to silence. */
    public static void hide() {
        threshold = null;
        sink = null;
    }

    static boolean shows(Level level) {
        Level at = threshold;
        return at != null && level.toInt() >= at.toInt();
    }

    static void write(Level level, String logger, String message, Throwable failure) {
        PrintWriter out = sink;
        if (out == null || !shows(level)) {
            return;
        }
        String source = logger.substring(logger.lastIndexOf('.') + 1);
        synchronized (out) {
            out.println("ssh " + level + " " + source + ": " + message
                    + (failure == null ? "" : " (" + failure + ")"));
            out.flush();
        }
    }

    /** One logger per name, as slf4j asks; every one writes through {@link SshLog}. */
    static final class Logger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;

        Logger(String name) {
            this.name = name;
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return shows(Level.DEBUG);
        }

        @Override
        public boolean isInfoEnabled() {
            return shows(Level.INFO);
        }

        @Override
        public boolean isWarnEnabled() {
            return shows(Level.WARN);
        }

        @Override
        public boolean isErrorEnabled() {
            return shows(Level.ERROR);
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                Throwable failure) {
            if (level != Level.TRACE) {
                write(level, name, MessageFormatter.basicArrayFormat(pattern, arguments), failure);
            }
        }
    }
}
