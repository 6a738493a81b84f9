package io.kboot.cli;

import io.kboot.KbootException;
import io.kboot.bundle.BundleSource;
import io.kboot.config.KubernetesVersion;
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

    @Option(names = "--bundle", paramLabel = "FILE",
            description = "Install containerd, runc, CNI plugins, kubelet and kubectl and import the images from this offline"
                    + " bundle"
                    + " (kboot bundle create). It is checked here first, uploaded once per node and checked there again.")
    Optional<Path> bundle = Optional.empty();

    /**
     * Parsed and checked before any host is touched, a bundle whole (every checksum) and against
     * the release and image repository the node is set up for.
     */
    HostPrepSettings settings(KubernetesVersion version, String imageRepository) {
        return settings(Optional.of(version), imageRepository);
    }

    /**
     * For a join, whose release is the cluster's, known only after discovery (which checks the
     * bundle against it): a bundle is checked whole and against its own release's images now.
     */
    HostPrepSettings joinSettings(String imageRepository) {
        return settings(Optional.empty(), imageRepository);
    }

    private HostPrepSettings settings(Optional<KubernetesVersion> version, String imageRepository) {
        List<RegistryMirror> mirrors = registryMirrors.stream().map(RegistryMirror::parse).toList();
        if (bundle.isPresent() && packagesDir.isPresent()) {
            throw new KbootException.InvalidInput("--bundle and --packages-dir cannot be used together: the bundle has everything"
                    + " --packages-dir would upload");
        }
        ArtifactSource source;
        if (bundle.isPresent()) {
            BundleSource fromBundle = BundleSource.open(bundle.get());
            fromBundle.requireFits(version.orElseGet(fromBundle::release),
                    imageRepository);
            source = fromBundle;
        } else {
            source = packagesDir.<ArtifactSource>map(UploadedFiles::new).orElseGet(DistroPackages::new);
        }
        return new HostPrepSettings(mirrors, source, HostPaths.SYSTEM);
    }
}
