package io.kboot.host.ssh;

import io.kboot.host.Command;
import io.kboot.host.Content;
import io.kboot.host.ExecResult;
import io.kboot.host.FileAttributes;
import io.kboot.host.Host;
import io.kboot.host.Tunnel;
import java.util.Optional;
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
    private final SSHClient client;
    private final SshExec commands;
    private final SftpFiles files;
    private final Runnable onClose;

    /**
     * @param channels concurrent channels, the SFTP session included
     * @param privileged how a decorator gives commands their privileges; see {@link SshExec}
     * @param onClose run once the connection is closed (releases a shared jump host)
     */
    SshHost(String name, String user, SSHClient client, int channels, UnaryOperator<String> privileged, Runnable onClose) {
        this.name = name;
        this.user = user;
        this.client = client;
        this.commands = new SshExec(name, client, channels, privileged);
        this.files = new SftpFiles(name, client, commands);
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

    @Override
    public ExecResult exec(Command command) {
        SshExec.Raw raw = commands.run(command.script(), command.timeout(), SshExec.summary(command.script()),
                command.progressLines());
        return new ExecResult(raw.exit(), raw.stdout(), raw.stderr());
    }

    @Override
    public void upload(Content content, String path, FileAttributes attributes) {
        files.upload(content, path, attributes);
    }

    @Override
    public Optional<byte[]> read(String path) {
        return files.read(path);
    }

    @Override
    public boolean exists(String path) {
        return files.exists(path);
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
        if (!commands.markClosed()) {
            return;
        }
        files.close();
        try {
            Quietly.run(client::disconnect);
        } finally {
            onClose.run();
        }
    }

    @Override
    public String toString() {
        return "SshHost[" + user + "@" + name + "]";
    }
}
