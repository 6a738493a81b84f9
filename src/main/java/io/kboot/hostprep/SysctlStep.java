package io.kboot.hostprep;

import io.kboot.host.FileAttributes;
import io.kboot.templates.Templates;
import java.util.List;
import java.util.Map;

/**
 * Kernel parameters for bridged pod traffic and forwarding, persisted in
 * {@code /etc/sysctl.d/99-kubernetes.conf}, applied, and read back from /proc/sys.
 */
public final class SysctlStep implements PrepStep {
    public static final String FILE = "/etc/sysctl.d/99-kubernetes.conf";
    public static final List<String> KEYS = List.of(
            "net.bridge.bridge-nf-call-iptables", "net.bridge.bridge-nf-call-ip6tables", "net.ipv4.ip_forward");

    @Override
    public String name() {
        return "sysctl";
    }

    @Override
    public String summary() {
        return "Enable IP forwarding and bridge netfilter calls, now and at boot";
    }

    static String procPath(String key) {
        return "/proc/sys/" + key.replace('.', '/');
    }

    @Override
    public void run(NodePrepContext ctx) {
        String desired = Templates.render("hostprep/sysctl.conf", Map.of());
        Probe probe = new Probe(name(), ctx.paths()).sha(FILE);
        for (String key : KEYS) {
            probe.shell(StepScripts.of(name(), "probe").word("key", key).word("proc", procPath(key)));
        }
        Probe.Result found = probe.run(ctx.host());

        Changes changes = new Changes(ctx, name());
        if (!found.matches(FILE, desired)) {
            changes.writeFile(FILE, desired, FileAttributes.PUBLIC).done("wrote " + FILE);
        }
        List<String> wrong = KEYS.stream().filter(k -> !found.value("sysctl:" + k).orElse("missing").equals("1")).toList();
        if (!wrong.isEmpty()) {
            for (String key : wrong) {
                String previous = found.value("sysctl:" + key).orElse("missing");
                if (!previous.equals("missing")) {
                    changes.record(new ChangeRecord.SysctlSet(key, previous));
                }
            }
            changes.run(StepScripts.of(name(), "apply").word("file", ctx.paths().at(FILE)))
                    .done("set " + String.join(", ", wrong) + " to 1");
            for (String key : KEYS) {
                String verify = key.startsWith("net.bridge") ? "verify-bridge" : "verify";
                changes.verify(StepScripts.of(name(), verify).word("key", key).word("proc", procPath(key)));
            }
        }
        PrepStep.finish(ctx, changes, String.join(", ", KEYS) + " already 1 and persisted in " + FILE);
    }
}
