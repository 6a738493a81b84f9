package io.kboot.facts;

import io.kboot.host.Host;
import java.util.Locale;
import java.util.Optional;

/** A host's facts, gathered once per run on first use, and what kubeadm derives from them. */
public final class LazyFacts {
    private final Host host;
    private HostFacts facts;

    public LazyFacts(Host host) {
        this.host = host;
    }

    /** Facts a stage gathered already (apply's preflight), so the run does not gather them again. */
    public static LazyFacts gathered(Host host, HostFacts facts) {
        LazyFacts lazy = new LazyFacts(host);
        lazy.facts = facts;
        return lazy;
    }

    public synchronized HostFacts get() {
        if (facts == null) {
            facts = HostFacts.gather(host);
        }
        return facts;
    }

    /** The node name: as configured, else the host's hostname in lowercase (kubeadm's default). */
    public String nodeName(Optional<String> configured) {
        return configured.orElseGet(() -> get().hostname().toLowerCase(Locale.ROOT));
    }
}
