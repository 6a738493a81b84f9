package io.kboot.hostprep;

import io.kboot.KbootException;
import java.util.List;
import java.util.Objects;

/**
 * The host-preparation choices that are not kubeadm config: registry mirrors, where packages
 * come from, and (for tests) the root of the tree written under.
 */
public record HostPrepSettings(List<RegistryMirror> registryMirrors, ArtifactSource artifacts, HostPaths paths) {

    public HostPrepSettings {
        registryMirrors = List.copyOf(registryMirrors);
        Objects.requireNonNull(artifacts, "artifacts");
        Objects.requireNonNull(paths, "paths");
        long distinct = registryMirrors.stream().map(RegistryMirror::registry).distinct().count();
        if (distinct != registryMirrors.size()) {
            throw new KbootException.InvalidInput("registry mirrors: a registry is listed twice");
        }
    }

    /** No mirrors, packages from the distribution's repositories, the real root. */
    public static HostPrepSettings defaults() {
        return new HostPrepSettings(List.of(), new DistroPackages(), HostPaths.SYSTEM);
    }
}
