package io.kboot.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.patches.Patches;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Everything {@code kinit master} needs, with kubeadm's defaults applied and every value parsed:
 * defaults, then the config file, then flags, each overriding the one before. Two values depend on
 * the host and stay empty until the run asks it: the node name (its hostname) and the advertise
 * address (the address of its default route).
 *
 * @param patches kubeadm's patches for the static Pods, the kubelet's configuration and CoreDNS
 */
public record InitSettings(
        Optional<String> nodeName,
        Optional<InetAddress> advertiseAddress,
        int bindPort,
        Optional<Endpoint> controlPlaneEndpoint,
        KubernetesVersion kubernetesVersion,
        List<Cidr> serviceSubnets,
        List<Cidr> podSubnets,
        String dnsDomain,
        String clusterName,
        String certificatesDir,
        String imageRepository,
        String encryptionAlgorithm,
        Duration certificateValidity,
        Duration caCertificateValidity,
        List<String> apiServerCertSANs,
        List<String> etcdServerCertSANs,
        List<String> etcdPeerCertSANs,
        String criSocket,
        Set<String> ignorePreflightErrors,
        Set<String> skipPhases,
        boolean uploadCerts,
        Optional<ObjectNode> kubeletConfiguration,
        Optional<ObjectNode> kubeProxyConfiguration,
        String kubeconfigDir,
        Components components,
        InitBootstrap bootstrap,
        Patches patches) {

    /**
     * How the control-plane components and the kubelet run: etcd's data directory, extra
     * arguments by component ("etcd", "kube-apiserver", "kube-controller-manager",
     * "kube-scheduler"), the kubelet's extra arguments, and the bounds of every wait (v1beta4 timeouts).
     */
    public record Components(String etcdDataDir, Map<String, List<Kubeadm.Arg>> extraArgs, List<Kubeadm.Arg> kubeletExtraArgs,
            Timeouts timeouts) {
        public Components {
            extraArgs = Map.copyOf(extraArgs);
            kubeletExtraArgs = List.copyOf(kubeletExtraArgs);
        }

        static Components from(Optional<Kubeadm.ClusterConfiguration> cluster, Optional<Kubeadm.InitConfiguration> init) {
            Optional<Kubeadm.LocalEtcd> etcd = cluster.map(Kubeadm.ClusterConfiguration::etcd).map(Kubeadm.Etcd::local);
            Map<String, List<Kubeadm.Arg>> extra = new java.util.HashMap<>();
            etcd.map(Kubeadm.LocalEtcd::extraArgs).ifPresent(a -> extra.put("etcd", a));
            cluster.map(Kubeadm.ClusterConfiguration::apiServer).map(Kubeadm.APIServer::extraArgs)
                    .ifPresent(a -> extra.put("kube-apiserver", a));
            cluster.map(Kubeadm.ClusterConfiguration::controllerManager).map(Kubeadm.ControlPlaneComponent::extraArgs)
                    .ifPresent(a -> extra.put("kube-controller-manager", a));
            cluster.map(Kubeadm.ClusterConfiguration::scheduler).map(Kubeadm.ControlPlaneComponent::extraArgs)
                    .ifPresent(a -> extra.put("kube-scheduler", a));
            return new Components(
                    etcd.map(Kubeadm.LocalEtcd::dataDir).orElse(Defaults.ETCD_DATA_DIR),
                    extra,
                    init.map(Kubeadm.InitConfiguration::nodeRegistration).map(Kubeadm.NodeRegistration::kubeletExtraArgs)
                            .orElse(List.of()),
                    Timeouts.from(init.map(Kubeadm.InitConfiguration::timeouts)));
        }

        /** How long the control-plane components get to be healthy (timeouts.controlPlaneComponentHealthCheck). */
        public Duration healthCheckTimeout() {
            return timeouts.controlPlaneComponentHealthCheck();
        }
    }

    public InitSettings {
        serviceSubnets = List.copyOf(serviceSubnets);
        podSubnets = List.copyOf(podSubnets);
        apiServerCertSANs = List.copyOf(apiServerCertSANs);
        etcdServerCertSANs = List.copyOf(etcdServerCertSANs);
        etcdPeerCertSANs = List.copyOf(etcdPeerCertSANs);
        ignorePreflightErrors = Set.copyOf(ignorePreflightErrors);
        skipPhases = Set.copyOf(skipPhases);
    }

    /** Values given on the command line; empty means "not given". */
    public record Flags(
            Optional<String> nodeName,
            Optional<InetAddress> advertiseAddress,
            Optional<Integer> bindPort,
            Optional<Endpoint> controlPlaneEndpoint,
            Optional<KubernetesVersion> kubernetesVersion,
            Optional<List<Cidr>> serviceSubnets,
            Optional<List<Cidr>> podSubnets,
            Optional<String> dnsDomain,
            Optional<String> certificatesDir,
            Optional<String> encryptionAlgorithm,
            List<String> apiServerCertSANs,
            Optional<String> criSocket,
            Set<String> ignorePreflightErrors,
            Set<String> skipPhases,
            boolean uploadCerts) {

        public static Flags none() {
            return new Flags(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                    Optional.empty(), Set.of(), Set.of(), false);
        }
    }

    /** Merges defaults, the file's documents (already validated) and flags. */
    public static InitSettings from(ConfigDocuments docs, Flags flags) {
        return from(docs, flags, Optional.empty());
    }

    /**
     * As {@link #from(ConfigDocuments, Flags)}, with kubeadm's {@code --patches} flag, which wins over
     * InitConfiguration's {@code patches.directory}; the directory is read here, on the workstation.
     */
    public static InitSettings from(ConfigDocuments docs, Flags flags, Optional<Path> patchesFlag) {
        Optional<Kubeadm.ClusterConfiguration> cluster = docs.clusterConfiguration();
        Optional<Kubeadm.InitConfiguration> init = docs.init();
        Optional<Kubeadm.Networking> networking = cluster.map(Kubeadm.ClusterConfiguration::networking);
        Optional<Kubeadm.NodeRegistration> registration = init.map(Kubeadm.InitConfiguration::nodeRegistration);
        Optional<Kubeadm.APIEndpoint> endpoint = init.map(Kubeadm.InitConfiguration::localAPIEndpoint);
        Optional<Kubeadm.LocalEtcd> etcd = cluster.map(Kubeadm.ClusterConfiguration::etcd).map(Kubeadm.Etcd::local);

        List<String> certSANs = new ArrayList<>(cluster.map(Kubeadm.ClusterConfiguration::apiServer)
                .map(Kubeadm.APIServer::certSANs).orElse(List.of()));
        certSANs.addAll(flags.apiServerCertSANs());
        Set<String> ignored = mergedIgnoredChecks(registration, flags.ignorePreflightErrors());
        Set<String> skipped = new LinkedHashSet<>(init.map(Kubeadm.InitConfiguration::skipPhases).orElse(List.of()));
        skipped.addAll(flags.skipPhases());

        return new InitSettings(
                flags.nodeName().or(() -> registration.map(Kubeadm.NodeRegistration::name)),
                flags.advertiseAddress().or(() -> endpoint.map(Kubeadm.APIEndpoint::advertiseAddress)
                        .flatMap(IpAddresses::parse)),
                flags.bindPort().or(() -> endpoint.map(Kubeadm.APIEndpoint::bindPort)).orElse(Defaults.API_BIND_PORT),
                flags.controlPlaneEndpoint().or(() -> cluster.map(Kubeadm.ClusterConfiguration::controlPlaneEndpoint)
                        .map(Endpoint::parse)),
                flags.kubernetesVersion().or(() -> cluster.map(Kubeadm.ClusterConfiguration::kubernetesVersion)
                        .map(KubernetesVersion::parse)).orElse(Defaults.KUBERNETES_VERSION),
                flags.serviceSubnets().orElseGet(() -> ValueRules.serviceSubnets(networking.map(Kubeadm.Networking::serviceSubnet)
                        .orElse(Defaults.SERVICE_SUBNET))),
                flags.podSubnets().orElseGet(() -> networking.map(Kubeadm.Networking::podSubnet).map(InitSettings::cidrs)
                        .orElse(List.of())),
                flags.dnsDomain().or(() -> networking.map(Kubeadm.Networking::dnsDomain)).orElse(Defaults.DNS_DOMAIN),
                cluster.map(Kubeadm.ClusterConfiguration::clusterName).orElse(Defaults.CLUSTER_NAME),
                flags.certificatesDir().or(() -> cluster.map(Kubeadm.ClusterConfiguration::certificatesDir))
                        .orElse(Defaults.CERTIFICATES_DIR),
                cluster.map(Kubeadm.ClusterConfiguration::imageRepository).orElse(Defaults.IMAGE_REPOSITORY),
                flags.encryptionAlgorithm().or(() -> cluster.map(Kubeadm.ClusterConfiguration::encryptionAlgorithm))
                        .orElse(Defaults.ENCRYPTION_ALGORITHM),
                duration(cluster, Kubeadm.ClusterConfiguration::certificateValidityPeriod, Defaults.CERTIFICATE_VALIDITY),
                duration(cluster, Kubeadm.ClusterConfiguration::caCertificateValidityPeriod, Defaults.CA_CERTIFICATE_VALIDITY),
                certSANs,
                etcd.map(Kubeadm.LocalEtcd::serverCertSANs).orElse(List.of()),
                etcd.map(Kubeadm.LocalEtcd::peerCertSANs).orElse(List.of()),
                flags.criSocket().or(() -> registration.map(Kubeadm.NodeRegistration::criSocket)).orElse(Defaults.CRI_SOCKET),
                ignored,
                skipped,
                flags.uploadCerts(),
                docs.kubeletConfiguration(),
                docs.kubeProxyConfiguration(),
                Defaults.KUBERNETES_DIR,
                Components.from(cluster, init),
                InitBootstrap.from(init),
                patchesFlag.or(() -> init.map(Kubeadm.InitConfiguration::patches).map(Kubeadm.Patches::directory).map(Path::of))
                        .map(Patches::load).orElse(Patches.none()));
    }

    /** The cluster DNS Service's address: the tenth of the (first) service network, as kubeadm picks it. */
    public String dnsServiceIp() {
        return IpAddresses.format(serviceSubnets.get(0).address(10));
    }

    /** kubeadm's --kubeconfig-dir: a flag only, no config field. */
    public InitSettings withKubeconfigDir(String dir) {
        return new InitSettings(nodeName, advertiseAddress, bindPort, controlPlaneEndpoint, kubernetesVersion,
                serviceSubnets, podSubnets, dnsDomain, clusterName, certificatesDir, imageRepository, encryptionAlgorithm,
                certificateValidity, caCertificateValidity, apiServerCertSANs, etcdServerCertSANs, etcdPeerCertSANs,
                criSocket, ignorePreflightErrors, skipPhases, uploadCerts, kubeletConfiguration, kubeProxyConfiguration,
                dir, components, bootstrap, patches);
    }

    /** The same settings with the token, TTL and certificate-key flags applied. */
    public InitSettings withBootstrap(InitBootstrap bootstrap) {
        return new InitSettings(nodeName, advertiseAddress, bindPort, controlPlaneEndpoint, kubernetesVersion,
                serviceSubnets, podSubnets, dnsDomain, clusterName, certificatesDir, imageRepository, encryptionAlgorithm,
                certificateValidity, caCertificateValidity, apiServerCertSANs, etcdServerCertSANs, etcdPeerCertSANs,
                criSocket, ignorePreflightErrors, skipPhases, uploadCerts, kubeletConfiguration, kubeProxyConfiguration,
                kubeconfigDir, components, bootstrap, patches);
    }

    /** The same settings with other wait bounds: {@code --timeout} flags over the file's. */
    public InitSettings withTimeouts(Timeouts timeouts) {
        Components c = new Components(components.etcdDataDir(), components.extraArgs(), components.kubeletExtraArgs(), timeouts);
        return new InitSettings(nodeName, advertiseAddress, bindPort, controlPlaneEndpoint, kubernetesVersion,
                serviceSubnets, podSubnets, dnsDomain, clusterName, certificatesDir, imageRepository, encryptionAlgorithm,
                certificateValidity, caCertificateValidity, apiServerCertSANs, etcdServerCertSANs, etcdPeerCertSANs,
                criSocket, ignorePreflightErrors, skipPhases, uploadCerts, kubeletConfiguration, kubeProxyConfiguration,
                kubeconfigDir, c, bootstrap, patches);
    }

    /** The bounds of every wait: kubeadm's defaults, the InitConfiguration's timeouts, --timeout. */
    public Timeouts timeouts() {
        return components.timeouts();
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

    /**
     * The file's nodeRegistration.ignorePreflightErrors and the flag's names together, checked
     * together as kubeadm does ("all" alone), so neither source is looser than the other.
     */
    static Set<String> mergedIgnoredChecks(Optional<Kubeadm.NodeRegistration> registration, Set<String> flagged) {
        Set<String> ignored = new LinkedHashSet<>(registration.map(Kubeadm.NodeRegistration::ignorePreflightErrors).orElse(List.of()));
        ignored.addAll(flagged);
        try {
            ValueRules.ignorePreflightErrors(ignored);
        } catch (IllegalArgumentException e) {
            throw new io.kboot.KbootException.InvalidInput("--ignore-preflight-errors"
                    + (registration.map(Kubeadm.NodeRegistration::ignorePreflightErrors).isPresent()
                            ? " with nodeRegistration.ignorePreflightErrors" : "") + ": " + e.getMessage());
        }
        return ignored;
    }

    private static Duration duration(Optional<Kubeadm.ClusterConfiguration> cluster,
            Function<Kubeadm.ClusterConfiguration, String> field, Duration fallback) {
        return cluster.map(field).map(GoDuration::parse).orElse(fallback);
    }
}
