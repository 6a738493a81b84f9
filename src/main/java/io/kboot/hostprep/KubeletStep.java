package io.kboot.hostprep;

import io.kboot.host.FileAttributes;
import io.kboot.templates.Templates;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The kubelet as kubeadm's packages set it up: binaries (kubelet, kubectl) if the artifact source
 * provides them, the systemd unit and kubeadm's drop-in {@code 10-kubeadm.conf}, the unit
 * enabled but not started: it starts once its configuration exists (kubelet-start). A source that
 * knows its version (the offline bundle) also replaces a /usr/bin/kubelet or kubectl of another
 * version, for an upgrade or a re-run with a newer bundle, without restarting a running kubelet;
 * other sources install only what is missing from PATH.
 */
public final class KubeletStep implements PrepStep {
    public static final String UNIT = "/etc/systemd/system/kubelet.service";
    static final String UNIT_NAME = "kubelet";
    public static final String DROP_IN = "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf";
    private static final List<Component> BINARIES = List.of(Component.KUBELET, Component.KUBECTL);

    @Override
    public String name() {
        return "kubelet";
    }

    @Override
    public String summary() {
        return "Install the kubelet unit and kubeadm drop-in; enable, do not start";
    }

    @Override
    public void run(NodePrepContext ctx) {
        Probe.Result found = new Probe(name(), ctx.paths())
                .command("kubelet", "kubelet")
                .command("kubectl", "kubectl")
                .version(binary(Component.KUBELET), "--version")
                .version(binary(Component.KUBECTL), "version", "--client")
                .shell(StepScripts.unit("probe-enabled").word("key", "enabled").word("unit", UNIT_NAME))
                .sha(UNIT)
                .sha(DROP_IN)
                .run(ctx.host());

        Changes changes = new Changes(ctx, name());
        ArtifactSource source = ctx.hostPrep().artifacts();
        Set<Component> provided = source.provides(ctx.facts());
        Set<Component> missing = EnumSet.noneOf(Component.class);
        Map<Component, String> outdated = new EnumMap<>(Component.class);
        for (Component binary : BINARIES) {
            Optional<String> wanted = source.version(binary).filter(v -> provided.contains(binary));
            Optional<String> installed = found.version(binary(binary));
            if (wanted.isPresent() && installed.isPresent()) {
                // The source knows its version, so /usr/bin, where it installs and kubeadm's unit runs the kubelet, must have it.
                if (!Versions.names(installed.get(), wanted.get())) {
                    outdated.put(binary, Versions.describe(installed.get()));
                }
            } else if (wanted.isPresent() || found.value(binary.toString()).isEmpty()) {
                missing.add(binary);
            }
        }
        Set<Component> installable = EnumSet.noneOf(Component.class);
        installable.addAll(missing);
        installable.retainAll(provided);
        if (!installable.isEmpty()) {
            source.install(installable, ctx, changes);
        }
        // Replaced without stopping the kubelet: the new binary is renamed over the running one, which runs on until the
        // kubelet is restarted (an upgrade drains the node first).
        outdated.forEach((binary, installed) -> source.replace(binary, installed, ctx, changes));
        missing.removeAll(installable);
        if (missing.contains(Component.KUBELET)) {
            ctx.warn("kubelet is not installed, and kboot cannot install it from " + source.describe()
                    + "; it must be in /usr/bin before the kubelet starts");
        }

        String unit = Templates.load("kubelet/kubelet.service");
        String dropIn = dropIn(ctx.facts().packageManager());
        boolean unitsChanged = false;
        if (!found.matches(UNIT, unit)) {
            changes.writeFile(UNIT, unit, FileAttributes.PUBLIC).done("wrote " + UNIT);
            unitsChanged = true;
        }
        if (!found.matches(DROP_IN, dropIn)) {
            changes.writeFile(DROP_IN, dropIn, FileAttributes.PUBLIC).done("wrote " + DROP_IN);
            unitsChanged = true;
        }
        if (unitsChanged) {
            changes.run(StepScripts.unit("daemon-reload"));
        }
        if (!found.value("enabled").filter(s -> s.equals("enabled")).isPresent()) {
            changes.record(new ChangeRecord.UnitEnabled(UNIT_NAME, false)).run(StepScripts.unit("enable").word("unit", UNIT_NAME))
                    .done("enabled kubelet (it starts once its configuration is written)")
                    .verify(StepScripts.unit("verify-enabled").word("unit", UNIT_NAME)
                            .word("failed", UNIT_NAME + " is not enabled"));
        }
        PrepStep.finish(ctx, changes, "kubelet unit and drop-in already in place, enabled");
    }

    /** Where the kubelet and kubectl are installed: /usr/bin, where kubeadm's unit runs the kubelet from. */
    static String binary(Component component) {
        return "/usr/bin/" + component;
    }

    /** kubeadm's drop-in; KUBELET_EXTRA_ARGS lives in /etc/default/kubelet on Debian, /etc/sysconfig/kubelet on RPM systems. */
    public static String dropIn(String packageManager) {
        String defaults = packageManager.equals("apt-get") ? "/etc/default/kubelet" : "/etc/sysconfig/kubelet";
        return Templates.render("kubelet/10-kubeadm.conf", Map.of("kubeletDefaultsFile", defaults));
    }
}
