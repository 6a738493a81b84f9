package io.kboot.host.ssh;

import io.kboot.host.ExecResult;
import io.kboot.host.HostException;
import io.kboot.host.OutputLines;
import io.kboot.host.Shell;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.OpenFailException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;

/**
 * Runs scripts on one SSH connection, each as {@code exec sh -c '<script>'} on its own channel, at
 * most {@code channels} at once (the SFTP session holds one of them). The {@code exec} spares the
 * login shell a fork; the script's first act is to report its process group on stderr (stripped
 * from the output), so that a timeout can kill what it started.
 */
final class SshExec {

    /** Runs a script read from stdin, with stdin closed for the script itself as with {@code sh -c}. */
    private static final String STDIN_RUNNER =
            "f=$(mktemp) || exit 125\ntrap 'rm -f \"$f\"' EXIT\ncat > \"$f\" || exit 125\nsh \"$f\" < /dev/null";

    private static final String GROUP_PREFIX = "kboot-pgid:";
    private static final Pattern GROUP_LINE = Pattern.compile(Pattern.quote(GROUP_PREFIX) + "(\\d{1,9})\n");

    /**
     * Prefixed to every script, on the script's first line so its line numbers stay right: reports
     * the process group sshd made for the session (Linux /proc; silently nothing elsewhere).
     */
    private static final String REPORT_PROCESS_GROUP =
            "read -r _ _ _ _ kboot_pgid _ 2>/dev/null </proc/$$/stat && echo \"" + GROUP_PREFIX + "$kboot_pgid\" >&2; ";

    private static final ExecutorService DRAIN = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "ssh-drain");
        thread.setDaemon(true);
        return thread;
    });

    /** What a script left behind. */
    record Raw(int exit, byte[] out, byte[] err) {
        String stdout() {
            return new String(out, StandardCharsets.UTF_8);
        }

        String stderr() {
            return new String(err, StandardCharsets.UTF_8);
        }

        String lastErrorLine() {
            return ExecResult.lastErrorLine(stderr());
        }
    }

    /** How long refused opens are tried again (20 ms apart, doubling to 500 ms) before one counts. */
    private static final Duration OPEN_PATIENCE = Duration.ofSeconds(10);

    private final String name;
    private final SSHClient client;
    private final UnaryOperator<String> privileged;
    private final Semaphore channels;
    /** One channel beyond the bound, kept for killing timed-out commands (sshd allows 10). */
    private final Semaphore killChannel = new Semaphore(1);
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param privileged turns a command line into one with the privileges the host's scripts get
     *     from a decorator ({@code sudo -n}): the kill of a timed-out script needs them, and runs
     *     on a spare channel no decorator sees
     */
    SshExec(String name, SSHClient client, int channels, UnaryOperator<String> privileged) {
        this.name = name;
        this.client = client;
        this.channels = new Semaphore(channels, true);
        this.privileged = privileged;
    }

    /**
     * Runs a POSIX sh script, or for scripts too long for a command line, the script on stdin of a
     * runner that saves it to a temporary file; progress lines of its stdout go to
     * {@code progressLines} as they come.
     */
    Raw run(String script, Duration timeout, String what, Consumer<String> progressLines) {
        boolean inline = script.length() <= Shell.MAX_INLINE_SCRIPT; // longer ones travel on stdin
        String body = REPORT_PROCESS_GROUP + (inline ? script : STDIN_RUNNER);
        byte[] stdin = inline ? null : script.getBytes(StandardCharsets.UTF_8);
        return run("exec sh -c " + Shell.quote(body), stdin, timeout, what, progressLines);
    }

    /** Marks the connection closed; false if it already was. */
    boolean markClosed() {
        return closed.compareAndSet(false, true);
    }

    boolean closed() {
        return closed.get();
    }

    void acquireChannel(String what) {
        try {
            channels.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostException(name, "interrupted while waiting to run " + what, e);
        }
    }

    void releaseChannel() {
        channels.release();
    }

    /**
     * Runs one command line on its own channel: stdin gets {@code stdin} then end of file, stdout
     * and stderr are drained concurrently, and the exit status is read after the channel closed.
     * On a timeout or an interrupt the remote process group is killed over a second channel.
     */
    private Raw run(String commandLine, byte[] stdin, Duration timeout, String what, Consumer<String> progressLines) {
        if (closed.get()) {
            throw new HostException(name, "the connection is closed (while running " + what + ")");
        }
        acquireChannel(what);
        long deadline = System.nanoTime() + timeout.toNanos();
        Session session = null;
        boolean releaseLater = false;
        CompletableFuture<Integer> processGroup = new CompletableFuture<>();
        try {
            if (!client.isConnected()) {
                throw lost(what, null);
            }
            session = openSession(deadline);
            Session.Command command = session.exec(commandLine);
            Future<byte[]> out = DRAIN.submit(() -> OutputLines.drain(command.getInputStream(), progressLines));
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
            } catch (TimeoutException | ConnectionException | InterruptedException e) {
                if (!(e instanceof InterruptedException) && !client.isConnected()) {
                    throw lost(what, e);
                }
                releaseLater = abandon(session, processGroup);
                if (e instanceof InterruptedException) {
                    throw e;
                }
                throw new HostException(name, "timed out after " + describe(timeout) + " while running " + what);
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
        } catch (Exception e) {
            throw failure(what, e);
        } finally {
            if (!releaseLater) {
                Session open = session;
                Quietly.run(() -> close(open));
                channels.release();
            }
        }
    }

    /**
     * Opens a session channel, again when sshd refuses it while the connection stands: sshd frees
     * a closed session only when its main loop collects the channel, so an open that arrives in
     * the same read as the close before it can find all of MaxSessions still taken. A refused open
     * ran nothing, so trying again is safe for any command.
     */
    private Session openSession(long deadline) throws IOException, InterruptedException {
        long giveUp = Math.min(deadline, System.nanoTime() + OPEN_PATIENCE.toNanos());
        long pause = TimeUnit.MILLISECONDS.toNanos(20);
        while (true) {
            try {
                return client.startSession();
            } catch (OpenFailException refused) {
                if (!client.isConnected() || giveUp - System.nanoTime() < pause) {
                    throw refused;
                }
                TimeUnit.NANOSECONDS.sleep(pause);
                pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(500));
            }
        }
    }

    /** The one translation of what running a command can throw into what the caller sees. */
    private RuntimeException failure(String what, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new HostException(name, "interrupted while running " + what, e);
        }
        if (e instanceof ExecutionException) {
            return lost(what, e.getCause());
        }
        if (e instanceof HostException host) {
            return host;
        }
        if (e instanceof RuntimeException runtime && !(e instanceof IllegalStateException)) {
            return runtime;
        }
        // An IOException, or sshj's "Not connected" (an IllegalStateException).
        return lost(what, e);
    }

    /** Reads stderr, taking the process-group report off its first line. */
    private static byte[] drainStderr(InputStream stderr, CompletableFuture<Integer> processGroup) throws IOException {
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        try {
            for (int b; (b = stderr.read()) >= 0;) {
                first.write(b);
                if (b == '\n' || first.size() > 64) {
                    break;
                }
            }
        } finally {
            Matcher report = GROUP_LINE.matcher(first.toString(StandardCharsets.UTF_8));
            if (report.matches()) {
                first.reset();
            }
            // Anything else is not ours after all: it stays as output.
            processGroup.complete(report.matches() ? Integer.valueOf(report.group(1)) : null);
        }
        first.write(stderr.readAllBytes());
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
            try {
                // Best effort: closing the channel below still frees this side.
                Quietly.run(() -> kill(group));
            } finally {
                killChannel.release();
            }
        }
        Thread closer = new Thread(() -> {
            Quietly.run(() -> close(session));
            channels.release();
        }, "ssh-close");
        closer.setDaemon(true);
        closer.start();
        return true;
    }

    private void kill(int group) throws IOException {
        try (Session killer = client.startSession()) {
            Session.Command kill = killer.exec(privileged.apply("exec kill -KILL -- -" + group));
            kill.getOutputStream().close();
            kill.join(5, TimeUnit.SECONDS);
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
        return new HostException.ConnectionLost(name, "connection lost while running " + what + why, cause);
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

    private static void close(Session session) throws IOException {
        if (session != null) {
            session.close();
        }
    }

    private static long remaining(long deadline) {
        return Math.max(1, deadline - System.nanoTime());
    }

    private static String describe(Duration timeout) {
        long seconds = timeout.toSeconds();
        return seconds > 0 ? seconds + " s" : timeout.toMillis() + " ms";
    }
}
