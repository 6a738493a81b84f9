package io.kboot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.bundle.FakeBuild;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kboot bundle create/verify and --bundle, as a user runs them: exit codes and the lines they print. */
class BundleCliTest {
    @TempDir
    Path dir;

    private Path build;
    private Path bundle;
    private final UnaryOperator<String> environment = BundleCommand.environment;

    @BeforeEach
    void makeBundle() {
        build = FakeBuild.create(dir.resolve("build"));
        bundle = dir.resolve("kboot-bundle.tar");
        BundleCommand.environment = name -> null;
        CliTest.Outcome created = CliTest.kboot("bundle", "create", "--from", build.toString(), "-o", bundle.toString());
        assertEquals(0, created.exitCode(), created.err());
        assertTrue(created.out().contains("[bundle] image registry.k8s.io/pause:3.10.2 sha256:"), created.out());
        assertTrue(created.out().contains("[bundle] wrote " + bundle + ": "), created.out());
        assertTrue(created.out().contains(", 20 files (9 images), Kubernetes v1.36.3, in "), created.out());
    }

    @AfterEach
    void restoreEnvironment() {
        BundleCommand.environment = environment;
    }

    @Test
    void verifySaysOkAndWhatIsInside() {
        CliTest.Outcome verified = CliTest.kboot("bundle", "verify", bundle.toString());
        assertEquals(0, verified.exitCode(), verified.err());
        assertTrue(verified.out().startsWith(bundle + ": OK, 20 files, "), verified.out());
        assertTrue(verified.out().contains("\nversion: KUBERNETES_VERSION=v1.36.3\n"), verified.out());
        assertTrue(verified.out().contains("\nimage: registry.k8s.io/coredns/coredns:v1.14.2\n"), verified.out());
    }

    @Test
    void aDamagedBundleFailsVerifyWithExit1AndIsRefusedByKinitAndKjoinWithExit2() throws IOException {
        Files.write(bundle, FakeBuild.flipByte(Files.readAllBytes(bundle), "kubectl"));
        CliTest.Outcome verified = CliTest.kboot("bundle", "verify", bundle.toString());
        assertEquals(1, verified.exitCode());
        assertTrue(verified.err().startsWith("error: " + bundle + ": bin/kubectl: SHA-256 "), verified.err());
        assertTrue(verified.err().contains("error: " + bundle + ": 1 problem(s); do not use this bundle"), verified.err());

        CliTest.Outcome kinit = CliTest.kinit("master", "phase", "prepare", "--dry-run", "--bundle", bundle.toString());
        assertEquals(2, kinit.exitCode(), kinit.err());
        assertTrue(kinit.err().startsWith("error: --bundle " + bundle + " is damaged: bin/kubectl: SHA-256 "), kinit.err());
        assertFalse(kinit.out().contains("[prepare]"), "no phase ran: " + kinit.out());
        CliTest.Outcome kjoin = CliTest.kjoin("192.168.56.10:6443", "--token", "abcdef.0123456789abcdef",
                "--discovery-token-unsafe-skip-ca-verification", "--dry-run", "--bundle", bundle.toString());
        assertEquals(2, kjoin.exitCode(), kjoin.err());
        assertTrue(kjoin.err().contains("is damaged: bin/kubectl"), kjoin.err());
    }

    @Test
    void badInputIsExit2AndSaysWhatWasWrong() throws IOException {
        CliTest.Outcome noFrom = CliTest.kboot("bundle", "create", "-o", dir.resolve("x.tar").toString());
        assertEquals(2, noFrom.exitCode());
        assertEquals(
                "error: bundle create needs --from DIR (or KBOOT_K8S_DIR): the output directory of scripts/k8s/build, which"
                        + " prints it\n",
                noFrom.err());

        BundleCommand.environment = name -> name.equals("KBOOT_K8S_DIR") ? build.toString() : null;
        CliTest.Outcome fromEnvironment = CliTest.kboot("bundle", "create", "-o", dir.resolve("env.tar").toString());
        assertEquals(0, fromEnvironment.exitCode(), fromEnvironment.err());

        CliTest.Outcome repository =
                CliTest.kboot("bundle", "create", "--from", build.toString(), "--image-repository", "Not A Repo",
                        "-o", dir.resolve("y.tar").toString());
        assertEquals(2, repository.exitCode());
        assertTrue(repository.err().startsWith("error: --image-repository: \"Not A Repo\" is not an image repository"),
                repository.err());

        Path text = Files.writeString(dir.resolve("notes.tar"), "hello\n".repeat(200));
        CliTest.Outcome notATar = CliTest.kboot("bundle", "verify", text.toString());
        assertEquals(2, notATar.exitCode());
        assertTrue(notATar.err().startsWith("error: " + text + ": not a tar archive"), notATar.err());
        CliTest.Outcome missing = CliTest.kboot("bundle", "verify", dir.resolve("none.tar").toString());
        assertEquals(2, missing.exitCode());
        assertEquals("error: " + dir.resolve("none.tar") + ": no such file\n", missing.err());

        CliTest.Outcome both =
                CliTest.kinit("master", "phase", "prepare", "--dry-run", "--bundle", bundle.toString(), "--packages-dir",
                        dir.toString());
        assertEquals(2, both.exitCode());
        assertTrue(both.err().startsWith("error: --bundle and --packages-dir cannot be used together"), both.err());

        CliTest.Outcome release = CliTest.kinit("master", "phase", "prepare", "--dry-run", "--bundle", bundle.toString(),
                "--kubernetes-version", "v1.35.4");
        assertEquals(2, release.exitCode());
        assertTrue(
                release.err().startsWith(
                        "error: --bundle kboot-bundle.tar carries Kubernetes v1.36.3, but the node is set up for v1.35.4"),
                release.err());
        assertFalse(Files.exists(dir.resolve("y.tar")));
    }

    @Test
    void thePrepareGroupShowsTheBundleAndImagesSteps() {
        String help = CliTest.kinit("master", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains(" bundle Upload the offline bundle (--bundle) once and verify it on the node"), help);
        assertTrue(help.contains(" images Import the offline bundle's images into containerd (--bundle only)"), help);
        assertTrue(CliTest.kboot("bundle", "--help").out().startsWith("Usage: kboot bundle"));
    }
}
