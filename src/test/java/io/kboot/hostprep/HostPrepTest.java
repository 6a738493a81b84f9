package io.kboot.hostprep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.host.DryRunHost;
import io.kboot.host.RecordingHost;
import io.kboot.init.InitWorkflow;
import io.kboot.join.JoinWorkflow;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostPrepTest {
    static final List<String> PREPARE = List.of("prepare", "prepare/modules", "prepare/sysctl", "prepare/swap", "prepare/bundle",
            "prepare/containerd", "prepare/cni-plugins", "prepare/firewall", "prepare/kubelet", "prepare/images");
    /** Steps that only act with an offline bundle (--bundle); without one they say so and touch nothing. */
    static final List<String> BUNDLE_ONLY = List.of("bundle", "images");

    @Test
    void bothWorkflowsPrepareTheHostEarly() {
        List<String> init = InitWorkflow.build().paths();
        assertEquals("preflight", init.get(0));
        assertEquals(PREPARE, init.subList(1, 1 + PREPARE.size()));
        // kjoin discovers the cluster between preflight and prepare.
        List<String> join = JoinWorkflow.build().paths();
        assertEquals("preflight", join.get(0));
        int prepare = join.indexOf("prepare");
        assertTrue(prepare > 0, join::toString);
        assertEquals(PREPARE, join.subList(prepare, prepare + PREPARE.size()));
    }

    /** A fresh Debian node, as the probes see it. */
    static RecordingHost freshDebianNode() {
        return new RecordingHost()
                .answer(Probe.marker("modules"), "sha:/etc/modules-load.d/k8s.conf=-\n")
                .answer(Probe.marker("sysctl"), "sha:/etc/sysctl.d/99-kubernetes.conf=-\nsysctl:net.ipv4.ip_forward=0\n")
                .answer(Probe.marker("swap"), "swaps=1\nfile:/etc/fstab=-\nunit=dev-vda2.swap loaded\n")
                .answer(Probe.marker("containerd"), "enabled=\nactive=\nsha:/etc/containerd/config.toml=-\n")
                .answer(Probe.marker("cni-plugins"), "")
                .answer(Probe.marker("firewall"), "iptables_blocks=policy DROP\n")
                .answer(Probe.marker("kubelet"), "enabled=\n");
    }

    @Test
    void aDryRunOnlyLooks() {
        RecordingHost node = freshDebianNode();
        DryRunHost dryRun = new DryRunHost(node);
        PrepFixture.Context ctx = new PrepFixture.Context(dryRun);
        for (PrepStep step : HostPrep.steps()) {
            step.run(ctx.prep());
        }
        assertTrue(node.uploads().isEmpty(), node.uploads()::toString);
        assertTrue(node.changes().isEmpty(), node.changes()::toString);
        // The plan: every step's uploads and its one change script (containerd also its installation).
        long scripts = dryRun.changes().stream().filter(c -> c instanceof DryRunHost.Change.Run).count();
        assertEquals(HostPrep.steps().size() - BUNDLE_ONLY.size() + 1, scripts, dryRun.changes()::toString);
        // Nothing changed, so nothing is told in the past tense (issue 25, item 8).
        assertTrue(ctx.output().contains("would write /etc/containerd/config.toml (version 2"), ctx.output());
        assertTrue(ctx.output().contains("would load br_netfilter"), ctx.output());
        assertFalse(ctx.output().matches("(?s).*\\b(wrote|installed|started|loaded) .*"), ctx.output());
    }

    @Test
    void eachStepIsOneProbeAndAtMostOneChangeScript() {
        RecordingHost node = freshDebianNode();
        PrepFixture.Context ctx = new PrepFixture.Context(node);
        for (PrepStep step : HostPrep.steps()) {
            step.run(ctx.prep());
            if (!step.name().equals("containerd") && !BUNDLE_ONLY.contains(step.name())) {
                long probes = node.commands().stream().filter(c -> c.script().startsWith(Probe.marker(step.name()))).count();
                long changes = node.changes().stream().filter(s -> s.startsWith(Changes.marker(step.name()))).count();
                assertEquals(1, probes, step.name());
                assertEquals(1, changes, step.name());
            }
        }
    }
}
