package io.kboot.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.kboot.KbootException;
import io.kboot.config.Defaults;
import io.kboot.controlplane.EtcdBinary;
import io.kboot.host.LocalHost;
import io.kboot.hostprep.ComponentVersions;
import io.kboot.hostprep.HostPaths;
import io.kboot.pki.Pki;
import io.kboot.pki.PkiListener;
import io.kboot.pki.PkiSettings;
import io.kboot.pki.Tools;
import io.kboot.report.Reporter;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kboot etcd snapshot save against a real etcd 3.6 (the one scripts/k8s/build builds for the default
 * release) serving with kboot's certificates and requiring client certificates, as kubeadm's static
 * Pod runs it. The node is a tree rooted in a temporary directory (its etcd.yaml and /etc/kubernetes/pki),
 * reached as a LocalHost, so the snapshot takes the same path as over SSH: the manifest, the
 * healthcheck-client certificate, a forward to the client URL, the JSON gateway. Then the backup is
 * checked, restored with etcdutl into a new data directory as a new single-member cluster, etcd
 * started on it, and every key read back; a damaged copy and a wrong key are refused.
 */
class EtcdSnapshotIT {
    private static final int KEYS = 300;

    @TempDir
    Path root;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void aSnapshotSavedThroughKbootRestoresEveryKey() throws Exception {
        EtcdBinary etcd = EtcdBinary.forImageTag(
                ComponentVersions.bundled().controlPlaneRelease(Defaults.KUBERNETES_VERSION).etcd());
        Path node = root.resolve("cp1");
        Path pki = node.resolve("etc/kubernetes/pki");
        new Pki(new LocalHost(), pki.toString(), PkiSettings.defaults("cp1", "127.0.0.1"), PkiListener.silent()).ensure("all");
        int client = freePort();
        int peer = freePort();
        manifest(node, client, peer);
        start(etcd, "cp1", node.resolve("var/lib/etcd"), pki, client, peer, List.of());
        for (int i = 0; i < KEYS; i++) {
            ctl(etcd, pki, client, "put", "/registry/test/key-" + i, "value-" + i);
        }

        Path backup = root.resolve("backup.tar");
        Path keyFile = Files.writeString(root.resolve("backup.key"), HexFormat.of().formatHex(new byte[32]).replace('0', '7'));
        EncryptionKey key = EncryptionKey.read(keyFile);
        BackupManifest manifest = EtcdBackup.save(new EtcdBackup.Source(new LocalHost(), new HostPaths(node.toString()),
                "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nclusterName: lab\nkubernetesVersion: v1.36.3\n"
                        + "certificatesDir: /etc/kubernetes/pki\n"),
                backup, Optional.of(key), Reporter.silent(), Clock.systemUTC(), new SecureRandom());
        assertEquals("lab", manifest.clusterName());
        assertEquals(etcd.version(), manifest.etcd().version());
        assertTrue(manifest.etcd().revision() >= KEYS, manifest.toString());

        Path extracted = root.resolve("extracted");
        BackupArchive.Verified verified = BackupArchive.verify(backup, Optional.of(key), Optional.of(extracted));
        assertTrue(verified.encrypted());
        Path snapshot = extracted.resolve(BackupArchive.SNAPSHOT);
        Etcdutl etcdutl = Etcdutl.find(Optional.of(etcd.etcdutl())).orElseThrow();
        Etcdutl.SnapshotStatus status = etcdutl.status(snapshot);
        assertTrue(status.totalKeys() >= KEYS, status.toString());
        assertEquals(verified.databaseSize(), status.totalSize());
        assertEquals(Files.readAllBytes(pki.resolve("ca.key")).length,
                Files.readAllBytes(extracted.resolve("pki/ca.key")).length);

        // Restored as kinit master --restore-from will: a new single-member cluster on this node's peer URL.
        int newClient = freePort();
        int newPeer = freePort();
        Path restored = root.resolve("restored");
        Tools.Result restore = Tools.run(root, etcd.etcdutl().toString(), "snapshot", "restore", snapshot.toString(),
                "--data-dir=" + restored, "--name=cp1", "--initial-cluster=cp1=https://127.0.0.1:" + newPeer,
                "--initial-advertise-peer-urls=https://127.0.0.1:" + newPeer, "--bump-revision=1000000000", "--mark-compacted");
        assertEquals(0, restore.exitCode(), restore.stderr() + restore.stdout());
        start(etcd, "cp1", restored, pki, newClient, newPeer, List.of());
        String values = ctl(etcd, pki, newClient, "get", "/registry/test/", "--prefix", "--print-value-only");
        for (int i = 0; i < KEYS; i++) {
            assertTrue(values.contains("value-" + i + "\n"), "key-" + i + " is missing after the restore");
        }

        // A damaged copy and a wrong key are refused before anything would be restored.
        byte[] bytes = Files.readAllBytes(backup);
        bytes[bytes.length / 2] ^= 1;
        Path damaged = Files.write(root.resolve("damaged.tar"), bytes);
        assertThrows(KbootException.StepFailed.class, () -> BackupArchive.verify(damaged, Optional.of(key), Optional.empty()));
        Path wrongKey = Files.writeString(root.resolve("wrong.key"), "ab".repeat(32));
        assertThrows(KbootException.InvalidInput.class,
                () -> BackupArchive.verify(backup, Optional.of(EncryptionKey.read(wrongKey)), Optional.empty()));
    }

    /** The etcd.yaml kubeadm writes, reduced to what kboot reads; paths as the node sees them. */
    private static void manifest(Path node, int client, int peer) throws IOException {
        Path file = node.resolve("etc/kubernetes/manifests/etcd.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                apiVersion: v1
                kind: Pod
                metadata: {name: etcd, namespace: kube-system}
                spec:
                  containers:
                  - name: etcd
                    command:
                    - etcd
                    - --advertise-client-urls=https://127.0.0.1:%1$d
                    - --initial-advertise-peer-urls=https://127.0.0.1:%2$d
                    - --initial-cluster=cp1=https://127.0.0.1:%2$d
                    - --name=cp1
                    - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
                  volumes:
                  - {name: etcd-data, hostPath: {path: /var/lib/etcd, type: DirectoryOrCreate}}
                """.formatted(client, peer));
    }

    private void start(EtcdBinary etcd, String name, Path data, Path pki, int client, int peer, List<String> extra)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(etcd.path().toString(), "--name=" + name, "--data-dir=" + data,
                "--listen-client-urls=https://127.0.0.1:" + client, "--advertise-client-urls=https://127.0.0.1:" + client,
                "--listen-peer-urls=https://127.0.0.1:" + peer, "--initial-advertise-peer-urls=https://127.0.0.1:" + peer,
                "--initial-cluster=" + name + "=https://127.0.0.1:" + peer, "--client-cert-auth=true",
                "--trusted-ca-file=" + pki.resolve("etcd/ca.crt"), "--cert-file=" + pki.resolve("etcd/server.crt"),
                "--key-file=" + pki.resolve("etcd/server.key"), "--peer-client-cert-auth=true",
                "--peer-trusted-ca-file=" + pki.resolve("etcd/ca.crt"), "--peer-cert-file=" + pki.resolve("etcd/peer.crt"),
                "--peer-key-file=" + pki.resolve("etcd/peer.key")));
        command.addAll(extra);
        Path log = root.resolve(data.getFileName() + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        process.getOutputStream().close();
        processes.add(process);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                fail("etcd exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            if (Tools.run(root, etcd.etcdctl().toString(), "--endpoints=https://127.0.0.1:" + client, "--dial-timeout=2s",
                    "--cacert=" + pki.resolve("etcd/ca.crt"), "--cert=" + pki.resolve("etcd/healthcheck-client.crt"),
                    "--key=" + pki.resolve("etcd/healthcheck-client.key"), "endpoint", "health").exitCode() == 0) {
                return;
            }
            Thread.sleep(300);
        }
        fail("etcd did not become healthy:\n" + Files.readString(log));
    }

    private static String ctl(EtcdBinary etcd, Path pki, int client, String... args) {
        List<String> command = new ArrayList<>(List.of(etcd.etcdctl().toString(), "--endpoints=https://127.0.0.1:" + client,
                "--cacert=" + pki.resolve("etcd/ca.crt"), "--cert=" + pki.resolve("etcd/healthcheck-client.crt"),
                "--key=" + pki.resolve("etcd/healthcheck-client.key")));
        command.addAll(List.of(args));
        return Tools.ok(Path.of("/"), command.toArray(String[]::new));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
