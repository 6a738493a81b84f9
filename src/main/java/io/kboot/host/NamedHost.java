package io.kboot.host;

import java.util.Optional;

/**
 * A host under another name: {@code kboot apply} calls each machine by its name in the cluster
 * file ("w3") rather than by the SSH address it was reached at ("127.0.0.1:2203").
 */
public final class NamedHost implements Host {
    private final String name;
    private final Host delegate;

    public NamedHost(String name, Host delegate) {
        this.name = name;
        this.delegate = delegate;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ExecResult exec(Command command) {
        return delegate.exec(command);
    }

    @Override
    public void upload(Content content, String path, FileAttributes attributes) {
        delegate.upload(content, path, attributes);
    }

    @Override
    public Optional<byte[]> read(String path) {
        return delegate.read(path);
    }

    @Override
    public boolean exists(String path) {
        return delegate.exists(path);
    }

    @Override
    public Tunnel forward(String host, int port) {
        return delegate.forward(host, port);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
