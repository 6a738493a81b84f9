package io.kboot.bundle;

import io.kboot.KbootException;
import io.kboot.addons.Addons;
import io.kboot.config.Defaults;
import io.kboot.config.KubernetesVersion;
import io.kboot.hostprep.ComponentVersions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a bundle made from a build holds: the node binaries ({@code bin/}), the CNI plugins
 * ({@code cni/}) and the images the node needs, tagged as kubeadm's manifests name them. The
 * image tags are the ones kboot configures nodes for ({@code templates/versions.yaml}); the
 * build's {@code versions.env} must agree with them, or the bundle would carry images nothing asks for.
 */
record BundleContents(Map<String, String> versions, Map<String, Path> files, List<ImageSpec> images) {

    /**
     * What a node runs outside containers; installed by host preparation. kubeadm is only carried:
     * kboot installs it nowhere, and only a control plane's copy of the bundle has it (for its
     * operators, e.g. `kubeadm certs check-expiration`).
     */
    static final List<String> NODE_BINARIES =
            List.of("containerd", "containerd-shim-runc-v2", "ctr", "runc", "kubelet", "kubectl", "kubeadm");
    static final String HELLO_REPOSITORY = "kboot.local/hello";
    /** Every image gets a world-writable /tmp, as distroless images have: Go's os.TempDir assumes one. */
    private static final LayerEntry TMP = new LayerEntry.Dir("tmp", 01777);

    BundleContents {
        versions = Map.copyOf(versions);
        files = Map.copyOf(files);
        images = List.copyOf(images);
    }

    /** @throws KbootException.InvalidInput naming what is missing from the build or disagrees with kboot */
    static BundleContents of(BuildDir build, String imageRepository) {
        KubernetesVersion kubernetes = kubernetesVersion(build);
        ComponentVersions.Release release = ComponentVersions.bundled().controlPlaneRelease(kubernetes);
        agree(build, "PAUSE_VERSION", release.pause(), release.pause(), kubernetes);
        agree(build, "COREDNS_VERSION", release.coredns(), release.coredns(), kubernetes);
        // kubeadm's etcd tag "3.6.8-0" is etcd v3.6.8 plus an image revision.
        String etcdTag = release.etcd();
        agree(build, "ETCD_VERSION", "v" + etcdTag.replaceFirst("-[0-9]+$", ""), etcdTag, kubernetes);
        build.version("CONTAINERD_VERSION");
        build.version("CNI_PLUGINS_VERSION");

        Map<String, Path> files = new LinkedHashMap<>();
        for (String name : NODE_BINARIES) {
            files.put("bin/" + name, build.bin(name));
        }
        for (Path plugin : build.cniPlugins()) {
            files.put("cni/" + plugin.getFileName(), plugin);
        }

        String tag = kubernetes.toString();
        List<ImageSpec> images = new ArrayList<>();
        for (String component : List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler")) {
            images.add(binaryImage(imageRepository + "/" + component + ":" + tag, build, component));
        }
        List<LayerEntry> proxy = new ArrayList<>(tree(build.kubeProxyRootfs()));
        proxy.add(new LayerEntry.File("usr/local/bin/kube-proxy", build.bin("kube-proxy"), 0755));
        proxy.add(TMP);
        images.add(new ImageSpec(imageRepository + "/kube-proxy:" + tag, proxy, List.of("/usr/local/bin/kube-proxy"),
                Optional.empty()));
        images.add(new ImageSpec(imageRepository + "/etcd:" + etcdTag, List.of(
                new LayerEntry.File("usr/local/bin/etcd", build.bin("etcd"), 0755),
                new LayerEntry.File("usr/local/bin/etcdctl", build.bin("etcdctl"), 0755),
                new LayerEntry.File("usr/local/bin/etcdutl", build.bin("etcdutl"), 0755), TMP),
                List.of("/usr/local/bin/etcd"), Optional.empty()));
        images.add(pauseImage(imageRepository + "/pause:" + release.pause(), build.bin("pause")));
        images.add(rootImage(corednsRepository(imageRepository) + ":" + release.coredns(), build.bin("coredns"), "coredns",
                Optional.empty()));
        images.add(helloImage(build));
        // The built-in pod network's agent (addons.Addons#builtInNetwork), on every node.
        images.add(rootImage(Addons.NETD_IMAGE, build.bin("kboot-netd"), "kboot-netd", Optional.empty()));
        return new BundleContents(build.versions(), files, images);
    }

    /** The sandbox image; it runs as 65535, as upstream's pause image says in its config. */
    static ImageSpec pauseImage(String ref, Path pause) {
        return rootImage(ref, pause, "pause", Optional.of("65535:65535"));
    }

    /** kboot.local/hello:HELLO_VERSION, the test workload. */
    static ImageSpec helloImage(BuildDir build) {
        return rootImage(HELLO_REPOSITORY + ":" + build.version("HELLO_VERSION"), build.bin("hello"), "hello", Optional.empty());
    }

    /**
     * kubeadm's CoreDNS image (GetDNSImage): the default registry keeps it under
     * registry.k8s.io/coredns/coredns; any other repository has it as REPO/coredns.
     */
    static String corednsRepository(String imageRepository) {
        return imageRepository.equals(Defaults.IMAGE_REPOSITORY) ? imageRepository + "/coredns/coredns"
                : imageRepository + "/coredns";
    }

    private static KubernetesVersion kubernetesVersion(BuildDir build) {
        String text = build.version("KUBERNETES_VERSION");
        try {
            return KubernetesVersion.parse(text);
        } catch (IllegalArgumentException e) {
            throw new KbootException.InvalidInput(
                    build.dir().resolve("versions.env") + ": KUBERNETES_VERSION: " + e.getMessage());
        }
    }

    private static void agree(BuildDir build, String key, String expected, String tag, KubernetesVersion kubernetes) {
        String built = build.version(key);
        if (!built.equals(expected)) {
            throw new KbootException.InvalidInput(
                    build.dir().resolve("versions.env") + ": " + key + "=" + built + ", but kboot sets up"
                            + " Kubernetes " + kubernetes.minorVersion() + " nodes for " + tag
                            + " (templates/versions.yaml); rebuild with"
                            + " scripts/k8s/build --version " + kubernetes + " or update templates/versions.yaml");
        }
    }

    /** A control-plane image: the binary in /usr/local/bin, where the manifests' command: finds it through PATH. */
    private static ImageSpec binaryImage(String ref, BuildDir build, String name) {
        return new ImageSpec(ref, List.of(new LayerEntry.File("usr/local/bin/" + name, build.bin(name), 0755), TMP),
                List.of("/usr/local/bin/" + name), Optional.empty());
    }

    /** An image that is one static binary at the root, its entrypoint (pause, CoreDNS, hello). */
    static ImageSpec rootImage(String ref, Path binary, String name, Optional<String> user) {
        return new ImageSpec(ref, List.of(new LayerEntry.File(name, binary, 0755), TMP), List.of("/" + name), user);
    }

    /** Every file, directory and symlink under root (not following links), as layer entries. */
    static List<LayerEntry> tree(Path root) {
        List<LayerEntry> entries = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : (Iterable<Path>) walk.sorted()::iterator) {
                if (path.equals(root)) {
                    continue;
                }
                String relative = root.relativize(path).toString().replace('\\', '/');
                if (Files.isSymbolicLink(path)) {
                    entries.add(new LayerEntry.Symlink(relative, Files.readSymbolicLink(path).toString()));
                } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    entries.add(new LayerEntry.Dir(relative, 0755));
                } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    entries.add(new LayerEntry.File(relative, path, Files.isExecutable(path) ? 0755 : 0644));
                } else {
                    throw new KbootException.InvalidInput(path + ": neither a file, a directory nor a symlink");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root, e);
        }
        return entries;
    }
}
