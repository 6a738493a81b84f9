package io.kboot.cli;

import io.kboot.KbootException;
import io.kboot.config.Cidr;
import io.kboot.config.ConfigDocuments;
import io.kboot.config.ConfigLoader;
import io.kboot.config.Echo;
import io.kboot.config.Endpoint;
import io.kboot.config.InitBootstrap;
import io.kboot.config.InitSettings;
import io.kboot.config.KubernetesVersion;
import io.kboot.config.Manifests;
import io.kboot.config.Restore;
import io.kboot.etcd.BackupArchive;
import io.kboot.etcd.EncryptionKey;
import io.kboot.node.ControlPlaneNode;
import io.kboot.token.BootstrapToken;
import io.kboot.token.CertificateKey;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The flags of {@code kinit master} (and of each of its {@code phase} subcommands). */
public final class InitOptions {
    @Mixin
    NodeOptions node = new NodeOptions();

    @Option(names = "--config", paramLabel = "FILE",
            description = "kubeadm v1beta4 config (InitConfiguration, ClusterConfiguration, KubeletConfiguration...). Flags"
                    + " override it.")
    Optional<Path> config = Optional.empty();

    @Option(names = "--advertise-address", paramLabel = "IP",
            description = "Address the API server advertises (default: the address of the host's default route).")
    Optional<InetAddress> advertiseAddress = Optional.empty();

    @Option(names = "--apiserver-bind-port", paramLabel = "PORT", converter = Converters.Port.class,
            description = "API server port (default: 6443).")
    Optional<Integer> bindPort = Optional.empty();

    @Option(names = "--control-plane-endpoint", paramLabel = "HOST[:PORT]",
            description = "A stable address for all control planes (a load balancer or DNS name).")
    Optional<Endpoint> controlPlaneEndpoint = Optional.empty();

    @Option(names = "--kubernetes-version", paramLabel = "vX.Y.Z",
            description = "Kubernetes version to install (default: ${io.kboot.default-kubernetes-version:-the version this"
                    + " kboot ships with}).")
    Optional<KubernetesVersion> kubernetesVersion = Optional.empty();

    @Option(names = "--pod-network-cidr", paramLabel = "CIDR", converter = Converters.CidrList.class,
            description = "Pod network; the controller manager gives each node a slice of it.")
    Optional<List<Cidr>> podNetwork = Optional.empty();

    @Option(names = "--service-cidr", paramLabel = "CIDR", converter = Converters.ServiceCidrList.class,
            description = "Service network (default: 10.96.0.0/12).")
    Optional<List<Cidr>> serviceNetwork = Optional.empty();

    @Option(names = "--service-dns-domain", paramLabel = "DOMAIN", converter = Converters.DnsName.class,
            description = "Cluster DNS domain (default: cluster.local).")
    Optional<String> dnsDomain = Optional.empty();

    @Option(names = "--cert-dir", paramLabel = "DIR", converter = Converters.SafePath.class,
            description = "Where certificates go (default: /etc/kubernetes/pki).")
    Optional<String> certDir = Optional.empty();

    @Option(names = "--kubeconfig-dir", paramLabel = "DIR", converter = Converters.SafePath.class,
            description = "Where kubeconfig files go (default: /etc/kubernetes).")
    Optional<String> kubeconfigDir = Optional.empty();

    @Option(names = "--encryption-algorithm", paramLabel = "ALG", converter = Converters.Algorithm.class,
            description = "Key algorithm: RSA-2048 (default), RSA-3072, RSA-4096 or ECDSA-P256.")
    Optional<String> encryptionAlgorithm = Optional.empty();

    @Option(names = "--apiserver-cert-extra-sans", paramLabel = "SAN", split = ",", converter = Converters.San.class,
            description = "Extra names or IPs for the API server certificate.")
    List<String> extraSans = new ArrayList<>();

    @Option(names = "--upload-certs", description = "Upload the control-plane certificates for other control planes to join.")
    boolean uploadCerts;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "The bootstrap token nodes join with ([a-z0-9]{6}.[a-z0-9]{16}; default: generated).")
    Optional<BootstrapToken> token = Optional.empty();

    @Option(names = "--token-ttl", paramLabel = "DURATION",
            description = "How long the bootstrap token stays valid, e.g. 2h or 24h0m0s (default: 24h).")
    Optional<Duration> tokenTtl = Optional.empty();

    @Option(names = "--certificate-key", paramLabel = "HEX",
            description = "With --upload-certs: the key (64 hex digits) that encrypts the uploaded certificates (default:"
                    + " generated).")
    Optional<CertificateKey> certificateKey = Optional.empty();

    @Option(names = "--pod-network-manifest", paramLabel = "FILE",
            description = "Apply this CNI manifest (e.g. Calico's or Flannel's YAML) instead of kboot's built-in pod network.")
    Optional<Path> podNetworkManifest = Optional.empty();

    @Option(names = "--restore-from", paramLabel = "FILE",
            description = "Rebuild the cluster's first control plane from a backup made by kboot etcd snapshot save: its CAs,"
                    + " keys and ClusterConfiguration instead of new ones, etcd's data restored into a new single-member"
                    + " cluster on this node. Checked whole on this machine before the node is touched.")
    Optional<Path> restoreFrom = Optional.empty();

    @Option(names = "--encrypt-key-file", paramLabel = "FILE", description = "The key of an encrypted --restore-from backup.")
    Optional<Path> restoreKey = Optional.empty();

    /** The merged settings; reads and checks the config file first, so bad input fails before any host is touched. */
    InitSettings settings() {
        Optional<BackupArchive.Unpacked> backup = restoreFrom.map(this::unpack);
        ConfigDocuments docs = backup.isPresent() ? restoredDocuments(backup.get())
                : config.map(ConfigLoader::load).orElseGet(ConfigDocuments::none);
        InitSettings settings = InitSettings.from(docs, flags());
        // The release is checked here, on the workstation: otherwise only the certs phase found it, after SSH and preflight.
        ControlPlaneNode.requireSupported(settings.cluster().kubernetesVersion(), kubernetesVersion.isPresent()
                ? Optional.of("--kubernetes-version") : docs.clusterConfigurationField("/kubernetesVersion"));
        InitBootstrap bootstrap = settings.bootstrap();
        bootstrap = podNetworkManifest.map(Manifests::load).map(bootstrap::withPodNetworkManifest).orElse(bootstrap);
        if (backup.isPresent()) {
            bootstrap = bootstrap.withRestore(new Restore(backup.get().dir(), restoreFrom.get().toString()));
        }
        return settings.withBootstrap(bootstrap).withRun(node.withTimeoutFlags(settings.run()));
    }

    /** The backup checked whole and unpacked; flags that would make the restored cluster another one are refused. */
    private BackupArchive.Unpacked unpack(Path file) {
        Map<String, Boolean> clusterFlags = new LinkedHashMap<>();
        clusterFlags.put("--kubernetes-version", kubernetesVersion.isPresent());
        clusterFlags.put("--pod-network-cidr", podNetwork.isPresent());
        clusterFlags.put("--service-cidr", serviceNetwork.isPresent());
        clusterFlags.put("--service-dns-domain", dnsDomain.isPresent());
        clusterFlags.put("--control-plane-endpoint", controlPlaneEndpoint.isPresent());
        clusterFlags.put("--cert-dir", certDir.isPresent());
        clusterFlags.forEach((flag, given) -> {
            if (given) {
                throw new KbootException.InvalidInput(flag + " and --restore-from: the restored cluster keeps the backup's"
                        + " ClusterConfiguration; leave " + flag + " out");
            }
        });
        if (!Files.isRegularFile(file)) {
            throw new KbootException.InvalidInput("--restore-from " + Echo.quote(file.toString()) + ": no such file");
        }
        if (restoreKey.isEmpty() && BackupArchive.isEncrypted(file)) {
            throw new KbootException.InvalidInput(
                    "--restore-from " + file + " is encrypted: give its key with --encrypt-key-file");
        }
        return BackupArchive.unpack(file, restoreKey.map(EncryptionKey::read));
    }

    /** The backup's ClusterConfiguration, with --config's other documents (InitConfiguration, component configs). */
    private ConfigDocuments restoredDocuments(BackupArchive.Unpacked backup) {
        String source = restoreFrom.get() + ":" + BackupArchive.CLUSTER_CONFIGURATION;
        if (config.isEmpty()) {
            return ConfigLoader.parse(source, backup.clusterConfiguration());
        }
        if (ConfigLoader.load(config.get()).clusterConfiguration().isPresent()) {
            throw new KbootException.InvalidInput("--config " + config.get() + " has a ClusterConfiguration, and --restore-from"
                    + " brings the cluster's own: keep only InitConfiguration and component configurations in --config");
        }
        try {
            return ConfigLoader.parse(config.get() + " and " + source,
                    Files.readString(config.get()) + "\n---\n" + backup.clusterConfiguration());
        } catch (IOException e) {
            throw new KbootException.InvalidInput("--config " + config.get() + ": cannot read it (" + e.getMessage() + ")");
        }
    }

    private InitSettings.Flags flags() {
        InitSettings.Flags flags = new InitSettings.Flags();
        node.fill(flags.node, flags.run);
        flags.node.advertiseAddress = advertiseAddress;
        flags.node.bindPort = bindPort;
        flags.controlPlaneEndpoint = controlPlaneEndpoint;
        flags.kubernetesVersion = kubernetesVersion;
        flags.serviceSubnets = serviceNetwork;
        flags.podSubnets = podNetwork;
        flags.dnsDomain = dnsDomain;
        flags.certificatesDir = certDir;
        flags.kubeconfigDir = kubeconfigDir;
        flags.encryptionAlgorithm = encryptionAlgorithm;
        flags.apiServerCertSANs = List.copyOf(extraSans);
        flags.uploadCerts = uploadCerts;
        flags.token = token;
        flags.tokenTtl = tokenTtl;
        flags.certificateKey = certificateKey;
        return flags;
    }
}
