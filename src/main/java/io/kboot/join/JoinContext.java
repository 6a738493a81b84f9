package io.kboot.join;

import io.kboot.config.JoinSettings;
import io.kboot.facts.HostFacts;
import io.kboot.host.Host;
import io.kboot.report.Reporter;
import java.util.Locale;

/** What every phase of {@code kjoin} works with. Facts about the node are gathered once. */
public final class JoinContext {
    private final JoinSettings settings;
    private final Host host;
    private final Reporter reporter;
    private HostFacts facts;

    public JoinContext(JoinSettings settings, Host host, Reporter reporter) {
        this.settings = settings;
        this.host = host;
        this.reporter = reporter;
    }

    public JoinSettings settings() {
        return settings;
    }

    public Host host() {
        return host;
    }

    public Reporter reporter() {
        return reporter;
    }

    public synchronized HostFacts facts() {
        if (facts == null) {
            facts = HostFacts.gather(host);
        }
        return facts;
    }

    public String nodeName() {
        return settings.nodeName().orElseGet(() -> facts().hostname().toLowerCase(Locale.ROOT));
    }
}
