package io.kboot.hostprep;

import io.kboot.host.FileAttributes;
import java.util.ArrayList;
import java.util.List;

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

        /** The rule after the chain name, as iptables -S prints it. */
        String iptablesRule() {
            return "-p tcp -m tcp --dport " + (from == to ? "" + from : from + ":" + to) + " -m comment --comment " + COMMENT + " -j ACCEPT";
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
        Probe probe = new Probe(name(), ctx.paths()).shell("""
                if command -v ufw >/dev/null 2>&1 && ufw status 2>/dev/null | grep -q '^Status: active'; then
                  echo ufw=active
                  ufw status 2>/dev/null | awk '$2 == "ALLOW" || $3 == "ALLOW" { print "ufw_rule=" $1 }'
                fi
                if command -v firewall-cmd >/dev/null 2>&1 && firewall-cmd --state >/dev/null 2>&1; then
                  echo firewalld=running
                  for p in $(firewall-cmd --permanent --list-ports 2>/dev/null); do echo "firewalld_port=$p"; done
                fi
                if command -v nft >/dev/null 2>&1 && nft list ruleset 2>/dev/null | grep -q 'hook input.*policy drop'; then echo nft=drop; fi""");
        probe.sha(BOOT_SCRIPT).sha(BOOT_UNIT).shell("echo \"boot_unit=$(systemctl is-enabled kboot-firewall 2>/dev/null)\"");
        for (String tool : List.of("iptables", "ip6tables")) {
            StringBuilder checks = new StringBuilder();
            for (PortRange port : ports) {
                checks.append("  if ").append(tool).append(" -C INPUT ").append(port.iptablesRule()).append(" 2>/dev/null; then echo ")
                        .append(tool).append("_has=").append(port).append("; fi\n");
            }
            probe.shell("if command -v " + tool + " >/dev/null 2>&1; then\n"
                    + "  " + tool + " -S INPUT 2>/dev/null | awk '$1 == \"-P\" && $3 != \"ACCEPT\" { print \"" + tool
                    + "_blocks=policy \" $3 } $1 == \"-A\" && $3 == \"-j\" && ($4 == \"DROP\" || $4 == \"REJECT\") { print \"" + tool
                    + "_blocks=\" $0 }'\n"
                    + checks
                    + "fi");
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
                            .run("ufw allow " + port.ufw() + " comment " + COMMENT + " >/dev/null");
                    opened.add(port.toString());
                }
            }
        } else if (found.has("firewalld")) {
            tool = "firewalld";
            for (PortRange port : ports) {
                if (!found.values("firewalld_port").contains(port.firewalld())) {
                    changes.record(new ChangeRecord.FirewallRule("firewalld", port.firewalld()))
                            .run("firewall-cmd --permanent --add-port=" + port.firewalld() + " >/dev/null && firewall-cmd --add-port="
                                    + port.firewalld() + " >/dev/null");
                    opened.add(port.toString());
                }
            }
        } else {
            List<String> blocking = List.of("iptables", "ip6tables").stream().filter(t -> found.has(t + "_blocks")).toList();
            tool = String.join("/", blocking);
            for (String t : blocking) {
                for (PortRange port : ports) {
                    if (!found.values(t + "_has").contains(port.toString())) {
                        String rule = "INPUT " + port.iptablesRule();
                        changes.record(new ChangeRecord.FirewallRule(t, rule)).run(t + " -I " + rule)
                                .verify(t + " -C " + rule + " || kb_fail '" + t + " rule for port " + port + " is missing'");
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
                    ctx.reporter().warn(ctx.host().name(), "an nftables input chain drops by default; kboot does not edit nftables:"
                            + " allow TCP " + ports + " yourself");
                } else {
                    ctx.reporter().info(ctx.host().name(), "no firewall blocks incoming connections; nothing to open");
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
            changes.run("systemctl daemon-reload").done("kboot-firewall.service re-inserts these rules at boot");
        }
        if (!found.value("boot_unit").filter(v -> v.equals("enabled")).isPresent()) {
            changes.record(new ChangeRecord.UnitEnabled("kboot-firewall", false)).run("systemctl enable kboot-firewall >/dev/null 2>&1")
                    .verify("[ \"$(systemctl is-enabled kboot-firewall 2>/dev/null)\" = enabled ] || kb_fail 'kboot-firewall is not enabled'");
        }
    }

    /** Inserts each of kboot's rules that is missing; run at boot by {@link #bootUnit()}. */
    static String bootScript(List<String> tools, List<PortRange> ports) {
        StringBuilder script = new StringBuilder("#!/bin/sh\n# Written by kboot: the ports Kubernetes needs, commented \"" + COMMENT
                + "\". kboot reset removes this.\n");
        for (String tool : tools) {
            for (PortRange port : ports) {
                String rule = "INPUT " + port.iptablesRule();
                script.append(tool).append(" -C ").append(rule).append(" 2>/dev/null || ").append(tool).append(" -I ").append(rule).append('\n');
            }
        }
        return script.toString();
    }

    static String bootUnit() {
        return """
                [Unit]
                Description=kboot: open the ports Kubernetes needs in iptables
                After=network-pre.target netfilter-persistent.service iptables.service ip6tables.service
                Before=kubelet.service

                [Service]
                Type=oneshot
                RemainAfterExit=yes
                ExecStart=/bin/sh %s

                [Install]
                WantedBy=multi-user.target
                """.formatted(BOOT_SCRIPT);
    }
}
