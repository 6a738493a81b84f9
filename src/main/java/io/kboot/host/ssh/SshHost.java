package io.kboot.host.ssh;

import io.kboot.Randomness;
import io.kboot.host.Command;
import io.kboot.host.Content;
import io.kboot.host.ExecResult;
import io.kboot.host.FileAttributes;
import io.kboot.host.Host;
import io.kboot.host.HostException;
import io.kboot.host.Shell;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import io.kboot.host.Tunnel;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.OpenFailException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.Response;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.sftp.SFTPEngine;
import net.schmizz.sshj.sftp.SFTPException;

/**
 * A host reached over one SSH connection, made by {@link SshConnector}. Commands run as
 * {@code exec sh -c '<script>'} on their own channel (at most {@code channelsPerHost} at once,
 * the SFTP session included); files move over one long-lived SFTP session, which runs no shell.
 *
 * <p>With sudo (a non-root user), scripts run as {@code sudo -n sh -c '<script>'}; uploads are
 * written over SFTP to a 0600 file in the user's home, then one sudo script copies them (umask
 * 077) to a temporary name in the target directory, sets owner and mode, and renames it into
 * place; reads and checks the user may not do fall back to {@code sudo cat} / {@code sudo test}.
 */
public final class SshHost implements Host {

    /** Scripts longer than this travel on stdin rather than in the command line (Linux caps one argument at 128 KiB). */
    static final int MAX_INLINE_SCRIPT = 96 * 1024;

    /** Runs a script read from stdin, with stdin closed for the script itself as with {@code sh -c}. */
    private static final String STDIN_RUNNER =
            "f=$(mktemp) || exit 125\ntrap 'rm -f \"$f\"' EXIT\ncat > \"$f\" || exit 125\nsh \"$f\" < /dev/null";

    private static final String GROUP_PREFIX = "kboot-pgid:";

    /**
     * Prefixed to every script, on the script's first line so its line numbers stay right: reports
     * the process group sshd made for the session (Linux /proc; silently nothing elsewhere).
     */
    private static final String REPORT_PROCESS_GROUP =
            "read -r _ _ _ _ kboot_pgid _ 2>/dev/null </proc/$$/stat && echo \"" + GROUP_PREFIX + "$kboot_pgid\" >&2; ";

    private static final int SUDO_NO_SUCH_FILE = 44;
    private static final Duration FILE_OPERATION_TIMEOUT = Command.DEFAULT_TIMEOUT;
    private static final SecureRandom RANDOM = Randomness.strong();
    private static final ExecutorService DRAIN = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "ssh-drain");
        thread.setDaemon(true);
        return thread;
    });

    private final String name;
    private final String user;
    private final boolean sudo;
    private final SSHClient client;
    private final Semaphore channels;
    /** One channel beyond the bound, kept for killing timed-out commands (sshd allows 10). */
    private final Semaphore killChannel = new Semaphore(1);
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object sftpLock = new Object();
    private SFTPClient sftp; // guarded by sftpLock
    private String home; // guarded by sftpLock

    SshHost(String name, String user, boolean sudo, SSHClient client, int channels, Runnable onClose) {
        this.name = name;
        this.user = user;
        this.sudo = sudo;
        this.client = client;
        this.channels = new Semaphore(channels, true);
        this.onClose = onClose;
    }

    @Override
    public String name() {
        return name;
    }

    /** The login user. */
    public String user() {
        return user;
    }

    /** Whether commands and writes go through {@code sudo -n}. */
    public boolean sudo() {
        return sudo;
    }

    @Override
    public ExecResult exec(Command command) {
        Raw raw = runScript(command.script(), command.timeout(), summary(command.script()), command.progressLines());
        return new ExecResult(raw.exit, utf8(raw.out), utf8(raw.err));
    }

    @Override
    public void upload(Content content, String path, FileAttributes attributes) {
        if (sudo) {
            uploadWithSudo(content, path, attributes);
            return;
        }
        String dir = parent(path);
        String temp = sibling(dir, path);
        SFTPClient files = sftp();
        try {
            writeNew(files, temp, content, attributes.mode() & 0700, dir);
            Optional<String> owner = ownerSpec(attributes);
            if (owner.isPresent()) {
                Raw chown = runScript("exec chown -- " + Shell.quote(owner.get()) + " " + Shell.quote(temp),
                        FILE_OPERATION_TIMEOUT, "chown " + path);
                if (chown.exit != 0) {
                    throw new HostException(name, "cannot write " + path + ": chown " + owner.get() + " failed: "
                            + lastLine(chown.err));
                }
            }
            // After chown, which clears set-id bits.
            files.getSFTPEngine().setAttributes(temp, new net.schmizz.sshj.sftp.FileAttributes.Builder()
                    .withPermissions(attributes.mode()).build());
            rename(files, temp, path);
        } catch (IOException e) {
            removeQuietly(files, temp);
            throw fileError("write", path, e);
        } catch (RuntimeException e) {
            removeQuietly(files, temp);
            throw e;
        }
    }

    private void uploadWithSudo(Content content, String path, FileAttributes attributes) {
        SFTPClient files = sftp();
        String staged = home() + "/.kboot-upload-" + randomHex();
        boolean done = false;
        try {
            writeNew(files, staged, content, 0600, null);
            String dir = parent(path);
            // Directories get the usual mode; the copy is owner-only until chmod.
            StringBuilder script = new StringBuilder()
                    .append("set -e\n")
                    .append("src=").append(Shell.quote(staged)).append('\n')
                    .append("tmp=").append(Shell.quote(sibling(dir, path))).append('\n')
                    .append("trap 'rm -f -- \"$tmp\" \"$src\"' EXIT\n")
                    .append("mkdir -p -- ").append(Shell.quote(dir)).append('\n')
                    .append("umask 077\n")
                    .append("cp -- \"$src\" \"$tmp\"\n");
            ownerSpec(attributes).ifPresent(owner -> script.append("chown -- ").append(Shell.quote(owner)).append(" \"$tmp\"\n"));
            script.append("chmod -- ").append(attributes.octal()).append(" \"$tmp\"\n")
                    .append("mv -f -- \"$tmp\" ").append(Shell.quote(path)).append('\n');
            Raw raw = runScript(script.toString(), FILE_OPERATION_TIMEOUT, "writing " + path);
            if (raw.exit != 0) {
                throw new HostException(name, "cannot write " + path + ": " + lastLine(raw.err));
            }
            done = true;
        } catch (IOException e) {
            throw fileError("write", path, e);
        } finally {
            if (!done) {
                removeQuietly(files, staged);
            }
        }
    }

    @Override
    public Optional<byte[]> read(String path) {
        SFTPClient files = sftp();
        try (RemoteFile file = files.open(path, EnumSet.of(OpenMode.READ));
                InputStream in = file.new ReadAheadRemoteFileInputStream(16)) {
            return Optional.of(in.readAllBytes());
        } catch (SFTPException e) {
            if (e.getStatusCode() == Response.StatusCode.NO_SUCH_FILE) {
                return Optional.empty();
            }
            if (e.getStatusCode() == Response.StatusCode.PERMISSION_DENIED && sudo) {
                return readWithSudo(path);
            }
            throw fileError("read", path, e);
        } catch (IOException e) {
            throw fileError("read", path, e);
        }
    }

    private Optional<byte[]> readWithSudo(String path) {
        String file = Shell.quote(path);
        Raw raw = runScript("[ -e " + file + " ] || exit " + SUDO_NO_SUCH_FILE + "\nexec cat -- " + file,
                FILE_OPERATION_TIMEOUT, "reading " + path);
        if (raw.exit == SUDO_NO_SUCH_FILE) {
            return Optional.empty();
        }
        if (raw.exit != 0) {
            throw new HostException(name, "cannot read " + path + ": " + lastLine(raw.err));
        }
        return Optional.of(raw.out);
    }

    @Override
    public boolean exists(String path) {
        SFTPClient files = sftp();
        try {
            files.lstat(path);
            return true;
        } catch (SFTPException e) {
            if (e.getStatusCode() == Response.StatusCode.NO_SUCH_FILE) {
                return false;
            }
            if (e.getStatusCode() == Response.StatusCode.PERMISSION_DENIED && sudo) {
                String file = Shell.quote(path);
                Raw raw = runScript("[ -e " + file + " ] || [ -L " + file + " ]", FILE_OPERATION_TIMEOUT, "checking " + path);
                if (raw.exit > 1) {
                    throw new HostException(name, "cannot check " + path + ": " + lastLine(raw.err));
                }
                return raw.exit == 0;
            }
            throw fileError("check", path, e);
        } catch (IOException e) {
            throw fileError("check", path, e);
        }
    }

    /**
     * Makes sure {@code sudo -n} works, once, right after connecting: a sudo that wants a password
     * would otherwise fail every step later with a less obvious message.
     */
    void checkSudo() {
        if (!sudo) {
            return;
        }
        Raw raw = run("exec sudo -n true", null, Duration.ofSeconds(30), "sudo -n true", false, line -> {});
        if (raw.exit == 0) {
            return;
        }
        String error = utf8(raw.err);
        if (error.contains("password is required")) {
            throw new HostException(name, "sudo requires a password for user " + user
                    + "; configure NOPASSWD sudo or connect as root");
        }
        if (raw.exit == 127 || error.contains("not found")) {
            throw new HostException(name, "sudo is not installed; install it or connect as root");
        }
        throw new HostException(name, "sudo -n true failed for user " + user + " (exit " + raw.exit + "): " + lastLine(raw.err));
    }

    /**
     * A port on 127.0.0.1 forwarded over this connection (SSH direct-tcpip) to {@code host:port}
     * as the node sees it; each accepted connection becomes one SSH channel.
     */
    @Override
    public Tunnel forward(String host, int port) {
        return PortForward.open(client, name, host, port);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (sftpLock) {
            if (sftp != null) {
                try {
                    sftp.close();
                } catch (IOException | RuntimeException e) {
                    // The connection is going away anyway.
                }
                sftp = null;
            }
        }
        try {
            client.disconnect();
        } catch (IOException | RuntimeException e) {
            // Nothing left to release.
        } finally {
            onClose.run();
        }
    }

    @Override
    public String toString() {
        return "SshHost[" + user + "@" + name + (sudo ? ", sudo" : "") + "]";
    }

    // ---- commands ----

    private record Raw(int exit, byte[] out, byte[] err) {}

    /**
     * Runs a POSIX sh script: {@code exec [sudo -n] sh -c '<script>'}, or for scripts too long for
     * a command line, the script on stdin of a runner that saves it to a temporary file. The
     * {@code exec} spares the login shell a fork; the script's first act is to report its
     * process group on stderr (stripped from the output), so that a timeout can kill what it
     * started.
     */
    private Raw runScript(String script, Duration timeout, String what) {
        return runScript(script, timeout, what, line -> {});
    }

    /** As {@link #runScript(String, Duration, String)}, progress lines of its stdout handed to {@code progressLines} as they come. */
    private Raw runScript(String script, Duration timeout, String what, java.util.function.Consumer<String> progressLines) {
        boolean inline = script.length() <= MAX_INLINE_SCRIPT;
        String body = REPORT_PROCESS_GROUP + (inline ? script : STDIN_RUNNER);
        String commandLine = "exec " + (sudo ? "sudo -n " : "") + "sh -c " + Shell.quote(body);
        return run(commandLine, inline ? null : script.getBytes(StandardCharsets.UTF_8), timeout, what, true, progressLines);
    }

    /**
     * Runs one command line on its own channel: stdin gets {@code stdin} then end of file, stdout
     * and stderr are drained concurrently, and the exit status is read after the channel closed.
     * On a timeout or an interrupt the remote process group is killed over a second channel.
     */
    private Raw run(String commandLine, byte[] stdin, Duration timeout, String what, boolean reportsGroup,
            java.util.function.Consumer<String> progressLines) {
        if (closed.get()) {
            throw new HostException(name, "the connection is closed (while running " + what + ")");
        }
        acquireChannel(what);
        long deadline = System.nanoTime() + timeout.toNanos();
        Session session = null;
        boolean releaseLater = false;
        CompletableFuture<Integer> processGroup = new CompletableFuture<>();
        if (!reportsGroup) {
            processGroup.complete(null);
        }
        try {
            if (!client.isConnected()) {
                throw lost(what, null);
            }
            session = client.startSession();
            Session.Command command = session.exec(commandLine);
            Future<byte[]> out = DRAIN.submit(() -> io.kboot.host.OutputLines.drain(command.getInputStream(), progressLines));
            Future<byte[]> err = DRAIN.submit(() -> drainStderr(command.getErrorStream(), processGroup));
            try (OutputStream in = command.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            }
            byte[] stdout;
            byte[] stderr;
            try {
                stdout = out.get(remaining(deadline), TimeUnit.NANOSECONDS);
                stderr = err.get(remaining(deadline), TimeUnit.NANOSECONDS);
                command.join(remaining(deadline), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ConnectionException e) {
                if (!client.isConnected()) {
                    throw lost(what, e);
                }
                releaseLater = abandon(session, processGroup);
                throw new HostException(name, "timed out after " + describe(timeout) + " while running " + what);
            } catch (InterruptedException e) {
                releaseLater = abandon(session, processGroup);
                throw e;
            }
            command.close();
            Integer status = command.getExitStatus();
            if (status == null) {
                Signal signal = command.getExitSignal();
                if (signal != null && client.isConnected()) {
                    throw new HostException(name, "killed by signal " + signal + " while running " + what);
                }
                throw lost(what, null);
            }
            return new Raw(status, stdout, stderr);
        } catch (ExecutionException e) {
            throw lost(what, e.getCause());
        } catch (IOException | IllegalStateException e) {
            // sshj says "Not connected" with an IllegalStateException.
            throw lost(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostException(name, "interrupted while running " + what, e);
        } finally {
            if (!releaseLater) {
                closeQuietly(session);
                channels.release();
            }
        }
    }

    /** Reads stderr, taking the process-group report off its first line. */
    private static byte[] drainStderr(InputStream stderr, CompletableFuture<Integer> processGroup) throws IOException {
        if (processGroup.isDone()) {
            return stderr.readAllBytes();
        }
        java.io.ByteArrayOutputStream first = new java.io.ByteArrayOutputStream();
        try {
            for (int b; (b = stderr.read()) >= 0; ) {
                first.write(b);
                if (b == '\n' || first.size() > 64) {
                    break;
                }
            }
        } finally {
            String line = first.toString(StandardCharsets.UTF_8);
            Integer group = null;
            if (line.startsWith(GROUP_PREFIX) && line.endsWith("\n")) {
                try {
                    group = Integer.valueOf(line.substring(GROUP_PREFIX.length(), line.length() - 1));
                    first.reset();
                } catch (NumberFormatException e) {
                    // Not ours after all: keep it as output.
                }
            }
            processGroup.complete(group);
        }
        byte[] rest = stderr.readAllBytes();
        if (first.size() == 0) {
            return rest;
        }
        first.write(rest);
        return first.toByteArray();
    }

    /**
     * Gives up on a command: kills its process group (over a spare channel, so a host full of
     * stuck commands can still be cleaned up), then closes its channel in the background and
     * frees its slot once sshd confirms, since sshd counts the channel until then.
     *
     * @return true: the slot is released later
     */
    private boolean abandon(Session session, CompletableFuture<Integer> processGroup) {
        Integer group = processGroup.getNow(null);
        if (group != null && group > 1 && client.isConnected() && killChannel.tryAcquire()) {
            try (Session killer = client.startSession()) {
                Session.Command kill = killer.exec("exec " + (sudo ? "sudo -n " : "") + "kill -KILL -- -" + group);
                kill.getOutputStream().close();
                kill.join(5, TimeUnit.SECONDS);
            } catch (IOException | RuntimeException e) {
                // Best effort: closing the channel below still frees this side.
            } finally {
                killChannel.release();
            }
        }
        Thread closer = new Thread(() -> {
            closeQuietly(session);
            channels.release();
        }, "ssh-close");
        closer.setDaemon(true);
        closer.start();
        return true;
    }

    private void acquireChannel(String what) {
        try {
            channels.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostException(name, "interrupted while waiting to run " + what, e);
        }
    }

    /**
     * A command that ended without an exit status. Only a refused channel leaves the connection
     * usable; anything else means the connection went (sshj may not have noticed yet).
     */
    private HostException lost(String what, Throwable cause) {
        for (Throwable e = cause; e != null; e = e.getCause()) {
            if (e instanceof OpenFailException refused && client.isConnected()) {
                return new HostException(name, "cannot open a channel to run " + what + ": " + SshErrors.oneLine(refused), cause);
            }
        }
        String why = "";
        for (Throwable e = cause; e != null; e = e.getCause()) {
            if (e.getMessage() != null && e.getMessage().contains("keep-alive")) {
                why = " (the host stopped answering keepalives)";
            }
        }
        return new HostException(name, "connection lost while running " + what + why, cause);
    }

    private static long remaining(long deadline) {
        return Math.max(1, deadline - System.nanoTime());
    }

    // ---- files ----

    private SFTPClient sftp() {
        synchronized (sftpLock) {
            if (closed.get()) {
                throw new HostException(name, "the connection is closed");
            }
            if (sftp == null) {
                // The SFTP session holds one channel for the life of the connection.
                acquireChannel("SFTP");
                try {
                    sftp = client.newSFTPClient();
                } catch (IOException e) {
                    channels.release();
                    throw client.isConnected()
                            ? new HostException(name, "cannot start SFTP: " + SshErrors.cause(e), e)
                            : new HostException(name, "connection lost while starting SFTP", e);
                }
            }
            return sftp;
        }
    }

    private String home() {
        SFTPClient files = sftp();
        synchronized (sftpLock) {
            if (home == null) {
                try {
                    home = files.canonicalize(".");
                } catch (IOException e) {
                    throw fileError("find the home directory of", user, e);
                }
            }
            return home;
        }
    }

    /**
     * Creates {@code path}, which must not exist, with {@code mode} from the start, and streams the
     * content into it. With {@code dir} set, a missing directory is created and the open retried.
     */
    private void writeNew(SFTPClient files, String path, Content content, int mode, String dir) throws IOException {
        net.schmizz.sshj.sftp.FileAttributes attributes =
                new net.schmizz.sshj.sftp.FileAttributes.Builder().withPermissions(mode).build();
        EnumSet<OpenMode> create = EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.EXCL);
        RemoteFile file;
        try {
            file = files.open(path, create, attributes);
        } catch (SFTPException e) {
            if (dir == null || e.getStatusCode() != Response.StatusCode.NO_SUCH_FILE) {
                throw e;
            }
            files.mkdirs(dir);
            file = files.open(path, create, attributes);
        }
        try (RemoteFile remote = file;
                InputStream in = content.open();
                OutputStream out = remote.new RemoteFileOutputStream(0, 16)) {
            int chunk = Math.max(4096, files.getSFTPEngine().getSubsystem().getRemoteMaxPacketSize()
                    - remote.getOutgoingPacketOverhead());
            byte[] buffer = new byte[chunk];
            for (int n; (n = in.read(buffer)) > 0; ) {
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
        Raw mv = runScript("exec mv -f -- " + Shell.quote(temp) + " " + Shell.quote(target), FILE_OPERATION_TIMEOUT,
                "mv " + target);
        if (mv.exit != 0) {
            throw new HostException(name, "cannot write " + target + ": " + lastLine(mv.err));
        }
    }

    private void removeQuietly(SFTPClient files, String path) {
        try {
            files.rm(path);
        } catch (IOException | RuntimeException e) {
            // Best effort: the original failure is what matters.
        }
    }

    private HostException fileError(String doing, String path, IOException e) {
        if (!client.isConnected()) {
            return new HostException(name, "connection lost while trying to " + doing + " " + path, e);
        }
        String cause = e instanceof SFTPException sftpError ? describe(sftpError) : SshErrors.cause(e);
        return new HostException(name, "cannot " + doing + " " + path + ": " + cause, e);
    }

    private static String describe(SFTPException e) {
        return switch (e.getStatusCode()) {
            case NO_SUCH_FILE -> "no such file or directory";
            case PERMISSION_DENIED -> "permission denied";
            default -> SshErrors.oneLine(e);
        };
    }

    // ---- helpers ----

    private static Optional<String> ownerSpec(FileAttributes attributes) {
        if (attributes.owner().isEmpty() && attributes.group().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(attributes.owner().orElse("") + attributes.group().map(g -> ":" + g).orElse(""));
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        if (slash < 0) {
            return ".";
        }
        return slash == 0 ? "/" : path.substring(0, slash);
    }

    /** A fresh hidden name next to {@code path}, so that the final rename stays in one directory. */
    private static String sibling(String dir, String path) {
        String base = path.substring(path.lastIndexOf('/') + 1);
        return (dir.equals("/") ? "" : dir) + "/." + base + ".kboot-" + randomHex();
    }

    private static String randomHex() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The script's first line, shortened, for messages (scripts carry no secrets). */
    static String summary(String script) {
        String stripped = script.strip();
        int newline = stripped.indexOf('\n');
        String first = newline < 0 ? stripped : stripped.substring(0, newline).strip();
        boolean more = newline >= 0 || first.length() > 60;
        if (first.length() > 60) {
            first = first.substring(0, 60);
        }
        return "'" + first + (more ? " …'" : "'");
    }

    private static String describe(Duration timeout) {
        long seconds = timeout.toSeconds();
        return seconds > 0 ? seconds + " s" : timeout.toMillis() + " ms";
    }

    private static String lastLine(byte[] bytes) {
        return lastLine(utf8(bytes));
    }

    private static String lastLine(String text) {
        String trimmed = text.strip();
        int newline = trimmed.lastIndexOf('\n');
        String line = newline < 0 ? trimmed : trimmed.substring(newline + 1).strip();
        return line.isEmpty() ? "no error message" : line;
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void closeQuietly(Session session) {
        if (session == null) {
            return;
        }
        try {
            session.close();
        } catch (IOException | RuntimeException e) {
            // Already closed, or the connection is gone; either way nothing is left to do.
        }
    }
}
