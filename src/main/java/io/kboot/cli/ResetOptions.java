package io.kboot.cli;

import io.kboot.config.Defaults;
import io.kboot.hostprep.HostPaths;
import io.kboot.reset.ResetSettings;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The flags of {@code kboot reset} and of each of its {@code phase} commands. */
final class ResetOptions {
    @Mixin
    TargetOptions target = new TargetOptions();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Option(names = "--dry-run", description = "Show what would be removed and the scripts that would do it; change nothing.")
    boolean dryRun;

    // Not -f: kubeadm's short form, but `kboot reset -f FILE` names a cluster file.
    @Option(names = "--force", description = "Reset without asking for confirmation. Needed when there is no terminal to ask on.")
    boolean force;

    @Option(names = "--skip-phases", paramLabel = "PHASE", split = ",",
            description = "Phases to skip, e.g. remove-etcd-member or cleanup-node/iptables.")
    List<String> skipPhases = new ArrayList<>();

    @Option(names = "--cert-dir", paramLabel = "DIR",
            description = "The certificate directory to clean (default: " + Defaults.CERTIFICATES_DIR + ").")
    String certDir = Defaults.CERTIFICATES_DIR;

    /** Validated settings; bad values are {@code InvalidInput}, before any host is opened. */
    ResetSettings settings() {
        return new ResetSettings(HostPaths.SYSTEM, certDir);
    }

    Set<String> skippedPhases() {
        return new LinkedHashSet<>(skipPhases);
    }
}
