package io.kboot.host;

import java.util.Optional;

/**
 * A host that passes everything to another one; a subclass changes only what it is for (a
 * name, how commands run, what they record). Every method forwards, {@link #forward} and
 * {@link #close} included, so the wrapper reaches what the wrapped host reaches.
 */
public abstract class ForwardingHost implements Host {
    protected final Host delegate;

    protected ForwardingHost(Host delegate) {
        this.delegate = delegate;
    }

    @Override
    public String name() {
        return delegate.name();
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
