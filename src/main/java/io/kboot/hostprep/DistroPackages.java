package io.kboot.hostprep;

import io.kboot.facts.HostFacts;
import io.kboot.script.ShellTemplate;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Software from the node's own distribution repositories (the node must reach them): Debian and
 * Ubuntu with apt-get, Fedora and EL with dnf/yum. Distributions ship containerd, runc and the
 * CNI plugins, not the kubelet.
 */
public final class DistroPackages implements ArtifactSource {
    private static final Map<Component, String> PACKAGES = new EnumMap<>(Map.of(
            Component.CONTAINERD, "containerd",
            Component.RUNC, "runc",
            Component.CNI_PLUGINS, "containernetworking-plugins"));
    private static final List<String> MANAGERS = List.of("apt-get", "dnf", "yum");

    @Override
    public String describe() {
        return "the distribution's packages";
    }

    @Override
    public Set<Component> provides(HostFacts facts) {
        return MANAGERS.contains(facts.packageManager()) ? PACKAGES.keySet() : EnumSet.noneOf(Component.class);
    }

    @Override
    public void install(Set<Component> components, NodePrepContext ctx, Changes changes) {
        String manager = ctx.facts().packageManager();
        List<String> names = components.stream().filter(PACKAGES::containsKey).sorted().map(PACKAGES::get).distinct().toList();
        if (names.isEmpty()) {
            return;
        }
        String template = manager.equals("apt-get") ? "apt-get" : "install";
        ShellTemplate install = ShellTemplate.of("hostprep/packages/" + template + ".sh").word("manager", manager)
                .words("packages", names);
        changes.record(new ChangeRecord.PackagesInstalled(manager, names))
                .run(install)
                .timeout(Duration.ofMinutes(15))
                .done("installed " + String.join(", ", names) + " with " + manager);
    }

    @Override
    public String toString() {
        return "DistroPackages";
    }
}
