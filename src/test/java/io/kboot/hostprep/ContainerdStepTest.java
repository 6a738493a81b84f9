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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import io.kboot.config.KubernetesVersion;
import io.kboot.facts.HostFactsTest;
import io.kboot.host.RecordingHost;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContainerdStepTest {
    static final String DEBIAN_1_6 = "version=containerd github.com/containerd/containerd 1.6.20~ds1 1.6.20~ds1-1+b1\n";
    static final String UPSTREAM_2_0 =
            "version=containerd github.com/containerd/containerd/v2 v2.0.4 1a43cb6a1035441f9aca8f5666a9b3ef9e70ab20\n";
    static final String RUNNING = "runc=/usr/sbin/runc\nenabled=enabled\nactive=active\ncri=ok\n";
    static final String CONFIG = ContainerdStep.CONFIG;
    static final RegistryMirror DOCKER_HUB = RegistryMirror.parse("docker.io=https://mirror.lab:5000,http://10.0.0.5:5000");

    private final RecordingHost host = new RecordingHost();
    private final PrepFixture.Context ctx = new PrepFixture.Context(host);

    @Test
    void readsTheVersionLinesOfDebianAndUpstreamBuilds() {
        assertEquals(Optional.of(1), ContainerdStep.majorVersion(DEBIAN_1_6.substring(8)));
        assertEquals(Optional.of(2), ContainerdStep.majorVersion(UPSTREAM_2_0.substring(8)));
        assertEquals(Optional.of("1.7.24"), ContainerdStep.versionText("containerd containerd.io 1.7.24 88bf19b"));
        assertEquals(Optional.empty(), ContainerdStep.majorVersion(""));
    }

    @Test
    void configVersion2ForContainerd1WithMirrorsAndARestart() {
        ctx.with(new HostPrepSettings(List.of(DOCKER_HUB), new DistroPackages(), HostPaths.SYSTEM));
        host.answer(Probe.marker("containerd"), DEBIAN_1_6 + RUNNING + missing(CONFIG) + missing(DOCKER_HUB.hostsFile()));
        new ContainerdStep().run(ctx.prep());

        assertGolden("containerd/config-v2.toml", host.uploaded(staged(CONFIG)));
        assertGolden("containerd/hosts-docker.io.toml", host.uploaded(staged(DOCKER_HUB.hostsFile())));
        String script = changeScript(host, "containerd");
        assertInOrder(script, "kb_install " + staged(CONFIG) + " " + CONFIG,
                "kb_install " + staged("/etc/containerd/certs.d/docker.io/hosts.toml")
                        + " /etc/containerd/certs.d/docker.io/hosts.toml",
                "systemctl restart containerd",
                "until [ \"$(ctr plugins ls 2>/dev/null | awk '$1 == \"io.containerd.grpc.v1\" && $2 == \"cri\" { print $NF"
                        + " }')\" = ok ]");
        assertFalse(script.contains("systemctl enable"), "already enabled: " + script);
        assertTrue(
                ctx.output().contains("wrote /etc/containerd/config.toml (version 2, SystemdCgroup, registry.k8s.io/pause:3.10)"),
                ctx.output());
    }

    @Test
    void configVersion3ForContainerd2AndThePauseImageOfTheRelease() {
        ctx.version = KubernetesVersion.parse("v1.34.2");
        host.answer(Probe.marker("containerd"), UPSTREAM_2_0 + RUNNING + missing(CONFIG));
        new ContainerdStep().run(ctx.prep());
        assertGolden("containerd/config-v3.toml", host.uploaded(staged(CONFIG)));
        assertTrue(host.uploaded(staged(CONFIG)).contains("sandbox = 'registry.k8s.io/pause:3.10.1'"));
    }

    @Test
    void secondRunChangesNothing() {
        ctx.with(new HostPrepSettings(List.of(DOCKER_HUB), new DistroPackages(), HostPaths.SYSTEM));
        host.answer(Probe.marker("containerd"), DEBIAN_1_6 + RUNNING
                + sha(CONFIG, ContainerdStep.config(false, "registry.k8s.io/pause:3.10"))
                + sha(DOCKER_HUB.hostsFile(), ContainerdStep.hostsToml(DOCKER_HUB)));
        new ContainerdStep().run(ctx.prep());
        assertOnlyProbed(host, "containerd");
        assertTrue(ctx.output().contains("containerd 1.6.20 already configured, running, CRI plugin ok"), ctx.output());
    }

    @Test
    void aConfigThatDisablesCriIsReplacedAndContainerdRestarted() {
        host.answer(Probe.marker("containerd"), DEBIAN_1_6 + "runc=/usr/sbin/runc\nenabled=enabled\nactive=active\ncri=\n"
                + "sha:/etc/containerd/config.toml=0123\n");
        new ContainerdStep().run(ctx.prep());
        assertInOrder(changeScript(host, "containerd"), "kb_install", "systemctl restart containerd", "until");
    }

    @Test
    void installsFromDistroPackagesThenLooksAgain() {
        host.answers(Probe.marker("containerd"),
                "enabled=\nactive=inactive\n" + missing(CONFIG),
                DEBIAN_1_6 + "runc=/usr/sbin/runc\nenabled=enabled\nactive=active\ncri=ok\n" + missing(CONFIG));
        new ContainerdStep().run(ctx.prep());

        assertEquals(2, host.changes().size(), host.changes()::toString);
        assertInOrder(changeScript(host, "containerd-install"),
                "kb_record '{\"kind\":\"packages-installed\",\"manager\":\"apt-get\",\"packages\":[\"containerd\",\"runc\"]}'",
                "apt-get install -y -qq --no-install-recommends containerd runc");
        assertInOrder(changeScript(host, "containerd"), "kb_install", "systemctl restart containerd");
        assertEquals(2, host.commands().stream().filter(c -> c.script().startsWith(Probe.marker("containerd"))).count());
    }

    @Test
    void enablesAndStartsAStoppedService() {
        host.answer(Probe.marker("containerd"), DEBIAN_1_6 + "runc=/usr/sbin/runc\nenabled=disabled\nactive=inactive\n"
                + sha(CONFIG, ContainerdStep.config(false, "registry.k8s.io/pause:3.10")));
        new ContainerdStep().run(ctx.prep());
        String script = changeScript(host, "containerd");
        assertInOrder(script, "kb_record '{\"kind\":\"unit-enabled\",\"unit\":\"containerd\",\"started\":true}'",
                "systemctl enable containerd", "systemctl start containerd", "until");
        assertFalse(script.contains("restart"), script);
    }

    @Test
    void failsClearlyWhenNothingCanProvideContainerd() {
        ctx.facts = HostFactsTest.parsed(HostFactsTest.DEBIAN_VM.replace("pkg=apt-get", "pkg=apk"));
        host.answer(Probe.marker("containerd"), "enabled=\nactive=\n" + missing(CONFIG));
        KbootException.StepFailed e = assertThrows(KbootException.StepFailed.class, () -> new ContainerdStep().run(ctx.prep()));
        assertEquals("node1: [containerd, runc] not installed, and the distribution's packages cannot provide them;"
                + " install them, or pass --bundle or --packages-dir", e.getMessage());
        assertTrue(host.changes().isEmpty());
    }
}
