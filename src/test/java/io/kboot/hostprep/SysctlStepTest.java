package io.kboot.hostprep;

import static io.kboot.hostprep.PrepFixture.assertGolden;
import static io.kboot.hostprep.PrepFixture.assertInOrder;
import static io.kboot.hostprep.PrepFixture.assertOnlyProbed;
import static io.kboot.hostprep.PrepFixture.changeScript;
import static io.kboot.hostprep.PrepFixture.missing;
import static io.kboot.hostprep.PrepFixture.sha;
import static io.kboot.hostprep.PrepFixture.staged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.host.RecordingHost;
import io.kboot.templates.Templates;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SysctlStepTest {
    private static final String FILE = SysctlStep.FILE;
    private final RecordingHost host = new RecordingHost();
    private final PrepFixture.Context ctx = new PrepFixture.Context(host);

    @Test
    void writesAppliesRecordsPriorValuesAndReadsBack() {
        host.answer(Probe.marker("sysctl"), missing(FILE) + """
                sysctl:net.bridge.bridge-nf-call-iptables=1
                sysctl:net.bridge.bridge-nf-call-ip6tables=missing
                sysctl:net.ipv4.ip_forward=0
                """);
        new SysctlStep().run(ctx.prep());

        assertGolden("hostprep/99-kubernetes.conf", host.uploaded(staged(FILE)));
        String script = changeScript(host, "sysctl");
        assertInOrder(script, "kb_install " + staged(FILE) + " " + FILE,
                "kb_record '{\"kind\":\"sysctl-set\",\"key\":\"net.ipv4.ip_forward\",\"previous\":\"0\"}'",
                "sysctl -p /etc/sysctl.d/99-kubernetes.conf >/dev/null",
                "[ \"$(cat /proc/sys/net/bridge/bridge-nf-call-iptables 2>/dev/null)\" = 1 ] || kb_fail",
                "[ \"$(cat /proc/sys/net/bridge/bridge-nf-call-ip6tables 2>/dev/null)\" = 1 ] || kb_fail",
                "[ \"$(cat /proc/sys/net/ipv4/ip_forward 2>/dev/null)\" = 1 ] || kb_fail \"net.ipv4.ip_forward is");
        // A key that did not exist has no prior value to restore.
        assertFalse(script.contains("bridge-nf-call-ip6tables\",\"previous\""), script);
        assertEquals("[prepare] node1: wrote /etc/sysctl.d/99-kubernetes.conf; set net.bridge.bridge-nf-call-ip6tables,"
                + " net.ipv4.ip_forward to 1\n", ctx.output());
    }

    @Test
    void secondRunChangesNothing() {
        String desired = Templates.render("hostprep/sysctl.conf", Map.of());
        host.answer(Probe.marker("sysctl"), sha(FILE, desired) + """
                sysctl:net.bridge.bridge-nf-call-iptables=1
                sysctl:net.bridge.bridge-nf-call-ip6tables=1
                sysctl:net.ipv4.ip_forward=1
                """);
        new SysctlStep().run(ctx.prep());

        assertOnlyProbed(host, "sysctl");
        assertTrue(ctx.output().contains("already 1 and persisted in /etc/sysctl.d/99-kubernetes.conf"), ctx.output());
    }

    @Test
    void rightValuesButNoFileOnlyWritesTheFile() {
        host.answer(Probe.marker("sysctl"), missing(FILE) + """
                sysctl:net.bridge.bridge-nf-call-iptables=1
                sysctl:net.bridge.bridge-nf-call-ip6tables=1
                sysctl:net.ipv4.ip_forward=1
                """);
        new SysctlStep().run(ctx.prep());
        String script = changeScript(host, "sysctl");
        assertTrue(script.contains("kb_install"), script);
        assertFalse(script.contains("sysctl -p"), script);
    }
}
