package io.kboot.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bundle create and verify on a fake build: what goes in, that it is reproducible, and every kind of damage. */
class BundleTest {
    @TempDir
    Path dir;

    private Path build() {
        return FakeBuild.create(dir.resolve("build"));
    }

    private BundleWriter.Result create(Path build, Path out) {
        return BundleWriter.create(build, out, "registry.k8s.io", false, line -> {});
    }

    @Test
    void holdsTheNodeBinariesTheCniPluginsTheImagesAndAManifest() throws IOException {
        BundleWriter.Result result = create(build(), dir.resolve("b.tar"));
        List<String> names = FakeBuild.read(result.bundle()).stream().map(FakeBuild.Entry::name).toList();
        assertEquals(
                List.of("bin/containerd", "bin/containerd-shim-runc-v2", "bin/ctr", "bin/kubeadm", "bin/kubectl", "bin/kubelet",
                        "bin/runc", "cni/bridge", "cni/host-local", "cni/loopback", "cni/portmap", "images/coredns.tar",
                        "images/etcd.tar",
                        "images/hello.tar", "images/kboot-netd.tar", "images/kube-apiserver.tar",
                        "images/kube-controller-manager.tar", "images/kube-proxy.tar",
                        "images/kube-scheduler.tar", "images/pause.tar", "MANIFEST"),
                names);
        assertEquals(20, result.files());
        assertEquals(9, result.images());

        BundleVerifier.Verification verified = BundleVerifier.verify(result.bundle());
        assertEquals(List.of(), verified.problems());
        assertEquals(result.id(), verified.id());
        assertEquals("v1.36.3", verified.versions().get("KUBERNETES_VERSION"));
        assertEquals("1.8.9-2", verified.versions().get("IPTABLES_VERSION"));
        assertEquals(List.of("registry.k8s.io/coredns/coredns:v1.14.2", "registry.k8s.io/etcd:3.6.8-0", "kboot.local/hello:1",
                "kboot.local/kboot-netd:1", "registry.k8s.io/kube-apiserver:v1.36.3",
                "registry.k8s.io/kube-controller-manager:v1.36.3",
                "registry.k8s.io/kube-proxy:v1.36.3", "registry.k8s.io/kube-scheduler:v1.36.3", "registry.k8s.io/pause:3.10.2"),
                verified.images());
        byte[] manifest = FakeBuild.bytes(FakeBuild.read(result.bundle()), "MANIFEST");
        assertEquals(result.id(), Sha256.hex(manifest));
        assertTrue(new String(manifest, StandardCharsets.UTF_8).contains("\nfile bin/kubelet 722 "), "sizes are listed");
    }

    @Test
    void imagesPutBinariesWhereTheManifestsRunThem() throws IOException {
        BundleContents contents = BundleContents.of(BuildDir.open(build()), "registry.k8s.io");
        Map<String, ImageSpec> byRef = new HashMap<>();
        contents.images().forEach(i -> byRef.put(i.ref(), i));
        assertPaths(byRef.get("registry.k8s.io/kube-apiserver:v1.36.3"), "usr/local/bin/kube-apiserver");
        assertPaths(byRef.get("registry.k8s.io/etcd:3.6.8-0"), "usr/local/bin/etcd", "usr/local/bin/etcdctl",
                "usr/local/bin/etcdutl");
        assertPaths(byRef.get("registry.k8s.io/kube-proxy:v1.36.3"), "usr/local/bin/kube-proxy", "usr/sbin/iptables",
                "usr/sbin/xtables-nft-multi", "usr/lib/x86_64-linux-gnu/xtables/libxt_comment.so", "sbin");
        assertEquals(List.of("/pause"), byRef.get("registry.k8s.io/pause:3.10.2").entrypoint());
        assertEquals("65535:65535", byRef.get("registry.k8s.io/pause:3.10.2").user().orElseThrow());
        assertEquals(List.of("/coredns"), byRef.get("registry.k8s.io/coredns/coredns:v1.14.2").entrypoint());
        assertEquals(List.of("/hello"), byRef.get("kboot.local/hello:1").entrypoint());
        assertPaths(byRef.get("kboot.local/hello:1"), "hello", "tmp");
        ImageSpec proxy = byRef.get("registry.k8s.io/kube-proxy:v1.36.3");
        assertEquals(new LayerEntry.Symlink("usr/sbin/iptables", "iptables-nft"),
                proxy.entries().stream().filter(e -> e.path().equals("usr/sbin/iptables")).findFirst().orElseThrow());
        assertEquals(new LayerEntry.Symlink("sbin", "usr/sbin"),
                proxy.entries().stream().filter(e -> e.path().equals("sbin")).findFirst().orElseThrow());

        // kubeadm names CoreDNS REPO/coredns outside registry.k8s.io.
        BundleContents mirrored = BundleContents.of(BuildDir.open(dir.resolve("build")), "mirror.lab:5000/k8s");
        assertTrue(mirrored.images().stream().anyMatch(i -> i.ref().equals("mirror.lab:5000/k8s/coredns:v1.14.2")));
        assertTrue(mirrored.images().stream().anyMatch(i -> i.ref().equals("mirror.lab:5000/k8s/pause:3.10.2")));
    }

    private static void assertPaths(ImageSpec image, String... paths) {
        List<String> all = image.entries().stream().map(LayerEntry::path).toList();
        for (String path : paths) {
            assertTrue(all.contains(path), () -> image.ref() + " lacks " + path + ": " + all);
        }
    }

    @Test
    void theSameBuildGivesTheSameBundle() throws IOException {
        Path build = build();
        BundleWriter.Result first = create(build, dir.resolve("one.tar"));
        FakeBuild.touchAll(build, 1_600_000_000_000L);
        BundleWriter.Result second = create(build, dir.resolve("two.tar"));
        assertEquals(first.id(), second.id());
        assertArrayEquals(Files.readAllBytes(first.bundle()), Files.readAllBytes(second.bundle()));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("build", "one.tar", "two.tar"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary files are left");
        }
    }

    @Test
    void aChangedByteIsNamed() throws IOException {
        Path bundle = create(build(), dir.resolve("b.tar")).bundle();
        Files.write(bundle, FakeBuild.flipByte(Files.readAllBytes(bundle), "kubelet"));
        List<String> problems = BundleVerifier.verify(bundle).problems();
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("bin/kubelet: SHA-256 "), problems.get(0));
        assertTrue(problems.get(0).endsWith(" (corrupted)"), problems.get(0));
    }

    @Test
    void aTruncatedBundleIsNamed() throws IOException {
        Path bundle = create(build(), dir.resolve("b.tar")).bundle();
        Files.write(bundle, FakeBuild.cutInto(Files.readAllBytes(bundle), "kubelet", 100));
        List<String> problems = BundleVerifier.verify(bundle).problems();
        assertEquals("bin/kubelet: cut short after 100 of 722 bytes; the bundle is truncated", problems.get(0));
        assertTrue(problems.contains("MANIFEST is missing: the bundle is incomplete, or not a kboot bundle"), problems::toString);
    }

    @Test
    void extraMissingAndDuplicateFilesAreNamed() throws IOException {
        Path bundle = create(build(), dir.resolve("b.tar")).bundle();
        List<FakeBuild.Entry> entries = FakeBuild.read(bundle);

        List<FakeBuild.Entry> extra = new ArrayList<>(entries);
        extra.add(0, new FakeBuild.Entry("bin/evil", "x".getBytes(StandardCharsets.UTF_8), null));
        Path withExtra = dir.resolve("extra.tar");
        FakeBuild.write(withExtra, extra, e -> e);
        assertEquals(List.of("bin/evil: in the bundle, not listed in MANIFEST"), BundleVerifier.verify(withExtra).problems());

        Path withoutRunc = dir.resolve("missing.tar");
        FakeBuild.write(withoutRunc, entries, e -> e.name().equals("bin/runc") ? null : e);
        assertEquals(List.of("bin/runc: listed in MANIFEST, missing from the bundle"),
                BundleVerifier.verify(withoutRunc).problems());

        List<FakeBuild.Entry> twice = new ArrayList<>(entries);
        twice.add(0, entries.get(0));
        Path duplicate = dir.resolve("twice.tar");
        FakeBuild.write(duplicate, twice, e -> e);
        assertEquals(List.of("bin/containerd: in the bundle twice"), BundleVerifier.verify(duplicate).problems());

        Path badManifest = dir.resolve("manifest.tar");
        FakeBuild.write(badManifest, entries, e -> e.name().equals("MANIFEST")
                ? new FakeBuild.Entry("MANIFEST", (e.text() + "oops\n").getBytes(StandardCharsets.UTF_8), null) : e);
        List<String> problems = BundleVerifier.verify(badManifest).problems();
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).matches("MANIFEST line \\d+: unknown record \"oops\""), problems.get(0));
    }

    @Test
    void whatIsNotATarIsAnInputError() throws IOException {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text,
                "this is not a tar archive at all, just some text that is long enough to fill a header. ".repeat(20));
        assertTrue(assertThrows(KbootException.InvalidInput.class, () -> BundleVerifier.verify(text)).getMessage()
                .startsWith(text + ": not a tar archive"));
        Path empty = Files.createFile(dir.resolve("empty.tar"));
        assertEquals(empty + ": not a tar archive, or an empty one",
                assertThrows(KbootException.InvalidInput.class, () -> BundleVerifier.verify(empty)).getMessage());
        assertEquals(dir.resolve("nope.tar") + ": no such file",
                assertThrows(KbootException.InvalidInput.class, () -> BundleVerifier.verify(dir.resolve("nope.tar")))
                        .getMessage());
        assertEquals(dir + ": not a regular file",
                assertThrows(KbootException.InvalidInput.class, () -> BundleVerifier.verify(dir)).getMessage());
    }

    @Test
    void anIncompleteOrMismatchedBuildSaysHowToFixIt() throws IOException {
        Path build = build();
        Path out = dir.resolve("b.tar");
        FakeBuild.setVersion(build, "PAUSE_VERSION", "3.10.1");
        assertEquals(build.resolve("versions.env") + ": PAUSE_VERSION=3.10.1, but kboot sets up Kubernetes v1.36 nodes for 3.10.2"
                + " (templates/versions.yaml); rebuild with scripts/k8s/build --version v1.36.3 or update"
                + " templates/versions.yaml",
                assertThrows(KbootException.InvalidInput.class, () -> create(build, out)).getMessage());
        FakeBuild.setVersion(build, "PAUSE_VERSION", "3.10.2");
        FakeBuild.setVersion(build, "HELLO_VERSION", null);
        assertTrue(assertThrows(KbootException.InvalidInput.class, () -> create(build, out)).getMessage()
                .startsWith(build.resolve("versions.env") + " has no HELLO_VERSION"));
        FakeBuild.setVersion(build, "HELLO_VERSION", "1");
        Files.delete(build.resolve("bin/kubelet"));
        assertEquals(build.resolve("bin/kubelet") + " is missing; run scripts/k8s/build",
                assertThrows(KbootException.InvalidInput.class, () -> create(build, out)).getMessage());
        assertTrue(assertThrows(KbootException.InvalidInput.class, () -> create(dir.resolve("nothing"), out)).getMessage()
                .contains("not a directory (run scripts/k8s/build"));
        assertFalse(Files.exists(out), "nothing was written");
        FakeBuild.create(dir.resolve("good"));
        assertEquals("-o " + dir + " is a directory; name the bundle file",
                assertThrows(KbootException.InvalidInput.class, () -> create(dir.resolve("good"), dir)).getMessage());
    }

    @Test
    void aBundleWithoutTheNodeBinariesIsRefusedAsASource() throws IOException {
        Path bundle = create(build(), dir.resolve("b.tar")).bundle();
        assertEquals(64, BundleSource.open(bundle).id().length());
        // A bundle is the manifest's word: one without runc is a different (damaged) bundle, refused whole.
        List<FakeBuild.Entry> entries = FakeBuild.read(bundle);
        Path noRunc = dir.resolve("norunc.tar");
        FakeBuild.write(noRunc, entries, e -> {
            if (e.name().equals("bin/runc")) {
                return null;
            }
            if (e.name().equals("MANIFEST")) {
                String text = e.text().replaceAll("(?m)^file bin/runc .*\n", "");
                return new FakeBuild.Entry("MANIFEST", text.getBytes(StandardCharsets.UTF_8), null);
            }
            return e;
        });
        assertEquals("--bundle " + noRunc + " has no bin/runc; make it with kboot bundle create",
                assertThrows(KbootException.InvalidInput.class, () -> BundleSource.open(noRunc)).getMessage());
    }

    // ---- entries that are not plain files at plain paths: each refused by name, and as --bundle before any host is touched ----

    /** The good bundle plus bin/empty, listed: the base of every bad variant. */
    private Path base() {
        Path base = dir.resolve("base.tar");
        return Files.exists(base) ? base : BadEntries.base(create(build(), dir.resolve("good.tar")).bundle(), base);
    }

    private List<String> problemsOf(UnaryOperator<List<BadEntries.Raw>> edit) {
        Path bad = BadEntries.variant(base(), dir.resolve("bad.tar"), edit);
        BundleVerifier.Verification verified = BundleVerifier.verify(bad);
        assertFalse(verified.ok());
        // --bundle refuses it as bad input (exit 2) naming the same problem.
        String refused = assertThrows(KbootException.InvalidInput.class, () -> BundleSource.open(bad)).getMessage();
        assertTrue(refused.contains(verified.problems().get(0)), refused);
        return verified.problems();
    }

    @Test
    void theBaseOfTheBadVariantsIsGood() {
        BundleVerifier.Verification verified = BundleVerifier.verify(base());
        assertEquals(List.of(), verified.problems());
        assertEquals(21, verified.files());
    }

    @Test
    void aSymbolicLinkListedAsAnEmptyFileIsRefused() {
        assertEquals(List.of("bin/empty: a symbolic link to /etc/shadow; a bundle holds only regular files and directories"),
                problemsOf(BadEntries.emptyFileBecomes(BadEntries.symlink("bin/empty", "/etc/shadow"))));
    }

    @Test
    void aHardLinkListedAsAnEmptyFileIsRefused() {
        assertEquals(List.of("bin/empty: a hard link to bin/kubelet; a bundle holds only regular files and directories"),
                problemsOf(BadEntries.emptyFileBecomes(BadEntries.hardLink("bin/empty", "bin/kubelet"))));
    }

    @Test
    void aCharacterDeviceListedAsAnEmptyFileIsRefused() {
        assertEquals(List.of("bin/empty: a character device; a bundle holds only regular files and directories"),
                problemsOf(BadEntries.emptyFileBecomes(BadEntries.device("bin/empty", TarConstants.LF_CHR, 1, 3))));
    }

    @Test
    void aBlockDeviceListedAsAnEmptyFileIsRefused() {
        assertEquals(List.of("bin/empty: a block device; a bundle holds only regular files and directories"),
                problemsOf(BadEntries.emptyFileBecomes(BadEntries.device("bin/empty", TarConstants.LF_BLK, 8, 0))));
    }

    @Test
    void aFifoListedAsAnEmptyFileIsRefused() {
        assertEquals(List.of("bin/empty: a FIFO; a bundle holds only regular files and directories"),
                problemsOf(BadEntries.emptyFileBecomes(BadEntries.fifo("bin/empty"))));
    }

    @Test
    void aSetuidFileIsRefused() {
        assertEquals(List.of("bin/kubelet: mode 4755 (set-user-ID); a bundle's files and directories may not be set-id, sticky,"
                + " or writable by group or others"), problemsOf(BadEntries.withMode("bin/kubelet", 04755)));
    }

    @Test
    void aSetgidFileIsRefused() {
        assertEquals(List.of("bin/runc: mode 2755 (set-group-ID); a bundle's files and directories may not be set-id, sticky,"
                + " or writable by group or others"), problemsOf(BadEntries.withMode("bin/runc", 02755)));
    }

    @Test
    void aFileWritableByOthersIsRefused() {
        assertEquals(List
                .of("bin/kubectl: mode 777 (writable by its group, writable by others); a bundle's files and directories may not"
                        + " be set-id, sticky, or writable by group or others"),
                problemsOf(BadEntries.withMode("bin/kubectl", 0777)));
    }

    @Test
    void aDirectoryEntryWithAnUnsafeModeIsRefused() {
        assertEquals(List
                .of("bin/: mode 4777 (set-user-ID, writable by its group, writable by others); a bundle's files and directories"
                        + " may not be set-id, sticky, or writable by group or others"),
                problemsOf(BadEntries.adding(BadEntries.directory("bin", 04777))));
        // The top directory's mode is the mode of the bundle's directory on the node.
        assertEquals(List
                .of("./: mode 1777 (sticky, writable by its group, writable by others); a bundle's files and directories may not"
                        + " be set-id, sticky, or writable by group or others"),
                problemsOf(BadEntries.adding(BadEntries.directory("./", 01777))));
    }

    @Test
    void directoryEntriesWithSafeModesHoldingListedFilesPass() {
        // What tar -c makes of an unpacked bundle: the top directory and bin/, cni/, images/.
        Path retarred = BadEntries.variant(base(), dir.resolve("retarred.tar"),
                BadEntries.adding(BadEntries.directory("./", 0755),
                        BadEntries.directory("bin", 0755), BadEntries.directory("cni", 0755),
                        BadEntries.directory("images", 0700)));
        assertEquals(List.of(), BundleVerifier.verify(retarred).problems());
    }

    @Test
    void aDirectoryHoldingNothingListedIsRefused() {
        assertEquals(List.of("etc/cron.d/: a directory with nothing MANIFEST lists in it"),
                problemsOf(BadEntries.adding(BadEntries.directory("etc/cron.d", 0755))));
    }

    @Test
    void aDirectoryInTheBundleTwiceIsRefused() {
        assertEquals(List.of("bin/: in the bundle twice"),
                problemsOf(BadEntries.adding(BadEntries.directory("bin", 0755), BadEntries.directory("./bin/", 0755))));
    }

    @Test
    void aNameThatIsBothADirectoryAndAFileIsRefused() {
        assertEquals(List.of("bin/kubelet: in the bundle twice"),
                problemsOf(BadEntries.adding(BadEntries.directory("bin/kubelet", 0755))));
    }

    @Test
    void aPathWithDotDotIsRefused() {
        String expected = ": not a plain relative path (no /, .., or characters other than letters, digits and ._+@-)";
        assertEquals(List.of("../escape" + expected),
                problemsOf(BadEntries.adding(BadEntries.file("../escape", 0644, new byte[1]))));
        assertEquals(List.of("bin/../../escape" + expected),
                problemsOf(BadEntries.adding(BadEntries.file("bin/../../escape", 0644, new byte[1]))));
        assertEquals(List.of("../" + expected), problemsOf(BadEntries.adding(BadEntries.directory("..", 0755))));
    }

    @Test
    void anAbsolutePathIsRefused() {
        assertEquals(List.of(
                "/etc/cron.d/kboot: not a plain relative path (no /, .., or characters other than letters, digits and ._+@-)"),
                problemsOf(BadEntries.adding(BadEntries.file("/etc/cron.d/kboot", 0644, new byte[1]))));
    }

    @Test
    void terminalEscapeSequencesInNamesArePrintedEscaped() {
        String name = "bin/\u001b]0;owned\u0007\u001b[2K\u202eevil";
        List<String> problems = problemsOf(BadEntries.adding(BadEntries.file(name, 0644, new byte[1])));
        assertEquals(
                List.of("bin/\\x1b]0;owned\\x07\\x1b[2K\\u202eevil: not a plain relative path (no /, .., or characters other than"
                        + " letters, digits and ._+@-)"),
                problems);
        String refused = assertThrows(KbootException.InvalidInput.class,
                () -> BundleSource.open(dir.resolve("bad.tar"))).getMessage();
        assertTrue(refused.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c == 0x202e), refused);
        assertEquals("a\\\\x1b", Printable.escape("a\\x1b"), "a backslash is escaped too, so no name passes for another");
    }

    @Test
    void fakeEntriesReadBack() throws IOException {
        Path bundle = create(build(), dir.resolve("b.tar")).bundle();
        byte[] pause = FakeBuild.bytes(FakeBuild.read(bundle), "images/pause.tar");
        List<String> names = FakeBuild.read(new ByteArrayInputStream(pause)).stream().map(FakeBuild.Entry::name).toList();
        assertEquals("oci-layout", names.get(names.size() - 1));
        assertEquals("index.json", names.get(names.size() - 2));
    }
}
