package io.kboot.pki;

import io.kboot.KbootException;
import io.kboot.config.CertSans;
import io.kboot.config.Cidr;
import io.kboot.config.Defaults;
import io.kboot.config.IpAddresses;
import io.kboot.config.KubernetesVersion;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the PKI is made from: the fields of kubeadm's InitConfiguration and ClusterConfiguration
 * that reach a certificate, as this node, the cluster, the extra SANs and how certificates are
 * issued. Validated when built, so a bad value fails before any host is touched.
 */
public record PkiSettings(Node node, Cluster cluster, CertSans sans, Issuing issuing) {

    public static final String DEFAULT_SERVICE_SUBNET = "10.96.0.0/12";
    public static final String DEFAULT_DNS_DOMAIN = "cluster.local";
    public static final String DEFAULT_CLUSTER_NAME = "kubernetes";
    public static final Duration DEFAULT_CERTIFICATE_VALIDITY = Duration.ofHours(8760);
    public static final Duration DEFAULT_CA_CERTIFICATE_VALIDITY = Duration.ofHours(87600);

    /** The node the certificates are for. */
    public record Node(String name, InetAddress advertiseAddress) {
        public Node {
            requireText("nodeName", name);
            Objects.requireNonNull(advertiseAddress, "advertiseAddress");
        }
    }

    /**
     * The cluster as its certificates name it.
     *
     * @param kubernetesVersion the release whose kubeadm the certificates follow (their subjects changed in v1.36)
     * @param serviceSubnet one CIDR or a dual-stack pair "v4,v6"; the first one's first address is
     *     the "kubernetes" Service IP that the apiserver certificate must carry
     */
    public record Cluster(String name, KubernetesVersion kubernetesVersion, Optional<ControlPlaneEndpoint> controlPlaneEndpoint,
            String serviceSubnet, String dnsDomain) {
        public Cluster {
            requireText("serviceSubnet", serviceSubnet);
            requireText("dnsDomain", dnsDomain);
            requireText("clusterName", name);
            Objects.requireNonNull(controlPlaneEndpoint, "controlPlaneEndpoint");
            Objects.requireNonNull(kubernetesVersion, "kubernetesVersion");
            serviceIp(serviceSubnet);
        }

        /** kubeadm's defaults. */
        public static Cluster defaults() {
            return new Cluster(DEFAULT_CLUSTER_NAME, Defaults.KUBERNETES_VERSION, Optional.empty(), DEFAULT_SERVICE_SUBNET,
                    DEFAULT_DNS_DOMAIN);
        }

        /** The first address of the (first) service subnet: 10.96.0.1 for 10.96.0.0/12. */
        public InetAddress apiServerServiceIp() {
            return serviceIp(serviceSubnet);
        }

        public Optional<String> controlPlaneEndpointHost() {
            return controlPlaneEndpoint.map(ControlPlaneEndpoint::host);
        }

        public Cluster withName(String other) {
            return new Cluster(other, kubernetesVersion, controlPlaneEndpoint, serviceSubnet, dnsDomain);
        }

        public Cluster withKubernetesVersion(KubernetesVersion other) {
            return new Cluster(name, other, controlPlaneEndpoint, serviceSubnet, dnsDomain);
        }

        public Cluster withControlPlaneEndpoint(Optional<ControlPlaneEndpoint> other) {
            return new Cluster(name, kubernetesVersion, other, serviceSubnet, dnsDomain);
        }

        public Cluster withServiceSubnet(String other) {
            return new Cluster(name, kubernetesVersion, controlPlaneEndpoint, other, dnsDomain);
        }
    }

    /**
     * How certificates are issued.
     *
     * @param clock the time certificates start from; tests pass a fixed one
     */
    public record Issuing(EncryptionAlgorithm encryptionAlgorithm, Duration certificateValidity, Duration caCertificateValidity,
            Clock clock) {
        public Issuing {
            Objects.requireNonNull(encryptionAlgorithm, "encryptionAlgorithm");
            Objects.requireNonNull(clock, "clock");
            requirePositive("certificateValidityPeriod", certificateValidity);
            requirePositive("caCertificateValidityPeriod", caCertificateValidity);
        }

        /** kubeadm's defaults, issued now. */
        public static Issuing defaults() {
            return new Issuing(EncryptionAlgorithm.DEFAULT, DEFAULT_CERTIFICATE_VALIDITY, DEFAULT_CA_CERTIFICATE_VALIDITY,
                    Clock.systemUTC());
        }

        public Issuing withEncryptionAlgorithm(EncryptionAlgorithm other) {
            return new Issuing(other, certificateValidity, caCertificateValidity, clock);
        }

        public Issuing withClock(Clock other) {
            return new Issuing(encryptionAlgorithm, certificateValidity, caCertificateValidity, other);
        }
    }

    public PkiSettings {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(issuing, "issuing");
        Sans.requireValid("apiServer.certSANs", sans.apiServer());
        Sans.requireValid("etcd.local.serverCertSANs", sans.etcdServer());
        Sans.requireValid("etcd.local.peerCertSANs", sans.etcdPeer());
    }

    /**
     * Settings with kubeadm's defaults for everything but the node's name and address.
     *
     * @throws KbootException.InvalidInput if the address is not an IP address
     */
    public static PkiSettings defaults(String nodeName, String advertiseAddress) {
        if (advertiseAddress == null || advertiseAddress.isBlank()) {
            throw new KbootException.InvalidInput("advertiseAddress must not be empty");
        }
        InetAddress address = IpAddresses.parse(advertiseAddress.strip())
                .orElseThrow(() -> new KbootException.InvalidInput(
                        "advertiseAddress: \"" + advertiseAddress + "\" is not a valid IP address"));
        return new PkiSettings(new Node(nodeName, address), Cluster.defaults(), CertSans.NONE, Issuing.defaults());
    }

    public PkiSettings withCluster(Cluster other) {
        return new PkiSettings(node, other, sans, issuing);
    }

    public PkiSettings withSans(CertSans other) {
        return new PkiSettings(node, cluster, other, issuing);
    }

    public PkiSettings withIssuing(Issuing other) {
        return new PkiSettings(node, cluster, sans, other);
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
}
