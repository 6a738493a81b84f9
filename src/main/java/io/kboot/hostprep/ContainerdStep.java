package io.kboot.hostprep;

import io.kboot.KbootException;
import io.kboot.host.FileAttributes;
import io.kboot.templates.Templates;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * containerd as the kubelet's runtime: installed if missing (with runc), configured for the
 * systemd cgroup driver and kubeadm's sandbox image (config version 2 for containerd 1.x,
 * version 3 for 2.x), registry mirrors in /etc/containerd/certs.d, enabled and running, and its
 * CRI plugin verified (some packages ship {@code disabled_plugins = ["cri"]}). The service is
 * restarted only when its configuration or its binaries changed: a source that knows its
 * versions (the offline bundle) replaces a containerd or runc of another version that kboot
 * installed (/usr/local), for an upgrade or a re-run with a newer bundle.
 */
public final class ContainerdStep implements PrepStep {
    public static final String CONFIG = "/etc/containerd/config.toml";
    private static final Pattern VERSION = Pattern.compile("\\bv?(\\d+)\\.(\\d+)(\\.\\d+)?");

    static final String UNIT_NAME = "containerd";
    /** Where kboot installs containerd and runc (from the offline bundle), as upstream's releases put them. */
    static final Map<Component, String> KBOOT_BINARY =
            Map.of(Component.CONTAINERD, "/usr/local/bin/containerd", Component.RUNC, "/usr/local/sbin/runc");

    @Override
    public String name() {
        return "containerd";
    }

    @Override
    public String summary() {
        return "Install and configure containerd (systemd cgroups, sandbox image, mirrors)";
    }

    Probe probe(NodePrepContext ctx) {
        Probe probe = new Probe(name(), ctx.paths())
                .shell(StepScripts.of(name(), "probe-version"))
                .version(KBOOT_BINARY.get(Component.CONTAINERD), "--version")
                .version(KBOOT_BINARY.get(Component.RUNC), "--version")
                .shell(StepScripts.of(name(), "probe-state"))
                .sha(CONFIG);
        for (RegistryMirror mirror : ctx.hostPrep().registryMirrors()) {
            probe.sha(mirror.hostsFile());
        }
        return probe;
    }

    @Override
    public void run(NodePrepContext ctx) {
        Probe.Result found = probe(ctx).run(ctx.host());
        Set<Component> missing = EnumSet.noneOf(Component.class);
        if (found.value("version").isEmpty()) {
            missing.add(Component.CONTAINERD);
        }
        if (found.value("runc").isEmpty()) {
            missing.add(Component.RUNC);
        }
        ArtifactSource source = ctx.hostPrep().artifacts();
        Map<Component, String> outdated = outdated(ctx, found, missing);
        if (!missing.isEmpty() || !outdated.isEmpty()) {
            Set<Component> lacking = EnumSet.copyOf(missing.isEmpty() ? EnumSet.noneOf(Component.class) : missing);
            lacking.removeAll(source.provides(ctx.facts()));
            if (!lacking.isEmpty()) {
                String them = lacking.size() == 1 ? "it" : "them";
                throw new KbootException.StepFailed(ctx.host().name() + ": " + lacking + " not installed, and "
                        + source.describe() + " cannot provide " + them + "; install " + them
                        + ", or pass --bundle or --packages-dir");
            }
            Changes install = new Changes(ctx, name() + "-install");
            if (!missing.isEmpty()) {
                source.install(missing, ctx, install);
            }
            outdated.forEach((component, installed) -> source.replace(component, installed, ctx, install));
            install.verify(StepScripts.of(name(), "verify-installed"));
            install.apply();
            ctx.info(String.join("; ", install.descriptions()));
            found = probe(ctx).run(ctx.host());
        }

        // In a dry run nothing was installed or replaced: the source says which containerd there would be.
        boolean replacing = outdated.containsKey(Component.CONTAINERD);
        boolean installing = missing.contains(Component.CONTAINERD);
        Optional<Integer> fromSource = installing || replacing ? source.containerdMajorVersion() : Optional.empty();
        Optional<Integer> onNode = found.value("version").flatMap(ContainerdStep::majorVersion);
        Optional<Integer> major = replacing ? fromSource.or(() -> onNode) : onNode.or(() -> fromSource);
        if (major.isEmpty()) {
            ctx.reporter().detail(ctx.host().name(), "containerd's version is not known yet; planning config version 2,"
                    + " which containerd 2.x also reads");
        }
        boolean v3 = major.orElse(1) >= 2;
        Changes changes = new Changes(ctx, name());
        boolean configChanged = false;
        String config = config(v3, ctx.sandboxImage());
        if (!found.matches(CONFIG, config)) {
            changes.writeFile(CONFIG, config, FileAttributes.PUBLIC)
                    .done("wrote " + CONFIG + " (version " + (v3 ? 3 : 2) + ", SystemdCgroup, " + ctx.sandboxImage() + ")");
            configChanged = true;
        }
        for (RegistryMirror mirror : ctx.hostPrep().registryMirrors()) {
            String hosts = hostsToml(mirror);
            if (!found.matches(mirror.hostsFile(), hosts)) {
                changes.writeFile(mirror.hostsFile(), hosts, FileAttributes.PUBLIC).done("wrote " + mirror.hostsFile());
                configChanged = true;
            }
        }
        boolean enabled = found.value("enabled").filter(s -> s.equals("enabled")).isPresent();
        boolean active = found.value("active").filter(s -> s.equals("active")).isPresent();
        boolean criOk = found.value("cri").filter(s -> s.equals("ok")).isPresent();
        if (!enabled) {
            changes.record(new ChangeRecord.UnitEnabled(UNIT_NAME, !active))
                    .run(StepScripts.unit("enable").word("unit", UNIT_NAME)).done("enabled containerd");
        }
        if (!active) {
            changes.run(StepScripts.unit("start").word("unit", UNIT_NAME)).done("started containerd");
        } else if (configChanged || !criOk || replacing) {
            // The running containers survive it: each runs under its own containerd-shim-runc-v2, which the unit leaves
            // alone (KillMode=process) and the new containerd reconnects to. A new runc needs no restart: the shims run it
            // for each container they start.
            changes.run(StepScripts.unit("restart").word("unit", UNIT_NAME))
                    .done(replacing ? "restarted containerd (running containers keep running)" : "restarted containerd");
        }
        if (!changes.isEmpty()) {
            changes.verify(StepScripts.of(name(), "wait-cri"));
        }
        PrepStep.finish(ctx, changes, "containerd " + found.value("version").flatMap(ContainerdStep::versionText).orElse("")
                + " already configured, running, CRI plugin ok");
    }

    /**
     * containerd and runc installed in another version than the source's, where kboot installs
     * them (/usr/local, as upstream ships them), each with the version found; a containerd or
     * runc elsewhere (the distribution's, /usr/bin) is left alone, with a warning if it is not the
     * source's.
     */
    private Map<Component, String> outdated(NodePrepContext ctx, Probe.Result found, Set<Component> missing) {
        ArtifactSource source = ctx.hostPrep().artifacts();
        Set<Component> provided = source.provides(ctx.facts());
        Map<Component, String> outdated = new EnumMap<>(Component.class);
        for (Component component : List.of(Component.CONTAINERD, Component.RUNC)) {
            Optional<String> wanted = source.version(component).filter(v -> provided.contains(component));
            if (wanted.isEmpty() || missing.contains(component)) {
                continue;
            }
            String path = KBOOT_BINARY.get(component);
            Optional<String> installed = found.version(path);
            if (installed.isPresent()) {
                if (!Versions.names(installed.get(), wanted.get())) {
                    outdated.put(component, Versions.describe(installed.get()));
                }
                continue;
            }
            Optional<String> line = component == Component.CONTAINERD ? found.value("version") : found.value("runc_version");
            if (line.isPresent() && !Versions.names(line.get(), wanted.get())) {
                String inPath = found.value(component.toString()).orElse("in PATH");
                ctx.warn(component + " " + Versions.describe(line.get()) + " (" + inPath + ") is not " + wanted.get()
                        + ", the one " + source.describe() + " carries: kboot replaces only a " + component + " it installed (in "
                        + path.substring(0, path.lastIndexOf('/')) + "), so this one stays; upgrade it the way it was installed");
            }
        }
        return outdated;
    }

    public static String config(boolean v3, String sandboxImage) {
        return Templates.render(v3 ? "containerd/config-v3.toml" : "containerd/config-v2.toml",
                Map.of("sandboxImage", sandboxImage));
    }

    static String hostsToml(RegistryMirror mirror) {
        StringBuilder hosts = new StringBuilder();
        for (String endpoint : mirror.endpoints()) {
            hosts.append(Templates.render("containerd/hosts-entry.toml", Map.of("endpoint", endpoint)));
        }
        return Templates.render("containerd/hosts.toml", Map.of("registry", mirror.registry(), "server", mirror.server(),
                "hosts", hosts.toString().stripTrailing()));
    }

    /** The major version from {@code containerd --version}: "containerd github.com/containerd/containerd/v2 v2.0.4 abc" is 2. */
    static Optional<Integer> majorVersion(String versionLine) {
        List<String> words = List.of(versionLine.strip().split("\\s+"));
        return words.size() < 3 ? Optional.empty()
                : versionText(versionLine).map(v -> Integer.parseInt(v.substring(0, v.indexOf('.'))));
    }

    static Optional<String> versionText(String versionLine) {
        String[] words = versionLine.strip().split("\\s+");
        if (words.length < 3) {
            return Optional.empty();
        }
        Matcher m = VERSION.matcher(words[2]);
        return m.lookingAt() ? Optional.of(m.group(1) + "." + m.group(2) + (m.group(3) == null ? "" : m.group(3)))
                : Optional.empty();
    }
}
