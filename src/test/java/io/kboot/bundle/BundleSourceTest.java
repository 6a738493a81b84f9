package io.kboot.bundle;

import static io.kboot.hostprep.PrepFixture.assertInOrder;
import static io.kboot.hostprep.PrepFixture.changeScript;
import static io.kboot.hostprep.PrepFixture.staged;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import io.kboot.config.KubernetesVersion;
import io.kboot.facts.HostFactsTest;
import io.kboot.host.DryRunHost;
import io.kboot.host.Host;
import io.kboot.host.RecordingHost;
import io.kboot.hostprep.BundleStep;
import io.kboot.hostprep.CniPluginsStep;
import io.kboot.hostprep.Component;
import io.kboot.hostprep.ContainerdStep;
import io.kboot.hostprep.HostPaths;
import io.kboot.hostprep.HostPrepSettings;
import io.kboot.hostprep.ImageArchive;
import io.kboot.hostprep.ImagesStep;
import io.kboot.hostprep.KubeletStep;
import io.kboot.hostprep.NodeRole;
import io.kboot.hostprep.PrepFixture;
import io.kboot.hostprep.Probe;
import io.kboot.script.GoldenScripts;
import io.kboot.templates.Templates;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BundleSource and the steps that use it, against recorded hosts: what is uploaded, checked and installed. */
class BundleSourceTest {
    @TempDir
    Path dir;

    private final RecordingHost host = new RecordingHost("cp1");
    private Path bundle;
    private BundleSource source;
    private String id;
    private String nodeDir;

    @BeforeEach
    void makeBundle() {
        bundle = BundleWriter
                .create(FakeBuild.create(dir.resolve("build")), dir.resolve("b.tar"), "registry.k8s.io", false, l -> {}).bundle();
        source = BundleSource.open(bundle);
        id = source.id();
        nodeDir = "/var/lib/kboot/bundles/" + id;
    }

    private PrepFixture.Context context(Host on) {
        PrepFixture.Context ctx = new PrepFixture.Context(on).with(new HostPrepSettings(List.of(), source, HostPaths.SYSTEM));
        ctx.version = KubernetesVersion.parse("v1.36.3");
        return ctx;
    }

    @Test
    void theFirstRunUploadsTheBundleOnceAndChecksItOnTheNode() throws IOException {
        host.answer(Probe.marker("bundle"), "free=99999999\n");
        PrepFixture.Context ctx = context(host);
        new BundleStep().run(ctx.prep());

        assertEquals(1, host.uploads().size(), host.uploads()::toString);
        RecordingHost.Upload upload = host.uploads().get(0);
        assertEquals(staged("/files/bundle-" + id + ".tar"), upload.path());
        assertEquals(0600, upload.attributes().mode());
        assertArrayEquals(Files.readAllBytes(bundle), upload.content());
        assertInOrder(changeScript(host, "bundle"),
                "kb_d=" + nodeDir + "; kb_t=" + nodeDir + ".unpack; kb_c=" + nodeDir + ".check; kb_f="
                        + staged("/files/bundle-" + id + ".tar"),
                "kb_skip=''",
                "kb_mkdirs /var/lib/kboot/bundles",
                "kb_record '{\"kind\":\"bundle-stored\",\"path\":\"" + nodeDir + "\"}'",
                "tar -tvf \"$kb_f\" > \"$kb_c/modes\"",
                "tar --no-same-owner --no-same-permissions -xf \"$kb_f\" -C \"$kb_t\"",
                "find . " + BundleSource.FIND_UNSAFE + " -o \\( -type f -links +1 \\)",
                "[ \"$(sha256sum < \"$kb_t/MANIFEST\" | cut -d' ' -f1)\" = " + id + " ]",
                "$1 == \"file\" && !($2 in left) { print $4 \"  \" $2 }' \"$kb_t/MANIFEST\" > \"$kb_c/sums\"",
                "sha256sum -c \"$kb_c/sums\"",
                "comm -13",
                "echo " + id + " > \"$kb_t/.verified\"",
                "rm -rf \"$kb_d\" && mv \"$kb_t\" \"$kb_d\" && rm -f \"$kb_f\"");
        assertTrue(
                ctx.output().contains("uploaded the bundle " + id.substring(0, 12) + " (")
                        && ctx.output().contains("verified its 20 files"),
                ctx.output());

        // The rest of the run does not look again.
        List<ImageArchive> images = source.images(ctx.prep());
        assertEquals(1, host.commands().stream().filter(c -> c.script().startsWith(Probe.marker("bundle"))).count());
        assertEquals(9, images.size());
        assertTrue(images.contains(new ImageArchive("registry.k8s.io/pause:3.10.2", images.stream()
                .filter(i -> i.ref().endsWith("/pause:3.10.2")).findFirst().orElseThrow().digest(),
                nodeDir + "/images/pause.tar")));
    }

    @Test
    void aWorkerIsSentTheBundleWithoutTheControlPlaneImagesAndKubeadm() throws IOException {
        host.answer(Probe.marker("bundle"), "free=99999999\n");
        PrepFixture.Context ctx = context(host);
        ctx.role = NodeRole.WORKER;
        new BundleStep().run(ctx.prep());

        byte[] sent = host.uploads().get(0).content();
        List<String> names = FakeBuild.read(new ByteArrayInputStream(sent)).stream().map(FakeBuild.Entry::name).toList();
        List<String> all = FakeBuild.read(Files.newInputStream(bundle)).stream().map(FakeBuild.Entry::name).toList();
        List<String> controlPlaneImages =
                List.of("images/etcd.tar", "images/kube-apiserver.tar", "images/kube-controller-manager.tar",
                        "images/kube-scheduler.tar");
        List<String> leftOut = new ArrayList<>(controlPlaneImages);
        leftOut.add("bin/kubeadm");
        assertTrue(all.contains("bin/kubeadm"), all::toString);
        assertEquals(all.stream().filter(n -> !leftOut.contains(n)).toList(), names);
        assertInOrder(changeScript(host, "bundle"), "kb_skip='" + String.join(" ", leftOut) + "'",
                "echo worker-" + id + " > \"$kb_t/.verified\"");
        assertTrue(ctx.output().contains("uploading the offline bundle without the control plane's images and kubeadm ("),
                ctx.output());

        // A node that holds only a worker's part is not a control plane's bundle.
        RecordingHost later =
                new RecordingHost("cp2").answer(Probe.marker("bundle"), "verified=worker-" + id + "\nfree=99999999\n");
        new BundleStep().run(context(later).prep());
        assertEquals(1, later.uploads().size());
    }

    @Test
    void aVerifiedBundleOnTheNodeIsNotUploadedAgain() {
        host.answer(Probe.marker("bundle"), "verified=" + id + "\nfree=10\n");
        PrepFixture.Context ctx = context(host);
        new BundleStep().run(ctx.prep());
        assertTrue(host.uploads().isEmpty());
        assertTrue(host.changes().isEmpty());
        assertTrue(ctx.output().contains("bundle " + id.substring(0, 12) + " already on the node, verified (" + nodeDir + ")"),
                ctx.output());
    }

    @Test
    void aFullDiskIsSaidBeforeUploading() {
        host.answer(Probe.marker("bundle"), "free=1000\n");
        KbootException.StepFailed e =
                assertThrows(KbootException.StepFailed.class, () -> new BundleStep().run(context(host).prep()));
        assertTrue(e.getMessage().startsWith("cp1: not enough space for the bundle under /var/lib/kboot/bundles: 0 MiB free, "),
                e.getMessage());
        assertTrue(host.uploads().isEmpty());
    }

    @Test
    void aBundleOfAnotherReleaseOrRepositoryIsRefusedBeforeTheNodeIsTouched() {
        PrepFixture.Context ctx = context(host);
        ctx.version = KubernetesVersion.parse("v1.35.4");
        KbootException.InvalidInput release =
                assertThrows(KbootException.InvalidInput.class, () -> new BundleStep().run(ctx.prep()));
        assertEquals("--bundle b.tar carries Kubernetes v1.36.3, but the node is set up for v1.35.4; make a bundle of v1.35.4"
                + " (scripts/k8s/build --version v1.35.4, then kboot bundle create) or ask for v1.36.3", release.getMessage());
        assertTrue(host.events().isEmpty());
        KbootException.InvalidInput repository = assertThrows(KbootException.InvalidInput.class,
                () -> source.requireFits(KubernetesVersion.parse("v1.36.3"), "mirror.lab:5000/k8s"));
        assertEquals("--bundle b.tar has no mirror.lab:5000/k8s/pause:3.10.2 (its pause image is registry.k8s.io/pause:3.10.2);"
                + " make the bundle with kboot bundle create --image-repository mirror.lab:5000/k8s", repository.getMessage());
    }

    @Test
    void onlyAmd64NodesAreServed() {
        PrepFixture.Context ctx = context(host);
        ctx.facts = HostFactsTest.parsed(HostFactsTest.DEBIAN_VM.replace("arch=x86_64", "arch=aarch64"));
        assertEquals(EnumSet.noneOf(Component.class), source.provides(ctx.facts()));
        assertEquals(EnumSet.allOf(Component.class), source.provides(HostFactsTest.debianVm()));
        assertEquals("cp1: the bundle is for linux/amd64, the node is aarch64",
                assertThrows(KbootException.StepFailed.class, () -> new BundleStep().run(ctx.prep())).getMessage());
    }

    @Test
    void containerdComesAsUpstreamShipsItAndADryRunPlansConfigVersion3() {
        host.answer(Probe.marker("bundle"), "verified=" + id + "\n")
                .answer(Probe.marker("containerd"), "enabled=\nactive=\nsha:/etc/containerd/config.toml=-\n");
        DryRunHost dryRun = new DryRunHost(host);
        PrepFixture.Context ctx = context(dryRun);
        new ContainerdStep().run(ctx.prep());

        List<String> scripts = dryRun.changes().stream().filter(c -> c instanceof DryRunHost.Change.Run)
                .map(c -> ((DryRunHost.Change.Run) c).script()).toList();
        String install =
                scripts.stream().filter(s -> s.startsWith("# kboot prepare/containerd-install")).findFirst().orElseThrow();
        for (String binary : List.of("containerd", "containerd-shim-runc-v2", "ctr")) {
            assertInOrder(install, "ln -f " + nodeDir + "/bin/" + binary + " " + staged("/usr/local/bin/" + binary),
                    "kb_install " + staged("/usr/local/bin/" + binary) + " /usr/local/bin/" + binary + " 0755");
        }
        assertInOrder(install,
                "kb_install " + staged(BundleSource.CONTAINERD_UNIT) + " " + BundleSource.CONTAINERD_UNIT + " 0644",
                "systemctl daemon-reload", "kb_install " + staged("/usr/local/sbin/runc") + " /usr/local/sbin/runc 0755");
        // a dry run: nothing was installed
        assertTrue(ctx.output().contains("would install containerd v2.3.7 from the bundle"), ctx.output());
        assertTrue(
                ctx.output().contains(
                        "would write /etc/containerd/config.toml (version 3, SystemdCgroup, registry.k8s.io/pause:3.10.2)"),
                ctx.output());
        assertTrue(host.uploads().isEmpty() && host.changes().isEmpty(), "a dry run changes nothing");
    }

    @Test
    void cniPluginsKubeletAndKubectlComeFromTheUnpackedBundle() {
        host.answer(Probe.marker("bundle"), "verified=" + id + "\n")
                .answer(Probe.marker("cni-plugins"), "")
                .answer(Probe.marker("kubelet"), "enabled=enabled\n");
        PrepFixture.Context ctx = context(host);
        new CniPluginsStep().run(ctx.prep());
        String cni = changeScript(host, "cni-plugins");
        for (String plugin : FakeBuild.CNI) {
            assertTrue(cni.contains("kb_install " + staged("/opt/cni/bin/" + plugin) + " /opt/cni/bin/" + plugin + " 0755"), cni);
        }
        new KubeletStep().run(ctx.prep());
        assertInOrder(changeScript(host, "kubelet"), "ln -f " + nodeDir + "/bin/kubelet ",
                "kb_install " + staged("/usr/bin/kubelet")
                        + " /usr/bin/kubelet 0755",
                "ln -f " + nodeDir + "/bin/kubectl ", " /usr/bin/kubectl 0755");
        assertTrue(ctx.output().contains("installed 4 CNI plugins v1.9.1 from the bundle to /opt/cni/bin"), ctx.output());
    }

    @Test
    void imagesAlreadyThereWithTheirDigestAreNotImportedAgain() {
        host.answer(Probe.marker("bundle"), "verified=" + id + "\n");
        PrepFixture.Context ctx = context(host);
        List<ImageArchive> images = source.images(ctx.prep());
        ImageArchive pause =
                images.stream().filter(i -> i.ref().equals("registry.k8s.io/pause:3.10.2")).findFirst().orElseThrow();
        ImageArchive etcd = images.stream().filter(i -> i.ref().equals("registry.k8s.io/etcd:3.6.8-0")).findFirst().orElseThrow();
        host.answer(Probe.marker("images"),
                "image=" + pause.ref() + " " + pause.digest() + " io.cri-containerd.image=managed\nimage=" + etcd.ref()
                        + " sha256:" + "0".repeat(64) + " -\nimage=sha256:" + "1".repeat(64) + " " + pause.digest() + " -\n");
        new ImagesStep().run(ctx.prep());
        String script = changeScript(host, "images");
        assertFalse(script.contains("images/pause.tar"), script);
        assertInOrder(script, "kb_record '{\"kind\":\"image-imported\",\"ref\":\"registry.k8s.io/etcd:3.6.8-0\"}'",
                "ctr -n k8s.io images import --local " + nodeDir + "/images/etcd.tar 2>&1) || kb_fail",
                "kb_images=$(ctr -n k8s.io images ls 2>/dev/null)",
                "awk -v r=registry.k8s.io/etcd:3.6.8-0 -v d=" + etcd.digest());
        // Every image the bundle brought is pinned, so the kubelet's image garbage collection keeps it: the
        // imported ones as they are imported, the one already there (unpinned) on its own.
        assertInOrder(script, "images import --local " + nodeDir + "/images/etcd.tar",
                "ctr -n k8s.io images label registry.k8s.io/etcd:3.6.8-0 io.cri-containerd.pinned=pinned");
        assertTrue(script.contains("ctr -n k8s.io images label registry.k8s.io/pause:3.10.2 io.cri-containerd.pinned=pinned"),
                script);
        assertTrue(ctx.output().contains("imported 8 image(s) into containerd (1 already there)"), ctx.output());
        assertTrue(ctx.output().contains("pinned 1 image(s) already in containerd"), ctx.output());

        RecordingHost again = new RecordingHost("cp1").answer(Probe.marker("images"), images.stream()
                .map(i -> "image=" + i.ref() + " " + i.digest()
                        + " io.cri-containerd.image=managed,io.cri-containerd.pinned=pinned")
                .collect(Collectors.joining("\n")));
        PrepFixture.Context second = context(again);
        new ImagesStep().run(second.prep());
        PrepFixture.assertOnlyProbed(again, "images");
        assertTrue(second.output().contains("all 9 images already in containerd, pinned"), second.output());
    }

    @Test
    void workersGetTheImagesWorkersRun() {
        host.answer(Probe.marker("bundle"), "verified=" + id + "\n");
        PrepFixture.Context ctx = context(host);
        ctx.role = NodeRole.WORKER;
        assertEquals(List.of("registry.k8s.io/coredns/coredns:v1.14.2", "kboot.local/hello:1", "kboot.local/kboot-netd:1",
                "registry.k8s.io/kube-proxy:v1.36.3", "registry.k8s.io/pause:3.10.2"),
                source.images(ctx.prep()).stream().map(ImageArchive::ref).toList());
    }

    private static final String KUBELET_UNITS_IN_PLACE = "enabled=enabled\n"
            + PrepFixture.sha(KubeletStep.UNIT, Templates.load("kubelet/kubelet.service"))
            + PrepFixture.sha(KubeletStep.DROP_IN, KubeletStep.dropIn("apt-get"));

    @Test
    void aKubeletOfAnotherVersionIsReplacedFromTheBundleWithoutRestartingIt() {
        host.answer(Probe.marker("bundle"), "verified=" + id + "\n")
                .answer(Probe.marker("kubelet"), "kubelet=/usr/bin/kubelet\nkubectl=/usr/bin/kubectl\n"
                        + "version:/usr/bin/kubelet=Kubernetes v1.35.6\nversion:/usr/bin/kubectl=Client Version: v1.36.3\n"
                        + KUBELET_UNITS_IN_PLACE);
        PrepFixture.Context ctx = context(host);
        new KubeletStep().run(ctx.prep());

        String script = changeScript(host, "kubelet");
        assertInOrder(script, "ln -f " + nodeDir + "/bin/kubelet " + staged("/usr/bin/kubelet"),
                "kb_install " + staged("/usr/bin/kubelet") + " /usr/bin/kubelet 0755 /var/lib/kboot/backup/usr/bin/kubelet");
        assertFalse(script.contains("kubectl"), "kubectl is the bundle's already: " + script);
        assertFalse(script.contains("systemctl"), "the running kubelet is neither stopped nor restarted: " + script);
        assertTrue(ctx.output().endsWith("[prepare] cp1: replaced kubelet v1.35.6 with v1.36.3 from the bundle\n"), ctx.output());
        GoldenScripts.assertGolden("hostprep/kubelet-replace.sh", GoldenScripts.transcript(host));
    }

    @Test
    void theBundlesKubeletStaysAndOneElsewhereInPathDoesNotStandForIt() {
        host.answer(Probe.marker("kubelet"), "kubelet=/usr/bin/kubelet\nkubectl=/usr/bin/kubectl\n"
                + "version:/usr/bin/kubelet=Kubernetes v1.36.3\nversion:/usr/bin/kubectl=Client Version: v1.36.3\n"
                + KUBELET_UNITS_IN_PLACE);
        new KubeletStep().run(context(host).prep());
        PrepFixture.assertOnlyProbed(host, "kubelet");

        // kubeadm's unit runs /usr/bin/kubelet: one in /usr/local/bin is not the bundle's.
        RecordingHost elsewhere = new RecordingHost("cp1").answer(Probe.marker("bundle"), "verified=" + id + "\n")
                .answer(Probe.marker("kubelet"), "kubelet=/usr/local/bin/kubelet\nkubectl=/usr/bin/kubectl\n"
                        + "version:/usr/bin/kubectl=Client Version: v1.36.3\n" + KUBELET_UNITS_IN_PLACE);
        PrepFixture.Context ctx = context(elsewhere);
        new KubeletStep().run(ctx.prep());
        assertTrue(
                changeScript(elsewhere, "kubelet").contains("kb_install " + staged("/usr/bin/kubelet") + " /usr/bin/kubelet "));
        assertTrue(ctx.output().endsWith("[prepare] cp1: installed /usr/bin/kubelet v1.36.3 from the bundle\n"), ctx.output());
    }

    /** containerd's probe on a node kboot prepared from a bundle, with these versions in /usr/local. */
    private static String kbootContainerd(String containerd, String runc) {
        String line = "containerd github.com/containerd/containerd/v2 " + containerd + " 0123abc";
        return "containerd=/usr/local/bin/containerd\nversion=" + line + "\nrunc=/usr/local/sbin/runc\n"
                + "runc_version=runc version " + runc + "\nversion:/usr/local/bin/containerd=" + line
                + "\nversion:/usr/local/sbin/runc=runc version " + runc + "\nenabled=enabled\nactive=active\ncri=ok\n"
                + PrepFixture.sha(ContainerdStep.CONFIG, ContainerdStep.config(true, "registry.k8s.io/pause:3.10.2"));
    }

    @Test
    void containerdOfAnotherVersionIsReplacedAndRestartedAndTheCriAwaited() {
        host.answer(Probe.marker("bundle"), "verified=" + id + "\n")
                .answers(Probe.marker("containerd"), kbootContainerd("v2.2.1", "1.5.2"), kbootContainerd("v2.3.7", "1.5.2"));
        PrepFixture.Context ctx = context(host);
        new ContainerdStep().run(ctx.prep());

        String install = changeScript(host, "containerd-install");
        for (String binary : List.of("containerd", "containerd-shim-runc-v2", "ctr")) {
            assertInOrder(install, "ln -f " + nodeDir + "/bin/" + binary + " " + staged("/usr/local/bin/" + binary),
                    "kb_install " + staged("/usr/local/bin/" + binary) + " /usr/local/bin/" + binary + " 0755");
        }
        assertFalse(install.contains("containerd.service") || install.contains("/usr/local/sbin/runc"),
                "only containerd's binaries: " + install);
        assertInOrder(changeScript(host, "containerd"), "systemctl restart containerd",
                "until [ \"$(ctr plugins ls 2>/dev/null");
        assertTrue(ctx.output().endsWith("[prepare] cp1: replaced containerd v2.2.1 with v2.3.7 from the bundle\n"
                + "[prepare] cp1: restarted containerd (running containers keep running)\n"), ctx.output());
        GoldenScripts.assertGolden("hostprep/containerd-replace.sh", GoldenScripts.transcript(host));
    }

    @Test
    void aNewRuncIsPutInPlaceWithoutRestartingContainerd() {
        host.answer(Probe.marker("bundle"), "verified=" + id + "\n")
                .answers(Probe.marker("containerd"), kbootContainerd("v2.3.7", "1.4.0"), kbootContainerd("v2.3.7", "1.5.2"));
        PrepFixture.Context ctx = context(host);
        new ContainerdStep().run(ctx.prep());

        assertEquals(1, host.changes().size(), host.changes()::toString);
        assertTrue(changeScript(host, "containerd-install").contains("kb_install " + staged("/usr/local/sbin/runc")
                + " /usr/local/sbin/runc 0755"));
        assertTrue(ctx.output().endsWith("[prepare] cp1: replaced runc v1.4.0 with v1.5.2 from the bundle\n"
                + "[prepare] cp1: containerd 2.3.7 already configured, running, CRI plugin ok\n"), ctx.output());
    }

    @Test
    void theDistributionsContainerdIsLeftAloneWithAWarning() {
        host.answer(Probe.marker("containerd"), "containerd=/usr/bin/containerd\n"
                + "version=containerd github.com/containerd/containerd 1.7.24~ds1 1.7.24~ds1-1\nrunc=/usr/sbin/runc\n"
                + "runc_version=runc version 1.1.15+ds1\nenabled=enabled\nactive=active\ncri=ok\n"
                + PrepFixture.sha(ContainerdStep.CONFIG, ContainerdStep.config(false, "registry.k8s.io/pause:3.10.2")));
        PrepFixture.Context ctx = context(host);
        new ContainerdStep().run(ctx.prep());

        PrepFixture.assertOnlyProbed(host, "containerd");
        String notKboots = ", the one the offline bundle b.tar (Kubernetes v1.36.3) carries: kboot replaces only a ";
        assertEquals("[prepare] cp1: WARNING: containerd v1.7.24 (/usr/bin/containerd) is not v2.3.7" + notKboots
                + "containerd it installed (in /usr/local/bin), so this one stays; upgrade it the way it was installed\n"
                + "[prepare] cp1: WARNING: runc v1.1.15+ds1 (/usr/sbin/runc) is not v1.5.2" + notKboots
                + "runc it installed (in /usr/local/sbin), so this one stays; upgrade it the way it was installed\n",
                ctx.warnings());
    }

    @Test
    void aDryRunOfAReplacementPlansTheNewContainerdsConfig() {
        String containerd1 = kbootContainerd("v1.7.24", "1.5.2").replace("containerd/v2 v1.7.24", "containerd v1.7.24")
                .replace(PrepFixture.sha(ContainerdStep.CONFIG, ContainerdStep.config(true, "registry.k8s.io/pause:3.10.2")),
                        PrepFixture.sha(ContainerdStep.CONFIG, ContainerdStep.config(false, "registry.k8s.io/pause:3.10.2")));
        host.answer(Probe.marker("bundle"), "verified=" + id + "\n").answer(Probe.marker("containerd"), containerd1);
        DryRunHost dryRun = new DryRunHost(host);
        PrepFixture.Context ctx = context(dryRun);
        new ContainerdStep().run(ctx.prep());
        assertTrue(ctx.output().contains("would replace containerd v1.7.24 with v2.3.7 from the bundle"), ctx.output());
        assertTrue(ctx.output().contains("would write /etc/containerd/config.toml (version 3, SystemdCgroup,"), ctx.output());
        assertTrue(ctx.output().contains("would restart containerd (running containers keep running)"), ctx.output());
        assertTrue(host.changes().isEmpty());
    }

    @Test
    void aNodePreparedFromAnOlderBundleImportsTheNewImagesAndKeepsTheOld() {
        host.answer(Probe.marker("bundle"), "verified=" + id + "\n");
        PrepFixture.Context ctx = context(host);
        List<ImageArchive> images = source.images(ctx.prep());
        ImageArchive hello = images.stream().filter(i -> i.ref().equals("kboot.local/hello:1")).findFirst().orElseThrow();
        host.answer(Probe.marker("images"), "image=registry.k8s.io/kube-apiserver:v1.35.6 sha256:" + "1".repeat(64) + "\n"
                + "image=registry.k8s.io/pause:3.10.1 sha256:" + "2".repeat(64) + "\nimage=" + hello.ref() + " " + hello.digest()
                + "\n");
        new ImagesStep().run(ctx.prep());
        String script = changeScript(host, "images");
        assertInOrder(script, "kb_record '{\"kind\":\"image-imported\",\"ref\":\"registry.k8s.io/kube-apiserver:v1.36.3\"}'",
                "ctr -n k8s.io images import --local " + nodeDir + "/images/kube-apiserver.tar");
        assertFalse(script.contains("images rm") || script.contains("hello.tar") || script.contains("v1.35.6"), script);
        assertTrue(ctx.output().contains("imported 8 image(s) into containerd (1 already there)"), ctx.output());
    }

    @Test
    void cniPluginsInPlaceStayWhateverTheBundlesVersion() {
        host.answer(Probe.marker("cni-plugins"), "present=loopback\npresent=bridge\npresent=host-local\npresent=portmap\n");
        PrepFixture.Context ctx = context(host);
        new CniPluginsStep().run(ctx.prep());
        PrepFixture.assertOnlyProbed(host, "cni-plugins");
        assertEquals(Optional.of("v1.9.1"), source.version(Component.CNI_PLUGINS));
    }

    @Test
    void theManifestSaysEachComponentsVersion() {
        assertEquals(Optional.of("v1.36.3"), source.version(Component.KUBELET));
        assertEquals(Optional.of("v1.36.3"), source.version(Component.KUBECTL));
        assertEquals(Optional.of("v2.3.7"), source.version(Component.CONTAINERD));
        assertEquals(Optional.of("v1.5.2"), source.version(Component.RUNC));
        assertEquals(Optional.empty(), HostPrepSettings.defaults().artifacts().version(Component.KUBELET));
    }

    @Test
    void withoutABundleTheNewStepsOnlySaySo() {
        PrepFixture.Context ctx = new PrepFixture.Context(host);
        new BundleStep().run(ctx.prep());
        new ImagesStep().run(ctx.prep());
        assertTrue(host.events().isEmpty());
        assertTrue(ctx.output().contains("no offline bundle to upload (software comes from the distribution's packages)"),
                ctx.output());
        assertTrue(ctx.output().contains("no images to import (the container runtime pulls them)"), ctx.output());
        assertEquals(Optional.empty(), HostPrepSettings.defaults().artifacts().containerdMajorVersion());
        assertEquals(Optional.of(2), source.containerdMajorVersion());
    }
}
