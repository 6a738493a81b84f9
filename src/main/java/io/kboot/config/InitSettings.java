package io.kboot.config;

import io.kboot.token.BootstrapToken;
import io.kboot.token.CertificateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Everything {@code kinit master} needs, with kubeadm's defaults applied and every value parsed:
 * defaults, then the config file, then flags, each overriding the one before. Nested as kubeadm's
 * v1beta4 documents are: the node, the cluster (with its networks), the PKI's inputs, the
 * components, what is set up once the API server answers, and how this run goes.
 */
public record InitSettings(NodeSettings node, ClusterSettings cluster, PkiInputs pki, Components components,
        InitBootstrap bootstrap, RunOptions run) {

    /** Values given on the command line; empty means "not given". */
    public static final class Flags {
        public final NodeSettings.Flags node = new NodeSettings.Flags();
        public final RunOptions.Flags run = new RunOptions.Flags();
        public Optional<Endpoint> controlPlaneEndpoint = Optional.empty();
        public Optional<KubernetesVersion> kubernetesVersion = Optional.empty();
        public Optional<List<Cidr>> serviceSubnets = Optional.empty();
        public Optional<List<Cidr>> podSubnets = Optional.empty();
        public Optional<String> dnsDomain = Optional.empty();
        public Optional<String> certificatesDir = Optional.empty();
        /** kubeadm's --kubeconfig-dir: a flag only, no config field. */
        public Optional<String> kubeconfigDir = Optional.empty();
        public Optional<String> encryptionAlgorithm = Optional.empty();
        public List<String> apiServerCertSANs = List.of();
        public boolean uploadCerts;
        public Optional<BootstrapToken> token = Optional.empty();
        public Optional<Duration> tokenTtl = Optional.empty();
        public Optional<CertificateKey> certificateKey = Optional.empty();
    }

    /** Merges defaults, the file's documents (already validated) and flags; --patches is read here, on the workstation. */
    public static InitSettings from(ConfigDocuments docs, Flags flags) {
        Optional<Kubeadm.ClusterConfiguration> cluster = docs.clusterConfiguration();
        Optional<Kubeadm.InitConfiguration> init = docs.init();
        Optional<Kubeadm.NodeRegistration> registration = init.map(Kubeadm.InitConfiguration::nodeRegistration);
        Set<String> ignored = RunOptions.ignoredChecks(registration, flags.run);
        RunOptions run = RunOptions.from(ignored, init.map(Kubeadm.InitConfiguration::skipPhases),
                init.map(Kubeadm.InitConfiguration::patches), init.map(Kubeadm.InitConfiguration::timeouts), flags.run);
        Components components = Components.from(docs, run.skipPhases());
        return new InitSettings(
                NodeSettings.from(flags.node, registration, init.map(Kubeadm.InitConfiguration::localAPIEndpoint)),
                cluster(cluster, flags),
                pki(cluster, flags),
                components,
                InitBootstrap.from(init, flags),
                run.withSkipPhases(components.addons().skipping(run.skipPhases())));
    }

    private static ClusterSettings cluster(Optional<Kubeadm.ClusterConfiguration> cluster, Flags flags) {
        Optional<Kubeadm.Networking> networking = cluster.map(Kubeadm.ClusterConfiguration::networking);
        return new ClusterSettings(
                cluster.map(Kubeadm.ClusterConfiguration::clusterName).orElse(Defaults.CLUSTER_NAME),
                flags.kubernetesVersion.or(() -> cluster.map(Kubeadm.ClusterConfiguration::kubernetesVersion)
                        .map(KubernetesVersion::parse)).orElse(Defaults.KUBERNETES_VERSION),
                flags.controlPlaneEndpoint.or(() -> cluster.map(Kubeadm.ClusterConfiguration::controlPlaneEndpoint)
                        .map(Endpoint::parse)),
                cluster.map(Kubeadm.ClusterConfiguration::imageRepository).orElse(Defaults.IMAGE_REPOSITORY),
                new Networking(
                        flags.serviceSubnets.orElseGet(() -> ValueRules.serviceSubnets(
                                networking.map(Kubeadm.Networking::serviceSubnet).orElse(Defaults.SERVICE_SUBNET))),
                        flags.podSubnets.orElseGet(() -> networking.map(Kubeadm.Networking::podSubnet).map(InitSettings::cidrs)
                                .orElse(List.of())),
                        flags.dnsDomain.or(() -> networking.map(Kubeadm.Networking::dnsDomain)).orElse(Defaults.DNS_DOMAIN)));
    }

    private static PkiInputs pki(Optional<Kubeadm.ClusterConfiguration> cluster, Flags flags) {
        Optional<Kubeadm.LocalEtcd> etcd = cluster.map(Kubeadm.ClusterConfiguration::etcd).map(Kubeadm.Etcd::local);
        List<String> apiServerSans = new ArrayList<>(cluster.map(Kubeadm.ClusterConfiguration::apiServer)
                .map(Kubeadm.APIServer::certSANs).orElse(List.of()));
        apiServerSans.addAll(flags.apiServerCertSANs);
        return new PkiInputs(
                flags.certificatesDir.or(() -> cluster.map(Kubeadm.ClusterConfiguration::certificatesDir))
                        .orElse(Defaults.CERTIFICATES_DIR),
                flags.kubeconfigDir.orElse(Defaults.KUBERNETES_DIR),
                flags.encryptionAlgorithm.or(() -> FeatureGates.encryptionAlgorithm(cluster))
                        .or(() -> cluster.map(Kubeadm.ClusterConfiguration::encryptionAlgorithm))
                        .orElse(Defaults.ENCRYPTION_ALGORITHM),
                duration(cluster, Kubeadm.ClusterConfiguration::certificateValidityPeriod, Defaults.CERTIFICATE_VALIDITY),
                duration(cluster, Kubeadm.ClusterConfiguration::caCertificateValidityPeriod, Defaults.CA_CERTIFICATE_VALIDITY),
                new CertSans(apiServerSans,
                        etcd.map(Kubeadm.LocalEtcd::serverCertSANs).orElse(List.of()),
                        etcd.map(Kubeadm.LocalEtcd::peerCertSANs).orElse(List.of())));
    }

    /** The same settings with the credentials' inputs changed. */
    public InitSettings withPki(PkiInputs other) {
        return new InitSettings(node, cluster, other, components, bootstrap, run);
    }

    /** The same settings with the components changed. */
    public InitSettings withComponents(Components other) {
        return new InitSettings(node, cluster, pki, other, bootstrap, run);
    }

    /** The same settings with what is set up after the API server answers changed. */
    public InitSettings withBootstrap(InitBootstrap other) {
        return new InitSettings(node, cluster, pki, components, other, run);
    }

    /** The same settings with this run's options changed. */
    public InitSettings withRun(RunOptions other) {
        return new InitSettings(node, cluster, pki, components, bootstrap, other);
    }

    /**
     * Checks a key algorithm name as kubeadm spells it.
     *
     * @throws IllegalArgumentException naming the value and the valid ones
     */
    public static String encryptionAlgorithm(String name) {
        ConfigValidator.encryptionAlgorithm(name);
        return name;
    }

    /** "10.244.0.0/16" or the dual-stack "10.244.0.0/16,fd00:10:244::/56". */
    public static List<Cidr> cidrs(String text) {
        return ValueRules.cidrs(text);
    }

    private static Duration duration(Optional<Kubeadm.ClusterConfiguration> cluster,
            Function<Kubeadm.ClusterConfiguration, String> field, Duration fallback) {
        return cluster.map(field).map(GoDuration::parse).orElse(fallback);
    }
}
