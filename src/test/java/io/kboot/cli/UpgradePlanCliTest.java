package io.kboot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.bundle.BundleWriter;
import io.kboot.bundle.FakeBuild;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kboot upgrade plan} with bad input: exit 2 naming the value, before any host is opened.
 * The host is 127.0.0.1's port 1, where nothing listens: a run that got as far as connecting
 * would fail with exit 1.
 */
class UpgradePlanCliTest {
    private static final String NOWHERE = "root@127.0.0.1:1";

    @TempDir
    Path dir;

    private static CliTest.Outcome plan(String... flags) {
        String[] args = new String[flags.length + 2];
        args[0] = "upgrade";
        args[1] = "plan";
        System.arraycopy(flags, 0, args, 2, flags.length);
        return CliTest.kboot(args);
    }

    private static void refused(CliTest.Outcome outcome, String expected) {
        assertEquals(2, outcome.exitCode(), outcome.out() + outcome.err());
        assertEquals("error: " + expected + "\n", outcome.err());
        assertEquals("", outcome.out());
    }

    private Path bundle(Path build, String name) {
        return BundleWriter.create(build, dir.resolve(name), "registry.k8s.io", false, l -> {}).bundle();
    }

    private Path clusterFile() throws Exception {
        Path file = dir.resolve("cluster.yaml");
        Files.writeString(file, """
                apiVersion: kboot.io/v1alpha1
                kind: Cluster
                ssh: {port: 1}
                hosts:
                - {name: cp1, address: 127.0.0.1, role: control-plane}
                """);
        return file;
    }

    @Test
    void itNeedsExactlyOneOfHostAndFile() throws Exception {
        refused(plan("--to", "v1.36.3"), "kboot upgrade plan needs --host (a control plane) or -f (a cluster file), got neither");
        Path file = clusterFile();
        refused(plan("--host", NOWHERE, "-f", file.toString(), "--to", "v1.36.3"),
                "kboot upgrade plan needs --host (a control plane) or -f (a cluster file), not both: --host " + NOWHERE
                        + " and -f "
                        + file);
    }

    @Test
    void aMalformedTargetIsNamed() {
        refused(plan("--host", NOWHERE, "--to", "1.36"), "--to: \"1.36\" is not a Kubernetes version (expected e.g. v1.34.2)");
        refused(plan("--host", NOWHERE, "--to", "latest"),
                "--to: \"latest\" is not a Kubernetes version (expected e.g. v1.34.2)");
    }

    @Test
    void aHostAloneNeedsTheRelease() {
        refused(plan("--host", NOWHERE), "--host " + NOWHERE + " needs the release to plan for: --to vX.Y.Z or --bundle FILE");
    }

    @Test
    void toAndABundleOfAnotherReleaseDisagree() {
        Path older = bundle(FakeBuild.createV135(dir.resolve("build-135")), "b135.tar");
        refused(plan("--host", NOWHERE, "--to", "v1.36.3", "--bundle", older.toString()),
                "--to v1.36.3 and --bundle b135.tar (Kubernetes v1.35.4) disagree: give a bundle of v1.36.3 or leave --to out");
    }

    @Test
    void aDamagedOrMissingBundleIsRefused() throws Exception {
        Path good = bundle(FakeBuild.create(dir.resolve("build")), "b.tar");
        Files.write(good, FakeBuild.flipByte(Files.readAllBytes(good), "kubectl"));
        CliTest.Outcome damaged = plan("--host", NOWHERE, "--bundle", good.toString());
        assertEquals(2, damaged.exitCode(), damaged.err());
        assertTrue(damaged.err().startsWith("error: --bundle " + good + " is damaged: bin/kubectl: SHA-256 "), damaged.err());
        CliTest.Outcome missing = plan("--host", NOWHERE, "--bundle", dir.resolve("none.tar").toString());
        assertEquals(2, missing.exitCode(), missing.err());
        assertTrue(missing.err().contains("none.tar"), missing.err());
    }

    @Test
    void aMissingClusterFileIsRefused() {
        CliTest.Outcome missing = plan("-f", dir.resolve("nothing.yaml").toString());
        assertEquals(2, missing.exitCode(), missing.err());
        assertTrue(missing.err().contains("nothing.yaml"), missing.err());
    }

    @Test
    void theHelpShowsExamplesAndTheParentNeedsASubcommand() {
        String help = plan("--help").out();
        assertTrue(help.startsWith("Usage: kboot upgrade plan"), help);
        assertTrue(help.contains("kboot upgrade plan --host root@192.168.56.10 --to v1.36.3"), help);
        assertTrue(help.contains("kboot upgrade plan -f cluster.yaml --to v1.36.3 -o json"), help);
        assertTrue(CliTest.kboot("upgrade", "--help").out().contains("plan"));
        CliTest.Outcome bare = CliTest.kboot("upgrade");
        assertEquals(2, bare.exitCode());
        assertTrue(bare.err().startsWith("error: missing command: plan, apply or node (see kboot upgrade --help)"),
                bare.err());
        assertTrue(CliTest.kboot("--help").out().contains("kboot upgrade plan -f cluster.yaml --to v1.36.3"));
    }
}
