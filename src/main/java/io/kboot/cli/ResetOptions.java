package io.kboot.cli;

import io.kboot.KbootException;
import io.kboot.config.Defaults;
import io.kboot.hostprep.HostPaths;
import io.kboot.reset.ResetSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The flags of {@code kboot reset} and of each of its {@code phase} commands. */
final class ResetOptions {
    @Mixin
    TargetOptions target = new TargetOptions();

    @Mixin
    OutputOptions output = new OutputOptions();

    /** With -f --hosts: the reset hosts' Nodes are drained first while a control plane that stays answers. */
    @Mixin
    DrainFlags drain = new DrainFlags();

    @Option(names = "--dry-run", description = "Show what would be removed and the scripts that would do it; change nothing.")
    boolean dryRun;

    // Not -f: kubeadm's short form, but -f names a cluster file, as for kboot apply.
    @Option(names = "--force", description = "Reset without asking for confirmation. Needed when there is no terminal to ask on.")
    boolean force;

    @Option(names = "--skip-phases", paramLabel = "PHASE", split = ",",
            description = "Phases to skip, e.g. remove-etcd-member or cleanup-node/iptables.")
    List<String> skipPhases = new ArrayList<>();

    @Option(names = {"-f", "--filename"}, paramLabel = "FILE",
            description = "Reset the hosts of this cluster file (kboot apply's), all or those of --hosts, instead of --host:"
                    + " workers in parallel, then the control planes one at a time, the first one last.")
    Optional<Path> file = Optional.empty();

    @Option(names = "--hosts", paramLabel = "NAME", split = ",",
            description = "With -f: only these hosts of the file (by name). While a control plane of the file that is not reset"
                    + " keeps the cluster, their Nodes are deleted and they leave kboot's state.")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--cert-dir", paramLabel = "DIR",
            description = "The certificate directory to clean (default: " + Defaults.CERTIFICATES_DIR + ").")
    Optional<String> certDir = Optional.empty();

    /** Validated settings; bad values are {@code InvalidInput}, before any host is opened. */
    ResetSettings settings() {
        return new ResetSettings(HostPaths.SYSTEM, certDir.orElse(Defaults.CERTIFICATES_DIR));
    }

    /** With -f, a --host or --cert-dir would be ignored: refused instead, before anything is opened. */
    void requireConsistent() {
        if (file.isPresent() && !target.isLocal()) {
            throw new KbootException.InvalidInput("-f " + file.get() + " and --host " + target.host.get()
                    + " both name what to reset: use one (the file's hosts are chosen with --hosts)");
        }
        if (file.isPresent() && certDir.isPresent()) {
            throw new KbootException.InvalidInput("--cert-dir does not go with -f: the cluster file's ClusterConfiguration"
                    + " names the certificate directory");
        }
        if (file.isEmpty() && drain.given()) {
            throw new KbootException.InvalidInput("--no-drain, --drain-timeout, --delete-emptydir-data and --force-drain go with"
                    + " -f: a reset of one node with --host has no cluster API to drain it through");
        }
        if (file.isEmpty() && !hosts.isEmpty()) {
            throw new KbootException.InvalidInput("--hosts " + String.join(",", hosts) + " names hosts of a cluster file:"
                    + " give the file with -f");
        }
    }

    Set<String> skippedPhases() {
        return new LinkedHashSet<>(skipPhases);
    }
}
