package io.kboot.reset;

import io.kboot.host.Host;
import io.kboot.hostprep.HostPaths;
import io.kboot.report.Reporter;

/** What the phases of {@code kboot reset} work with. */
public record ResetContext(Host host, Reporter reporter, HostPaths paths) {
    public ResetContext(Host host, Reporter reporter) {
        this(host, reporter, HostPaths.SYSTEM);
    }
}
