package io.kboot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.bundle.K8sBuild;
import io.kboot.pki.DirSnapshot;
import io.kboot.pki.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real kubeadm v1.36.3 as the oracle for kboot's PKI: for one config, {@code kinit master phase
 * certs all} + {@code phase kubeconfig all} and {@code kubeadm init phase certs all} + {@code
 * kubeconfig all} write the same files with the same certificate fields (every difference listed
 * at once), and each tool's {@code certs check-expiration} reads the other's tree, printing the
 * same table for it. Needs kubeadm from scripts/k8s/build ({@code --only kubeadm}); neither tool
 * may touch this machine's /etc/kubernetes.
 */
class KubeadmPkiOracleIT {
    private static final Path ETC_KUBERNETES = Path.of("/etc/kubernetes");
    private static final List<String> CERTIFICATE_ROWS = List.of("admin.conf", "apiserver", "apiserver-etcd-client",
            "apiserver-kubelet-client", "controller-manager.conf", "etcd-healthcheck-client", "etcd-peer", "etcd-server",
            "front-proxy-client", "scheduler.conf", "super-admin.conf");
    private static final List<String> AUTHORITY_ROWS = List.of("ca", "etcd-ca", "front-proxy-ca");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"RSA-2048", "ECDSA-P256"})
    void kbootWritesThePkiKubeadmWritesAndEachReadsTheOthers(String algorithm) throws IOException {
        String kubeadm = K8sBuild.locate(List.of("bin/kubeadm")).resolve("bin/kubeadm").toString();
        DirSnapshot etc = DirSnapshot.of(ETC_KUBERNETES);
        // Each tree is the /etc/kubernetes of its own root: kubeadm's check-expiration reads kubeconfigs
        // from /etc/kubernetes only, and reaches another tree with --rootfs.
        Path kbootRoot = tmp.resolve("kboot");
        Path kubeadmRoot = tmp.resolve("kubeadm");
        Path kbootTree = kbootRoot.resolve("etc/kubernetes");
        Path kubeadmTree = kubeadmRoot.resolve("etc/kubernetes");

        String kbootConfig = config(tmp.resolve("kboot.yaml"), algorithm, kbootTree.resolve("pki"));
        Instant kbootStart = Instant.now();
        succeeds(CliTest.kinit("master", "phase", "certs", "all", "--config", kbootConfig));
        succeeds(CliTest.kinit("master", "phase", "kubeconfig", "all", "--config", kbootConfig,
                "--kubeconfig-dir", kbootTree.toString()));

        String kubeadmConfig = config(tmp.resolve("kubeadm.yaml"), algorithm, kubeadmTree.resolve("pki"));
        Instant kubeadmStart = Instant.now();
        Tools.ok(tmp, kubeadm, "init", "phase", "certs", "all", "--config", kubeadmConfig);
        Tools.ok(tmp, kubeadm, "init", "phase", "kubeconfig", "all", "--config", kubeadmConfig,
                "--kubeconfig-dir", kubeadmTree.toString());

        List<String> mismatches = new PkiTree(kbootTree, kbootStart).mismatches(new PkiTree(kubeadmTree, kubeadmStart));
        assertTrue(mismatches.isEmpty(), algorithm + ": kboot's PKI differs from kubeadm's in " + mismatches.size()
                + " places:\n" + String.join("\n", mismatches));

        String kubeadmReadsKboot = kubeadmCheckExpiration(kubeadm, kbootRoot, algorithm);
        assertEveryRowValid(kubeadmReadsKboot);
        assertEquals(kubeadmReadsKboot, kbootCheckExpiration(kbootTree), "kboot and kubeadm differ on kboot's tree");
        String kubeadmReadsKubeadm = kubeadmCheckExpiration(kubeadm, kubeadmRoot, algorithm);
        assertEveryRowValid(kubeadmReadsKubeadm);
        assertEquals(kubeadmReadsKubeadm, kbootCheckExpiration(kubeadmTree), "kboot and kubeadm differ on kubeadm's tree");
        // Missing files are rows too: "!MISSING! name" padded as kubeadm's tabwriter pads empty cells.
        // (Not a missing CA: kubeadm then fails instead of printing a row.)
        Files.delete(kubeadmTree.resolve("pki/etcd/peer.crt"));
        Files.delete(kubeadmTree.resolve("scheduler.conf"));
        String withMissing = kubeadmCheckExpiration(kubeadm, kubeadmRoot, algorithm);
        assertTrue(withMissing.contains("!MISSING! etcd-peer") && withMissing.contains("!MISSING! scheduler.conf"),
                withMissing);
        assertEquals(withMissing, kbootCheckExpiration(kubeadmTree), "kboot and kubeadm differ on missing files");

        assertEquals(etc, DirSnapshot.of(ETC_KUBERNETES), "this machine's /etc/kubernetes changed");
    }

    /** InitConfiguration + ClusterConfiguration as a user would write them, certificates under {@code pki}. */
    private static String config(Path file, String algorithm, Path pki) throws IOException {
        Files.writeString(file, """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                localAPIEndpoint:
                  advertiseAddress: 192.168.56.10
                  bindPort: 6443
                nodeRegistration:
                  name: cp1
                ---
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: ClusterConfiguration
                kubernetesVersion: v1.36.3
                controlPlaneEndpoint: k8s.example.test:6443
                certificatesDir: %s
                encryptionAlgorithm: %s
                networking:
                  serviceSubnet: 10.112.0.0/16
                  dnsDomain: corp.internal
                apiServer:
                  certSANs:
                  - api.example.test
                  - 10.0.0.99
                """.formatted(pki, algorithm));
        return file.toString();
    }

    /** kubeadm certs check-expiration chrooted into {@code root}; it must succeed and say nothing on stderr. */
    private String kubeadmCheckExpiration(String kubeadm, Path root, String algorithm) throws IOException {
        config(root.resolve("kubeadm.yaml"), algorithm, Path.of("/etc/kubernetes/pki"));
        List<String> argv = new ArrayList<>();
        if (!"root".equals(System.getProperty("user.name"))) {
            // chroot needs CAP_SYS_CHROOT: an unprivileged user namespace grants it.
            argv.addAll(List.of(Tools.require("unshare"), "--user", "--map-root-user"));
        }
        argv.addAll(List.of(kubeadm, "certs", "check-expiration", "--rootfs", root.toString(), "--config", "/kubeadm.yaml"));
        Tools.Result result = Tools.run(tmp, argv.toArray(String[]::new));
        assertEquals(0, result.exitCode(),
                "kubeadm certs check-expiration on " + root + ": " + result.stderr() + result.stdout());
        assertEquals("", result.stderr(), "kubeadm certs check-expiration on " + root);
        return result.stdout();
    }

    private static String kbootCheckExpiration(Path tree) {
        return succeeds(CliTest.kboot("certs", "check-expiration", "--cert-dir", tree.resolve("pki").toString(),
                "--kubeconfig-dir", tree.toString())).out();
    }

    /** Every certificate and CA listed, none missing or invalid, ~1 year and ~10 years left. */
    private static void assertEveryRowValid(String table) {
        assertTrue(!table.contains("MISSING") && !table.contains("invalid"), table);
        List<String> lines = table.lines().toList();
        int blank = lines.indexOf("");
        assertEquals(CERTIFICATE_ROWS, column(lines.subList(1, blank), 0), table);
        assertEquals(AUTHORITY_ROWS, column(lines.subList(blank + 2, lines.size()), 0), table);
        assertTrue(column(lines.subList(1, blank), 6).stream().allMatch(Set.of("364d", "365d")::contains), table);
        assertTrue(column(lines.subList(blank + 2, lines.size()), 6).stream().allMatch(Set.of("9y", "10y")::contains),
                table);
    }

    /** The {@code index}th whitespace-separated word of each row ("Nov 22, 2027 06:00 UTC" is four). */
    private static List<String> column(List<String> rows, int index) {
        return rows.stream().map(r -> Stream.of(r.trim().split("\\s+")).skip(index).findFirst().orElse("")).toList();
    }

    private static CliTest.Outcome succeeds(CliTest.Outcome outcome) {
        assertEquals(0, outcome.exitCode(), outcome.err() + outcome.out());
        return outcome;
    }
}
