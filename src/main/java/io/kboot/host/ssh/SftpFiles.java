package io.kboot.host.ssh;

import io.kboot.host.Command;
import io.kboot.host.Content;
import io.kboot.host.FileAttributes;
import io.kboot.host.FilePaths;
import io.kboot.host.HostException;
import io.kboot.host.Shell;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.sftp.FileAttributes.Builder;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.Response;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.sftp.SFTPEngine;
import net.schmizz.sshj.sftp.SFTPException;

/**
 * Files on one SSH connection, over one long-lived SFTP session, which runs no shell. A write goes
 * to a temporary file in the target directory, created with the mode's owner bits, filled, chowned
 * by name (a command, only when an owner is given), chmodded, then renamed over the target with
 * {@code posix-rename@openssh.com}.
 */
final class SftpFiles {

    /** One SFTP exchange; its IOException is translated in one place, {@link #fileError}. */
    private interface Call<T> {
        T apply(SFTPClient files) throws IOException;
    }

    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    private final String name;
    private final SSHClient client;
    private final SshExec exec;
    private final Object lock = new Object();
    private SFTPClient sftp; // guarded by lock

    SftpFiles(String name, SSHClient client, SshExec exec) {
        this.name = name;
        this.client = client;
        this.exec = exec;
    }

    void upload(Content content, String path, FileAttributes attributes) {
        call("write", path, files -> {
            String temp = FilePaths.temporarySibling(path);
            try {
                writeNew(files, temp, content, attributes.mode() & 0700, FilePaths.parent(path));
                Optional<String> owner = attributes.chownSpec();
                if (owner.isPresent()) {
                    run("exec chown -- " + Shell.quote(owner.get()) + " " + Shell.quote(temp), "chown " + path,
                            "cannot write " + path + ": chown " + owner.get() + " failed");
                }
                // After chown, which clears set-id bits.
                files.getSFTPEngine().setAttributes(temp, new Builder().withPermissions(attributes.mode()).build());
                rename(files, temp, path);
                return null;
            } catch (IOException | RuntimeException e) {
                Quietly.run(() -> files.rm(temp));
                throw e;
            }
        });
    }

    /** The file's bytes, or empty if it does not exist. */
    Optional<byte[]> read(String path) {
        return call("read", path, files -> unlessMissing(() -> {
            try (RemoteFile file = files.open(path, EnumSet.of(OpenMode.READ));
                    InputStream in = file.new ReadAheadRemoteFileInputStream(16)) {
                return in.readAllBytes();
            }
        }));
    }

    boolean exists(String path) {
        return call("check", path, files -> unlessMissing(() -> files.lstat(path)).isPresent());
    }

    void close() {
        synchronized (lock) {
            SFTPClient open = sftp;
            if (open != null) {
                Quietly.run(open::close);
                sftp = null;
            }
        }
    }

    private <T> T call(String doing, String path, Call<T> call) {
        SFTPClient files = session();
        try {
            return call.apply(files);
        } catch (IOException e) {
            throw fileError(doing, path, e);
        }
    }

    /** The SFTP session, started on first use; it holds one channel for the life of the connection. */
    private SFTPClient session() {
        synchronized (lock) {
            if (exec.closed()) {
                throw new HostException(name, "the connection is closed");
            }
            if (sftp == null) {
                exec.acquireChannel("SFTP");
                try {
                    sftp = client.newSFTPClient();
                } catch (IOException e) {
                    exec.releaseChannel();
                    throw client.isConnected()
                            ? new HostException(name, "cannot start SFTP: " + SshErrors.cause(e), e)
                            : new HostException.ConnectionLost(name, "connection lost while starting SFTP", e);
                }
            }
            return sftp;
        }
    }

    /** Empty when SFTP says "no such file"; other failures pass. */
    private static <T> Optional<T> unlessMissing(IoSupplier<T> call) throws IOException {
        try {
            return Optional.of(call.get());
        } catch (SFTPException e) {
            if (e.getStatusCode() == Response.StatusCode.NO_SUCH_FILE) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Creates {@code path}, which must not exist, with {@code mode} from the start, and streams the
     * content into it. A missing directory {@code dir} is created and the open retried.
     */
    private static void writeNew(SFTPClient files, String path, Content content, int mode, String dir) throws IOException {
        EnumSet<OpenMode> create = EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.EXCL);
        var withMode = new Builder().withPermissions(mode).build(); // sshj's FileAttributes, not ours
        Optional<RemoteFile> opened = unlessMissing(() -> files.open(path, create, withMode));
        if (opened.isEmpty()) {
            files.mkdirs(dir);
        }
        try (RemoteFile remote = opened.isPresent() ? opened.get() : files.open(path, create, withMode);
                InputStream in = content.open();
                OutputStream out = remote.new RemoteFileOutputStream(0, 16)) {
            int chunk = Math.max(4096, files.getSFTPEngine().getSubsystem().getRemoteMaxPacketSize()
                    - remote.getOutgoingPacketOverhead());
            byte[] buffer = new byte[chunk];
            for (int n; (n = in.read(buffer)) > 0;) {
                out.write(buffer, 0, n);
            }
        }
    }

    /** Replaces {@code target} with {@code temp} in one step (OpenSSH's posix-rename, else mv -f). */
    private void rename(SFTPClient files, String temp, String target) throws IOException {
        SFTPEngine engine = files.getSFTPEngine();
        if (engine.supportsServerExtension("posix-rename@openssh.com", "1")) {
            engine.request(engine.newExtendedRequest("posix-rename@openssh.com").putString(temp).putString(target))
                    .retrieve(engine.getTimeoutMs(), TimeUnit.MILLISECONDS)
                    .ensureStatusPacketIsOK();
            return;
        }
        run("exec mv -f -- " + Shell.quote(temp) + " " + Shell.quote(target), "mv " + target, "cannot write " + target);
    }

    /** A helper command of a file operation; failing, it fails the operation with {@code failure} and its last error line. */
    private void run(String script, String what, String failure) {
        SshExec.Raw raw = exec.run(script, Command.DEFAULT_TIMEOUT, what, line -> {});
        if (raw.exit() != 0) {
            throw new HostException(name, failure + ": " + raw.lastErrorLine());
        }
    }

    private HostException fileError(String doing, String path, IOException e) {
        if (!client.isConnected()) {
            return new HostException.ConnectionLost(name, "connection lost while trying to " + doing + " " + path, e);
        }
        if (e instanceof SFTPException sftpError) {
            return switch (sftpError.getStatusCode()) {
                case PERMISSION_DENIED -> new HostException.PermissionDenied(name, doing, path, e);
                case NO_SUCH_FILE -> new HostException(name, "cannot " + doing + " " + path + ": no such file or directory", e);
                default -> new HostException(name, "cannot " + doing + " " + path + ": " + SshErrors.oneLine(e), e);
            };
        }
        return new HostException(name, "cannot " + doing + " " + path + ": " + SshErrors.cause(e), e);
    }
}
