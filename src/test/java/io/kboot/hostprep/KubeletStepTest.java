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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeletStepTest {
    static final String UNIT = KubeletStep.UNIT;
    static final String DROP_IN = KubeletStep.DROP_IN;
    private final RecordingHost host = new RecordingHost();
    private final PrepFixture.Context ctx = new PrepFixture.Context(host);

    @Test
    void writesUnitAndDropInEnablesButDoesNotStart() {
        host.answer(Probe.marker("kubelet"), "kubectl=/usr/bin/kubectl\nenabled=\n" + missing(UNIT) + missing(DROP_IN));
        new KubeletStep().run(ctx.prep());

        assertGolden("kubelet/kubelet.service", host.uploaded(staged(UNIT)));
        assertGolden("kubelet/10-kubeadm.conf", host.uploaded(staged(DROP_IN)));
        String script = changeScript(host, "kubelet");
        assertInOrder(script, "kb_install " + staged(UNIT) + " " + UNIT, "kb_install " + staged(DROP_IN) + " " + DROP_IN,
                "systemctl daemon-reload",
                "kb_record '{\"kind\":\"unit-enabled\",\"unit\":\"kubelet\",\"started\":false}'",
                "systemctl enable kubelet",
                "[ \"$(systemctl is-enabled kubelet 2>/dev/null)\" = enabled ] || kb_fail");
        assertFalse(script.contains("--now") || script.contains("start kubelet") || script.contains("restart"), script);
        assertTrue(
                ctx.warnings().contains("kubelet is not installed, and kboot cannot install it from the distribution's packages"),
                ctx.warnings());
    }

    @Test
    void rpmSystemsReadExtraArgsFromSysconfig() {
        assertTrue(KubeletStep.dropIn("dnf").contains("EnvironmentFile=-/etc/sysconfig/kubelet\n"));
        assertTrue(KubeletStep.dropIn("apt-get").contains("EnvironmentFile=-/etc/default/kubelet\n"));
    }

    @Test
    void installsUploadedBinaries(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("bin"));
        Files.writeString(dir.resolve("bin/kubelet"), "kubelet binary");
        ctx.with(new HostPrepSettings(List.of(), new UploadedFiles(dir), HostPaths.SYSTEM));
        host.answer(Probe.marker("kubelet"), "enabled=enabled\n" + sha(UNIT, Templates.load("kubelet/kubelet.service"))
                + sha(DROP_IN, KubeletStep.dropIn("apt-get")));
        new KubeletStep().run(ctx.prep());

        assertEquals("kubelet binary", host.uploaded(staged("/usr/bin/kubelet")));
        assertEquals(0755, host.uploads().get(0).attributes().mode());
        assertTrue(
                changeScript(host, "kubelet").contains("kb_install " + staged("/usr/bin/kubelet") + " /usr/bin/kubelet 0755 "));
        assertFalse(ctx.warnings().contains("kubelet is not installed"), ctx.warnings());
        assertEquals("[prepare] node1: installed /usr/bin/kubelet\n", ctx.output());
    }

    @Test
    void aSourceWithoutVersionsLeavesAnInstalledKubeletOfAnyVersionAlone() {
        host.answer(Probe.marker("kubelet"), "kubelet=/usr/bin/kubelet\nkubectl=/usr/bin/kubectl\n"
                + "version:/usr/bin/kubelet=Kubernetes v1.31.0\nversion:/usr/bin/kubectl=Client Version: v1.30.2\n"
                + "enabled=enabled\n"
                + sha(UNIT, Templates.load("kubelet/kubelet.service")) + sha(DROP_IN, KubeletStep.dropIn("apt-get")));
        new KubeletStep().run(ctx.prep());
        assertOnlyProbed(host, "kubelet");
    }

    @Test
    void secondRunChangesNothing() {
        host.answer(Probe.marker("kubelet"), "kubelet=/usr/bin/kubelet\nkubectl=/usr/bin/kubectl\nenabled=enabled\n"
                + sha(UNIT, Templates.load("kubelet/kubelet.service")) + sha(DROP_IN, KubeletStep.dropIn("apt-get")));
        new KubeletStep().run(ctx.prep());
        assertOnlyProbed(host, "kubelet");
        assertTrue(ctx.output().contains("kubelet unit and drop-in already in place, enabled"), ctx.output());
    }
}
