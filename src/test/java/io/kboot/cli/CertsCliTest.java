package io.kboot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.pki.DirSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The certs and kubeconfig phases and `kboot certs`, run as a user runs them, on a temp dir. */
class CertsCliTest {
    @TempDir
    Path dir;

    private String[] node(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--node-name", "cp1", "--advertise-address", "192.168.56.10",
                "--encryption-algorithm", "ECDSA-P256", "--cert-dir", dir.resolve("pki").toString(),
                "--kubeconfig-dir", dir.toString()));
        return all.toArray(String[]::new);
    }

    @Test
    void thePhaseTreeIsKubeadms() {
        List<String> paths = MasterCommand.WORKFLOW.paths();
        assertTrue(paths.containsAll(List.of("certs", "certs/ca", "certs/apiserver", "certs/apiserver-kubelet-client",
                "certs/front-proxy-ca", "certs/front-proxy-client", "certs/etcd-ca", "certs/etcd-server",
                "certs/etcd-peer", "certs/etcd-healthcheck-client", "certs/apiserver-etcd-client", "certs/sa",
                "kubeconfig", "kubeconfig/admin", "kubeconfig/super-admin", "kubeconfig/kubelet",
                "kubeconfig/controller-manager", "kubeconfig/scheduler")), paths.toString());
        assertTrue(paths.indexOf("certs/sa") < paths.indexOf("kubeconfig/admin"));
        String help = CliTest.kinit("master", "phase", "certs", "--help").out();
        assertTrue(help.contains("Generate the certificate for serving etcd"), help);
        assertEquals(11, MasterCommand.WORKFLOW.plan(Optional.of("certs"), Set.of()).toRun().size());
        assertEquals(10, MasterCommand.WORKFLOW.plan(Optional.of("certs"), Set.of("certs/etcd-ca")).toRun().size());
    }

    @Test
    void certsThenKubeconfigsThenExpirationAndRenewal() throws Exception {
        CliTest.Outcome certs = CliTest.kinit(node("master", "phase", "certs", "all"));
        assertEquals(0, certs.exitCode(), certs.err());
        assertTrue(certs.out().contains("[certs] local: Generating \"ca\" certificate and key"), certs.out());
        assertTrue(Files.exists(dir.resolve("pki/etcd/server.key")));
        assertFalse(Files.exists(dir.resolve("admin.conf")));

        CliTest.Outcome kubeconfig = CliTest.kinit(node("master", "phase", "kubeconfig", "all"));
        assertEquals(0, kubeconfig.exitCode(), kubeconfig.err());
        assertTrue(kubeconfig.out().contains("[kubeconfig] local: Writing \"admin.conf\" kubeconfig file"));
        assertTrue(Files.readString(dir.resolve("admin.conf")).contains("server: https://192.168.56.10:6443\n"));

        CliTest.Outcome again = CliTest.kinit(node("master", "phase", "certs", "apiserver"));
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("Using existing apiserver certificate and key on disk"), again.out());

        CliTest.Outcome check = CliTest.kboot("certs", "check-expiration", "--cert-dir", dir.resolve("pki").toString(),
                "--kubeconfig-dir", dir.toString());
        assertEquals(0, check.exitCode(), check.err());
        assertTrue(check.out().startsWith("CERTIFICATE "), check.out());
        assertTrue(check.out().contains("\nsuper-admin.conf "), check.out());
        assertFalse(check.out().contains("MISSING"), check.out());

        String before = Files.readString(dir.resolve("pki/apiserver.crt"));
        CliTest.Outcome renew = CliTest.kboot("certs", "renew", "apiserver", "--cert-dir", dir.resolve("pki").toString(),
                "--kubeconfig-dir", dir.toString());
        assertEquals(0, renew.exitCode(), renew.err());
        assertTrue(renew.out().contains("certificate for serving the Kubernetes API renewed"), renew.out());
        assertFalse(before.equals(Files.readString(dir.resolve("pki/apiserver.crt"))));
    }

    @Test
    void badInputExitsWithTwoAndWritesNothing() throws Exception {
        DirSnapshot empty = DirSnapshot.of(dir);
        CliTest.Outcome leaf = CliTest.kinit(node("master", "phase", "certs", "apiserver"));
        assertEquals(2, leaf.exitCode());
        assertTrue(leaf.err().contains("create the ca certificate authority first"), leaf.err());
        CliTest.Outcome sans = CliTest.kinit(node("master", "phase", "certs", "all", "--apiserver-cert-extra-sans",
                "10.0.0.256"));
        assertEquals(2, sans.exitCode());
        assertTrue(sans.err().contains("\"10.0.0.256\" is not a valid IP address"), sans.err());
        assertEquals(empty, DirSnapshot.of(dir));
        CliTest.Outcome renew = CliTest.kboot("certs", "renew", "ca", "--cert-dir", dir.toString());
        assertEquals(2, renew.exitCode());
        assertTrue(renew.err().startsWith("error: cannot renew \"ca\": valid names are all, apiserver"), renew.err());
    }
}
