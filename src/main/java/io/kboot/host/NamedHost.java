package io.kboot.host;

/**
 * A host under another name: {@code kboot apply} calls each machine by its name in the cluster
 * file ("w3") rather than by the SSH address it was reached at ("127.0.0.1:2203").
 */
public final class NamedHost extends ForwardingHost {
    private final String name;

    public NamedHost(String name, Host delegate) {
        super(delegate);
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }
}
