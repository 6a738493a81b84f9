package io.kboot.cli;

import io.kboot.hostprep.ArtifactSource;
import io.kboot.hostprep.DistroPackages;
import io.kboot.hostprep.HostPaths;
import io.kboot.hostprep.HostPrepSettings;
import io.kboot.hostprep.RegistryMirror;
import io.kboot.hostprep.UploadedFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Host-preparation flags shared by kinit master and kjoin. */
public final class HostPrepOptions {
    @Option(names = "--registry-mirror", paramLabel = "REGISTRY=URL[,URL]",
            description = "Pull REGISTRY's images through these mirrors first (containerd hosts.toml). Repeatable,"
                    + " e.g. docker.io=https://mirror.local:5000")
    List<String> registryMirrors = new ArrayList<>();

    @Option(names = "--packages-dir", paramLabel = "DIR",
            description = "Install containerd, runc, CNI plugins (and kubelet, kubectl) from this workstation directory"
                    + " (*.deb or *.rpm, bin/kubelet, bin/kubectl, cni/*) instead of the node's package repositories.")
    Optional<Path> packagesDir = Optional.empty();

    /** Parsed and checked before any host is touched. */
    HostPrepSettings settings() {
        List<RegistryMirror> mirrors = registryMirrors.stream().map(RegistryMirror::parse).toList();
        ArtifactSource source = packagesDir.<ArtifactSource>map(UploadedFiles::new).orElseGet(DistroPackages::new);
        return new HostPrepSettings(mirrors, source, HostPaths.SYSTEM);
    }
}
