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

class ModulesStepTest {
    private static final String FILE = ModulesStep.FILE;
    private final RecordingHost host = new RecordingHost();
    private final PrepFixture.Context ctx = new PrepFixture.Context(host);

    @Test
    void loadsWhatIsMissingAndPersistsBoth() {
        host.answer(Probe.marker("modules"), missing(FILE) + "loaded=overlay\n");
        new ModulesStep().run(ctx.prep());

        assertEquals(3, host.events().size(), host.events()::toString); // probe, upload, one script
        assertGolden("hostprep/modules-load.conf", host.uploaded(staged(FILE)));
        String script = changeScript(host, "modules");
        assertInOrder(script, "kb_install " + staged(FILE) + " " + FILE + " 0644 /var/lib/kboot/backup" + FILE,
                "kb_record '{\"kind\":\"module-loaded\",\"module\":\"br_netfilter\"}'",
                "modprobe br_netfilter",
                "[ -d /sys/module/br_netfilter ] || kb_fail");
        assertFalse(script.contains("modprobe overlay"), script);
        assertEquals("[prepare] node1: wrote /etc/modules-load.d/k8s.conf; loaded br_netfilter\n", ctx.output());
    }

    @Test
    void secondRunChangesNothing() {
        String desired = Templates.render("hostprep/modules-load.conf", Map.of());
        host.answer(Probe.marker("modules"), sha(FILE, desired) + "loaded=overlay\nloaded=br_netfilter\n");
        new ModulesStep().run(ctx.prep());

        assertOnlyProbed(host, "modules");
        assertTrue(ctx.output().contains("node1: kernel modules overlay, br_netfilter already loaded and persisted"),
                ctx.output());
    }

    @Test
    void builtInModulesAreNotLoaded() {
        String desired = Templates.render("hostprep/modules-load.conf", Map.of());
        host.answer(Probe.marker("modules"), sha(FILE, desired) + "builtin=overlay\nbuiltin=br_netfilter\n");
        new ModulesStep().run(ctx.prep());

        assertOnlyProbed(host, "modules");
        assertTrue(ctx.output().contains("br_netfilter is built into the kernel"), ctx.output());
    }

    @Test
    void theProbeChecksBuiltInModulesToo() {
        host.answer(Probe.marker("modules"), missing(FILE));
        new ModulesStep().run(ctx.prep());
        String probe = host.commands().get(0).script();
        assertTrue(probe.contains("if [ -d /sys/module/overlay ]; then echo loaded=overlay; elif grep -qs '/overlay.ko'"
                + " \"/lib/modules/$(uname -r)/modules.builtin\"; then echo builtin=overlay; fi"), probe);
        assertTrue(probe.contains("kb_sha /etc/modules-load.d/k8s.conf /etc/modules-load.d/k8s.conf"), probe);
    }
}
