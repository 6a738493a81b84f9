package io.kboot.hostprep;

import io.kboot.host.FileAttributes;
import io.kboot.templates.Templates;
import java.util.List;
import java.util.Map;

/**
 * Kernel modules overlay and br_netfilter: loaded now and at every boot
 * ({@code /etc/modules-load.d/k8s.conf}). A module built into the kernel counts as loaded.
 */
public final class ModulesStep implements PrepStep {
    public static final List<String> MODULES = List.of("overlay", "br_netfilter");
    public static final String FILE = "/etc/modules-load.d/k8s.conf";

    @Override
    public String name() {
        return "modules";
    }

    @Override
    public String summary() {
        return "Load overlay and br_netfilter now and at boot";
    }

    @Override
    public void run(NodePrepContext ctx) {
        String desired = Templates.render("hostprep/modules-load.conf", Map.of());
        Probe probe = new Probe(name(), ctx.paths()).sha(FILE);
        for (String module : MODULES) {
            probe.shell(StepScripts.of(name(), "probe").word("module", module));
        }
        Probe.Result found = probe.run(ctx.host());

        Changes changes = new Changes(ctx, name());
        if (!found.matches(FILE, desired)) {
            changes.writeFile(FILE, desired, FileAttributes.PUBLIC).done("wrote " + FILE);
        }
        for (String module : MODULES) {
            if (found.values("builtin").contains(module)) {
                ctx.reporter().detail(ctx.host().name(), module + " is built into the kernel");
            } else if (!found.values("loaded").contains(module)) {
                changes.record(new ChangeRecord.ModuleLoaded(module)).run(StepScripts.of(name(), "load").word("module", module))
                        .done("loaded " + module).verify(StepScripts.of(name(), "verify").word("module", module)
                                .word("failed", "module " + module + " is not loaded after modprobe"));
            }
        }
        PrepStep.finish(ctx, changes, "kernel modules " + String.join(", ", MODULES) + " already loaded and persisted");
    }
}
