package io.kboot.host;

import java.util.Optional;

/**
 * A machine kboot acts on: the local one, one reached over SSH, or a dry-run recorder in front of
 * either. Every step is written against this interface, so a step never asks which one it has.
 *
 * <p>A command's exit status is data ({@link ExecResult}); only transport failures (the host
 * cannot be reached, a timeout, a dropped connection) throw {@link HostException}.
 */
public interface Host extends AutoCloseable {

    /** The name used in output: "local", a node name or an address. */
    String name();

    /** Runs a POSIX sh script and returns its exit status and output. */
    ExecResult exec(Command command);

    /**
     * Writes a file atomically: the content goes to a temporary file in the target's directory,
     * gets its mode (and owner, if set), then is renamed over the target. Readers never see a
     * half-written file, and a secret never exists with a wider mode than asked for.
     * Missing parent directories are created.
     */
    void upload(Content content, String path, FileAttributes attributes);

    /** The file's bytes, or empty if it does not exist. */
    Optional<byte[]> read(String path);

    /** Whether a file or directory exists at the path. */
    boolean exists(String path);

    /**
     * Makes {@code host:port}, as the host itself would connect to it, reachable from the
     * workstation. kboot talks to a node's API server and health endpoints through this, so it
     * needs no route to the node's network, only the SSH connection.
     */
    default Tunnel forward(String host, int port) {
        return Tunnel.direct(host, port);
    }

    /** Releases the connection, if any. Idempotent. */
    @Override
    default void close() {}
}
