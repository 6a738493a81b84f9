package io.kboot.pki;

import io.kboot.config.Cidr;
import io.kboot.config.Defaults;
import io.kboot.config.IpAddresses;
import io.kboot.config.KubernetesVersion;
import io.kboot.KbootException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the PKI is made from: the fields of kubeadm's InitConfiguration and ClusterConfiguration
 * that reach a certificate. Validated when built, so a bad value fails before any host is touched.
 *
 * @param serviceSubnet one CIDR or a dual-stack pair "v4,v6"; the first one's first address is
 *     the "kubernetes" Service IP that the apiserver certificate must carry
 * @param kubernetesVersion the release whose kubeadm the certificates follow (their subjects changed in v1.36)
 * @param clock the time certificates start from; tests pass a fixed one
 */
public record PkiSettings(
        String nodeName,
        InetAddress advertiseAddress,
        String serviceSubnet,
        String dnsDomain,
        Optional<ControlPlaneEndpoint> controlPlaneEndpoint,
        List<String> apiServerCertSANs,
        List<String> etcdServerCertSANs,
        List<String> etcdPeerCertSANs,
        EncryptionAlgorithm encryptionAlgorithm,
        Duration certificateValidity,
        Duration caCertificateValidity,
        String clusterName,
        KubernetesVersion kubernetesVersion,
        Clock clock) {

    public static final String DEFAULT_SERVICE_SUBNET = "10.96.0.0/12";
    public static final String DEFAULT_DNS_DOMAIN = "cluster.local";
    public static final String DEFAULT_CLUSTER_NAME = "kubernetes";
    public static final Duration DEFAULT_CERTIFICATE_VALIDITY = Duration.ofHours(8760);
    public static final Duration DEFAULT_CA_CERTIFICATE_VALIDITY = Duration.ofHours(87600);

    public PkiSettings {
        requireText("nodeName", nodeName);
        Objects.requireNonNull(advertiseAddress, "advertiseAddress");
        requireText("serviceSubnet", serviceSubnet);
        requireText("dnsDomain", dnsDomain);
        requireText("clusterName", clusterName);
        Objects.requireNonNull(controlPlaneEndpoint, "controlPlaneEndpoint");
        Objects.requireNonNull(encryptionAlgorithm, "encryptionAlgorithm");
        Objects.requireNonNull(kubernetesVersion, "kubernetesVersion");
        Objects.requireNonNull(clock, "clock");
        apiServerCertSANs = List.copyOf(apiServerCertSANs);
        etcdServerCertSANs = List.copyOf(etcdServerCertSANs);
        etcdPeerCertSANs = List.copyOf(etcdPeerCertSANs);
        Sans.requireValid("apiServer.certSANs", apiServerCertSANs);
        Sans.requireValid("etcd.local.serverCertSANs", etcdServerCertSANs);
        Sans.requireValid("etcd.local.peerCertSANs", etcdPeerCertSANs);
        requirePositive("certificateValidityPeriod", certificateValidity);
        requirePositive("caCertificateValidityPeriod", caCertificateValidity);
        serviceIp(serviceSubnet);
    }

    /** Settings with kubeadm's defaults for everything but the node's name and address. */
    public static Builder builder(String nodeName, String advertiseAddress) {
        return new Builder(nodeName, advertiseAddress);
    }

    public Builder toBuilder() {
        Builder b = new Builder(nodeName, IpAddresses.format(advertiseAddress));
        b.serviceSubnet = serviceSubnet;
        b.dnsDomain = dnsDomain;
        b.controlPlaneEndpoint = controlPlaneEndpoint.map(ControlPlaneEndpoint::toString).orElse(null);
        b.apiServerCertSANs = apiServerCertSANs;
        b.etcdServerCertSANs = etcdServerCertSANs;
        b.etcdPeerCertSANs = etcdPeerCertSANs;
        b.encryptionAlgorithm = encryptionAlgorithm;
        b.certificateValidity = certificateValidity;
        b.caCertificateValidity = caCertificateValidity;
        b.clusterName = clusterName;
        b.kubernetesVersion = kubernetesVersion;
        b.clock = clock;
        return b;
    }

    /** The first address of the (first) service subnet: 10.96.0.1 for 10.96.0.0/12. */
    public InetAddress apiServerServiceIp() {
        return serviceIp(serviceSubnet);
    }

    public Optional<String> controlPlaneEndpointHost() {
        return controlPlaneEndpoint.map(ControlPlaneEndpoint::host);
    }

    private static InetAddress serviceIp(String subnet) {
        String first = subnet.split(",", -1)[0].strip();
        try {
            return Cidr.parse(first).address(1);
        } catch (IllegalArgumentException e) {
            throw new KbootException.InvalidInput(
                    "serviceSubnet: \"" + subnet + "\" is not a valid CIDR (e.g. 10.96.0.0/12 or fd00::/108)");
        }
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new KbootException.InvalidInput(field + " must not be empty");
        }
    }

    private static void requirePositive(String field, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new KbootException.InvalidInput(field + " must be positive, got " + value);
        }
    }

    /** Fills in kubeadm's defaults; every setter takes the config's textual form. */
    public static final class Builder {
        private final String nodeName;
        private final String advertiseAddress;
        private String serviceSubnet = DEFAULT_SERVICE_SUBNET;
        private String dnsDomain = DEFAULT_DNS_DOMAIN;
        private String controlPlaneEndpoint;
        private List<String> apiServerCertSANs = List.of();
        private List<String> etcdServerCertSANs = List.of();
        private List<String> etcdPeerCertSANs = List.of();
        private EncryptionAlgorithm encryptionAlgorithm = EncryptionAlgorithm.DEFAULT;
        private Duration certificateValidity = DEFAULT_CERTIFICATE_VALIDITY;
        private Duration caCertificateValidity = DEFAULT_CA_CERTIFICATE_VALIDITY;
        private String clusterName = DEFAULT_CLUSTER_NAME;
        private KubernetesVersion kubernetesVersion = Defaults.KUBERNETES_VERSION;
        private Clock clock = Clock.systemUTC();

        private Builder(String nodeName, String advertiseAddress) {
            this.nodeName = nodeName;
            this.advertiseAddress = advertiseAddress;
        }

        public Builder serviceSubnet(String value) {
            serviceSubnet = value;
            return this;
        }

        public Builder dnsDomain(String value) {
            dnsDomain = value;
            return this;
        }

        /** "host[:port]"; null or empty means none. */
        public Builder controlPlaneEndpoint(String value) {
            controlPlaneEndpoint = value;
            return this;
        }

        public Builder apiServerCertSANs(List<String> value) {
            apiServerCertSANs = value;
            return this;
        }

        public Builder etcdServerCertSANs(List<String> value) {
            etcdServerCertSANs = value;
            return this;
        }

        public Builder etcdPeerCertSANs(List<String> value) {
            etcdPeerCertSANs = value;
            return this;
        }

        public Builder encryptionAlgorithm(EncryptionAlgorithm value) {
            encryptionAlgorithm = value;
            return this;
        }

        public Builder certificateValidity(Duration value) {
            certificateValidity = value;
            return this;
        }

        public Builder caCertificateValidity(Duration value) {
            caCertificateValidity = value;
            return this;
        }

        public Builder clusterName(String value) {
            clusterName = value;
            return this;
        }

        public Builder kubernetesVersion(KubernetesVersion value) {
            kubernetesVersion = value;
            return this;
        }

        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        public PkiSettings build() {
            if (advertiseAddress == null || advertiseAddress.isBlank()) {
                throw new KbootException.InvalidInput("advertiseAddress must not be empty");
            }
            InetAddress address = IpAddresses.parse(advertiseAddress.strip())
                    .orElseThrow(() -> new KbootException.InvalidInput(
                            "advertiseAddress: \"" + advertiseAddress + "\" is not a valid IP address"));
            Optional<ControlPlaneEndpoint> endpoint = controlPlaneEndpoint == null || controlPlaneEndpoint.isBlank()
                    ? Optional.empty()
                    : Optional.of(ControlPlaneEndpoint.parse(controlPlaneEndpoint));
            return new PkiSettings(nodeName, address, serviceSubnet, dnsDomain, endpoint, apiServerCertSANs,
                    etcdServerCertSANs, etcdPeerCertSANs, encryptionAlgorithm, certificateValidity,
                    caCertificateValidity, clusterName, kubernetesVersion, clock);
        }
    }
}
