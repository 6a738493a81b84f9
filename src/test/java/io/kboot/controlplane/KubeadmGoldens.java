package io.kboot.controlplane;

import io.kboot.config.Cidr;
import io.kboot.config.ClusterSettings;
import io.kboot.config.InitSettings;
import io.kboot.config.IpAddresses;
import io.kboot.config.KubernetesVersion;
import io.kboot.config.Networking;
import io.kboot.hostprep.ComponentVersions;
import io.kboot.node.ControlPlaneNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The files real kubeadm releases wrote, one directory per release under
 * src/test/resources/golden/kubeadm-vX.Y.Z (made by scripts/k8s/goldens), and the inputs they were
 * made from (kubeadm-config.yaml beside them). The golden tests run once per directory, so adding a
 * release's goldens adds it to the tests.
 */
final class KubeadmGoldens {
    /** The optional CA directories the golden host had (no /etc/pki; scripts/k8s/goldens checks). */
    static final Set<String> HOST_CA_DIRECTORIES =
            Set.of("/etc/ca-certificates", "/usr/share/ca-certificates", "/usr/local/share/ca-certificates");

    private KubeadmGoldens() {}

    /** Every release with goldens, oldest first. */
    static List<KubernetesVersion> versions() {
        try (Stream<Path> dirs = Files.list(Path.of(KubeadmGoldens.class.getResource("/golden").toURI()))) {
            return dirs.map(d -> d.getFileName().toString()).filter(n -> n.startsWith("kubeadm-v"))
                    .map(n -> KubernetesVersion.parse(n.substring("kubeadm-".length()))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The releases whose goldens include this file (one a later scripts/k8s/goldens added), oldest first. */
    static List<KubernetesVersion> versionsWith(String name) {
        return versions().stream().filter(v -> KubeadmGoldens.class.getResource("/golden/kubeadm-" + v + "/" + name) != null)
                .toList();
    }

    static KubernetesVersion newest() {
        List<KubernetesVersion> all = versions();
        return all.get(all.size() - 1);
    }

    static String read(KubernetesVersion version, String name) {
        try (InputStream in = KubeadmGoldens.class.getResourceAsStream("/golden/kubeadm-" + version + "/" + name)) {
            if (in == null) {
                throw new IllegalStateException(
                        "no golden " + name + " for " + version + " (scripts/k8s/goldens " + version + ")");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What kubeadm-config.yaml says for node cp1 (10.77.0.10), on a host with /etc/ca-certificates,
     * /usr/share/ca-certificates and /usr/local/share/ca-certificates; etcd's tag is the release's pin.
     */
    static ControlPlaneSpec spec(KubernetesVersion version) {
        Networking networking = new Networking(List.of(Cidr.parse("10.96.0.0/12")), List.of(Cidr.parse("10.244.0.0/16")),
                "cluster.local");
        return new ControlPlaneSpec(new ClusterSettings("kubernetes", version, Optional.empty(), "registry.k8s.io", networking),
                new ControlPlaneSpec.Member("cp1", IpAddresses.parse("10.77.0.10").orElseThrow(), 6443),
                new ControlPlaneSpec.Etcd("registry.k8s.io", ComponentVersions.bundled().controlPlaneRelease(version).etcd(),
                        "/var/lib/etcd",
                        List.of()),
                new ControlPlaneSpec.Paths("/etc/kubernetes/pki", "/etc/kubernetes"),
                new ControlPlaneSpec.Components(Map.of(), Duration.ofMinutes(4)),
                new ControlPlaneSpec.Host(HOST_CA_DIRECTORIES, false));
    }

    /** (version, component) for every release whose goldens have CONFIG: a golden test's manifest cases. */
    static Stream<Arguments> manifestCases(String config) {
        return versionsWith(config).stream()
                .flatMap(version -> Stream.of(Component.values()).map(component -> Arguments.of(version, component)));
    }

    /** kboot's static Pod manifest of a component for the node the settings describe, as kinit master renders it. */
    static String rendered(InitSettings settings, Component component) {
        ControlPlaneSpec spec = new ControlPlaneNode(settings, settings.node().name().orElseThrow(),
                settings.node().advertiseAddress().orElseThrow()).spec(HOST_CA_DIRECTORIES, false, List.of());
        return StaticPods.render(component, spec, settings.run().patches());
    }
}
