package io.kboot.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import io.kboot.config.KubernetesVersion;
import io.kboot.host.Host;
import io.kboot.hostprep.BundleStep;
import io.kboot.hostprep.Changes;
import io.kboot.hostprep.HostPaths;
import io.kboot.hostprep.HostPrepSettings;
import io.kboot.hostprep.PrepFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's own check of the bundle (prepare/bundle's script, run by sh, tar, find and sha256sum
 * on this machine under a temporary root): given each kind of bad entry as if the tar had been
 * changed after the workstation checked it, it refuses before installing anything, leaves nothing
 * behind, and never hangs on a FIFO or device. Needs no Kubernetes build.
 */
@Timeout(120)
class BundleUnpackIT {
    @TempDir
    Path dir;

    private Path base;
    private BundleSource source;
    private Path root;
    private Path bundles;
    private Path nodeDir;

    @BeforeEach
    void makeBundle() throws IOException {
        Path good = BundleWriter
                .create(FakeBuild.create(dir.resolve("build")), dir.resolve("good.tar"), "registry.k8s.io", false, l -> {})
                .bundle();
        base = BadEntries.base(good, dir.resolve("base.tar"));
        source = BundleSource.open(base);
        root = Files.createDirectories(dir.resolve("root"));
        bundles = root.resolve("var/lib/kboot/bundles");
        nodeDir = bundles.resolve(source.id());
    }

    /** One run of kboot: a source opened afresh (it remembers the nodes it delivered to). */
    private PrepFixture.Context context(Host node) {
        PrepFixture.Context ctx = new PrepFixture.Context(node).with(new HostPrepSettings(List.of(), BundleSource.open(base),
                new HostPaths(root.toString())));
        ctx.version = KubernetesVersion.parse("v1.36.3");
        return ctx;
    }

    /** Runs prepare/bundle with the upload replaced by the variant; returns the node's refusal. */
    private String refusal(UnaryOperator<List<BadEntries.Raw>> edit) throws IOException {
        byte[] bad = Files.readAllBytes(BadEntries.variant(base, dir.resolve("bad.tar"), edit));
        Host node = new BundleIT.Node("", Optional.of(data -> bad));
        String message =
                assertThrows(KbootException.StepFailed.class, () -> new BundleStep().run(context(node).prep())).getMessage();
        assertTrue(
                message.contains("the bundle base.tar arrived damaged: ") && message.endsWith("; nothing was installed from it"),
                message);
        assertTrue(message.chars().noneMatch(c -> c < 0x20 && c != '\n' || c == 0x7f), "printable: " + message);
        assertFalse(Files.exists(nodeDir), "no bundle directory");
        try (Stream<Path> left = Files.list(bundles)) {
            assertEquals(List.of(), left.toList(), "no partial directory, no check files");
        }
        try (Stream<Path> staged = Files.walk(root.resolve("var/lib/kboot/staging"))) {
            assertTrue(staged.noneMatch(p -> p.getFileName().toString().startsWith("bundle-")), "the upload is removed");
        }
        return message;
    }

    @Test
    void theBaseBundleUnpacksAndIsVerifiedWithSafeModes() throws IOException {
        BundleStep step = new BundleStep();
        PrepFixture.Context ctx = context(new BundleIT.Node("", Optional.empty()));
        step.run(ctx.prep());
        assertEquals(source.id() + "\n", Files.readString(nodeDir.resolve(".verified")));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(nodeDir)));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(nodeDir.resolve("bin"))));
        assertTrue(Files.isRegularFile(nodeDir.resolve(BadEntries.EMPTY)));
        try (Stream<Path> left = Files.list(bundles)) {
            assertEquals(List.of(nodeDir), left.toList(), "nothing beside the bundle's directory");
        }
    }

    /** After an upgrade the other releases' bundles go, the one the node runs from stays; a second run has nothing to do. */
    @Test
    void otherReleasesBundlesAreRemovedAndThisOneStays() throws IOException {
        PrepFixture.Context ctx = context(new BundleIT.Node("", Optional.empty()));
        new BundleStep().run(ctx.prep());
        Path older = Files.createDirectories(bundles.resolve("0".repeat(64)).resolve("bin"));
        Files.write(older.resolve("kubelet"), new byte[3 * 1024 * 1024]);
        Changes changes = new Changes(ctx.prep(), "bundle");
        ctx.prep().hostPrep().artifacts().removeOtherReleases(ctx.prep(), changes);
        assertEquals(List.of("removed the bundle 000000000000 of another release (4 MB)"), changes.descriptions());
        changes.apply();
        try (Stream<Path> left = Files.list(bundles)) {
            assertEquals(List.of(nodeDir), left.toList());
        }
        Changes again = new Changes(ctx.prep(), "bundle");
        ctx.prep().hostPrep().artifacts().removeOtherReleases(ctx.prep(), again);
        assertTrue(again.isEmpty());
    }

    @Test
    void directoryEntriesWithSafeModesUnpackToo() throws IOException {
        byte[] retarred = Files.readAllBytes(BadEntries.variant(base, dir.resolve("retarred.tar"), BadEntries.adding(
                BadEntries.directory("./", 0755), BadEntries.directory("bin", 0755), BadEntries.directory("images", 0700))));
        new BundleStep().run(context(new BundleIT.Node("", Optional.of(data -> retarred))).prep());
        assertEquals(source.id() + "\n", Files.readString(nodeDir.resolve(".verified")));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(nodeDir)),
                "the umask, not the tar's modes");
    }

    @Test
    void aSymbolicLinkIsRefusedOnTheNode() throws IOException {
        String message = refusal(BadEntries.emptyFileBecomes(BadEntries.symlink(BadEntries.EMPTY, "/etc/shadow")));
        assertTrue(message.contains("it holds more than regular files and directories with safe modes: lrwxrwxrwx ")
                && message.contains("bin/empty -> /etc/shadow"), message);
    }

    @Test
    void aHardLinkIsRefusedOnTheNode() throws IOException {
        String message = refusal(BadEntries.emptyFileBecomes(BadEntries.hardLink(BadEntries.EMPTY, "bin/kubelet")));
        assertTrue(message.contains("safe modes: hrwxr-xr-x ") && message.contains("bin/empty link to bin/kubelet"), message);
    }

    @Test
    void aCharacterDeviceIsRefusedOnTheNodeBeforeTarMakesIt() throws IOException {
        String message = refusal(BadEntries.emptyFileBecomes(BadEntries.device(BadEntries.EMPTY, TarConstants.LF_CHR, 1, 3)));
        assertTrue(message.contains("safe modes: crw-r--r-- ") && message.contains("bin/empty"), message);
    }

    @Test
    void aBlockDeviceIsRefusedOnTheNodeBeforeTarMakesIt() throws IOException {
        String message = refusal(BadEntries.emptyFileBecomes(BadEntries.device(BadEntries.EMPTY, TarConstants.LF_BLK, 8, 0)));
        assertTrue(message.contains("safe modes: brw-r--r-- ") && message.contains("bin/empty"), message);
    }

    @Test
    void aFifoIsRefusedOnTheNodeInsteadOfHangingTheChecksum() throws IOException {
        String message = refusal(BadEntries.emptyFileBecomes(BadEntries.fifo(BadEntries.EMPTY)));
        assertTrue(message.contains("safe modes: prw-r--r-- ") && message.contains("bin/empty"), message);
    }

    @Test
    void aSetuidFileIsRefusedOnTheNode() throws IOException {
        String message = refusal(BadEntries.withMode("bin/kubelet", 04755));
        assertTrue(message.contains("safe modes: -rwsr-xr-x ") && message.contains("bin/kubelet"), message);
    }

    @Test
    void aSetgidFileIsRefusedOnTheNode() throws IOException {
        String message = refusal(BadEntries.withMode("bin/runc", 02755));
        assertTrue(message.contains("safe modes: -rwxr-sr-x ") && message.contains("bin/runc"), message);
    }

    @Test
    void aWorldWritableDirectoryIsRefusedOnTheNode() throws IOException {
        String message = refusal(BadEntries.adding(BadEntries.directory("bin", 04777)));
        assertTrue(message.contains("safe modes: drwsrwxrwx ") && message.contains("bin/"), message);
        String top = refusal(BadEntries.adding(BadEntries.directory("./", 0777)));
        assertTrue(top.contains("safe modes: drwxrwxrwx ") && top.contains("./"), top);
    }

    @Test
    void aPathWithDotDotIsRefusedOnTheNode() throws IOException {
        String message = refusal(BadEntries.adding(BadEntries.file("../escape", 0644, new byte[1])));
        assertTrue(message.contains("paths outside its directory: ../escape"), message);
        String inner = refusal(BadEntries.adding(BadEntries.file("bin/../../escape", 0644, new byte[1])));
        assertTrue(inner.contains("paths outside its directory: bin/../../escape"), inner);
        assertFalse(Files.exists(bundles.resolve("escape")));
    }

    @Test
    void anAbsolutePathIsRefusedOnTheNode() throws IOException {
        Path outside = Path.of("/tmp/kboot-bundle-escape-" + UUID.randomUUID());
        String message = refusal(BadEntries.adding(BadEntries.file(outside.toString(), 0644, new byte[1])));
        assertTrue(message.contains("paths outside its directory: " + outside), message);
        assertFalse(Files.exists(outside));
    }

    @Test
    void anEntryTwiceIsRefusedOnTheNode() throws IOException {
        BadEntries.Raw kubelet = BadEntries.file("bin/kubelet", 0755, "#!/bin/sh\necho replaced\n".getBytes());
        String message = refusal(entries -> {
            List<BadEntries.Raw> all = new ArrayList<>(entries);
            all.add(kubelet);
            return all;
        });
        assertTrue(message.contains("in it twice: bin/kubelet"), message);
        String directory = refusal(BadEntries.adding(BadEntries.directory("bin", 0755), BadEntries.directory("./bin", 0755)));
        assertTrue(directory.contains("in it twice: bin"), directory);
    }

    @Test
    void aDirectoryHoldingNothingListedIsRefusedOnTheNode() throws IOException {
        String message = refusal(BadEntries.adding(BadEntries.directory("etc/cron.d", 0755)));
        assertTrue(message.contains("directories holding nothing its MANIFEST lists: ./etc ./etc/cron.d"), message);
    }

    @Test
    void terminalEscapesInANameAreNotPassedOnByTheNode() throws IOException {
        String message = refusal(BadEntries.adding(BadEntries.file("bin/\u001b]0;owned\u0007x", 0644, new byte[1])));
        assertTrue(message.contains("not in its MANIFEST: bin/?]0;owned?x"), message);
    }

    @Test
    void aVerifiedTreeThatOthersCanChangeIsUnpackedAgain() throws IOException {
        PrepFixture.Context first = context(new BundleIT.Node("", Optional.empty()));
        new BundleStep().run(first.prep());
        // What an older kboot left from a bundle with a bin/ entry of mode 4777, under the same id.
        Files.setPosixFilePermissions(nodeDir.resolve("bin"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(nodeDir.resolve("bin/planted"), "#!/bin/sh\n");

        PrepFixture.Context again = context(new BundleIT.Node("", Optional.empty()));
        new BundleStep().run(again.prep());
        assertTrue(
                again.warnings()
                        .contains("the bundle's directory " + nodeDir + " holds ./bin, which is not a regular file or directory,"
                                + " or may be changed by others than root: not trusting it, unpacking the bundle again"),
                again.warnings());
        assertTrue(again.output().contains("uploaded the bundle"), again.output());
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(nodeDir.resolve("bin"))));
        assertFalse(Files.exists(nodeDir.resolve("bin/planted")));

        // A tree as checked is trusted without looking at every byte again.
        PrepFixture.Context third = context(new BundleIT.Node("", Optional.empty()));
        new BundleStep().run(third.prep());
        assertTrue(third.output().contains("already on the node, verified"), third.output());
    }
}
