package io.kboot.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import io.kboot.config.KubernetesVersion;
import io.kboot.facts.HostFacts;
import io.kboot.host.Command;
import io.kboot.host.Content;
import io.kboot.host.ExecResult;
import io.kboot.host.FileAttributes;
import io.kboot.host.ForwardingHost;
import io.kboot.host.Host;
import io.kboot.host.LocalHost;
import io.kboot.hostprep.ArtifactSource;
import io.kboot.hostprep.BundleStep;
import io.kboot.hostprep.ChangeRecord;
import io.kboot.hostprep.Changes;
import io.kboot.hostprep.Component;
import io.kboot.hostprep.HostPaths;
import io.kboot.hostprep.HostPrepSettings;
import io.kboot.hostprep.HostPrepUndo;
import io.kboot.hostprep.ImageArchive;
import io.kboot.hostprep.ImagesStep;
import io.kboot.hostprep.Journal;
import io.kboot.hostprep.NodePrepContext;
import io.kboot.hostprep.NodeRole;
import io.kboot.hostprep.PrepFixture;
import io.kboot.report.Reporter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundle against real tools: images kboot writes imported by the real containerd (started
 * here as a child process with its own root, state and socket; importing runs no container, so
 * this host's cgroup v1 and missing systemd do not matter), and a bundle damaged on its way to
 * a node refused by the node's own check (sh, tar, sha256sum), with every node path rooted in a
 * temporary directory.
 */
class BundleIT {
    private static Path build;

    @TempDir
    Path dir;

    @BeforeAll
    static void findTheBuild() {
        // What scripts/test builds for it: scripts/k8s/build --only containerd,ctr,pause,hello (among others).
        build = K8sBuild.locate(List.of("versions.env", "bin/containerd", "bin/ctr", "bin/pause", "bin/hello"));
    }

    @Test
    void containerdImportsTheImagesKbootWritesUnderTheirExactNamesOnce() throws Exception {
        // pause and hello: real binaries, small images, made as BundleContents makes them; the others differ only in size.
        BuildDir buildDir = BuildDir.open(build);
        List<ImageSpec> specs = List.of(
                BundleContents.pauseImage("registry.k8s.io/pause:" + buildDir.version("PAUSE_VERSION"), buildDir.bin("pause")),
                BundleContents.helloImage(buildDir));
        List<ImageArchive> archives = new ArrayList<>();
        Files.createDirectories(dir.resolve("images"));
        for (ImageSpec spec : specs) {
            Path archive = dir.resolve("images/" + spec.archiveName());
            OciImage.Written written = OciImage.write(spec, OciImage.Compression.NONE, archive);
            archives.add(new ImageArchive(spec.ref(), written.manifestDigest(), archive.toString()));
        }

        try (Containerd containerd = Containerd.start(build.resolve("bin"), dir.resolve("containerd"))) {
            Host node = containerd.host();
            PrepFixture.Context ctx = new PrepFixture.Context(node).with(new HostPrepSettings(List.of(), new Images(archives),
                    new HostPaths(dir.resolve("root").toString())));
            long start = System.nanoTime();
            new ImagesStep().run(ctx.prep());
            long first = System.nanoTime() - start;
            assertTrue(ctx.output()
                    .contains("imported 2 image(s) into containerd: registry.k8s.io/pause:" + buildDir.version("PAUSE_VERSION")
                            + ", kboot.local/hello:"),
                    ctx.output());

            String listed = containerd.ctr("images", "ls");
            for (ImageArchive image : archives) {
                // Pinned: the kubelet's image garbage collection must never remove what an offline node cannot pull.
                assertTrue(listed.lines().anyMatch(l -> l.startsWith(image.ref() + " ") && l.contains(" " + image.digest() + " ")
                        && l.contains("linux/amd64") && l.contains("io.cri-containerd.pinned=pinned")),
                        () -> image + " in:\n" + listed);
            }
            String checked = containerd.ctr("images", "check");
            for (ImageArchive image : archives) {
                assertTrue(
                        checked.lines().anyMatch(
                                l -> l.startsWith(image.ref() + " ") && l.contains("complete") && l.strip().endsWith("true")),
                        () -> image.ref() + " complete and unpacked:\n" + checked);
            }

            PrepFixture.Context again = new PrepFixture.Context(node).with(ctx.hostPrep());
            start = System.nanoTime();
            new ImagesStep().run(again.prep());
            long second = System.nanoTime() - start;
            assertTrue(again.output().contains("all 2 images already in containerd, pinned"), again.output());
            System.out.printf("BundleIT: ctr import of pause+hello %.2f s, second run (probe only) %.2f s%n", first / 1e9,
                    second / 1e9);

            // After an upgrade the source carries pause only: hello is another release's, unpinned for the kubelet to collect.
            PrepFixture.Context upgraded = new PrepFixture.Context(node).with(new HostPrepSettings(List.of(),
                    new Images(archives.subList(0, 1)), new HostPaths(dir.resolve("root").toString())));
            Changes unpin = new Changes(upgraded.prep(), "images");
            ImagesStep.unpinOtherReleases(upgraded.prep(), unpin);
            assertEquals(List.of("unpinned 1 image(s) of another release, so the kubelet's image garbage collection may remove"
                    + " them once unused: " + archives.get(1).ref()), unpin.descriptions());
            unpin.apply();
            String unpinned = containerd.ctr("images", "ls");
            assertTrue(unpinned.lines().anyMatch(l -> l.startsWith(archives.get(1).ref() + " ") && !l.contains("pinned")),
                    unpinned);
            assertTrue(unpinned.lines().anyMatch(l -> l.startsWith(archives.get(0).ref() + " ") && l.contains("pinned=pinned")),
                    unpinned);
            // containerd's CRI also names each image by its ID ("sha256:…", same manifest, pin copied): pause's stays pinned.
            assertTrue(unpinned.lines().filter(l -> l.contains("pinned=pinned"))
                    .allMatch(l -> l.contains(" " + archives.get(0).digest() + " ")), unpinned);
            Changes none = new Changes(upgraded.prep(), "images");
            ImagesStep.unpinOtherReleases(upgraded.prep(), none);
            assertTrue(none.isEmpty(), "nothing left to unpin");

            List<ChangeRecord> journal = Journal.parse(Files.readString(Path.of(ctx.paths().journal())), line -> {});
            assertEquals(archives.stream().map(a -> (ChangeRecord) new ChangeRecord.ImageImported(a.ref())).toList(), journal);
            HostPrepUndo.run(node, ctx.paths(), Reporter.silent());
            String after = containerd.ctr("images", "ls", "-q");
            assertFalse(after.contains("kboot.local/hello"), after);
            assertFalse(after.contains("registry.k8s.io/pause:"), after);
        }
    }

    @Test
    void aBundleDamagedOnTheWayIsRefusedOnTheNodeBeforeAnythingIsInstalled() throws Exception {
        Path bundle = BundleWriter
                .create(FakeBuild.create(dir.resolve("build")), dir.resolve("b.tar"), "registry.k8s.io", false, l -> {})
                .bundle();
        BundleSource source = BundleSource.open(bundle);
        Path root = Files.createDirectories(dir.resolve("root"));
        Path nodeDir = root.resolve("var/lib/kboot/bundles/" + source.id());
        byte[] good = Files.readAllBytes(bundle);

        UnaryOperator<byte[]> flipByte = data -> FakeBuild.flipByte(data, "kubelet");
        UnaryOperator<byte[]> truncate = data -> FakeBuild.cutInto(data, "kubelet", 100);
        UnaryOperator<byte[]> addFile = BundleIT::withExtraEntry;
        for (var damage : List.of(List.of("bin/kubelet: FAILED", flipByte), List.of("tar cannot unpack it", truncate),
                List.of("not in its MANIFEST: bin/sneaky", addFile))) {
            Host node = new Node("", Optional.of((UnaryOperator<byte[]>) damage.get(1)));
            PrepFixture.Context ctx = context(node, source, root);
            KbootException.StepFailed refused =
                    assertThrows(KbootException.StepFailed.class, () -> new BundleStep().run(ctx.prep()));
            assertTrue(refused.getMessage().contains("the bundle b.tar arrived damaged: ")
                    && refused.getMessage().contains((String) damage.get(0))
                    && refused.getMessage().endsWith("nothing was installed from it"), refused.getMessage());
            assertFalse(Files.exists(nodeDir), "no bundle directory");
            assertFalse(Files.exists(Path.of(nodeDir + ".unpack")), "no partial directory");
            assertFalse(Files.exists(root.resolve("var/lib/kboot/staging/files/bundle-" + source.id() + ".tar")),
                    "the upload is removed");
            assertFalse(Files.exists(root.resolve("usr")) || Files.exists(root.resolve("opt")), "nothing installed");
        }
        // kboot bundle verify says the same of the damaged file.
        Path damaged = Files.write(dir.resolve("damaged.tar"), flipByte.apply(good));
        assertTrue(BundleVerifier.verify(damaged).problems().get(0).startsWith("bin/kubelet: SHA-256 "));

        Host node = new Node("", Optional.empty());
        PrepFixture.Context ctx = context(node, source, root);
        new BundleStep().run(ctx.prep());
        assertEquals(source.id() + "\n", Files.readString(nodeDir.resolve(".verified")));
        assertTrue(Files.isExecutable(nodeDir.resolve("bin/kubelet")));
        assertEquals(Set.of(".verified", "MANIFEST", "bin", "cni", "images"), Set.of(nodeDir.toFile().list()));
        // A new run (a new BundleSource, nothing remembered) finds it on the node.
        PrepFixture.Context second = context(node, BundleSource.open(bundle), root);
        new BundleStep().run(second.prep());
        assertTrue(second.output().contains("already on the node, verified"), second.output());

        Changes install = new Changes(ctx.prep(), "install");
        source.install(EnumSet.of(Component.RUNC, Component.CNI_PLUGINS, Component.KUBELET, Component.KUBECTL), ctx.prep(),
                install);
        install.apply();
        assertEquals("#!fake kubelet", Files.readString(root.resolve("usr/bin/kubelet")).lines().findFirst().orElseThrow());
        assertTrue(Files.isExecutable(root.resolve("usr/local/sbin/runc")));
        assertTrue(Files.isExecutable(root.resolve("opt/cni/bin/portmap")));
        assertTrue(Files.isExecutable(nodeDir.resolve("bin/kubelet")), "the bundle keeps its files");

        HostPrepUndo.run(node, ctx.paths(), Reporter.silent());
        assertFalse(Files.exists(root.resolve("usr")), "installed files and the directories made for them are removed");
        assertFalse(Files.exists(root.resolve("opt")));
        assertFalse(Files.exists(root.resolve("var/lib/kboot")), "the bundle and the record are gone");
    }

    @Test
    void aWorkerGetsTheBundleWithoutTheControlPlaneImagesOrKubeadmAndAControlPlaneLaterGetsTheRest() throws Exception {
        Path bundle = BundleWriter
                .create(FakeBuild.create(dir.resolve("build")), dir.resolve("b.tar"), "registry.k8s.io", false, l -> {})
                .bundle();
        BundleSource source = BundleSource.open(bundle);
        Path root = Files.createDirectories(dir.resolve("worker-root"));
        Path nodeDir = root.resolve("var/lib/kboot/bundles/" + source.id());
        Host node = new Node("", Optional.empty());

        PrepFixture.Context worker = context(node, source, root);
        worker.role = NodeRole.WORKER;
        new BundleStep().run(worker.prep());
        assertEquals("worker-" + source.id() + "\n", Files.readString(nodeDir.resolve(".verified")));
        Set<String> images = Set.of(nodeDir.resolve("images").toFile().list());
        assertFalse(images.contains("kube-apiserver.tar") || images.contains("etcd.tar"), images::toString);
        assertTrue(images.contains("pause.tar") && images.contains("kube-proxy.tar"), images::toString);
        assertFalse(Files.exists(nodeDir.resolve("bin/kubeadm")), "a worker is not sent kubeadm");
        assertTrue(Files.isRegularFile(nodeDir.resolve("bin/kubelet")));
        assertTrue(worker.output().contains("without the control plane's images and kubeadm"), worker.output());
        for (ImageArchive image : source.images(worker.prep())) {
            assertTrue(Files.isRegularFile(Path.of(image.path())), image::toString);
        }
        // A later run for the same worker finds its part; a control-plane run does not, and gets the whole bundle.
        PrepFixture.Context workerAgain = context(node, BundleSource.open(bundle), root);
        workerAgain.role = NodeRole.WORKER;
        new BundleStep().run(workerAgain.prep());
        assertTrue(workerAgain.output().contains("already on the node, verified"), workerAgain.output());
        PrepFixture.Context controlPlane = context(node, BundleSource.open(bundle), root);
        new BundleStep().run(controlPlane.prep());
        assertEquals(source.id() + "\n", Files.readString(nodeDir.resolve(".verified")));
        assertTrue(Set.of(nodeDir.resolve("images").toFile().list()).contains("kube-apiserver.tar"));
        assertTrue(Files.isRegularFile(nodeDir.resolve("bin/kubeadm")));
        for (ImageArchive image : source.images(controlPlane.prep())) {
            assertTrue(Files.isRegularFile(Path.of(image.path())), image::toString);
        }
    }

    private static PrepFixture.Context context(Host node, BundleSource source, Path root) {
        PrepFixture.Context ctx =
                new PrepFixture.Context(node).with(new HostPrepSettings(List.of(), source, new HostPaths(root.toString())));
        ctx.version = KubernetesVersion.parse("v1.36.3");
        return ctx;
    }

    private static byte[] withExtraEntry(byte[] bundle) {
        try {
            List<FakeBuild.Entry> entries = new ArrayList<>(FakeBuild.read(new ByteArrayInputStream(bundle)));
            entries.add(0, new FakeBuild.Entry("bin/sneaky", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), null));
            Path temp = Files.createTempFile("sneaky", ".tar");
            try {
                FakeBuild.write(temp, entries, e -> e);
                return Files.readAllBytes(temp);
            } finally {
                Files.delete(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * This machine as a node: its scripts start with {@code env} (which ctr, which containerd),
     * and uploads of a bundle pass through {@code damage} if given (what a bad disk or network does).
     */
    static final class Node extends ForwardingHost {
        private final String env;
        private final Optional<UnaryOperator<byte[]>> damage;

        Node(String env, Optional<UnaryOperator<byte[]>> damage) {
            super(new LocalHost("node1"));
            this.env = env;
            this.damage = damage;
        }

        @Override
        public ExecResult exec(Command command) {
            return delegate.exec(new Command(env + command.script(), command.mutating(), command.timeout()));
        }

        @Override
        public void upload(Content content, String path, FileAttributes attributes) {
            boolean bundle = path.contains("/bundle-") && damage.isPresent();
            delegate.upload(bundle ? Content.of(damage.get().apply(content.bytes())) : content, path, attributes);
        }
    }

    /** Archives already on the "node" (this machine): an artifact source with images and nothing else. */
    private record Images(List<ImageArchive> archives) implements ArtifactSource {
        @Override
        public String describe() {
            return "test images";
        }

        @Override
        public Set<Component> provides(HostFacts facts) {
            return EnumSet.noneOf(Component.class);
        }

        @Override
        public void install(Set<Component> components, NodePrepContext ctx, Changes changes) {}

        @Override
        public List<ImageArchive> images(NodePrepContext ctx) {
            return archives;
        }
    }
}
