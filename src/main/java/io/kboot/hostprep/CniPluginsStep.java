package io.kboot.hostprep;

import io.kboot.KbootException;
import io.kboot.host.Shell;
import io.kboot.script.ShellTemplate;
import java.util.EnumSet;
import java.util.List;

/**
 * The CNI plugins containerd and network add-ons expect in /opt/cni/bin. Distribution packages
 * put them elsewhere (Debian: /usr/lib/cni, Fedora: /usr/libexec/cni); those are linked into
 * /opt/cni/bin one by one, so add-ons that install their own plugins there never write into a
 * package's directory.
 */
public final class CniPluginsStep implements PrepStep {
    public static final String DIR = "/opt/cni/bin";
    /** What containerd (loopback) and the usual bridge-based add-ons need. */
    public static final List<String> REQUIRED = List.of("loopback", "bridge", "host-local", "portmap");
    static final List<String> DISTRO_DIRS = List.of("/usr/lib/cni", "/usr/libexec/cni");

    @Override
    public String name() {
        return "cni-plugins";
    }

    @Override
    public String summary() {
        return "Put the CNI plugins in /opt/cni/bin";
    }

    @Override
    public void run(NodePrepContext ctx) {
        Probe probe = new Probe(name(), ctx.paths());
        for (String plugin : REQUIRED) {
            probe.shell(probe("present", ctx.paths().at(DIR + "/" + plugin), plugin));
            for (String dir : DISTRO_DIRS) {
                probe.shell(probe("distro", dir + "/" + plugin, plugin));
            }
        }
        Probe.Result found = probe.shell(StepScripts.of(name(), "probe-end")).run(ctx.host());
        List<String> missing = REQUIRED.stream().filter(p -> !found.values("present").contains(p)).toList();
        Changes changes = new Changes(ctx, name());
        if (!missing.isEmpty()) {
            boolean inDistroDir = missing.stream().allMatch(p -> found.values("distro").contains(p));
            if (!inDistroDir) {
                ArtifactSource source = ctx.hostPrep().artifacts();
                if (!source.provides(ctx.facts()).contains(Component.CNI_PLUGINS)) {
                    throw new KbootException.StepFailed(ctx.host().name() + ": CNI plugins " + String.join(", ", missing)
                            + " are missing from " + DIR + " and " + source.describe() + " cannot provide them");
                }
                source.install(EnumSet.of(Component.CNI_PLUGINS), ctx, changes);
            }
            String opt = ctx.paths().at(DIR);
            String globs = String.join(" ", DISTRO_DIRS.stream().map(d -> Shell.quote(d) + "/*").toList());
            changes.run(StepScripts.of(name(), "link").script("globs", globs).word("dir", opt));
            changes.done("put " + String.join(", ", missing) + " in " + DIR
                    + (inDistroDir ? " (links to the distribution's plugins)" : ""));
            for (String plugin : REQUIRED) {
                changes.verify(StepScripts.of(name(), "verify").word("path", opt + "/" + plugin)
                        .word("failed", "CNI plugin " + plugin + " is missing from " + DIR));
            }
        }
        PrepStep.finish(ctx, changes, "CNI plugins " + String.join(", ", REQUIRED) + " already in " + DIR);
    }

    /** Prints KEY=PLUGIN if the plugin is an executable at PATH. */
    private ShellTemplate probe(String key, String path, String plugin) {
        return StepScripts.of(name(), "probe").word("path", path).word("key", key).word("plugin", plugin);
    }
}
