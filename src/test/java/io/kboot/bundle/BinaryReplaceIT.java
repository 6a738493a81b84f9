package io.kboot.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.config.KubernetesVersion;
import io.kboot.host.Host;
import io.kboot.hostprep.BundleStep;
import io.kboot.hostprep.ChangeRecord;
import io.kboot.hostprep.Changes;
import io.kboot.hostprep.Component;
import io.kboot.hostprep.HostPaths;
import io.kboot.hostprep.HostPrepSettings;
import io.kboot.hostprep.HostPrepUndo;
import io.kboot.hostprep.Journal;
import io.kboot.hostprep.KubeletStep;
import io.kboot.hostprep.PrepFixture;
import io.kboot.hostprep.Probe;
import io.kboot.report.Reporter;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade's host preparation for real: prepare/bundle and prepare/kubelet run by sh on this
 * machine under a temporary root (HostPaths), given bundles of v1.35.6, v1.36.3 and v1.37.0 one
 * after the other, then {@code kboot reset}'s undo of host preparation. The bundles' kubelet,
 * kubectl, containerd and runc are shell scripts that print what the real binaries print for their
 * version; the change scripts, the journal and the undo are kboot's own. systemd cannot run here,
 * so a stand-in systemctl on PATH remembers enabled units and logs every call (the kubelet must
 * never be stopped or restarted).
 */
@Timeout(180)
class BinaryReplaceIT {
    @TempDir
    Path dir;

    private Path root;
    private Path systemctlLog;
    private Host node;
    private Process runningKubelet;

    @BeforeEach
    void makeNode() throws IOException {
        root = Files.createDirectories(dir.resolve("root"));
        Path fakeBin = Files.createDirectories(dir.resolve("fake-bin"));
        Path units = Files.createDirectories(dir.resolve("enabled-units"));
        systemctlLog = dir.resolve("systemctl.log");
        executable(fakeBin.resolve("systemctl"), """
                #!/bin/sh
                echo "$*" >> %s
                for unit; do :; done
                case "$1" in
                  is-enabled) if [ -e %2$s/"$unit" ]; then echo enabled; else echo disabled; exit 1; fi ;;
                  is-active) echo inactive; exit 3 ;;
                  enable) touch %2$s/"$unit" ;;
                  disable) rm -f %2$s/"$unit" ;;
                esac
                """.formatted(systemctlLog, units));
        node = new BundleIT.Node("PATH=" + fakeBin + ":$PATH\n", Optional.empty());
    }

    @AfterEach
    void stopKubelet() {
        if (runningKubelet != null) {
            runningKubelet.destroyForcibly();
        }
    }

    private static void executable(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** A bundle of a release whose node binaries print their versions as the real ones do. */
    private BundleSource bundle(String kubernetes, String containerd, String runc) throws IOException {
        Path build = FakeBuild.create(dir.resolve("build-" + kubernetes));
        FakeBuild.setVersion(build, "KUBERNETES_VERSION", kubernetes);
        FakeBuild.setVersion(build, "CONTAINERD_VERSION", containerd);
        FakeBuild.setVersion(build, "RUNC_VERSION", runc);
        if (kubernetes.startsWith("v1.35.")) {
            FakeBuild.setVersion(build, "PAUSE_VERSION", "3.10.1");
            FakeBuild.setVersion(build, "ETCD_VERSION", "v3.6.6");
            FakeBuild.setVersion(build, "COREDNS_VERSION", "v1.13.1");
        }
        Map<String, String> prints = Map.of(
                "kubelet", "Kubernetes " + kubernetes,
                "kubectl", "Client Version: " + kubernetes + "\nKustomize Version: v5.7.1",
                "containerd", "containerd github.com/containerd/containerd/v2 " + containerd + " 0123abc",
                "runc", "runc version " + runc.substring(1) + "\nspec: 1.2.1");
        for (Map.Entry<String, String> binary : prints.entrySet()) {
            executable(build.resolve("bin/" + binary.getKey()), "#!/bin/sh\nprintf '%s\\n' '" + binary.getValue() + "'\n");
        }
        Path file = BundleWriter.create(build, dir.resolve("bundle-" + kubernetes + ".tar"), "registry.k8s.io", false, l -> {})
                .bundle();
        return BundleSource.open(file);
    }

    /** One run of kboot with a bundle: prepare/bundle, then prepare/kubelet. Returns what it said. */
    private String prepare(BundleSource source) {
        PrepFixture.Context ctx = context(source);
        new BundleStep().run(ctx.prep());
        new KubeletStep().run(ctx.prep());
        return ctx.output() + ctx.warnings();
    }

    private PrepFixture.Context context(BundleSource source) {
        PrepFixture.Context ctx =
                new PrepFixture.Context(node).with(new HostPrepSettings(List.of(), source, new HostPaths(root.toString())));
        ctx.version = KubernetesVersion.parse(source.kubernetesVersion());
        return ctx;
    }

    private String versionOf(String path, String... args) {
        Probe.Result found = new Probe("version", new HostPaths(root.toString())).version(path, args).run(node);
        return found.version(path).orElse("missing");
    }

    private Path at(String path) {
        return root.resolve(path.substring(1));
    }

    private List<ChangeRecord> journal() throws IOException {
        return Journal.parse(Files.readString(at("/var/lib/kboot/hostprep.jsonl")), line -> {
            throw new AssertionError(line);
        });
    }

    /** The node's tree, without /var and /var/lib: uploads make them here, where every real node has them. */
    private List<String> tree() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(p -> "/" + root.relativize(p)).filter(p -> !p.equals("/var") && !p.equals("/var/lib")).sorted()
                    .toList();
        }
    }

    private List<String> systemctlCalls() throws IOException {
        return Files.exists(systemctlLog) ? Files.readAllLines(systemctlLog) : List.of();
    }

    @Test
    void whatKbootInstalledIsReplacedTwiceAndResetLeavesNoKubelet() throws IOException {
        BundleSource v135 = bundle("v1.35.6", "v2.2.1", "v1.4.0");
        BundleSource v136 = bundle("v1.36.3", "v2.3.7", "v1.5.2");
        BundleSource v137 = bundle("v1.37.0", "v2.3.7", "v1.5.2");

        String first = prepare(v135);
        assertTrue(first.contains("installed /usr/bin/kubelet v1.35.6 from the bundle"), first);
        assertEquals("Kubernetes v1.35.6", versionOf("/usr/bin/kubelet", "--version"));
        int enabledOnce = systemctlCalls().size();

        String second = prepare(v136);
        assertTrue(second.contains("replaced kubelet v1.35.6 with v1.36.3 from the bundle; "
                + "replaced kubectl v1.35.6 with v1.36.3 from the bundle"), second);
        assertEquals("Kubernetes v1.36.3", versionOf("/usr/bin/kubelet", "--version"));
        assertEquals("Client Version: v1.36.3", versionOf("/usr/bin/kubectl", "version", "--client"));
        assertEquals(List.of("is-enabled kubelet"), systemctlCalls().subList(enabledOnce, systemctlCalls().size()),
                "the kubelet was only looked at: not stopped, started or restarted");
        // Both bundles stay on the node, each in its own directory, verified.
        for (BundleSource each : List.of(v135, v136)) {
            assertEquals(each.id() + "\n", Files.readString(at("/var/lib/kboot/bundles/" + each.id() + "/.verified")));
        }
        // kboot wrote the kubelet itself: no backup of its own v1.35.6, the undo deletes the file.
        assertFalse(Files.exists(at("/var/lib/kboot/backup/usr/bin/kubelet")));

        String third = prepare(v137);
        assertTrue(third.contains("replaced kubelet v1.36.3 with v1.37.0 from the bundle"), third);
        String again = prepare(v137);
        assertTrue(again.contains("kubelet unit and drop-in already in place, enabled") && !again.contains("replaced"), again);

        String r = root.toString();
        List<ChangeRecord> records = journal();
        assertEquals(1, records.stream().filter(c -> c.equals(new ChangeRecord.FileWritten(r + "/usr/bin/kubelet"))).count());
        assertTrue(records.stream().noneMatch(c -> c instanceof ChangeRecord.FileReplaced), records::toString);
        assertEquals(3, records.stream().filter(c -> c instanceof ChangeRecord.BundleStored).count());

        HostPrepUndo.run(node, new HostPaths(root.toString()), Reporter.silent());
        assertEquals(List.of("/"), tree(), "nothing of kboot's left: no kubelet, no kubectl, no bundles, no record");
        assertEquals(0, HostPrepUndo.run(node, new HostPaths(root.toString()), Reporter.silent()));
    }

    @Test
    void aRunningKubeletOfTheDistributionIsReplacedInPlaceAndResetPutsItBack() throws Exception {
        // The distribution's kubelet: an ELF binary (a copy of sleep, which names no version), running.
        Path kubelet = at("/usr/bin/kubelet");
        Files.createDirectories(kubelet.getParent());
        Files.copy(Path.of("/bin/sleep"), kubelet);
        byte[] distro = Files.readAllBytes(kubelet);
        List<String> before = tree();
        runningKubelet = new ProcessBuilder(kubelet.toString(), "600").start();
        // Why kb_install renames: a running program cannot be written into.
        FileSystemException busy = assertThrows(FileSystemException.class,
                () -> Files.newOutputStream(kubelet, StandardOpenOption.WRITE).close());
        assertTrue(String.valueOf(busy.getReason()).contains("Text file busy"), busy::toString);

        BundleSource v135 = bundle("v1.35.6", "v2.2.1", "v1.4.0");
        String first = prepare(v135);
        assertTrue(first.contains("replaced kubelet (version unknown) with v1.35.6 from the bundle"), first);
        assertTrue(first.contains("installed /usr/bin/kubectl v1.35.6 from the bundle"), first);
        assertTrue(runningKubelet.isAlive(), "the running kubelet keeps running");
        assertEquals("Kubernetes v1.35.6", versionOf("/usr/bin/kubelet", "--version"));
        assertArrayEquals(distro, Files.readAllBytes(at("/var/lib/kboot/backup/usr/bin/kubelet")));

        prepare(bundle("v1.36.3", "v2.3.7", "v1.5.2"));
        String third = prepare(bundle("v1.37.0", "v2.3.7", "v1.5.2"));
        assertTrue(third.contains("replaced kubelet v1.36.3 with v1.37.0 from the bundle"), third);
        assertTrue(runningKubelet.isAlive());
        assertArrayEquals(distro, Files.readAllBytes(at("/var/lib/kboot/backup/usr/bin/kubelet")), "the first backup stays");
        assertEquals(1, journal().stream().filter(c -> c instanceof ChangeRecord.FileReplaced f
                && f.path().endsWith("/usr/bin/kubelet")).count());
        assertTrue(systemctlCalls().stream().noneMatch(c -> c.matches("(stop|start|restart|kill).*")),
                systemctlCalls()::toString);

        HostPrepUndo.run(node, new HostPaths(root.toString()), Reporter.silent());
        assertArrayEquals(distro, Files.readAllBytes(kubelet), "the distribution's kubelet is back");
        assertTrue(Files.isExecutable(kubelet));
        assertFalse(Files.exists(at("/usr/bin/kubectl"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(before, tree());
        runningKubelet.destroy();
        assertTrue(runningKubelet.waitFor(10, TimeUnit.SECONDS));
    }

    @Test
    void containerdAndRuncKbootInstalledAreReplacedAndUndone() throws IOException {
        BundleSource v135 = bundle("v1.35.6", "v2.2.1", "v1.4.0");
        BundleSource v136 = bundle("v1.36.3", "v2.3.7", "v1.5.2");
        PrepFixture.Context older = context(v135);
        Changes install = new Changes(older.prep(), "containerd-install");
        v135.install(EnumSet.of(Component.CONTAINERD, Component.RUNC), older.prep(), install);
        install.apply();
        assertEquals("containerd github.com/containerd/containerd/v2 v2.2.1 0123abc",
                versionOf("/usr/local/bin/containerd", "--version"));

        PrepFixture.Context newer = context(v136);
        Changes replace = new Changes(newer.prep(), "containerd-install");
        v136.replace(Component.CONTAINERD, "v2.2.1", newer.prep(), replace);
        v136.replace(Component.RUNC, "v1.4.0", newer.prep(), replace);
        replace.apply();
        assertEquals(
                List.of("replaced containerd v2.2.1 with v2.3.7 from the bundle",
                        "replaced runc v1.4.0 with v1.5.2 from the bundle"),
                replace.descriptions());
        assertEquals("containerd github.com/containerd/containerd/v2 v2.3.7 0123abc",
                versionOf("/usr/local/bin/containerd", "--version"));
        assertEquals("runc version 1.5.2", versionOf("/usr/local/sbin/runc", "--version"));
        for (String binary : List.of("containerd-shim-runc-v2", "ctr")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("build-v1.36.3/bin/" + binary)),
                    Files.readAllBytes(at("/usr/local/bin/" + binary)));
        }
        // The unit is kboot's, the same for both bundles: written once, not replaced.
        assertEquals(1, journal().stream().filter(c -> c.toString().contains("containerd.service")).count());

        HostPrepUndo.run(node, new HostPaths(root.toString()), Reporter.silent());
        assertEquals(List.of("/"), tree());
    }
}
