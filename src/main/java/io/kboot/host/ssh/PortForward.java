package io.kboot.host.ssh;

import io.kboot.host.HostException;
import io.kboot.host.Tunnel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.Supplier;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;

/**
 * A local port forwarded over an SSH connection (direct-tcpip), one channel per accepted
 * connection. Unlike sshj's LocalPortForwarder, a connection the far side refuses (the kubelet
 * is not listening yet) closes only that connection: health checks poll through one forward
 * from before the component starts until it answers.
 */
final class PortForward implements Tunnel {
    private final ServerSocket listener;
    private final InetSocketAddress local;

    private PortForward(ServerSocket listener) {
        this.listener = listener;
        this.local = new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    }

    static PortForward open(Supplier<SSHClient> client, String nodeName, String host, int port) {
        ServerSocket listener;
        try {
            listener = new ServerSocket();
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new HostException(nodeName,
                    "cannot open a local port to forward to " + host + ":" + port + ": " + e.getMessage(), e);
        }
        PortForward forward = new PortForward(listener);
        daemon("kboot-forward-" + nodeName + "-" + port, () -> forward.accept(client, host, port));
        return forward;
    }

    private void accept(Supplier<SSHClient> client, String host, int port) {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            daemon("kboot-forward-conn", () -> connect(client, socket, host, port));
        }
    }

    private static void connect(Supplier<SSHClient> client, Socket socket, String host, int port) {
        DirectConnection channel;
        try {
            socket.setTcpNoDelay(true);
            channel = client.get().newDirectConnection(host, port);
        } catch (IOException | RuntimeException e) {
            close(socket); // refused on the far side: this connection fails, the forward stays
            return;
        }
        daemon("kboot-forward-up", () -> pump(socket, channel, true));
        pump(socket, channel, false);
    }

    /** Copies one direction until EOF, then closes both ends. */
    private static void pump(Socket socket, DirectConnection channel, boolean up) {
        try (InputStream in = up ? socket.getInputStream() : channel.getInputStream();
                OutputStream out = up ? channel.getOutputStream() : socket.getOutputStream()) {
            byte[] buffer = new byte[32 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the other direction or the connection ended
        } finally {
            close(socket);
            try {
                channel.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public InetSocketAddress local() {
        return local;
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
