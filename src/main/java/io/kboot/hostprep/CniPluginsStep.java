package io.kboot.hostprep;

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
            probe.shell("[ -x " + ctx.paths().at(DIR + "/" + plugin) + " ] && echo present=" + plugin);
            for (String dir : DISTRO_DIRS) {
                probe.shell("[ -x " + dir + "/" + plugin + " ] && echo distro=" + plugin);
            }
        }
        Probe.Result found = probe.shell("true").run(ctx.host());
        List<String> missing = REQUIRED.stream().filter(p -> !found.values("present").contains(p)).toList();
        Changes changes = new Changes(ctx, name());
        if (!missing.isEmpty()) {
            boolean inDistroDir = missing.stream().allMatch(p -> found.values("distro").contains(p));
            if (!inDistroDir) {
                ArtifactSource source = ctx.hostPrep().artifacts();
                if (!source.provides(ctx.facts()).contains(Component.CNI_PLUGINS)) {
                    throw new io.kboot.KbootException.StepFailed(ctx.host().name() + ": CNI plugins " + String.join(", ", missing)
                            + " are missing from " + DIR + " and " + source.describe() + " cannot provide them");
                }
                source.install(EnumSet.of(Component.CNI_PLUGINS), ctx, changes);
            }
            // Link whatever the distribution directories hold that /opt/cni/bin lacks; the loop runs
            // on the node, after any installation above, so it sees the installed files.
            String opt = ctx.paths().at(DIR);
            changes.run("for f in " + String.join(" ", DISTRO_DIRS.stream().map(d -> d + "/*").toList()) + "; do\n"
                    + "  [ -f \"$f\" ] && [ -x \"$f\" ] && kb_link \"$f\" " + opt + "/\"${f##*/}\"\n"
                    + "done\n"
                    + "true");
            changes.done("put " + String.join(", ", missing) + " in " + DIR + (inDistroDir ? " (links to the distribution's plugins)" : ""));
            for (String plugin : REQUIRED) {
                changes.verify("[ -x " + opt + "/" + plugin + " ] || kb_fail 'CNI plugin " + plugin + " is missing from " + DIR + "'");
            }
        }
        PrepStep.finish(ctx, changes, "CNI plugins " + String.join(", ", REQUIRED) + " already in " + DIR);
    }
}
