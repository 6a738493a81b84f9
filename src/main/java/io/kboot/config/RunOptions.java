package io.kboot.config;

import io.kboot.KbootException;
import io.kboot.patches.Patches;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How one run of kinit master or kjoin goes: the preflight checks whose errors become warnings,
 * the phases skipped, kubeadm's patches and the bounds of every wait (v1beta4 timeouts).
 *
 * @param patches kubeadm's patches for the static Pods, the kubelet's configuration and CoreDNS
 */
public record RunOptions(Set<String> ignorePreflightErrors, Set<String> skipPhases, Patches patches, Timeouts timeouts) {

    public RunOptions {
        ignorePreflightErrors = Set.copyOf(ignorePreflightErrors);
        skipPhases = Set.copyOf(skipPhases);
    }

    /** Values given on the command line; empty means "not given". */
    public static final class Flags {
        public Set<String> ignorePreflightErrors = Set.of();
        public Set<String> skipPhases = Set.of();
        /** kubeadm's --patches: wins over the document's patches.directory, read here, on the workstation. */
        public Optional<Path> patches = Optional.empty();
    }

    /**
     * The run options of an InitConfiguration or JoinConfiguration and the flags: {@code ignored}
     * (already merged and checked, see {@link #ignoredChecks}), then skipPhases, patches and timeouts.
     */
    static RunOptions from(Set<String> ignored, Optional<List<String>> skipPhases, Optional<Kubeadm.Patches> patches,
            Optional<Kubeadm.Timeouts> timeouts, Flags flags) {
        return new RunOptions(ignored, skippedPhases(skipPhases, flags), patches(patches, flags), Timeouts.from(timeouts));
    }

    /** The same options with other phases skipped. */
    public RunOptions withSkipPhases(Set<String> other) {
        return new RunOptions(ignorePreflightErrors, other, patches, timeouts);
    }

    /** The same options with other wait bounds: {@code --timeout} flags over the file's. */
    public RunOptions withTimeouts(Timeouts other) {
        return new RunOptions(ignorePreflightErrors, skipPhases, patches, other);
    }

    /**
     * The file's nodeRegistration.ignorePreflightErrors and the flag's names together, checked
     * together as kubeadm does ("all" alone), so neither source is looser than the other.
     */
    static Set<String> ignoredChecks(Optional<Kubeadm.NodeRegistration> registration, Flags flags) {
        Optional<List<String>> fromFile = registration.map(Kubeadm.NodeRegistration::ignorePreflightErrors);
        Set<String> ignored = new LinkedHashSet<>(fromFile.orElse(List.of()));
        ignored.addAll(flags.ignorePreflightErrors);
        try {
            ValueRules.ignorePreflightErrors(ignored);
        } catch (IllegalArgumentException e) {
            throw new KbootException.InvalidInput("--ignore-preflight-errors"
                    + (fromFile.isPresent() ? " with nodeRegistration.ignorePreflightErrors" : "") + ": " + e.getMessage());
        }
        return ignored;
    }

    /** The document's skipPhases, then the flag's. */
    private static Set<String> skippedPhases(Optional<List<String>> fromFile, Flags flags) {
        Set<String> skipped = new LinkedHashSet<>(fromFile.orElse(List.of()));
        skipped.addAll(flags.skipPhases);
        return skipped;
    }

    /** --patches, else the document's patches.directory, else none. */
    private static Patches patches(Optional<Kubeadm.Patches> fromFile, Flags flags) {
        return flags.patches.or(() -> fromFile.map(Kubeadm.Patches::directory).map(Path::of))
                .map(Patches::load).orElse(Patches.none());
    }
}
