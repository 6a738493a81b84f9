package io.kboot.cli;

import static io.kboot.cli.CliTest.kboot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.bundle.BundleWriter;
import io.kboot.bundle.FakeBuild;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kboot upgrade apply|node refuse bad input with exit 2 before any host is opened. The target is
 * 127.0.0.1:1, where nothing listens: a command that got as far as connecting would exit 1.
 */
class UpgradeCliTest {
    private static final String NOWHERE = "root@127.0.0.1:1";

    @TempDir
    static Path dir;

    static Path bundle;

    @BeforeAll
    static void bundleOfV1363() {
        bundle = BundleWriter.create(FakeBuild.create(dir.resolve("build")), dir.resolve("b.tar"), "registry.k8s.io", false,
                l -> {}).bundle();
    }

    private static void refused(CliTest.Outcome outcome, String expected) {
        assertEquals(2, outcome.exitCode(), outcome.err());
        assertTrue(outcome.err().contains(expected), outcome.err());
        assertFalse(outcome.err().contains("unexpected error"), outcome.err());
    }

    @Test
    void aVersionOtherThanTheBundlesIsRefusedNamingBoth() {
        refused(kboot("upgrade", "apply", "v1.37.0", "--host", NOWHERE, "--bundle", bundle.toString()),
                "carries Kubernetes v1.36.3, not v1.37.0");
    }

    @Test
    void aMalformedVersionIsRefused() {
        refused(kboot("upgrade", "apply", "1.36", "--host", NOWHERE, "--bundle", bundle.toString()),
                "\"1.36\" is not a Kubernetes version");
    }

    @Test
    void theBundleIsRequiredAndChecked() {
        refused(kboot("upgrade", "apply", "v1.36.3", "--host", NOWHERE), "--bundle");
        refused(kboot("upgrade", "node", "--host", NOWHERE, "--bundle", dir.resolve("missing.tar").toString()),
                "missing.tar");
    }

    @Test
    void aConfigWithoutAnUpgradeConfigurationOrWithABadOneIsRefused() throws Exception {
        Path initOnly =
                Files.writeString(dir.resolve("init.yaml"), "apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\n");
        refused(kboot("upgrade", "apply", "--host", NOWHERE, "--bundle", bundle.toString(), "--config", initOnly.toString()),
                "--config " + initOnly + ": no UpgradeConfiguration document");
        Path bad = Files.writeString(dir.resolve("upgrade.yaml"),
                "apiVersion: kubeadm.k8s.io/v1beta4\nkind: UpgradeConfiguration\ntimeouts: {kubeletHealthCheck: soon}\n");
        refused(kboot("upgrade", "node", "--host", NOWHERE, "--bundle", bundle.toString(), "--config", bad.toString()),
                "upgrade.yaml:3:");
    }

    @Test
    void timeoutsPhasesAndChecksAreChecked() {
        refused(kboot("upgrade", "node", "--host", NOWHERE, "--bundle", bundle.toString(), "--timeout",
                "upgradeManifests=soon"), "upgradeManifests");
        refused(kboot("upgrade", "node", "--host", NOWHERE, "--bundle", bundle.toString(), "--skip-phases", "no-such-phase"),
                "no-such-phase");
        refused(kboot("upgrade", "apply", "--host", NOWHERE, "--bundle", bundle.toString(), "--ignore-preflight-errors",
                "all,Swap"), "--ignore-preflight-errors");
    }

    @Test
    void aMissingKubeconfigIsRefused() {
        refused(kboot("upgrade", "node", "--host", NOWHERE, "--bundle", bundle.toString(), "--kubeconfig",
                dir.resolve("nope.conf").toString()), "nope.conf");
    }

    @Test
    void helpListsThePhases() {
        CliTest.Outcome help = kboot("upgrade", "apply", "--help");
        assertEquals(0, help.exitCode(), help.err());
        assertTrue(help.out().contains("kboot upgrade apply v1.36.3 --host"), help.out());
        assertTrue(help.out().contains("Phases (run one with 'phase <name>'"), help.out());
        assertTrue(help.out().contains("control-plane"), help.out());
        CliTest.Outcome node = kboot("upgrade", "node", "phase", "--help");
        assertEquals(0, node.exitCode(), node.err());
        assertTrue(node.out().contains("kubelet"), node.out());
    }

    /** kubeadm's upgrade apply|node phase …: the phase's own command, with every flag checked as the whole command's. */
    @Test
    void aPhaseTakesTheSameFlagsAndChecksThemFirst() {
        refused(kboot("upgrade", "apply", "phase", "preflight", "v1.37.0", "--host", NOWHERE, "--bundle", bundle.toString()),
                "carries Kubernetes v1.36.3, not v1.37.0");
        refused(kboot("upgrade", "node", "phase", "kubelet", "--host", NOWHERE, "--bundle", dir.resolve("gone.tar").toString()),
                "gone.tar");
        CliTest.Outcome reached = kboot("upgrade", "apply", "phase", "preflight", "--host", NOWHERE, "--bundle",
                bundle.toString());
        assertTrue(reached.err().contains("127.0.0.1:1"), "a valid phase run got as far as the host: " + reached.err());
    }
}
