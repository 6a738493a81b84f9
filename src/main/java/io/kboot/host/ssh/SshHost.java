package io.kboot.host.ssh;

import io.kboot.host.Command;
import io.kboot.host.Content;
import io.kboot.host.ExecResult;
import io.kboot.host.FileAttributes;
import io.kboot.host.Host;
import io.kboot.host.HostException;
import io.kboot.host.Tunnel;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import net.schmizz.sshj.SSHClient;

/**
 * A host reached over one SSH connection, made by {@link SshConnector}: commands through
 * {@link SshExec}, one channel each, files through {@link SftpFiles}, one SFTP session. Running
 * as root through sudo is not its business but that of {@link io.kboot.host.SudoHost} around it.
 */
public final class SshHost implements Host {

    private final String name;
    private final String user;
    private final int channels;
    private final UnaryOperator<String> privileged;
    private final Supplier<SSHClient> reconnect;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Link link;
    private Link lost;

    /** One connection and what runs over it: replaced as a whole when the connection is lost. */
    private record Link(SSHClient client, SshExec commands, SftpFiles files) {
        boolean connected() {
            return client.isConnected() && client.isAuthenticated();
        }
    }

    /**
     * @param channels concurrent channels, the SFTP session included
     * @param privileged how a decorator gives commands their privileges; see {@link SshExec}
     * @param reconnect a new connection to the same host, as the first was made (its retries included)
     * @param onClose run once the connection is closed (releases a shared jump host)
     */
    SshHost(String name, String user, SSHClient client, int channels, UnaryOperator<String> privileged,
            Supplier<SSHClient> reconnect, Runnable onClose) {
        this.name = name;
        this.user = user;
        this.channels = channels;
        this.privileged = privileged;
        this.reconnect = reconnect;
        this.onClose = onClose;
        this.link = link(client);
    }

    private Link link(SSHClient client) {
        SshExec commands = new SshExec(name, client, channels, privileged);
        return new Link(client, commands, new SftpFiles(name, client, commands));
    }

    /**
     * The connection, made again if it was lost: a long run outlives a connection that an
     * overloaded node or a flaky link dropped (an upgrade restarts the API server on purpose and
     * waits minutes for it, when an emulated node may miss its keepalives).
     */
    private synchronized Link current() {
        if ((link == lost || !link.connected()) && !closed.get()) {
            Link old = link;
            old.files().close();
            Quietly.run(old.client()::disconnect);
            try {
                link = link(reconnect.get());
            } catch (HostException e) {
                // Still "connection lost" first: that is what happened; the new connection's failure is why it stays lost.
                String why =
                        e.getMessage().startsWith(name + ": ") ? e.getMessage().substring(name.length() + 2) : e.getMessage();
                throw new HostException(name, "connection lost; connecting again failed: " + why, e);
            }
        }
        return link;
    }

    @Override
    public String name() {
        return name;
    }

    /** The login user. */
    public String user() {
        return user;
    }

    /**
     * Runs the command; a query whose connection was lost runs once more over a new one. A change
     * is not repeated (it may have run): it fails, and the next call reconnects.
     */
    @Override
    public ExecResult exec(Command command) {
        Link l = current();
        try {
            return run(l, command);
        } catch (HostException.ConnectionLost e) {
            markLost(l);
            if (command.mutating()) {
                throw e;
            }
            return run(current(), command);
        }
    }

    /** The link failed as lost: the next call makes a new one, even before sshj notices the old one is gone. */
    private synchronized void markLost(Link l) {
        lost = l;
    }

    private static ExecResult run(Link l, Command command) {
        SshExec.Raw raw = l.commands().run(command.script(), command.timeout(), SshExec.summary(command.script()),
                command.progressLines());
        return new ExecResult(raw.exit(), raw.stdout(), raw.stderr());
    }

    /** Uploads are atomic (a temporary file renamed into place), so one whose connection was lost is made again. */
    @Override
    public void upload(Content content, String path, FileAttributes attributes) {
        retried(l -> {
            l.files().upload(content, path, attributes);
            return null;
        });
    }

    @Override
    public Optional<byte[]> read(String path) {
        return retried(l -> l.files().read(path));
    }

    @Override
    public boolean exists(String path) {
        return retried(l -> l.files().exists(path));
    }

    private <T> T retried(Function<Link, T> operation) {
        Link l = current();
        try {
            return operation.apply(l);
        } catch (HostException.ConnectionLost e) {
            markLost(l);
            return operation.apply(current());
        }
    }

    /**
     * A port on 127.0.0.1 forwarded over this connection (SSH direct-tcpip) to {@code host:port}
     * as the node sees it; each accepted connection becomes one SSH channel, over the connection of
     * the moment (a new one if it was lost).
     */
    @Override
    public Tunnel forward(String host, int port) {
        return PortForward.open(() -> current().client(), name, host, port);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Link l;
        synchronized (this) {
            l = link;
        }
        l.commands().markClosed();
        l.files().close();
        try {
            Quietly.run(l.client()::disconnect);
        } finally {
            onClose.run();
        }
    }

    @Override
    public String toString() {
        return "SshHost[" + user + "@" + name + "]";
    }
}
