package io.kboot.hostprep;

import io.kboot.KbootException;
import io.kboot.facts.HostFacts;
import io.kboot.host.Content;
import io.kboot.host.FileAttributes;
import io.kboot.script.ShellTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Software from a directory on the workstation, uploaded to nodes that cannot (or should not)
 * reach package repositories:
 * <pre>
 *   DIR/*.deb, DIR/*.rpm   packages, installed together with dpkg -i / rpm -U:
 *                          containerd (or containerd.io), runc, containernetworking-plugins,
 *                          kubernetes-cni, kubelet, kubectl (by package name)
 *   DIR/bin/kubelet, DIR/bin/kubectl   binaries, installed to /usr/bin
 *   DIR/cni/*              CNI plugin binaries, installed to /opt/cni/bin
 * </pre>
 * Packages must include their dependencies that the node lacks. kboot's offline bundle, a later
 * source, will use the same seam.
 */
public final class UploadedFiles implements ArtifactSource {

    /** A package file and what it provides. */
    record PackageFile(Path path, String name, String format, Set<Component> provides) {}

    private static final Map<String, Set<Component>> BY_PACKAGE = Map.of(
            "containerd", EnumSet.of(Component.CONTAINERD),
            "containerd.io", EnumSet.of(Component.CONTAINERD, Component.RUNC),
            "runc", EnumSet.of(Component.RUNC),
            "containernetworking-plugins", EnumSet.of(Component.CNI_PLUGINS),
            "kubernetes-cni", EnumSet.of(Component.CNI_PLUGINS),
            "kubelet", EnumSet.of(Component.KUBELET),
            "kubectl", EnumSet.of(Component.KUBECTL));

    private final Path dir;
    private final List<PackageFile> packages;
    private final Optional<Path> kubelet;
    private final Optional<Path> kubectl;
    private final List<Path> cniPlugins;

    /** @throws KbootException.InvalidInput if the directory cannot be read or holds nothing usable */
    public UploadedFiles(Path dir) {
        this.dir = dir;
        if (!Files.isDirectory(dir)) {
            throw new KbootException.InvalidInput("--packages-dir: " + dir + " is not a directory");
        }
        this.packages = list(dir).stream().map(UploadedFiles::packageFile).flatMap(Optional::stream).toList();
        this.kubelet = Optional.of(dir.resolve("bin/kubelet")).filter(Files::isRegularFile);
        this.kubectl = Optional.of(dir.resolve("bin/kubectl")).filter(Files::isRegularFile);
        this.cniPlugins = Files.isDirectory(dir.resolve("cni")) ? list(dir.resolve("cni")) : List.of();
        if (packages.isEmpty() && kubelet.isEmpty() && kubectl.isEmpty() && cniPlugins.isEmpty()) {
            throw new KbootException.InvalidInput("--packages-dir: " + dir
                    + " has no .deb or .rpm packages, bin/kubelet, bin/kubectl or cni/ plugins");
        }
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** "containerd_1.6.20~ds1-1+b1_amd64.deb" is containerd; "runc-1.1.12-1.fc40.x86_64.rpm" is runc. */
    static Optional<PackageFile> packageFile(Path path) {
        String file = path.getFileName().toString();
        String name;
        String format;
        if (file.endsWith(".deb")) {
            format = "deb";
            name = file.contains("_") ? file.substring(0, file.indexOf('_')) : file.substring(0, file.length() - 4);
        } else if (file.endsWith(".rpm")) {
            format = "rpm";
            String[] parts = file.substring(0, file.length() - 4).split("-");
            name = parts.length >= 3 ? String.join("-", List.of(parts).subList(0, parts.length - 2)) : parts[0];
        } else {
            return Optional.empty();
        }
        return Optional.of(new PackageFile(path, name, format, BY_PACKAGE.getOrDefault(name, EnumSet.noneOf(Component.class))));
    }

    private static String formatFor(HostFacts facts) {
        return facts.packageManager().equals("apt-get") ? "deb" : "rpm";
    }

    @Override
    public String describe() {
        return "files uploaded from " + dir;
    }

    @Override
    public Set<Component> provides(HostFacts facts) {
        Set<Component> result = EnumSet.noneOf(Component.class);
        String format = formatFor(facts);
        packages.stream().filter(p -> p.format().equals(format)).forEach(p -> result.addAll(p.provides()));
        kubelet.ifPresent(p -> result.add(Component.KUBELET));
        kubectl.ifPresent(p -> result.add(Component.KUBECTL));
        if (!cniPlugins.isEmpty()) {
            result.add(Component.CNI_PLUGINS);
        }
        return result;
    }

    @Override
    public void install(Set<Component> components, NodePrepContext ctx, Changes changes) {
        String format = formatFor(ctx.facts());
        Set<Component> left = EnumSet.copyOf(components.isEmpty() ? EnumSet.noneOf(Component.class) : components);
        List<PackageFile> chosen = new ArrayList<>();
        for (PackageFile p : packages) {
            if (p.format().equals(format) && p.provides().stream().anyMatch(left::contains)) {
                chosen.add(p);
            }
        }
        chosen.forEach(p -> left.removeAll(p.provides()));
        if (!chosen.isEmpty()) {
            List<String> staged =
                    chosen.stream().map(p -> changes.stage(p.path().getFileName().toString(), Content.ofFile(p.path()))).toList();
            List<String> names = chosen.stream().map(PackageFile::name).toList();
            String tool = format.equals("deb") ? "dpkg" : "rpm";
            changes.record(new ChangeRecord.PackagesInstalled(tool, names))
                    .run(ShellTemplate.of("hostprep/packages/" + tool + ".sh").words("staged", staged).words("names", names)
                            .word("dir", dir.getFileName()))
                    .timeout(Duration.ofMinutes(15))
                    .done("installed " + String.join(", ", names) + " from uploaded packages");
        }
        if (left.contains(Component.KUBELET) && kubelet.isPresent()) {
            changes.writeFile("/usr/bin/kubelet", Content.ofFile(kubelet.get()), FileAttributes.EXECUTABLE)
                    .done("installed /usr/bin/kubelet");
        }
        if (left.contains(Component.KUBECTL) && kubectl.isPresent()) {
            changes.writeFile("/usr/bin/kubectl", Content.ofFile(kubectl.get()), FileAttributes.EXECUTABLE)
                    .done("installed /usr/bin/kubectl");
        }
        if (left.contains(Component.CNI_PLUGINS) && !cniPlugins.isEmpty()) {
            for (Path plugin : cniPlugins) {
                changes.writeFile(CniPluginsStep.DIR + "/" + plugin.getFileName(), Content.ofFile(plugin),
                        FileAttributes.EXECUTABLE);
            }
            changes.done("installed " + cniPlugins.size() + " CNI plugins to " + CniPluginsStep.DIR);
        }
    }

    @Override
    public String toString() {
        return "UploadedFiles[" + dir + "]";
    }
}
