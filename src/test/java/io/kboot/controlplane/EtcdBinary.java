package io.kboot.controlplane;

import static org.junit.jupiter.api.Assertions.fail;

import io.kboot.pki.Tools;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The etcd (and etcdctl) to run a rendered manifest with: one whose version is the manifest's image
 * tag, or at least of its minor. A manifest's flags are only valid for its etcd release (3.6
 * renamed the experimental flags kubeadm sets), and Debian bookworm ships 3.4, so the tests want
 * the etcd that {@code scripts/k8s/build} builds from the release kubeadm pins.
 *
 * @param path the binary
 * @param version what {@code etcd --version} reports, "3.6.8"
 */
public record EtcdBinary(Path path, String version) {
    private static final Pattern VERSION = Pattern.compile("etcd Version: (\\d+\\.\\d+\\.\\d+)");

    /** etcdctl from the same directory. */
    public Path etcdctl() {
        return path.resolveSibling("etcdctl");
    }

    /** etcdutl from the same directory (scripts/k8s/build builds it beside etcd; it restores snapshots). */
    public Path etcdutl() {
        Path etcdutl = path.resolveSibling("etcdutl");
        if (!Files.isExecutable(etcdutl)) {
            fail("no etcdutl beside " + path + ": build it with `scripts/k8s/build --only etcd,etcdctl,etcdutl`");
        }
        return etcdutl;
    }

    /**
     * The best etcd for the image tag ("3.6.8-0"): $KBOOT_ETCD, then the builds under
     * ${KBOOT_K8S_CACHE:-/var/cache/kboot/k8s}/*&#47;bin, then etcd on PATH; the exact version wins
     * over one of the same minor. Fails naming what it found and how to build the right one.
     */
    public static EtcdBinary forImageTag(String imageTag) {
        String wanted = imageTag.replaceFirst("-.*$", "");
        String minor = wanted.replaceFirst("\\.\\d+$", ".");
        List<EtcdBinary> found = candidates().stream().map(EtcdBinary::realPath).distinct().map(EtcdBinary::probe)
                .flatMap(Optional::stream).toList();
        return found.stream().filter(b -> b.version.equals(wanted)).findFirst()
                .or(() -> found.stream().filter(b -> b.version.startsWith(minor)).findFirst())
                .orElseGet(() -> fail("no etcd " + minor + "x for the manifest's image etcd:" + imageTag + " (found: "
                        + (found.isEmpty() ? "none" : found) + "). Build the etcd kubeadm pins with "
                        + "`scripts/k8s/build --only etcd,etcdctl` (scripts/test runs it), or set KBOOT_ETCD to an etcd "
                        + minor + "x binary. Debian's etcd-server is 3.4, which lacks the 3.6 flags kubeadm writes."));
    }

    private static List<Path> candidates() {
        List<Path> paths = new ArrayList<>();
        Optional.ofNullable(System.getenv("KBOOT_ETCD")).filter(s -> !s.isBlank()).map(Path::of).ifPresent(paths::add);
        Path cache = Path.of(Optional.ofNullable(System.getenv("KBOOT_K8S_CACHE")).orElse("/var/cache/kboot/k8s"));
        if (Files.isDirectory(cache)) {
            try (Stream<Path> versions = Files.list(cache)) {
                // Newest Kubernetes release first: its etcd is the newest.
                versions.sorted(Comparator.comparing(Path::toString).reversed()).map(v -> v.resolve("bin/etcd"))
                        .filter(Files::isExecutable).forEach(paths::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path etcd = Path.of(dir, "etcd");
            if (Files.isExecutable(etcd)) {
                paths.add(etcd);
            }
        }
        return paths;
    }

    /** /bin/etcd and /usr/bin/etcd are one file on a merged-/usr system. */
    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path;
        }
    }

    private static Optional<EtcdBinary> probe(Path etcd) {
        Tools.Result result = Tools.run(Path.of("/"), etcd.toString(), "--version");
        Matcher m = VERSION.matcher(result.stdout());
        return result.exitCode() == 0 && m.find() ? Optional.of(new EtcdBinary(etcd, m.group(1))) : Optional.empty();
    }

    @Override
    public String toString() {
        return path + " (" + version + ")";
    }
}
