package io.kboot.controlplane;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kboot.KbootException;
import io.kboot.config.KubernetesVersion;
import io.kboot.templates.Templates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * How kubeadm's static Pods differ between Kubernetes minor releases, from
 * {@code templates/static-pods/releases.yaml}. The differences are data so that supporting another
 * release is a table entry plus its golden files, and {@link StaticPods} has no version checks.
 */
final class ManifestReleases {
    /** The components whose volumes {@link StaticPods} builds in code; the others' are in their templates. */
    private static final Set<String> CODED_VOLUMES =
            Set.of(Component.KUBE_APISERVER.id(), Component.KUBE_CONTROLLER_MANAGER.id());

    /**
     * One minor release's differences.
     *
     * @param etcdLegacyFlagsBelow etcd tags below this version get etcd's pre-3.6 flag names; null: never
     * @param extraVolumes by component id
     */
    record Release(String etcdLegacyFlagsBelow, Map<String, List<HostVolume>> extraVolumes) {
        Release {
            extraVolumes = extraVolumes == null ? Map.of() : Map.copyOf(extraVolumes);
        }

        /** Does kubeadm write --experimental-* etcd flags for this etcd image tag ("3.5.24-0")? */
        boolean etcdLegacyFlags(String etcdImageTag) {
            return etcdLegacyFlagsBelow != null && compareVersions(etcdImageTag, etcdLegacyFlagsBelow) < 0;
        }

        List<HostVolume> extraVolumes(Component component) {
            return extraVolumes.getOrDefault(component.id(), List.of());
        }
    }

    /**
     * A hostPath volume and its mount.
     *
     * @param pathFlag an extra argument of the component whose last value replaces {@code path}; may be null
     */
    record HostVolume(String name, String path, String type, boolean readOnly, String pathFlag) {}

    private record File(Map<String, Release> releases) {}

    private static volatile ManifestReleases bundled;

    private final NavigableMap<Integer, Release> byMinor;

    private ManifestReleases(NavigableMap<Integer, Release> byMinor) {
        this.byMinor = byMinor;
    }

    static ManifestReleases bundled() {
        ManifestReleases result = bundled;
        if (result == null) {
            result = parse(Templates.load("static-pods/releases.yaml"));
            bundled = result;
        }
        return result;
    }

    /** Strict: an unknown field is a typo in the table, not something to ignore. */
    static ManifestReleases parse(String yaml) {
        File file;
        try {
            file = new ObjectMapper(new YAMLFactory()).readValue(yaml, File.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read static-pods/releases.yaml: " + e.getMessage(), e);
        }
        if (file.releases() == null || file.releases().isEmpty()) {
            throw new IllegalStateException("static-pods/releases.yaml lists no releases");
        }
        NavigableMap<Integer, Release> byMinor = new TreeMap<>();
        file.releases().forEach((minor, release) -> {
            if (!minor.matches("1\\.\\d+") || release == null) {
                throw new IllegalStateException("static-pods/releases.yaml: bad entry " + minor);
            }
            release.extraVolumes().forEach((component, volumes) -> {
                if (!CODED_VOLUMES.contains(component)) {
                    throw new IllegalStateException("static-pods/releases.yaml " + minor + ": extra volumes only for "
                            + CODED_VOLUMES + ", not " + component);
                }
                volumes.forEach(v -> {
                    if (v.name() == null || v.path() == null || v.type() == null) {
                        throw new IllegalStateException(
                                "static-pods/releases.yaml " + minor + ": a volume needs name, path and type");
                    }
                });
            });
            byMinor.put(Integer.parseInt(minor.substring(2)), release);
        });
        return new ManifestReleases(byMinor);
    }

    /** The entry of the release's minor, or of the newest minor below it. */
    Release release(KubernetesVersion version) {
        var entry = version.major() == 1 ? byMinor.floorEntry(version.minor()) : null;
        if (entry == null) {
            throw new KbootException.InvalidInput("kboot writes control-plane manifests for Kubernetes v1." + byMinor.firstKey()
                    + " and newer, not " + version);
        }
        return entry.getValue();
    }

    /** Numeric comparison of dotted versions, ignoring a "-suffix" such as the image revision in "3.6.8-0". */
    static int compareVersions(String a, String b) {
        int[] x = numbers(a);
        int[] y = numbers(b);
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(i < x.length ? x[i] : 0, i < y.length ? y[i] : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int[] numbers(String version) {
        return Arrays.stream(version.replaceFirst("^v", "").replaceFirst("-.*$", "").split("\\.")).mapToInt(Integer::parseInt)
                .toArray();
    }
}
