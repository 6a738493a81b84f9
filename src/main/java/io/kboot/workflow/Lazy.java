package io.kboot.workflow;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A resource of a run made on first use and then kept (the PKI, the discovered cluster): a context
 * holds one per resource, made from the package that owns it, so phases never build them.
 * Thread-safe: apply runs several hosts' phases at once.
 */
public final class Lazy<T> implements Supplier<T> {
    private Supplier<T> make;
    private T value;

    public Lazy(Supplier<T> make) {
        this.make = Objects.requireNonNull(make);
    }

    @Override
    public synchronized T get() {
        if (make != null) {
            value = Objects.requireNonNull(make.get(), "a lazy resource was made null");
            make = null;
        }
        return value;
    }
}
