package io.kboot.pki;

import java.util.List;

/**
 * Renewed certificates made in memory and not yet written: a caller renewing several kinds of
 * files prepares all of them, and commits only when every one could be made.
 */
public interface PreparedRenewal {

    /** The names of what {@link #commit} writes, in order. */
    List<String> names();

    void commit();

    static PreparedRenewal of(List<String> names, Runnable write) {
        List<String> copy = List.copyOf(names);
        return new PreparedRenewal() {
            @Override
            public List<String> names() {
                return copy;
            }

            @Override
            public void commit() {
                write.run();
            }
        };
    }
}
