package io.kboot.reset;

import io.kboot.host.Host;
import io.kboot.hostprep.HostPaths;
import io.kboot.report.Reporter;

/**
 * What the phases of {@code kboot reset} work with, for one node. Nothing in it is shared between
 * nodes, so a run over many hosts makes one per host (with {@link Confirmation#GIVEN} once the
 * operator agreed for all of them).
 */
public record ResetContext(Host host, Reporter reporter, ResetSettings settings, Confirmation confirmation) {
    public HostPaths paths() {
        return settings.paths();
    }

    void info(String message) {
        reporter.info(host.name(), message);
    }

    void warn(String message) {
        reporter.warn(host.name(), message);
    }
}
