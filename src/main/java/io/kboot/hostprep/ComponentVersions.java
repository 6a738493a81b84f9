package io.kboot.hostprep;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kboot.KbootException;
import io.kboot.config.KubernetesVersion;
import io.kboot.templates.Templates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Versions that follow the Kubernetes minor release, from {@code templates/versions.yaml}. A
 * release newer than the table uses the newest entry; an older one is refused.
 */
public final class ComponentVersions {

    /**
     * What one Kubernetes minor release expects. etcd and CoreDNS are null for releases kboot can
     * prepare nodes for but not bootstrap a control plane of.
     */
    public record Release(String pause, String etcd, String coredns) {}

    record File(Map<String, Release> releases) {}

    private static volatile ComponentVersions bundled;

    private final NavigableMap<Integer, Release> byMinor;

    private ComponentVersions(NavigableMap<Integer, Release> byMinor) {
        this.byMinor = byMinor;
    }

    /** The table shipped in the jar. */
    public static ComponentVersions bundled() {
        ComponentVersions result = bundled;
        if (result == null) {
            result = parse(Templates.load("versions.yaml"));
            bundled = result;
        }
        return result;
    }

    static ComponentVersions parse(String yaml) {
        File file;
        try {
            file = new ObjectMapper(new YAMLFactory()).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                    .readValue(yaml, File.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read versions.yaml", e);
        }
        NavigableMap<Integer, Release> byMinor = new TreeMap<>();
        file.releases().forEach((minor, release) -> {
            if (!minor.matches("1\\.\\d+") || release == null || release.pause() == null) {
                throw new IllegalStateException("versions.yaml: bad entry " + minor);
            }
            byMinor.put(Integer.parseInt(minor.substring(2)), release);
        });
        if (byMinor.isEmpty()) {
            throw new IllegalStateException("versions.yaml lists no releases");
        }
        return new ComponentVersions(byMinor);
    }

    public Release release(KubernetesVersion version) {
        if (version.major() != 1 || version.minor() < byMinor.firstKey()) {
            throw new KbootException.InvalidInput(
                    "Kubernetes " + version + " is not supported: the oldest release kboot knows is v1."
                            + byMinor.firstKey());
        }
        return byMinor.floorEntry(version.minor()).getValue();
    }

    /** kubeadm's PauseVersion for the release: the sandbox image tag. */
    public String pauseVersion(KubernetesVersion version) {
        return release(version).pause();
    }

    /** The minors (of 1.x) kboot can bootstrap a control plane of: those with etcd and CoreDNS, oldest first. */
    public List<Integer> controlPlaneMinors() {
        return byMinor.entrySet().stream().filter(e -> e.getValue().etcd() != null && e.getValue().coredns() != null)
                .map(Map.Entry::getKey).toList();
    }

    /**
     * The etcd and CoreDNS image tags kubeadm pins for a release whose control plane kboot makes.
     *
     * @throws KbootException.InvalidInput for a release kboot cannot bootstrap a control plane of
     */
    public Release controlPlaneRelease(KubernetesVersion version) {
        Release release = release(version);
        if (release.etcd() == null || release.coredns() == null) {
            String supported = controlPlaneMinors().stream().map(minor -> "v1." + minor)
                    .collect(Collectors.joining(", "));
            throw new KbootException.InvalidInput("kboot cannot bootstrap a control plane of Kubernetes " + version
                    + "; supported releases: " + supported);
        }
        return release;
    }
}
