package io.kboot.cli;

import io.kboot.KbootException;
import io.kboot.Randomness;
import io.kboot.api.ApiConnection;
import io.kboot.apply.ClusterSpec;
import io.kboot.apply.HostSpec;
import io.kboot.config.Echo;
import io.kboot.etcd.BackupManifest;
import io.kboot.etcd.EncryptionKey;
import io.kboot.etcd.EtcdBackup;
import io.kboot.host.Host;
import io.kboot.host.NamedHost;
import io.kboot.hostprep.HostPaths;
import io.kboot.report.Reporter;
import io.kboot.report.TextReporter;
import io.kboot.upgrade.ClusterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kboot etcd snapshot save}: a backup of the cluster, written on this machine. */
@Command(name = "save", mixinStandardHelpOptions = true,
        description = {
            "Take a consistent snapshot of a control plane's etcd (etcd's Maintenance API, through the node over SSH) and"
                    + " write it to FILE on this machine with what a rebuilt first control plane needs to be the same"
                    + " cluster: the CAs and their keys, sa.key/sa.pub, the front-proxy and etcd CAs, the ClusterConfiguration"
                    + " (kube-system/kubeadm-config), the versions. One tar with a MANIFEST of SHA-256 sums, mode 0600;"
                    + " --encrypt-key-file encrypts it with AES-256-GCM.",
            "",
            "The backup holds the cluster's CA keys and every Secret: keep it as you keep the CA."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  kboot etcd snapshot save --host root@192.168.56.10 -o backup.tar",
            "  kboot etcd snapshot save -f cluster.yaml -o backup.tar      # the first control plane whose API answers",
            "  openssl rand -hex 32 > backup.key && chmod 600 backup.key",
            "  kboot etcd snapshot save -f cluster.yaml -o backup.tar --encrypt-key-file backup.key",
            "  kboot etcd snapshot status backup.tar --encrypt-key-file backup.key",
            ""})
final class EtcdSnapshotSaveCommand implements Callable<Integer> {
    @Mixin
    TargetOptions target = new TargetOptions();

    @Option(names = {"-f", "--filename"}, paramLabel = "FILE",
            description = "A cluster file (as for kboot apply): its control planes are tried in file order until one's API"
                    + " server answers.")
    Optional<Path> file = Optional.empty();

    @Option(names = {"-o", "--output-file"}, paramLabel = "FILE", required = true,
            description = "Where to write the backup (mode 0600; an existing file is replaced only when the new one is"
                    + " complete).")
    Path output;

    @Option(names = "--encrypt-key-file", paramLabel = "FILE",
            description = "Encrypt the backup with this AES-256 key: 64 hex digits (openssl rand -hex 32) or 32 bytes.")
    Optional<Path> keyFile = Optional.empty();

    @Option(names = "--kubeconfig-dir", paramLabel = "DIR", converter = Converters.SafePath.class,
            description = "The kubeconfig directory on the node (default: /etc/kubernetes, or the cluster file's).")
    Optional<String> kubeconfigDir = Optional.empty();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // Every input is read and checked before a host is contacted.
        if (target.host.isPresent() && file.isPresent()) {
            throw new KbootException.InvalidInput("kboot etcd snapshot save takes --host (a control plane) or -f (a cluster"
                    + " file), not both: --host " + target.host.get() + " and -f " + file.get());
        }
        Path dir = output.toAbsolutePath().getParent();
        if (Files.isDirectory(output) || dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new KbootException.InvalidInput("-o " + Echo.quote(output.toString())
                    + ": not a file in an existing, writable directory");
        }
        Optional<EncryptionKey> key = keyFile.map(EncryptionKey::read);
        Optional<ClusterSpec> cluster = file.map(f -> ClusterSpec.load(f, Path.of(System.getProperty("user.home")),
                SshTargets.config(target.sshConfig)));
        Reporter reporter = new TextReporter(spec.commandLine().getOut(), spec.commandLine().getErr(),
                Verbosity.of(spec) >= Verbosity.DETAILS);
        BackupManifest written = cluster.isPresent() ? fromClusterFile(cluster.get(), key, reporter) : fromTarget(key, reporter);
        long size = output.toFile().length();
        reporter.result("etcd backup", List.of(
                String.format(Locale.ROOT, "wrote %s: %.1f MB, etcd %s cluster %s at revision %d, Kubernetes %s, from %s%s",
                        output, size / 1e6, written.etcd().version(), written.etcd().clusterId(), written.etcd().revision(),
                        written.kubernetesVersion(), written.node(), key.isPresent() ? ", encrypted" : ""),
                "it holds the cluster's CA keys and every Secret: keep it as you keep the CA"
                        + (key.isPresent() ? ", and its key apart from it" : "")));
        return ExitCodes.OK;
    }

    private BackupManifest fromTarget(Optional<EncryptionKey> key, Reporter reporter) {
        String adminConf = kubeconfigDir.orElse("/etc/kubernetes") + "/admin.conf";
        try (Host host = target.open()) {
            return save(host, adminConf, key, reporter);
        }
    }

    /** The first control plane whose API server gives the ClusterConfiguration. */
    private BackupManifest fromClusterFile(ClusterSpec cluster, Optional<EncryptionKey> key, Reporter reporter) {
        List<HostSpec> controlPlanes = cluster.controlPlanes();
        String adminConf = kubeconfigDir.orElse(cluster.initSettings(controlPlanes.get(0), Set.of(), false).pki().kubeconfigDir())
                + "/admin.conf";
        List<Host> opened = ClusterHosts.connect(controlPlanes, target.acceptNewHostKey);
        List<String> failures = new ArrayList<>();
        try {
            for (int i = 0; i < opened.size(); i++) {
                Host host = new NamedHost(controlPlanes.get(i).name(), opened.get(i));
                try {
                    return save(host, adminConf, key, reporter);
                } catch (KbootException.StepFailed e) {
                    reporter.warn(host.name(), e.getMessage());
                    failures.add(host.name());
                }
            }
        } finally {
            opened.forEach(Host::close);
        }
        throw new KbootException.StepFailed("no control plane of " + cluster.file() + " gave a backup (tried "
                + String.join(", ", failures) + ")");
    }

    private BackupManifest save(Host host, String adminConf, Optional<EncryptionKey> key, Reporter reporter) {
        String clusterConfiguration = clusterConfiguration(host, adminConf);
        return EtcdBackup.save(new EtcdBackup.Source(host, HostPaths.SYSTEM, clusterConfiguration), output, key, reporter,
                Clock.systemUTC(), Randomness.strong());
    }

    /** kube-system/kubeadm-config's ClusterConfiguration, read with the node's admin.conf. */
    private static String clusterConfiguration(Host host, String adminConf) {
        if (!host.exists(adminConf)) {
            throw new KbootException.StepFailed(host.name() + ": " + adminConf + " does not exist: not a control plane of a"
                    + " cluster made by kinit master, kboot apply or kubeadm init");
        }
        try (ApiConnection admin = ApiConnection.open(host, adminConf)) {
            return ClusterConfig.clusterConfiguration(admin.api());
        }
    }
}
