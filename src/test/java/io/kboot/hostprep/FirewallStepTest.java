package io.kboot.hostprep;

import static io.kboot.hostprep.PrepFixture.assertInOrder;
import static io.kboot.hostprep.PrepFixture.assertOnlyProbed;
import static io.kboot.hostprep.PrepFixture.changeScript;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.host.RecordingHost;
import java.util.List;
import org.junit.jupiter.api.Test;

class FirewallStepTest {
    private final RecordingHost host = new RecordingHost();
    private final PrepFixture.Context ctx = new PrepFixture.Context(host);

    @Test
    void portsFollowTheRole() {
        assertEquals("[6443, 2379-2380, 10250, 10257, 10259]", FirewallStep.ports(NodeRole.CONTROL_PLANE, 6443).toString());
        assertEquals("[10250, 30000-32767]", FirewallStep.ports(NodeRole.WORKER, 6443).toString());
    }

    @Test
    void noFirewallMeansNothingToDo() {
        host.answer(Probe.marker("firewall"), "");
        new FirewallStep().run(ctx.prep());
        assertOnlyProbed(host, "firewall");
        assertTrue(ctx.output().contains("no firewall blocks incoming connections; nothing to open"), ctx.output());
    }

    @Test
    void aDropPolicyGetsCommentedAcceptRulesInsertedNeverAFlush() {
        host.answer(Probe.marker("firewall"), "iptables_blocks=policy DROP\niptables_has=10250\n");
        new FirewallStep().run(ctx.prep());

        String script = changeScript(host, "firewall");
        assertInOrder(script,
                "kb_record '{\"kind\":\"firewall-rule\",\"tool\":\"iptables\",\"rule\":\"INPUT -p tcp -m tcp --dport 6443 -m"
                        + " comment --comment kboot -j ACCEPT\"}'",
                "iptables -I INPUT -p tcp -m tcp --dport 6443 -m comment --comment kboot -j ACCEPT",
                "iptables -I INPUT -p tcp -m tcp --dport 2379:2380 -m comment --comment kboot -j ACCEPT",
                "iptables -I INPUT -p tcp -m tcp --dport 10257 -m comment --comment kboot -j ACCEPT",
                "iptables -I INPUT -p tcp -m tcp --dport 10259 -m comment --comment kboot -j ACCEPT",
                "iptables -C INPUT -p tcp -m tcp --dport 6443 -m comment --comment kboot -j ACCEPT || kb_fail");
        assertFalse(script.contains("--dport 10250 "), "already open: " + script);
        assertFalse(script.contains(" -F") || script.contains("--flush") || script.contains("-P INPUT"), script);
        assertFalse(script.contains("ip6tables"), "ip6tables does not block: " + script);
        assertTrue(ctx.output().contains("opened TCP 6443, 2379-2380, 10257, 10259 in iptables for a control-plane node"),
                ctx.output());
        // Rules live in the kernel only: a boot-time unit inserts them again after the site's own restore.
        String boot = host.uploaded("/var/lib/kboot/staging/etc/kboot/firewall.sh");
        assertTrue(boot.contains("iptables -C INPUT -p tcp -m tcp --dport 10250 -m comment --comment kboot -j ACCEPT 2>/dev/null"
                + " || iptables -I INPUT -p tcp -m tcp --dport 10250 -m comment --comment kboot -j ACCEPT\n"), boot);
        assertTrue(host.uploaded("/var/lib/kboot/staging/etc/systemd/system/kboot-firewall.service")
                .contains("After=network-pre.target netfilter-persistent.service"));
        assertInOrder(script, "kb_record '{\"kind\":\"unit-enabled\"", "systemctl enable kboot-firewall");
    }

    @Test
    void aCatchAllRejectCountsAsBlocking() {
        ctx.role = NodeRole.WORKER;
        host.answer(Probe.marker("firewall"), "ip6tables_blocks=-A INPUT -j REJECT --reject-with icmp6-adm-prohibited\n");
        new FirewallStep().run(ctx.prep());
        assertInOrder(changeScript(host, "firewall"), "ip6tables -I INPUT -p tcp -m tcp --dport 10250 ",
                "ip6tables -I INPUT -p tcp -m tcp --dport 30000:32767 ");
    }

    @Test
    void ufwGetsAllowRulesForMissingPorts() {
        ctx.role = NodeRole.WORKER;
        host.answer(Probe.marker("firewall"), "ufw=active\nufw_rule=22/tcp\nufw_rule=10250/tcp\niptables_blocks=policy DROP\n");
        new FirewallStep().run(ctx.prep());
        String script = changeScript(host, "firewall");
        assertInOrder(script, "kb_record '{\"kind\":\"firewall-rule\",\"tool\":\"ufw\",\"rule\":\"30000:32767/tcp\"}'",
                "ufw allow 30000:32767/tcp comment kboot");
        assertFalse(script.contains("iptables"), "ufw manages iptables itself: " + script);
    }

    @Test
    void firewalldGetsPermanentAndRuntimePorts() {
        host.answer(Probe.marker("firewall"), "firewalld=running\nfirewalld_port=6443/tcp\n");
        new FirewallStep().run(ctx.prep());
        String script = changeScript(host, "firewall");
        assertTrue(
                script.contains(
                        "firewall-cmd --permanent --add-port=2379-2380/tcp >/dev/null && firewall-cmd --add-port=2379-2380/tcp"),
                script);
        assertFalse(script.contains("--add-port=6443/tcp"), script);
    }

    @Test
    void secondRunChangesNothing() {
        List<FirewallStep.PortRange> ports = FirewallStep.ports(NodeRole.CONTROL_PLANE, 6443);
        StringBuilder probe = new StringBuilder("iptables_blocks=policy DROP\nboot_unit=enabled\n")
                .append(PrepFixture.sha(FirewallStep.BOOT_SCRIPT, FirewallStep.bootScript(List.of("iptables"), ports)))
                .append(PrepFixture.sha(FirewallStep.BOOT_UNIT, FirewallStep.bootUnit()));
        for (FirewallStep.PortRange port : ports) {
            probe.append("iptables_has=").append(port).append('\n');
        }
        host.answer(Probe.marker("firewall"), probe.toString());
        new FirewallStep().run(ctx.prep());
        assertOnlyProbed(host, "firewall");
        assertTrue(ctx.output().contains("iptables already allows TCP"), ctx.output());
    }

    @Test
    void theProbeChecksEachRuleWithoutChangingAnything() {
        host.answer(Probe.marker("firewall"), "");
        new FirewallStep().run(ctx.prep());
        String probe = host.commands().get(0).script();
        assertFalse(host.commands().get(0).mutating());
        for (String t : List.of("iptables", "ip6tables")) {
            assertTrue(probe
                    .contains("if " + t + " -C INPUT -p tcp -m tcp --dport 6443 -m comment --comment kboot -j ACCEPT 2>/dev/null;"
                            + " then echo " + t + "_has=6443; fi"),
                    probe);
        }
    }
}
