package io.kboot.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import io.kboot.KbootException;
import io.kboot.api.EtcdClient;
import io.kboot.host.Host;
import io.kboot.hostprep.HostPaths;
import io.kboot.pki.ClientTls;
import io.kboot.report.ProgressMeter;
import io.kboot.report.Reporter;
import io.kboot.templates.Templates;
import io.kboot.token.ClusterCerts;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code kboot etcd snapshot save}: a consistent snapshot of a control plane's etcd, streamed to
 * this machine, with what a rebuilt first control plane needs to be the same cluster.
 *
 * <p>The snapshot comes through etcd's own API (Maintenance.Snapshot on the JSON gateway, reached
 * through the node with the healthcheck-client certificate, as kubeadm's etcd client asks), not
 * through etcdctl on the node: nothing is installed or run there, no copy of every Secret is left
 * on the node's disk, and it works with any etcd image, kboot's or registry.k8s.io's.
 */
public final class EtcdBackup {
    private EtcdBackup() {}

    /**
     * Where to take it from and what to add.
     *
     * @param host                 the control plane
     * @param paths                where its files are (the system's, or a test's rooted tree)
     * @param clusterConfiguration the cluster's ClusterConfiguration (kube-system/kubeadm-config)
     */
    public record Source(Host host, HostPaths paths, String clusterConfiguration) {}

    /** Writes the backup to {@code out}; returns its manifest. */
    public static BackupManifest save(Source source, Path out, Optional<EncryptionKey> key, Reporter reporter, Clock clock,
            SecureRandom random) {
        Host host = source.host();
        JsonNode cluster = Templates.parseYaml(source.clusterConfiguration());
        String certificatesDir = cluster.path("certificatesDir").asText("/etc/kubernetes/pki");
        LocalEtcd etcd = LocalEtcd.read(host, source.paths(), "fix the manifest, or take the snapshot on another control plane")
                .orElseThrow(() -> new KbootException.StepFailed(host.name() + " has no " + LocalEtcd.MANIFEST
                        + ": not a control plane with a stacked etcd member"));
        Map<String, byte[]> pki = new LinkedHashMap<>();
        for (String file : ClusterCerts.FILES) {
            pki.put(file, read(source, certificatesDir + "/" + file));
        }
        Path dir = out.toAbsolutePath().getParent();
        try {
            Path snapshot = Files.createTempFile(dir, "." + out.getFileName(), ".snapshot",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                BackupManifest.EtcdState state = takeSnapshot(source, etcd, snapshot, reporter);
                BackupManifest about = new BackupManifest(clock.instant(), host.name(),
                        cluster.path("clusterName").asText("kubernetes"), cluster.path("kubernetesVersion").asText(""), state,
                        List.of());
                return BackupArchive.write(out, about,
                        new BackupArchive.Contents(snapshot, pki, source.clusterConfiguration()), key, random);
            } finally {
                Files.deleteIfExists(snapshot);
            }
        } catch (IOException e) {
            throw new KbootException.StepFailed("cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    private static BackupManifest.EtcdState takeSnapshot(Source source, LocalEtcd etcd, Path snapshot, Reporter reporter)
            throws IOException {
        Host host = source.host();
        String ca = text(source, etcd.pkiDir() + "/ca.crt");
        String cert = text(source, etcd.pkiDir() + "/healthcheck-client.crt");
        String key = text(source, etcd.pkiDir() + "/healthcheck-client.key");
        URI endpoint = etcd.clientUrls().get(0);
        try (EtcdClient client = EtcdClient.open(host, endpoint, ClientTls.mutual(ca, cert, key, endpoint.getHost()))) {
            EtcdClient.Status status = client.status();
            reporter.info(host.name(), "etcd " + status.version() + " member " + status.memberId() + " of cluster "
                    + status.clusterId() + " at revision " + status.revision() + ", database " + status.dbSize() + " bytes");
            ProgressMeter meter = new ProgressMeter(reporter, host.name(), "receiving etcd's snapshot", status.dbSize(), "bytes");
            long received;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(snapshot), 1 << 16)) {
                received = client.snapshot(out, meter);
            }
            reporter.info(host.name(), "received etcd's snapshot: " + received + " bytes");
            return new BackupManifest.EtcdState(status.version(), status.clusterId(), status.memberId(), status.revision());
        }
    }

    private static String text(Source source, String path) {
        return new String(read(source, path), StandardCharsets.UTF_8);
    }

    private static byte[] read(Source source, String path) {
        String rooted = source.paths().at(path);
        return source.host().read(rooted).orElseThrow(() -> new KbootException.StepFailed(source.host().name() + ": " + rooted
                + " is missing: a backup needs the cluster's shared certificates and keys and etcd's client certificate"));
    }
}
