package io.kboot.host;

import java.net.InetSocketAddress;

/**
 * A TCP port of the host's network, reachable from the workstation at {@link #local()}: over SSH
 * a forwarded port on 127.0.0.1 (the node's API server may listen on an address only the node's
 * network can reach, such as a lab VM's private address), for the local host the address itself.
 */
public interface Tunnel extends AutoCloseable {

    /** Where to connect on the workstation. */
    InetSocketAddress local();

    /** Stops forwarding; connections already open may end. Idempotent. */
    @Override
    void close();

    /** No forwarding: the address is reachable as it is. */
    static Tunnel direct(String host, int port) {
        InetSocketAddress address = new InetSocketAddress(host, port);
        return new Tunnel() {
            @Override
            public InetSocketAddress local() {
                return address;
            }

            @Override
            public void close() {}
        };
    }
}
