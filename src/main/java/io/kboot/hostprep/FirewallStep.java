package io.kboot.hostprep;

import io.kboot.host.FileAttributes;
import io.kboot.script.ShellTemplate;
import io.kboot.templates.Templates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Opens the ports the node's role needs, only where a firewall would block them: ufw if it is
 * active, else firewalld if it is running, else iptables/ip6tables whose INPUT chain drops by
 * policy or ends in a catch-all DROP/REJECT. Existing rules are never flushed or reordered: kboot
 * inserts ACCEPT rules commented "kboot" and records each, so reset deletes exactly those.
 */
public final class FirewallStep implements PrepStep {
    public static final String COMMENT = "kboot";
    /** Re-inserts kboot's iptables rules at boot, after the site's own firewall is restored. */
    static final String BOOT_SCRIPT = "/etc/kboot/firewall.sh";
    static final String BOOT_UNIT = "/etc/systemd/system/kboot-firewall.service";
    static final String BOOT_SERVICE = "kboot-firewall";
    private static final List<String> IPTABLES = List.of("iptables", "ip6tables");

    /** A TCP port or range. */
    public record PortRange(int from, int to) {
        public PortRange {
            if (from < 1 || to > 65535 || to < from) {
                throw new IllegalArgumentException("bad port range " + from + "-" + to);
            }
        }

        static PortRange of(int port) {
            return new PortRange(port, port);
        }

        /** "6443/tcp", "2379:2380/tcp" (ufw). */
        String ufw() {
            return (from == to ? "" + from : from + ":" + to) + "/tcp";
        }

        /** "6443/tcp", "2379-2380/tcp" (firewalld). */
        String firewalld() {
            return (from == to ? "" + from : from + "-" + to) + "/tcp";
        }

        /** The rule, chain name first, as iptables -S prints it (and as the journal records it). */
        List<String> inputRule() {
            String dport = from == to ? "" + from : from + ":" + to;
            return List.of("INPUT", "-p", "tcp", "-m", "tcp", "--dport", dport, "-m", "comment", "--comment", COMMENT,
                    "-j", "ACCEPT");
        }

        @Override
        public String toString() {
            return from == to ? "" + from : from + "-" + to;
        }
    }

    /** The ports kubeadm's docs list for the role ("Ports and Protocols"). */
    public static List<PortRange> ports(NodeRole role, int apiServerPort) {
        return role == NodeRole.CONTROL_PLANE
                ? List.of(PortRange.of(apiServerPort), new PortRange(2379, 2380), PortRange.of(10250), PortRange.of(10257),
                        PortRange.of(10259))
                : List.of(PortRange.of(10250), new PortRange(30000, 32767));
    }

    @Override
    public String name() {
        return "firewall";
    }

    @Override
    public String summary() {
        return "Open the role's ports where ufw, firewalld or iptables would block them";
    }

    @Override
    public void run(NodePrepContext ctx) {
        List<PortRange> ports = ports(ctx.role(), ctx.apiServerPort());
        Probe probe = new Probe(name(), ctx.paths()).shell(firewall("probe")).sha(BOOT_SCRIPT).sha(BOOT_UNIT)
                .shell(StepScripts.unit("probe-enabled").word("key", "boot_unit").word("unit", BOOT_SERVICE));
        for (String tool : IPTABLES) {
            StringBuilder rules = new StringBuilder();
            for (PortRange port : ports) {
                rules.append(firewall("probe-iptables-rule").word("tool", tool).words("rule", port.inputRule()).word("port", port)
                        .render());
            }
            probe.shell(firewall("probe-iptables").word("tool", tool).script("rules", rules.toString()));
        }
        Probe.Result found = probe.run(ctx.host());

        Changes changes = new Changes(ctx, name());
        List<String> opened = new ArrayList<>();
        String tool;
        if (found.has("ufw")) {
            tool = "ufw";
            for (PortRange port : ports) {
                if (!found.values("ufw_rule").contains(port.ufw())) {
                    changes.record(new ChangeRecord.FirewallRule("ufw", port.ufw()))
                            .run(firewall("open-ufw").word("port", port.ufw()).word("comment", COMMENT));
                    opened.add(port.toString());
                }
            }
        } else if (found.has("firewalld")) {
            tool = "firewalld";
            for (PortRange port : ports) {
                if (!found.values("firewalld_port").contains(port.firewalld())) {
                    changes.record(new ChangeRecord.FirewallRule("firewalld", port.firewalld()))
                            .run(firewall("open-firewalld").word("port", port.firewalld()));
                    opened.add(port.toString());
                }
            }
        } else {
            List<String> blocking = IPTABLES.stream().filter(t -> found.has(t + "_blocks")).toList();
            tool = String.join("/", blocking);
            for (String t : blocking) {
                for (PortRange port : ports) {
                    if (!found.values(t + "_has").contains(port.toString())) {
                        changes.record(new ChangeRecord.FirewallRule(t, String.join(" ", port.inputRule())))
                                .run(firewall("open-iptables").word("tool", t).words("rule", port.inputRule()))
                                .verify(firewall("verify-iptables").word("tool", t).words("rule", port.inputRule())
                                        .word("failed", t + " rule for port " + port + " is missing"));
                        if (!opened.contains(port.toString())) {
                            opened.add(port.toString());
                        }
                    }
                }
            }
            if (!blocking.isEmpty()) {
                persistAcrossReboots(blocking, ports, found, changes);
            }
            if (blocking.isEmpty()) {
                if (found.has("nft")) {
                    ctx.warn("an nftables input chain drops by default; kboot does not edit"
                            + " nftables: allow TCP " + ports + " yourself");
                } else {
                    ctx.info("no firewall blocks incoming connections; nothing to open");
                }
                return;
            }
        }
        if (!opened.isEmpty()) {
            changes.done("opened TCP " + String.join(", ", opened) + " in " + tool + " for a " + ctx.role() + " node");
        }
        PrepStep.finish(ctx, changes, tool + " already allows TCP " + ports.stream().map(PortRange::toString).toList());
    }

    /**
     * iptables rules live in the kernel only: a site restores its own rules at boot (e.g.
     * netfilter-persistent) but not kboot's. A oneshot unit ordered after the usual firewall
     * services inserts kboot's rules again when they are missing.
     */
    private static void persistAcrossReboots(List<String> tools, List<PortRange> ports, Probe.Result found, Changes changes) {
        String script = bootScript(tools, ports);
        String unit = bootUnit();
        boolean written = false;
        if (!found.matches(BOOT_SCRIPT, script)) {
            changes.writeFile(BOOT_SCRIPT, script, FileAttributes.EXECUTABLE);
            written = true;
        }
        if (!found.matches(BOOT_UNIT, unit)) {
            changes.writeFile(BOOT_UNIT, unit, FileAttributes.PUBLIC);
            written = true;
        }
        if (written) {
            changes.run(StepScripts.unit("daemon-reload")).done(BOOT_SERVICE + ".service re-inserts these rules at boot");
        }
        if (!found.value("boot_unit").filter(v -> v.equals("enabled")).isPresent()) {
            changes.record(new ChangeRecord.UnitEnabled(BOOT_SERVICE, false))
                    .run(StepScripts.unit("enable").word("unit", BOOT_SERVICE))
                    .verify(StepScripts.unit("verify-enabled").word("unit", BOOT_SERVICE)
                            .word("failed", BOOT_SERVICE + " is not enabled"));
        }
    }

    /** Inserts each of kboot's rules that is missing; run at boot by {@link #bootUnit()}. */
    static String bootScript(List<String> tools, List<PortRange> ports) {
        StringBuilder script = new StringBuilder(firewall("boot").word("comment", COMMENT).render());
        for (String tool : tools) {
            for (PortRange port : ports) {
                script.append(firewall("boot-rule").word("tool", tool).words("rule", port.inputRule()).render());
            }
        }
        return script.toString();
    }

    private static ShellTemplate firewall(String name) {
        return StepScripts.of("firewall", name);
    }

    static String bootUnit() {
        return Templates.render("hostprep/firewall/" + BOOT_SERVICE + ".service", Map.of("script", BOOT_SCRIPT));
    }
}
